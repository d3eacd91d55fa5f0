import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedLoop, fixedRate, percentile } from '../../bench/load.js';
import { benchReview } from '../../bench/review.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const bodies = [0, 1, 2].map((i) => Buffer.from(JSON.stringify(benchReview(`load-${i}`))));
let server: TestServer;
beforeAll(async () => (server = await startTestServer()));
afterAll(() => server.close());

describe('the bench load generator', () => {
  it('counts allowed answers on keep-alive connections, and the webhook saw each one', async () => {
    const result = await closedLoop({ ...server, path: '/mutate' }, bodies, 3, 0.2);
    expect(result.errors).toBe(0);
    expect(result.requests).toBeGreaterThan(0);
    expect(result.latencies).toHaveLength(result.requests);
    await server.settled();
    const decisions = server.log.lines().filter((l) => l['msg'] === 'admission decision');
    expect(decisions.length).toBe(result.requests);
  });

  it('counts anything but a 200 that allows as an error', async () => {
    const result = await closedLoop({ ...server, path: '/no-such-endpoint' }, bodies, 2, 0.1);
    expect(result.requests).toBe(0);
    expect(result.errors).toBeGreaterThan(0);
  });

  it('starts exactly rate × seconds requests at a fixed rate, latencies sorted', async () => {
    const result = await fixedRate({ ...server, path: '/mutate' }, bodies, 2, 100, 0.2);
    expect(result.errors).toBe(0);
    expect(result.requests).toBe(20);
    expect(percentile(result.latencies, 0)).toBeLessThanOrEqual(percentile(result.latencies, 99));
  });
});
