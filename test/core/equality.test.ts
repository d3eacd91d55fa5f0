import { describe, expect, it } from 'vitest';
import { semanticEqual } from '../../src/core/fields/index.js';
import { canonicalQuantity } from '../../src/core/quantity.js';

describe('semanticEqual: a defaulted pod item against a preset item (docs/SPEC.md §2.6)', () => {
  it.each([
    {
      name: 'secret volume with defaultMode 420 equals one without',
      field: 'volumes',
      pod: { name: 'v', secret: { secretName: 's', defaultMode: 420 } },
      preset: { name: 'v', secret: { secretName: 's' } },
      equal: true,
    },
    {
      name: 'configMap volume with defaultMode 420 equals one without',
      field: 'volumes',
      pod: { name: 'v', configMap: { name: 'c', defaultMode: 420 } },
      preset: { name: 'v', configMap: { name: 'c' } },
      equal: true,
    },
    {
      name: 'projected volume defaults defaultMode and token expiry',
      field: 'volumes',
      pod: {
        name: 'v',
        projected: {
          defaultMode: 420,
          sources: [{ serviceAccountToken: { path: 't', expirationSeconds: 3600 } }],
        },
      },
      preset: { name: 'v', projected: { sources: [{ serviceAccountToken: { path: 't' } }] } },
      equal: true,
    },
    {
      name: 'downwardAPI fieldRef gets apiVersion v1',
      field: 'volumes',
      pod: {
        name: 'v',
        downwardAPI: {
          defaultMode: 420,
          items: [{ path: 'l', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }],
        },
      },
      preset: {
        name: 'v',
        downwardAPI: { items: [{ path: 'l', fieldRef: { fieldPath: 'metadata.labels' } }] },
      },
      equal: true,
    },
    {
      name: 'another defaultMode is a different volume',
      field: 'volumes',
      pod: { name: 'v', secret: { secretName: 's', defaultMode: 256 } },
      preset: { name: 'v', secret: { secretName: 's' } },
      equal: false,
    },
    {
      name: 'a volume with no source is an emptyDir',
      field: 'volumes',
      pod: { name: 'v', emptyDir: {} },
      preset: { name: 'v' },
      equal: true,
    },
    {
      name: 'emptyDir sizeLimit compares by quantity',
      field: 'volumes',
      pod: { name: 'v', emptyDir: { sizeLimit: '1Gi' } },
      preset: { name: 'v', emptyDir: { sizeLimit: '1024Mi' } },
      equal: true,
    },
    {
      name: 'emptyDir medium "" is absent',
      field: 'volumes',
      pod: { name: 'v', emptyDir: { medium: '' } },
      preset: { name: 'v', emptyDir: {} },
      equal: true,
    },
    {
      name: 'different volume source',
      field: 'volumes',
      pod: { name: 'v', emptyDir: {} },
      preset: { name: 'v', secret: { secretName: 's' } },
      equal: false,
    },
    {
      name: 'env fieldRef apiVersion defaulted',
      field: 'env',
      pod: { name: 'N', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      preset: { name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      equal: true,
    },
    {
      name: 'env value "" is absent',
      field: 'env',
      pod: { name: 'N' },
      preset: { name: 'N', value: '' },
      equal: true,
    },
    {
      name: 'env different value',
      field: 'env',
      pod: { name: 'N', value: 'a' },
      preset: { name: 'N', value: 'b' },
      equal: false,
    },
    {
      name: 'env resourceFieldRef divisor "0" is absent',
      field: 'env',
      pod: { name: 'N', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
      preset: { name: 'N', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
      equal: true,
    },
    {
      name: 'env secretKeyRef optional false is not absent (pointer)',
      field: 'env',
      pod: { name: 'N', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: false } } },
      preset: { name: 'N', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      equal: false,
    },
    {
      name: 'mount readOnly false is absent',
      field: 'volumeMounts',
      pod: { name: 'v', mountPath: '/v', readOnly: false },
      preset: { name: 'v', mountPath: '/v' },
      equal: true,
    },
    {
      name: 'mount subPath "" is absent',
      field: 'volumeMounts',
      pod: { name: 'v', mountPath: '/v', subPath: '' },
      preset: { name: 'v', mountPath: '/v' },
      equal: true,
    },
    {
      name: 'mount readOnly true differs',
      field: 'volumeMounts',
      pod: { name: 'v', mountPath: '/v' },
      preset: { name: 'v', mountPath: '/v', readOnly: true },
      equal: false,
    },
    {
      name: 'envFrom prefix "" is absent',
      field: 'envFrom',
      pod: { configMapRef: { name: 'c' } },
      preset: { prefix: '', configMapRef: { name: 'c' } },
      equal: true,
    },
    {
      name: 'envFrom optional false is not absent',
      field: 'envFrom',
      pod: { configMapRef: { name: 'c' } },
      preset: { configMapRef: { name: 'c', optional: false } },
      equal: false,
    },
    {
      name: 'a quantity written as a YAML integer is the same quantity as its string',
      field: 'volumes',
      pod: { name: 'v', emptyDir: { sizeLimit: '1' } },
      preset: { name: 'v', emptyDir: { sizeLimit: 1 } },
      equal: true,
    },
    {
      name: 'a quantity written as a YAML integer differs from another quantity',
      field: 'volumes',
      pod: { name: 'v', emptyDir: { sizeLimit: '1Mi' } },
      preset: { name: 'v', emptyDir: { sizeLimit: 1 } },
      equal: false,
    },
    {
      name: 'key order does not matter',
      field: 'volumeMounts',
      pod: { mountPath: '/v', name: 'v' },
      preset: { name: 'v', mountPath: '/v' },
      equal: true,
    },
  ] as const)('$name', ({ field, pod, preset, equal }) => {
    expect(semanticEqual(pod, preset, field)).toBe(equal);
    expect(semanticEqual(preset, pod, field)).toBe(equal);
  });
});

describe('canonicalQuantity', () => {
  it.each([
    ['1Gi', '1024Mi'],
    ['1Gi', '1073741824'],
    ['500m', '0.5'],
    ['1k', '1000'],
    ['1e3', '1k'],
    ['1.5Gi', '1536Mi'],
    ['0', '0Mi'],
  ])('%s equals %s', (a, b) => {
    expect(canonicalQuantity(a)).toBe(canonicalQuantity(b));
  });

  it.each([
    ['1Gi', '1G'],
    ['1', '1m'],
    ['100Mi', '101Mi'],
  ])('%s differs from %s', (a, b) => {
    expect(canonicalQuantity(a)).not.toBe(canonicalQuantity(b));
  });

  it('leaves a non-quantity unchanged, so it compares as a string', () => {
    expect(canonicalQuantity('lots')).toBe('lots');
  });

  it('compares a quantity longer than any the API server sends as a string, without arithmetic', () => {
    // As a number this is 1e200000: BigInt arithmetic on it blocked the event loop for 28 s.
    const huge = `1${'0'.repeat(200_000)}`;
    expect(canonicalQuantity(huge)).toBe(huge);
    expect(canonicalQuantity(`${'0'.repeat(63)}1`)).toBe('1e0');
  });
});
