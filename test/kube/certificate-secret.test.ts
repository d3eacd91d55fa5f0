import { beforeAll, expect, it } from 'vitest';
import { fromSecret, toData, toServing } from '../../src/kube/certificate-secret.js';
import { issueCertificates, type IssuedCertificates } from '../../src/tls/authority.js';

let issued: IssuedCertificates;
let other: IssuedCertificates;
beforeAll(async () => {
  issued = await issueCertificates({ dnsNames: ['localhost'], validityDays: 1 });
  other = await issueCertificates({ dnsNames: ['localhost'], validityDays: 1 });
});

it('writes the four PEMs under the kubernetes.io/tls keys plus ca.key, and reads them back', () => {
  const data = toData(issued);
  expect(Object.keys(data).sort()).toEqual(['ca.crt', 'ca.key', 'tls.crt', 'tls.key']);
  expect(Buffer.from(data['tls.crt']!, 'base64').toString()).toBe(issued.cert);
  expect(fromSecret({ data })).toEqual(issued);
  expect(toServing(issued)).toEqual({ cert: issued.cert, key: issued.key, ca: issued.ca });
});

it.each<[string, (data: Record<string, string>) => Record<string, string>]>([
  ['no data', () => ({})],
  ['a key missing', ({ ['ca.key']: _, ...rest }) => rest],
  ['an empty certificate', (data) => ({ ...data, 'tls.crt': '' })],
  [
    'a serving certificate of another CA',
    (data) => ({ ...data, ...pick(toData(other), 'tls.crt', 'tls.key') }),
  ],
  ['a key of another certificate', (data) => ({ ...data, 'tls.key': toData(other)['tls.key']! })],
])('reads nothing usable from a Secret with %s', (_name, change) => {
  expect(fromSecret({ data: change(toData(issued)) })).toBeUndefined();
});

const pick = (data: Record<string, string>, ...keys: string[]): Record<string, string> =>
  Object.fromEntries(keys.map((key) => [key, data[key]!]));
