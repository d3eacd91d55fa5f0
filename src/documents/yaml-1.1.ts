/**
 * YAML as kubectl reads it. kubectl (sigs.k8s.io/yaml, a fork of go-yaml v2) resolves plain
 * scalars by YAML 1.1: `0400` is the octal 256, `on`/`yes`/`y`/`off`/`no`/`n` are booleans. A file
 * that sets `defaultMode: 0400` means 256 to the API server, so it must mean 256 here too.
 *
 * What go-yaml v2 does NOT do when decoding into untyped values, and so neither do we: read
 * `12:30` as the sexagesimal 750, read `2024-10-31` as a timestamp (it stays a string), or turn
 * `!!binary`, `!!set`, `!!omap` and `!!pairs` into values JSON cannot hold.
 */
import type { DocumentOptions, ParseOptions, SchemaOptions, Tags } from 'yaml';
import { withGoYamlFloats } from './go-yaml-float.js';

const NOT_KUBERNETES = new Set([
  'tag:yaml.org,2002:timestamp',
  'tag:yaml.org,2002:binary',
  'tag:yaml.org,2002:set',
  'tag:yaml.org,2002:omap',
  'tag:yaml.org,2002:pairs',
]);

/** The YAML 1.1 tags without the ones go-yaml v2 leaves as strings (above), with its floats. */
function kubernetesTags(tags: Tags): Tags {
  return withGoYamlFloats(tags).filter((tag) => {
    const { tag: name, format } = tag as { tag: string; format?: string };
    return !NOT_KUBERNETES.has(name) && format !== 'TIME';
  });
}

/** Options for reading manifests as kubectl does (unique keys, as the API server insists). */
export const KUBECTL_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  customTags: kubernetesTags,
  uniqueKeys: true,
};
