/**
 * YAML as kubectl reads it back (docs/inputs.md). `preview -o yaml` feeds `kubectl apply -f -`,
 * whose decoder (go-yaml v2) reads plain scalars by YAML 1.1 and, for numbers, by Go's own
 * syntax: so every value is written in full (no anchors or aliases when a preset's item went to
 * several containers), and a string that YAML 1.1 or Go would read as something else — `"on"`,
 * `"no"`, `"2024-10-31"`, `"0400"`, `"0o17"` — is quoted.
 */
import { Document, isScalar, visit } from 'yaml';
import { withGoYamlFloats } from './go-yaml-float.js';

/** Prefixed integers Go's strconv reads with base 0 (`0o17`, `0b101`), which YAML 1.1 does not know. */
const GO_PREFIXED_NUMBER = /^[-+]?0[oObBxX][0-9a-fA-F_]+$/;

/**
 * A plain `<<` is YAML 1.1's merge key, which go-yaml v2 resolves (the map below it would be
 * merged in, or a scalar refused); quoted it is the string. The writer always prints the merge
 * tag plain, so it is left out of the schema: `<<` is then a string like any other.
 */
const MERGE_KEY = '<<';
const MERGE_TAG = 'tag:yaml.org,2002:merge';

/** encodeYaml writes one document: YAML 1.1 quoting, no aliases, no line folding. */
export function encodeYaml(value: unknown): string {
  const document = new Document(value, {
    version: '1.1',
    aliasDuplicateObjects: false,
    customTags: (tags) =>
      withGoYamlFloats(tags).filter((tag) => typeof tag === 'string' || tag.tag !== MERGE_TAG),
  });
  visit(document, {
    Scalar(_key, node) {
      if (
        isScalar(node) &&
        typeof node.value === 'string' &&
        (GO_PREFIXED_NUMBER.test(node.value) || node.value === MERGE_KEY)
      )
        node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0 });
}
