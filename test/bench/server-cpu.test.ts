import { expect, it } from 'vitest';
import { serverCpuMicros } from '../../bench/servers.js';

/** busy spins until this process has used `micros` more CPU time. */
function busy(micros: number): void {
  const start = process.cpuUsage();
  let spent = 0;
  while (spent < micros) {
    const { user, system } = process.cpuUsage(start);
    spent = user + system;
  }
}

it("counts a process's CPU time from the scheduler, where Linux has it", () => {
  const before = serverCpuMicros(process.pid);
  if (process.platform !== 'linux') return expect(before).toBeUndefined();
  busy(30_000);
  const after = serverCpuMicros(process.pid)!;
  // The kernel's own count, not tick samples: at least the 30 ms spun, give or take its rounding.
  expect(after - before!).toBeGreaterThanOrEqual(25_000);
  expect(after - before!).toBeLessThan(5_000_000);
});

it('says nothing of a process it cannot read', () => {
  expect(serverCpuMicros(-1)).toBeUndefined();
  expect(serverCpuMicros(undefined)).toBeUndefined();
});
