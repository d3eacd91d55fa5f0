import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BatchedOutput } from '../../src/observability/log-output.js';
import { createLogger } from '../../src/observability/logger.js';
import { REPO_ROOT } from '../helpers/conformance.js';

let file: string;
let fd: number;
beforeEach(() => {
  file = join(mkdtempSync(join(tmpdir(), 'podpreset-log-')), 'out.log');
  fd = openSync(file, 'w');
});
afterEach(() => closeSync(fd));
const written = (): string => readFileSync(file, 'utf8');

it('holds lines until the batch is full, then writes them whole and in order', () => {
  const output = new BatchedOutput(fd, 64);
  output.write('one\n');
  output.write('twö\n');
  expect(written()).toBe('');
  output.write(`${'x'.repeat(20)}\n`); // 4 + 5 + 3·21 bytes may not fit in 64: the batch goes first
  expect(written()).toBe('one\ntwö\n');
  output.flushSync();
  expect(written()).toBe(`one\ntwö\n${'x'.repeat(20)}\n`);
});

it('writes a line longer than the batch on its own, after what was pending', () => {
  const output = new BatchedOutput(fd, 16);
  output.write('a\n');
  const long = `${'€'.repeat(40)}\n`;
  output.write(long);
  expect(written()).toBe(`a\n${long}`);
});

it('flushes on logger.flush() and on its timer', async () => {
  const logger = createLogger('info', new BatchedOutput(fd, 64 * 1024, 20));
  logger.info({ uid: 'u1' }, 'first');
  expect(written()).toBe('');
  logger.flush();
  expect(JSON.parse(written())).toMatchObject({ uid: 'u1', msg: 'first' });

  logger.info('second');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(written()).toContain('"msg":"second"');
});

it('writes what is pending when the process exits, to standard output by default', () => {
  const script = `
    import { createLogger } from ${JSON.stringify(join(REPO_ROOT, 'dist', 'src', 'observability', 'logger.js'))};
    createLogger('info').info({ uid: 'u2' }, 'last words');
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(JSON.parse(out)).toMatchObject({ uid: 'u2', msg: 'last words' });
});

it('drops lines without throwing when the output fails', () => {
  const full = openSync('/dev/full', 'w'); // every write fails with ENOSPC
  try {
    const output = new BatchedOutput(full, 16);
    expect(() => output.write(`${'y'.repeat(40)}\n`)).not.toThrow();
    output.write('z\n');
    expect(() => output.flushSync()).not.toThrow();
  } finally {
    closeSync(full);
  }
});
