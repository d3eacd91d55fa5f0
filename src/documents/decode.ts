/**
 * YAML (and JSON, a subset of it) text to documents, read as kubectl reads them (YAML 1.1, see
 * yaml-1.1.ts). A document that cannot be read becomes a problem naming the source, the document,
 * the line and the column, never its content; the other documents of the text are still returned.
 */
import { Composer, LineCounter, Parser, type CST, type Document } from 'yaml';
import type { SourcedDocument } from '../core/load.js';
import { TOO_DEEP, keysWithinDepth } from '../core/depth.js';
import { ALIAS_BOMB, COLLECTION_KEY, UNRESOLVED_ALIAS, position, yamlProblem } from './problems.js';
import { keysWritten } from './json-keys.js';
import { shapeOf, type Shape } from './shape.js';
import { utf8Text } from './utf8.js';
import { KUBECTL_YAML } from './yaml-1.1.js';

export interface DocumentError {
  readonly source: string;
  readonly problems: readonly string[];
}

export interface ParsedDocuments {
  readonly documents: SourcedDocument[];
  readonly errors: DocumentError[];
}

/** One document's outcome: its value (undefined when it has none) and what is wrong with it. */
interface Decoded {
  readonly object?: unknown;
  readonly problems: string[];
}

/**
 * parseDocuments splits multi-document YAML or JSON text. A document that cannot be read becomes
 * an error naming `source#N` (N counts from 1); the other documents are still returned.
 *
 * Documents are composed one at a time and dropped once converted: a 10,000-preset file held as
 * YAML syntax trees all at once costs ten times its size in memory, and the peak stays in RSS.
 */
export function parseDocuments(text: string, source: string): ParsedDocuments {
  const decoded = decodeJson(text) ?? decodeYaml(text);
  const documents: SourcedDocument[] = [];
  const errors: DocumentError[] = [];
  decoded.forEach((entry, i) => {
    const label = decoded.length > 1 ? `${source}#${i + 1}` : source;
    if (entry.problems.length > 0) errors.push({ source: label, problems: entry.problems });
    // A document with only warnings keeps its value: it is reported and still read.
    if (entry.object !== null && entry.object !== undefined)
      documents.push({ source: label, object: entry.object });
  });
  return { documents, errors };
}

/** parseBytes reads a file's (or stdin's) bytes as documents: bytes that are not UTF-8 are refused whole. */
export function parseBytes(bytes: Uint8Array, source: string): ParsedDocuments {
  const text = utf8Text(bytes);
  if (!text.ok) return { documents: [], errors: [{ source, problems: [text.error] }] };
  return parseDocuments(text.value, source);
}

/**
 * JSON is YAML, but JSON.parse reads it several times faster. The YAML parser still reads what
 * JSON.parse cannot, or reads wrongly: it explains a JSON error, and it refuses a duplicate key
 * (with its line and column) that JSON.parse would silently have kept the last of.
 */
function decodeJson(text: string): Decoded[] | undefined {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  let object: unknown;
  try {
    object = JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
  const keys = keysWithinDepth(object);
  if (keys === undefined) return [{ problems: [`${TOO_DEEP} at line 1, column 1`] }];
  return keysWritten(text) === keys ? [{ object, problems: [] }] : undefined;
}

function decodeYaml(text: string): Decoded[] {
  const lines = new LineCounter();
  // logLevel 'error': the library's warnings become this document's problems, not stderr lines.
  const composer = new Composer({ ...KUBECTL_YAML, logLevel: 'error' });
  const shapes: Shape[] = [];
  const decoded: Decoded[] = [];
  const take = (documents: Iterable<Document.Parsed>): void => {
    for (const document of documents) decoded.push(toValue(document, shapes.shift(), lines, text));
  };
  for (const token of new Parser(lines.addNewLine).parse(text)) {
    if (token.type !== 'document') {
      take(composer.next(token));
      continue;
    }
    const shape = shapeOf(token);
    shapes.push(shape);
    // A document too deep to compose is composed empty, so the documents around it keep their places.
    take(composer.next(shape.tooDeepAt === undefined ? token : emptied(token)));
  }
  take(composer.end());
  return decoded;
}

const emptied = (document: CST.Document): CST.Document => ({
  type: 'document',
  offset: document.offset,
  start: document.start,
});

function toValue(
  document: Document.Parsed,
  shape: Shape | undefined,
  lines: LineCounter,
  text: string,
): Decoded {
  const at = (offset: number): string => position(offset, lines, text);
  if (shape?.tooDeepAt !== undefined) return { problems: [`${TOO_DEEP}${at(shape.tooDeepAt)}`] };
  if (document.errors.length > 0)
    return { problems: document.errors.map((e) => `${yamlProblem(e.code)}${at(e.pos[0])}`) };
  if (shape?.collectionKeyAt !== undefined)
    return { problems: [`${COLLECTION_KEY}${at(shape.collectionKeyAt)}`] };
  const start = document.contents?.range[0] ?? document.range[0];
  let object: unknown;
  try {
    object = document.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    // toJS throws only for aliases: one it cannot resolve, or too many (an alias bomb).
    const bomb = error instanceof Error && /excessive alias/i.test(error.message);
    return { problems: [`${bomb ? ALIAS_BOMB : UNRESOLVED_ALIAS}${at(start)}`] };
  }
  if (shape?.aliases && keysWithinDepth(object) === undefined)
    return { problems: [`${TOO_DEEP}${at(start)}`] };
  return { object, problems: document.warnings.map((w) => `${yamlProblem(w.code)}${at(w.pos[0])}`) };
}
