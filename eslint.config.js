// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// node:crypto is allowed: hashing a preset name is computation, not I/O.
const pureLayerImports = [
  'node:*',
  '!node:crypto',
  'express',
  'pino',
  'yaml',
  '@kubernetes/client-node',
  'prom-client',
  'selfsigned',
];

// Sources and adapters (preset files, informers, certificates, metrics, logs) do not know who serves
// them or who parses the command line: src/server and src/cli compose them, never the reverse.
const servingLayers = {
  group: ['**/server/*', '**/server/**', '**/cli/*', '**/cli/**'],
  message:
    'sources do not know who serves them: take what you need as a narrow interface (src/observability)',
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The engine is pure: no I/O, no clock, no environment. The webhook, the CLI and /preview
    // all call it, so anything impure here would leak into all three.
    files: ['src/core/**/*.ts', 'src/admission/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: pureLayerImports, allowTypeImports: true, message: 'the pure core does no I/O' },
            servingLayers,
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'fetch'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now' },
        { object: 'Math', property: 'random' },
      ],
    },
  },
  {
    files: ['src/presets/**/*.ts', 'src/tls/**/*.ts', 'src/kube/**/*.ts', 'src/observability/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [servingLayers] }],
    },
  },
);
