import { describe, expect, it } from 'vitest';
import { fieldOf, keyItem } from '../../src/core/fields/index.js';
import { PatchWriter, pointer } from '../../src/core/patch.js';

const item = (name: string, value: string) => keyItem('env', { name, value });

describe('PatchWriter', () => {
  it('writes the same patch as operations and as JSON text', () => {
    const writer = new PatchWriter();
    writer.appendItems(
      '/spec/containers/0/env',
      [{ name: 'OWN' }],
      [item('A', '1'), item('B', 'ü "q" \\ \n')],
    );
    writer.appendItems('/spec/containers/1/env', undefined, [item('C', '3')]);
    writer.addSpec('/spec/template/spec', [
      PatchWriter.member(fieldOf('volumes'), [keyItem('volumes', { name: 'v', emptyDir: {} })]),
    ]);
    writer.add(pointer('', 'metadata', 'annotations', 'a.io/b~c'), 'v1');
    const patch = writer.finish();

    expect(patch.operations).toEqual([
      { op: 'add', path: '/spec/containers/0/env/-', value: { name: 'A', value: '1' } },
      { op: 'add', path: '/spec/containers/0/env/-', value: { name: 'B', value: 'ü "q" \\ \n' } },
      { op: 'add', path: '/spec/containers/1/env', value: [{ name: 'C', value: '3' }] },
      { op: 'add', path: '/spec/template/spec', value: { volumes: [{ name: 'v', emptyDir: {} }] } },
      { op: 'add', path: '/metadata/annotations/a.io~1b~0c', value: 'v1' },
    ]);
    expect(JSON.parse(patch.json)).toEqual(patch.operations);
  });

  it('adds nothing for no items, and an empty patch is the JSON "[]"', () => {
    const writer = new PatchWriter();
    writer.appendItems('/spec/volumes', [], []);
    expect(writer.finish()).toEqual({ operations: [], json: '[]', bytes: 2 });
  });
});
