import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { heySpread, parseHeyCsv } from '../../bench/hey.js';
import { answerBody, fixedRate } from '../../bench/load.js';
import { benchReview } from '../../bench/review.js';
import { startFloor, type RunningServer } from '../../bench/servers.js';
import { testCertificate } from '../helpers/test-server.js';

let work: string;
let ca: string;
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'podpreset-bench-test-'));
  const issued = await testCertificate();
  ca = issued.ca;
  writeFileSync(join(work, 'tls.crt'), issued.cert);
  writeFileSync(join(work, 'tls.key'), issued.key);
  writeFileSync(join(work, 'ca.crt'), ca);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the same-size floor', () => {
  let floor: RunningServer;
  afterAll(() => floor.stop());

  it('answers with the recorded answer, the request uid spliced in, at the recorded size', async () => {
    const recorded = JSON.stringify({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: {
        uid: 'recorded-uid-0000',
        allowed: true,
        patchType: 'JSONPatch',
        patch: 'W3sib3AiOiJhZGQifV0=',
      },
    });
    writeFileSync(join(work, 'answer.json'), recorded);
    floor = await startFloor(work, 'sized', join(work, 'answer.json'));
    const body = Buffer.from(JSON.stringify(benchReview('request-uid-11111')));
    const answer = await answerBody({ port: floor.port, ca, path: '/' }, body);
    expect(answer).toBe(recorded.replace('recorded-uid-0000', 'request-uid-11111'));
    expect(answer.length).toBe(recorded.length);
  });
});

describe('the fixed-rate client', () => {
  let server: Server;
  let connections = 0;
  let port = 0;
  beforeAll(async () => {
    const issued = await testCertificate();
    // Every answer takes 40 ms, so requests due every 10 ms overlap on one pooled connection.
    server = createServer({ cert: issued.cert, key: issued.key }, (req, res) => {
      req.resume();
      req.on('end', () =>
        setTimeout(() => res.writeHead(200, { 'content-length': 15 }).end('{"allowed":true'), 40),
      );
    });
    server.on('secureConnection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('opens a new TLS connection when every pooled one is busy, as the API server transport does', async () => {
    const result = await fixedRate({ port, ca, path: '/' }, [Buffer.from('{}')], 1, 100, 0.1);
    expect(result.errors).toBe(0);
    expect(result.requests).toBe(10);
    expect(result.extraConnections).toBeGreaterThan(0);
    expect(connections).toBe(1 + result.extraConnections);
  });
});

describe("hey's CSV", () => {
  it('yields latencies in ms for 200s, sorted, and counts other statuses as errors', () => {
    const csv = [
      'response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset',
      '0.0020,0.0001,0,0.0000,0.0019,0.0000,200,0.01',
      '0.0010,0.0001,0,0.0000,0.0009,0.0000,200,0.02',
      '0.0100,0.0001,0,0.0000,0.0099,0.0000,503,0.03',
      '',
    ].join('\n');
    const result = parseHeyCsv(csv, 2);
    expect(Array.from(result.latencies)).toEqual([1, 2]);
    expect(result.errors).toBe(1);
    expect(result.requests).toBe(2);
    expect(result.seconds).toBe(2);
  });

  it("leaves out the requests that started first (each worker's first opens its connection)", () => {
    const csv = [
      'response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset',
      '0.0030,0.0001,0,0.0000,0.0029,0.0000,200,0.05',
      '0.0090,0.0040,0,0.0000,0.0050,0.0000,200,0.001',
      '0.0080,0.0000,0,0.0000,0.0080,0.0000,503,0.002',
      '0.0010,0.0000,0,0.0000,0.0010,0.0000,200,0.10',
    ].join('\n');
    const result = parseHeyCsv(csv, 1, 2);
    expect(Array.from(result.latencies)).toEqual([1, 3]);
    expect(result.errors).toBe(0);
    expect(parseHeyCsv(csv, 1).errors).toBe(1);
  });
});

describe('hey spread', () => {
  it('runs one one-worker hey per connection, started apart, and merges their CSVs without each first request', async () => {
    // A stand-in hey on the PATH: it logs its start and arguments and answers three requests,
    // the first (its connection's) slow.
    const bin = join(work, 'bin');
    mkdirSync(bin, { recursive: true });
    const log = join(work, 'hey-starts.log');
    writeFileSync(
      join(bin, 'hey'),
      [
        `#!${process.execPath}`,
        `require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ at: Date.now(), args: process.argv.slice(2) }) + '\\n');`,
        `process.stdout.write('response-time,DNS+dialup,DNS,Request-write,Response-delay,Response-read,status-code,offset\\n0.0090,0.0040,0,0,0.0050,0,200,0.0001\\n0.0010,0,0,0,0.0010,0,200,0.05\\n0.0020,0,0,0,0.0020,0,200,0.10\\n');`,
      ].join('\n'),
    );
    chmodSync(join(bin, 'hey'), 0o755);
    const path = process.env['PATH'];
    process.env['PATH'] = `${bin}:${path ?? ''}`;
    try {
      const result = await heySpread({
        target: { port: 8443, ca, path: '/mutate' },
        body: Buffer.from('{}'),
        workDir: work,
        connections: 4,
        rate: 20,
        seconds: 2,
      });
      expect(result.requests).toBe(8);
      expect(result.errors).toBe(0);
      expect(Array.from(result.latencies)).toEqual([1, 1, 1, 1, 2, 2, 2, 2]);
      const starts = readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { at: number; args: string[] });
      expect(starts).toHaveLength(4);
      for (const { args } of starts)
        expect(args.join(' ')).toMatch(/^-z 2s -c 1 -q 5 -m POST .* https:\/\/127\.0\.0\.1:8443\/mutate$/);
      // Started 50 ms apart (1000 / rate), so one request every 50 ms in all; the bound leaves
      // room for the stand-in's own start-up time to vary.
      const at = starts.map((start) => start.at).sort((a, b) => a - b);
      expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(100);
    } finally {
      process.env['PATH'] = path;
    }
  });
});
