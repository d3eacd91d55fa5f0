import { describe, expect, it } from 'vitest';
import { choosePinning, describePinning, serverCommand } from '../../bench/pinning.js';

describe('the bench pins servers and clients to separate CPUs', () => {
  const present = (): boolean => true;
  const absent = (): boolean => false;

  it('puts the servers on CPU 0 and the clients on the rest', () => {
    expect(choosePinning(2, undefined, present)).toEqual({ server: '0', clients: '1' });
    expect(choosePinning(8, undefined, present)).toEqual({ server: '0', clients: '1-7' });
  });

  it('does not pin with one CPU, without taskset, or with BENCH_PIN=0', () => {
    expect(choosePinning(1, undefined, present)).toBeUndefined();
    expect(choosePinning(4, undefined, absent)).toBeUndefined();
    expect(choosePinning(4, '0', present)).toBeUndefined();
  });

  it('wraps a pinned server in taskset and leaves an unpinned one as it is', () => {
    expect(serverCommand({ server: '0', clients: '1' }, '/usr/bin/node', ['a.js', '--port', '0'])).toEqual([
      'taskset',
      ['-c', '0', '/usr/bin/node', 'a.js', '--port', '0'],
    ]);
    expect(serverCommand(undefined, '/usr/bin/node', ['a.js'])).toEqual(['/usr/bin/node', ['a.js']]);
  });

  it('says in the header whether it pinned', () => {
    expect(describePinning({ server: '0', clients: '1-3' })).toMatch(
      /servers pinned to CPU 0, clients to CPUs 1-3/,
    );
    expect(describePinning(undefined)).toMatch(/not pinned/);
  });
});
