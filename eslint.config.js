// Lint: the recommended rules, plus the runtime boundaries of STYLE.md, enforced so a wrong import fails CI.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'native-models/build/', 'renderer/dist/', 'e2e/artifacts/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { URL: 'readonly', process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    // Svelte components with <script lang="ts">; undefined names are TypeScript's job (svelte-check), as in .ts files.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['app/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'app/ is the pure Node core: Electron belongs in main/.' }],
          patterns: [
            { group: ['electron/*'], message: 'app/ is the pure Node core: Electron belongs in main/.' },
            { group: ['**/main/*', '**/renderer/*'], message: 'The arrows point down: app/ never imports main/ or renderer/.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte', 'renderer/**/*.js'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'renderer/ runs in the browser: reach the core through app/api.' })),
          patterns: [{ regex: '(^|/)app/(?!api/contract/)', message: 'renderer/ reaches the core only through the contract, app/api/contract.' }],
        },
      ],
    },
  },
);
