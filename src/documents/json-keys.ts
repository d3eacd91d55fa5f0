/**
 * Duplicate keys in JSON, found without parsing twice. JSON.parse keeps the last of two equal keys
 * and says nothing, where the API server refuses them (docs/inputs.md). A text holds a duplicate
 * exactly when it writes more keys than the value JSON.parse made of it has (keysWithinDepth,
 * core/depth.ts). Counting the written keys is one pass of indexOf over the text: on a 4 MiB file
 * about 3 ms, a third of JSON.parse's time, where the YAML parser (which finds the duplicate and
 * says where) takes 1.5 s. So the YAML parser reads a JSON text only when the counts differ.
 */

const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** JSON's whitespace: space, tab, line feed, carriage return. */
const isJsonSpace = (code: number): boolean =>
  code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** The quote that closes the string opened at `open`: one not escaped by an odd run of backslashes. */
function closingQuote(json: string, open: number): number {
  for (let quote = json.indexOf('"', open + 1); ; quote = json.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (json.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
}

/**
 * keysWritten counts the keys of a valid JSON text (one JSON.parse accepted): the strings a colon
 * follows. Outside strings valid JSON has no quotes, so every quote found between strings opens one.
 */
export function keysWritten(json: string): number {
  let keys = 0;
  for (let open = json.indexOf('"'); open !== -1;) {
    let next = closingQuote(json, open) + 1;
    while (isJsonSpace(json.charCodeAt(next))) next++;
    if (json.charCodeAt(next) === COLON) keys++;
    open = json.indexOf('"', next);
  }
  return keys;
}
