import { expect, it } from 'vitest';
import { aPod } from '../helpers/builders.js';
import { kubeSchemaProblems } from '../helpers/kube-schema.js';

it('the upstream schema check accepts a valid Pod and rejects invalid ones, so it is not vacuous', () => {
  expect(kubeSchemaProblems(aPod())).toEqual([]);
  expect(
    kubeSchemaProblems(aPod({ spec: { containers: [{ name: 'app', env: [{ name: 'A', value: 1 }] }] } })),
  ).not.toEqual([]);
  expect(kubeSchemaProblems(aPod({ annotations: { 'a/b/c': 'x' } })).join()).toContain(
    'annotation key "a/b/c"',
  );
});
