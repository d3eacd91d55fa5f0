import { beforeAll, describe, expect, it } from 'vitest';
import { issueCertificates, type IssuedCertificates } from '../../src/tls/authority.js';
import { CA_RENEW_BEFORE_MS, caProblem, renewalReason, servingProblem } from '../../src/tls/renewal.js';

const DAY_MS = 86_400_000;
/** The clock every certificate here was issued at. */
const ISSUED_AT = Date.UTC(2026, 0, 1);
const NAMES = ['localhost', '127.0.0.1', '::1', 'podpreset-webhook.podpreset-system.svc'];

let issued: IssuedCertificates;
let stranger: IssuedCertificates;
let shortCa: IssuedCertificates;
beforeAll(async () => {
  const at = { now: new Date(ISSUED_AT), validityDays: 90 };
  issued = await issueCertificates({ ...at, dnsNames: NAMES, caValidityDays: 3650 });
  stranger = await issueCertificates({ ...at, dnsNames: NAMES });
  shortCa = await issueCertificates({ ...at, dnsNames: NAMES, caValidityDays: 60 });
});

describe('servingProblem: one policy for --cert-dir and --cert-secret', () => {
  // 90 days of validity: renewal is due when 30 are left, at day 60.
  it.each<{
    name: string;
    at: number;
    names?: string[];
    set?: () => IssuedCertificates;
    problem: string | undefined;
  }>([
    { name: 'fresh, every name covered', at: ISSUED_AT, problem: undefined },
    { name: 'a day before a third of its lifetime is left', at: ISSUED_AT + 59 * DAY_MS, problem: undefined },
    {
      name: 'a third of its lifetime left',
      at: ISSUED_AT + 60 * DAY_MS,
      problem: 'a third of its lifetime left',
    },
    { name: 'expired', at: ISSUED_AT + 91 * DAY_MS, problem: 'a third of its lifetime left' },
    { name: 'a subset of its names', at: ISSUED_AT, names: ['localhost'], problem: undefined },
    {
      name: 'a name it lacks',
      at: ISSUED_AT,
      names: ['localhost', 'podpreset.example'],
      problem: 'no subject alternative name for podpreset.example',
    },
    {
      name: 'an IPv6 name written another way',
      at: ISSUED_AT,
      names: ['0:0:0:0:0:0:0:1'],
      problem: undefined,
    },
    {
      name: 'a serving certificate of another CA',
      at: ISSUED_AT,
      set: () => ({ ...issued, cert: stranger.cert, key: stranger.key }),
      problem: 'the serving certificate is not signed by the CA',
    },
  ])('$name', ({ at, names, set, problem }) => {
    expect(servingProblem(set ? set() : issued, names ?? NAMES, at)).toBe(problem);
  });
});

describe('caProblem: the CA is kept while it can sign', () => {
  it.each<{ name: string; at: number; set: () => IssuedCertificates; problem: string | undefined }>([
    { name: 'a ten-year CA', at: ISSUED_AT + 60 * DAY_MS, set: () => issued, problem: undefined },
    {
      name: 'a CA more than CA_RENEW_BEFORE_MS from its end',
      at: ISSUED_AT + 60 * DAY_MS - CA_RENEW_BEFORE_MS - DAY_MS,
      set: () => shortCa,
      problem: undefined,
    },
    {
      name: 'a CA within CA_RENEW_BEFORE_MS of its end',
      at: ISSUED_AT + 60 * DAY_MS - CA_RENEW_BEFORE_MS + DAY_MS,
      set: () => shortCa,
      problem: 'CA certificate expires soon',
    },
    {
      name: 'a CA with another key',
      at: ISSUED_AT,
      set: () => ({ ...issued, caKey: stranger.caKey }),
      problem: 'CA key does not match its certificate',
    },
    {
      name: 'a serving certificate in place of the CA',
      at: ISSUED_AT,
      set: () => ({ ...issued, ca: issued.cert, caKey: issued.key }),
      problem: 'not a CA certificate',
    },
  ])('$name', ({ at, set, problem }) => {
    const { ca, caKey } = set();
    expect(caProblem(ca, caKey, at)).toBe(problem);
  });

  it('renews for the CA first, then for the serving certificate', () => {
    const late = ISSUED_AT + 60 * DAY_MS - CA_RENEW_BEFORE_MS + DAY_MS;
    expect(renewalReason(shortCa, NAMES, late)).toBe('CA certificate expires soon');
    expect(renewalReason(issued, NAMES, ISSUED_AT + 60 * DAY_MS)).toBe('a third of its lifetime left');
    expect(renewalReason(issued, NAMES, ISSUED_AT)).toBeUndefined();
  });
});
