/**
 * Bytes to text, refusing what is not UTF-8. Decoding as Buffer#toString does turns a byte that is
 * not UTF-8 into U+FFFD, so a value injected from such a file would differ from the file; go-yaml
 * (kubectl) refuses the file, and so does podpreset, saying where its first bad byte is. A byte
 * order mark is dropped, as go-yaml drops it: a JSON file with one then still takes JSON.parse.
 */
import { err, ok, type Result } from '../core/result.js';

const strict = new TextDecoder('utf-8', { fatal: true });
/** Keeps a byte order mark, so that the text's characters line up with the bytes. */
const lossy = new TextDecoder('utf-8', { ignoreBOM: true });

/** utf8Text is the text the bytes encode, or where the first byte that is not UTF-8 is. */
export function utf8Text(bytes: Uint8Array): Result<string, string> {
  try {
    return ok(strict.decode(bytes));
  } catch {
    return err(notUtf8(bytes));
  }
}

/** Whether the bytes at `offset` are U+FFFD's own encoding (EF BF BD): a file may hold that character. */
const replacementCharacterAt = (bytes: Uint8Array, offset: number): boolean =>
  bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd;

/**
 * The first U+FFFD of the lossy decoding that the bytes do not themselves encode stands where they
 * stop being UTF-8. Only a refused file pays for this walk.
 */
function notUtf8(bytes: Uint8Array): string {
  let offset = 0;
  let line = 1;
  for (const char of lossy.decode(bytes)) {
    const code = char.codePointAt(0) ?? 0;
    if (code === 0xfffd && !replacementCharacterAt(bytes, offset)) break;
    if (code === 0x0a) line++;
    offset += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return `not valid UTF-8 at line ${line}, byte offset ${offset} (kubectl refuses it too): save it as UTF-8`;
}
