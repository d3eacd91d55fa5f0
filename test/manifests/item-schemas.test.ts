/**
 * The core's type check (src/core/fields/type-check.ts) reads the types of each field's schema from
 * a generated module; the CRDs carry the same schemas. Neither may drift from the other.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLUSTER_POD_PRESET, POD_PRESET } from '../../src/core/api.js';
import { FIELD_NAMES } from '../../src/core/fields/index.js';
import { ITEM_SCHEMAS } from '../../src/core/fields/item-schemas.generated.js';
import { crdFileName, type SchemaNode } from '../../scripts/generate-crds.js';
import { ITEM_SCHEMAS_MODULE, renderItemSchemaModule, typeSchemaOf } from '../../scripts/item-schemas.js';
import { REPO_ROOT, readYamlDocuments } from './load.js';

interface Crd {
  spec: { versions: { schema: { openAPIV3Schema: SchemaNode } }[] };
}

describe(ITEM_SCHEMAS_MODULE, () => {
  it('is exactly what scripts/generate-crds.ts generates (npm run generate:crds)', () => {
    expect(readFileSync(path.join(REPO_ROOT, ITEM_SCHEMAS_MODULE), 'utf8')).toBe(renderItemSchemaModule());
  });

  it.each([POD_PRESET, CLUSTER_POD_PRESET])(
    'holds, for every injectable field, the types of crds/ $kind schema',
    (resource) => {
      const [crd] = readYamlDocuments(path.join(REPO_ROOT, 'crds', crdFileName(resource))) as Crd[];
      const spec = crd?.spec.versions[0]?.schema.openAPIV3Schema.properties?.['spec'];
      const committed = Object.fromEntries(
        FIELD_NAMES.map((field) => {
          const schema = spec?.properties?.[field];
          if (!schema) throw new Error(`no ${field} in ${crdFileName(resource)}`);
          return [field, typeSchemaOf(schema)];
        }),
      );
      expect(ITEM_SCHEMAS).toEqual(committed);
    },
  );

  it('a change to the CRD schema’s types shows as a difference', () => {
    const [crd] = readYamlDocuments(path.join(REPO_ROOT, 'crds', crdFileName(POD_PRESET))) as Crd[];
    const env = crd!.spec.versions[0]!.schema.openAPIV3Schema.properties!['spec']!.properties!['env']!;
    env.items!.properties!['value']!.type = 'integer';
    expect(typeSchemaOf(env)).not.toEqual(ITEM_SCHEMAS['env']);
  });
});
