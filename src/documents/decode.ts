/**
 * YAML (and JSON, a subset of it) text to documents, with errors that name the source, the
 * document and the line, so a broken file is reported instead of thrown.
 */
import { Composer, LineCounter, Parser, type YAMLError } from 'yaml';
import type { SourcedDocument } from '../core/load.js';

export interface DocumentError {
  readonly source: string;
  readonly problems: readonly string[];
}

export interface ParsedDocuments {
  readonly documents: SourcedDocument[];
  readonly errors: DocumentError[];
}

/** Where an error starts, as people count: line and column from 1. */
function position(error: YAMLError, lines: LineCounter): string {
  const at = lines.linePos(error.pos[0]);
  return ` at line ${at.line}, column ${at.col}`;
}

/**
 * parseDocuments splits multi-document YAML or JSON text. A document that fails to parse becomes
 * an error naming `source#N` (N counts from 1); the other documents are still returned.
 *
 * Documents are composed one at a time and dropped once converted: a 10,000-preset file held as
 * YAML syntax trees all at once costs ten times its size in memory, and the peak stays in RSS.
 */
export function parseDocuments(text: string, source: string): ParsedDocuments {
  const json = parseJson(text);
  if (json !== undefined) return { documents: [{ source, object: json }], errors: [] };

  const lines = new LineCounter();
  const composer = new Composer({ uniqueKeys: true });
  const found: Array<{ object: unknown } | { problems: string[] }> = [];
  for (const document of composer.compose(new Parser(lines.addNewLine).parse(text))) {
    found.push(
      document.errors.length > 0
        ? {
            problems: document.errors.map(
              (e) => `${e.message.split('\n')[0]!.replace(/:\s*$/, '')}${position(e, lines)}`,
            ),
          }
        : { object: document.toJS({ maxAliasCount: 100 }) as unknown },
    );
  }
  const documents: SourcedDocument[] = [];
  const errors: DocumentError[] = [];
  found.forEach((entry, i) => {
    const label = found.length > 1 ? `${source}#${i + 1}` : source;
    if ('problems' in entry) errors.push({ source: label, problems: entry.problems });
    else if (entry.object !== null && entry.object !== undefined)
      documents.push({ source: label, object: entry.object });
  });
  return { documents, errors };
}

/** JSON is YAML, but JSON.parse reads it several times faster; YAML still explains a JSON error. */
function parseJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
