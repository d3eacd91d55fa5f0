/**
 * What is wrong with a document, in words that never quote it. The YAML library's messages
 * include the text they stumbled on ("Block scalar header includes extra characters: >hunter2"),
 * and a manifest's text can be a Secret's value or a token: so a problem is said by its kind
 * (the library's error code) and its place (line and column), never by its content.
 */
import { LineCounter, type ErrorCode } from 'yaml';

const YAML_PROBLEMS: Readonly<Record<ErrorCode, string>> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias that is not valid',
  BAD_COLLECTION_TYPE: 'a collection of the wrong type for its tag',
  BAD_DIRECTIVE: 'a directive that is not valid',
  BAD_DQ_ESCAPE: 'an escape sequence that is not valid in a double-quoted string',
  BAD_INDENT: 'wrong indentation, or a collection that is not closed',
  BAD_PROP_ORDER: 'an anchor or tag after the value it belongs to',
  BAD_SCALAR_START: 'a plain value that starts with a reserved character (quote it)',
  BLOCK_AS_IMPLICIT_KEY: 'a mapping inside a single-line value (quote a value that holds ": ")',
  BLOCK_IN_FLOW: 'an indented block inside [ ] or { }',
  DUPLICATE_KEY: 'a key that appears twice in the same mapping',
  IMPOSSIBLE: 'text that cannot be parsed',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  MISSING_CHAR: 'a closing quote or bracket is missing',
  MULTILINE_IMPLICIT_KEY: 'a key that spans several lines',
  MULTIPLE_ANCHORS: 'a value with more than one anchor',
  MULTIPLE_DOCS: 'several documents where one was expected',
  MULTIPLE_TAGS: 'a value with more than one tag',
  NON_STRING_KEY: 'a key that is not a string',
  RESOURCE_EXHAUSTION: 'aliases that expand to too many values',
  TAB_AS_INDENT: 'a tab used for indentation (YAML indents with spaces)',
  TAG_RESOLVE_FAILED: 'a tag that is not known, or a value that does not fit its tag',
  UNEXPECTED_TOKEN:
    'characters YAML does not expect here (quote a value that starts with > | * & ! % @ or `)',
};

/** The problem a YAML error code stands for, in words that do not quote the input. */
export const yamlProblem = (code: ErrorCode): string => YAML_PROBLEMS[code] ?? 'YAML that cannot be parsed';

export const COLLECTION_KEY =
  'a key that is a mapping or a list (kubectl cannot read it: an unrendered {{ template }}?)';
export const ALIAS_BOMB =
  'its aliases expand to too many values (more than 100 per alias: a YAML alias bomb is refused)';
export const UNRESOLVED_ALIAS = 'an alias to an anchor that is not defined before it';

/**
 * position says where `offset` is, as editors count: line and column from 1, the column in
 * characters (a multi-byte character counts once, a tab once).
 */
export function position(offset: number, lines: LineCounter, text: string): string {
  const { line } = lines.linePos(offset);
  const lineStart = line > 0 ? (lines.lineStarts[line - 1] ?? 0) : 0;
  let column = 1;
  for (const _ of text.slice(lineStart, offset)) column++;
  return ` at line ${Math.max(line, 1)}, column ${column}`;
}

/**
 * jsonProblem says where JSON.parse stopped, without its message: V8 quotes the input in it
 * (`Unexpected token 'h', "{"password": hunter2}" is not valid JSON`). The position is given
 * when V8 says it (`... at position 12`), as a line and column.
 */
export function jsonProblem(error: unknown, text: string): string {
  const offset = error instanceof Error ? /at position (\d+)/.exec(error.message)?.[1] : undefined;
  if (offset === undefined) return 'not valid JSON';
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0 && i < Number(offset); i = text.indexOf('\n', i + 1))
    lines.addNewLine(i + 1);
  return `not valid JSON${position(Number(offset), lines, text)}`;
}
