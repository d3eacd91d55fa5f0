/**
 * Floats as go-yaml v2 reads a plain scalar (resolve.go on its v2 branch), for the decoder and the
 * encoder alike (docs/inputs.md). The YAML library's YAML 1.1 float rule differs from it both ways:
 * it reads `e2`, `E+3`, `.` and `-.` as NaN and `._5` as 0.5, which go-yaml reads as strings
 * (`cloud.google.com/machine-family: e2` is a real GKE label), and it leaves `1e3_` and `-_1.5` as
 * strings, which go-yaml reads as 1000 and -1.5 (so the encoder must quote them).
 */
import type { ScalarTag, Tags } from 'yaml';
import { stringifyNumber } from 'yaml/util';

const FLOAT = 'tag:yaml.org,2002:float';

/** `.inf`, `-.Inf`, `.NAN` and the like: go-yaml's table of special floats. */
const SPECIAL = String.raw`[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)`;

/**
 * Starting with `.`, go-yaml takes what Go's strconv.ParseFloat takes whole: digits after the
 * dot, an exponent maybe, `_` only between two digits (`.5`, `.5e-3`, `.5_0`; not `._5`).
 */
const DOT_FIRST = String.raw`\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?`;

/**
 * Starting with a sign or a digit, go-yaml drops every `_` and then wants digits before the dot
 * or the exponent (`1e3`, `1.`, `-.5`, `1_000.5`), which is why `e2` and `-E1` stay strings. The
 * patterns below are that rule with `_` allowed anywhere after the first character. Digits alone
 * are integers, read by the integer tags.
 */
const EXPONENT = String.raw`[eE]_*[-+]?_*[0-9][0-9_]*`;
const DIGITS_FIRST = String.raw`(?:[-+]_*)?[0-9][0-9_]*(?:\.[0-9_]*(?:${EXPONENT})?|${EXPONENT})`;
const SIGN_THEN_DOT = String.raw`[-+]_*\._*[0-9][0-9_]*(?:${EXPONENT})?`;

const GO_YAML_FLOAT = new RegExp(`^(?:${[SPECIAL, DOT_FIRST, DIGITS_FIRST, SIGN_THEN_DOT].join('|')})$`);
const SPECIAL_FLOAT = new RegExp(`^(?:${SPECIAL})$`);

const goYamlFloat: ScalarTag = {
  tag: FLOAT,
  default: true,
  identify: (value) => typeof value === 'number',
  test: GO_YAML_FLOAT,
  resolve(text) {
    if (SPECIAL_FLOAT.test(text))
      return /nan$/i.test(text) ? NaN : text.startsWith('-') ? -Infinity : Infinity;
    const value = Number(text.replaceAll('_', ''));
    // Past ±1.8e308 ParseFloat fails with a range error, and go-yaml keeps the text as a string.
    return Number.isFinite(value) ? value : text;
  },
  stringify: stringifyNumber,
};

/** withGoYamlFloats replaces the YAML library's float tags with go-yaml v2's rule. */
export const withGoYamlFloats = (tags: Tags): Tags => [
  // The float tests overlap no other tag's, so where the rule sits in the list does not matter.
  ...tags.filter((tag) => typeof tag === 'string' || tag.tag !== FLOAT),
  goYamlFloat,
];
