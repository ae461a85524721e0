// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronOnlyHere = {
  paths: [{ name: 'electron', message: "Only main/electron/** and preload/index.ts may import 'electron'; inject what core needs." }],
  patterns: [{ group: ['electron/*'], message: "Only main/electron/** and preload/index.ts may import 'electron'." }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'release/', 'test/output/', 'playwright-report/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', electronOnlyHere],
    },
  },
  {
    // The thin Electron shell: the only code that touches Electron.
    files: ['main/electron/**/*.ts', 'preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: electronOnlyHere.paths,
          patterns: [
            ...electronOnlyHere.patterns,
            { group: ['node:*'], message: 'The renderer runs in a browser sandbox: no Node modules.' },
            { group: ['**/main/**'], message: 'The renderer talks to main only through the contract.' },
          ],
        },
      ],
    },
  },
);
