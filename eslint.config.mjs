import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', 'docs/api/**', '**/node_modules/**', '**/.turbo/**', 'examples/*/dist/**', 'test-output/**', 'examples/out/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Core is runtime-neutral: no Node built-ins, no DOM globals in algorithms.
    files: ['packages/core/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', 'fs', 'path', 'sharp', 'onnxruntime-node', 'onnxruntime-web'] }],
      'no-restricted-globals': ['error', 'document', 'window', 'process', 'Buffer', 'navigator'],
    },
  },
);
