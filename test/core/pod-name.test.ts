import { expect, it } from 'vitest';
import { describePodName, podName } from '../../src/core/pod-name.js';

it.each<[string, unknown, unknown, string | undefined, string]>([
  ['its name', { name: 'web', generateName: 'web-' }, 'other', 'web', 'web'],
  ['the request name when metadata has none', { generateName: 'web-' }, 'web-x', 'web-x', 'web-x'],
  [
    'the generateName prefix of a controller-made Pod',
    { generateName: 'web-5d8f-' },
    '',
    'web-5d8f-',
    'web-5d8f-* (generateName)',
  ],
  ['an empty name as absent', { name: '', generateName: 'web-' }, undefined, 'web-', 'web-* (generateName)'],
  ['nothing for a Pod without either', {}, undefined, undefined, '* (generateName)'],
  ['nothing for metadata that is not an object', 'web', undefined, undefined, '* (generateName)'],
])('names a Pod by %s', (_case, metadata, requestName, name, described) => {
  expect(podName(metadata, requestName)?.name).toBe(name);
  expect(describePodName(podName(metadata, requestName))).toBe(described);
});
