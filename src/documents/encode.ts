/**
 * YAML as kubectl reads it back (docs/inputs.md). `preview -o yaml` feeds `kubectl apply -f -`,
 * whose decoder (go-yaml v2) reads plain scalars by YAML 1.1 and, for numbers, by Go's own
 * syntax: so every value is written in full (no anchors or aliases when a preset's item went to
 * several containers), and a string that YAML 1.1 or Go would read as something else — `"on"`,
 * `"no"`, `"2024-10-31"`, `"0400"`, `"0o17"` — is quoted.
 */
import { Document, isScalar, visit } from 'yaml';

/** Prefixed integers Go's strconv reads with base 0 (`0o17`, `0b101`), which YAML 1.1 does not know. */
const GO_PREFIXED_NUMBER = /^[-+]?0[oObBxX][0-9a-fA-F_]+$/;

/** encodeYaml writes one document: YAML 1.1 quoting, no aliases, no line folding. */
export function encodeYaml(value: unknown): string {
  const document = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  visit(document, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && GO_PREFIXED_NUMBER.test(node.value))
        node.type = 'QUOTE_DOUBLE';
    },
  });
  return document.toString({ lineWidth: 0 });
}
