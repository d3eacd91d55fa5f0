/**
 * YAML (and JSON, a subset of it) text to documents, with errors that name the source, the
 * document and the line, so a broken file is reported instead of thrown.
 */
import { parseAllDocuments } from 'yaml';
import type { SourcedDocument } from '../core/load.js';

export interface DocumentError {
  readonly source: string;
  readonly problems: readonly string[];
}

export interface ParsedDocuments {
  readonly documents: SourcedDocument[];
  readonly errors: DocumentError[];
}

/**
 * parseDocuments splits multi-document YAML or JSON text. A document that fails to parse becomes
 * an error naming `source#N` (N counts from 1); the other documents are still returned.
 */
export function parseDocuments(text: string, source: string): ParsedDocuments {
  const documents: SourcedDocument[] = [];
  const errors: DocumentError[] = [];
  const parsed = parseAllDocuments(text, { prettyErrors: true, uniqueKeys: true });
  const all = Array.isArray(parsed) ? parsed : [parsed];
  all.forEach((document, i) => {
    const label = all.length > 1 ? `${source}#${i + 1}` : source;
    if (document.errors.length > 0) {
      errors.push({
        source: label,
        problems: document.errors.map((e) => e.message.split('\n')[0] ?? e.message),
      });
      return;
    }
    const object: unknown = document.toJS({ maxAliasCount: 100 });
    if (object !== null && object !== undefined) documents.push({ source: label, object });
  });
  return { documents, errors };
}
