// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'static/**/build/', 'static/**/dist/', '.data/', 'test-output/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The core never touches the Forge platform: only src/forge/ adapts it (docs/decisions/0001-layering.md).
    files: ['src/**/*.ts'],
    ignores: ['src/forge/**', 'src/index.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@forge/*'], message: 'Only src/forge/ may import @forge/*' }] }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
