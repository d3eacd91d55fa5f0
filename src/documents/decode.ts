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
  return labelled([...decodedOf(text)], source);
}

/** A text's documents: JSON.parse's when it reads the text right, else the YAML parser's, one at a time. */
const decodedOf = (text: string): Iterable<Decoded> => decodeJson(text) ?? decodeYaml(text);

/** parseBytes reads a file's (or stdin's) bytes as documents: bytes that are not UTF-8 are refused whole. */
export function parseBytes(bytes: Uint8Array, source: string): ParsedDocuments {
  const text = utf8Text(bytes);
  if (!text.ok) return notUtf8(text.error, source);
  return parseDocuments(text.value, source);
}

/**
 * parseBytesInSlices is parseBytes for a server that answers requests meanwhile: it awaits
 * `pause` after each document. A 4 MiB file of 11,000 presets takes the YAML parser
 * 1.3 s, all of which would otherwise be one turn of the event loop that no review gets into.
 */
export async function parseBytesInSlices(
  bytes: Uint8Array,
  source: string,
  pause: () => Promise<void>,
): Promise<ParsedDocuments> {
  const text = utf8Text(bytes);
  if (!text.ok) return notUtf8(text.error, source);
  const decoded: Decoded[] = [];
  for (const document of decodedOf(text.value)) {
    decoded.push(document);
    await pause();
  }
  return labelled(decoded, source);
}

const notUtf8 = (problem: string, source: string): ParsedDocuments => ({
  documents: [],
  errors: [{ source, problems: [problem] }],
});

/** labelled names each document `source#N` when the text holds several, else `source`. */
function labelled(decoded: readonly Decoded[], source: string): ParsedDocuments {
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

/** decodeYaml decodes one document at a time, as the caller takes them. */
function* decodeYaml(text: string): Generator<Decoded> {
  const lines = new LineCounter();
  // logLevel 'error': the library's warnings become this document's problems, not stderr lines.
  const composer = new Composer({ ...KUBECTL_YAML, logLevel: 'error' });
  const shapes: Shape[] = [];
  for (const token of new Parser(lines.addNewLine).parse(text)) {
    let composed: Iterable<Document.Parsed>;
    if (token.type === 'document') {
      const shape = shapeOf(token);
      shapes.push(shape);
      // A document too deep to compose is composed empty, so the documents around it keep their places.
      composed = composer.next(shape.tooDeepAt === undefined ? token : emptied(token));
    } else {
      composed = composer.next(token);
    }
    for (const document of composed) yield toValue(document, shapes.shift(), lines, text);
  }
  for (const document of composer.end()) yield toValue(document, shapes.shift(), lines, text);
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
