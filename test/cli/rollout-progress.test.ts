/** Rollout progress: one line per workload, rewritten in place on a terminal, nothing elsewhere. */
import { PassThrough } from 'node:stream';
import { expect, it } from 'vitest';
import { RolloutProgress } from '../../src/cli/rollout-progress.js';

const web = { kind: 'Deployment', namespace: 'shop', name: 'web' };
const db = { kind: 'StatefulSet', namespace: 'shop', name: 'db' };

function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream: PassThrough & { isTTY?: boolean } = new PassThrough();
  stream.isTTY = isTTY;
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

it('on a terminal, redraws one line per workload as each changes phase', async () => {
  const { stream, text } = capture(true);
  const progress = new RolloutProgress(stream);
  progress.update(web, 'waiting');
  progress.update(db, 'waiting');
  progress.update(web, 'rolling', '1 of 2 new replicas have been updated');
  progress.update(web, 'timed-out', 'did not finish rolling out within 1s');
  await new Promise((resolve) => setImmediate(resolve));
  const screens = text().split(new RegExp(String.raw`${'\u001b'}\[\d+A`));
  const last = screens.at(-1)!.replaceAll('\u001b[2K\r', '');
  expect(last).toBe(
    'deployment/web (shop): timed out (did not finish rolling out within 1s)\nstatefulset/db (shop): waiting\n',
  );
  expect(screens).toHaveLength(4);
});

it('not on a terminal, draws nothing', async () => {
  const { stream, text } = capture(false);
  new RolloutProgress(stream).update(web, 'rolling');
  await new Promise((resolve) => setImmediate(resolve));
  expect(text()).toBe('');
});
