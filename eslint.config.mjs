// @ts-check
import eslint from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
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
    // The Custom UI (static/app): React function components; hooks follow the rules of hooks.
    files: ['static/**/*.ts', 'static/**/*.tsx', 'static/**/*.mts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      // Names from scanned data are shown as text only: no raw HTML injection anywhere in the UI.
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render data as text; never inject HTML' }],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    ignores: ['dev/ui-host/**'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The local viewer's host page and frame bridge: plain scripts the browser runs as served.
    files: ['dev/ui-host/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(['window', 'document', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'fetch', 'ResizeObserver', 'MutationObserver'].map((name) => [name, 'readonly'])),
    },
  },
);
