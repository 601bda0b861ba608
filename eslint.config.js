// Lint: the recommended rules, plus the runtime boundaries of STYLE.md, enforced so a wrong import fails CI.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import svelte from 'eslint-plugin-svelte';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';

const projectRoot = dirname(fileURLToPath(import.meta.url));
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

// ONNX Runtime is loaded only through app/vision/onnx-runtime.ts, which switches its telemetry off first.
const ONNX_RUNTIME_DOOR = 'app/vision/onnx-runtime.ts';
const onnxRuntimeMessage =
  "Import ONNX Runtime from app/vision/onnx-runtime.ts: ORT's telemetry is on by default (a device id in ~/.cache/Microsoft, " +
  'events queued for upload) and that module switches it off before ORT loads. Kindred never sends a byte.';
const onnxRuntimePath = { name: 'onnxruntime-node', message: onnxRuntimeMessage };
const onnxRuntimePattern = { group: ['onnxruntime-node/*'], message: onnxRuntimeMessage };
const appCorePaths = [{ name: 'electron', message: 'app/ is the pure Node core: Electron belongs in main/.' }];
const appCorePatterns = [
  { group: ['electron/*'], message: 'app/ is the pure Node core: Electron belongs in main/.' },
  { group: ['**/main/*', '**/renderer/*'], message: 'The arrows point down: app/ never imports main/ or renderer/.' },
];

// The floors of STYLE.md, checked by eslint-plugin-boundaries. Arrows only point down: a folder may import any folder on a
// floor below its own (an entry point may skip floors), never one beside it or above it, except the sideways edges below.
//   1. entry points  app/cli, app/api/service, app/api/web-host, main/ (renderer/ reaches the core only through the contract)
//   2. use cases     app/workflows
//   3. domains       app/library, app/vision, app/people, app/index, app/training, app/metadata, app/eval
//   4.               app/jobs, app/settings
//   5. bottom        app/db, app/workers, and app/shared beneath them: db imports only db and shared, shared only shared
// Beside the floors:
//   app/api/contract browser-safe: imports only itself, zod and the browser-safe settings files (settings-schema.ts,
//                    settings-choices.ts), no Node built-in and no other app folder. Floors 1 and 2 may import it; floors 3 to 5
//                    only its types (with `import type`), except db and shared, which import nothing but the bottom.
//   app/testing      test helpers: import anything; only test files import them. bench/ and e2e/ are not floors.
// Test files (*.test.ts, and a folder's own test helpers in its testing/) follow their folder's rules, and may also import
// app/testing and vitest.
const FLOORS = [
  ['cli', 'api-service', 'web-host', 'main'],
  ['workflows'],
  ['library', 'vision', 'people', 'index', 'training', 'metadata', 'eval'],
  ['jobs', 'settings'],
  ['db', 'workers'],
  ['shared'],
];
const ELEMENT_FOLDERS = {
  cli: 'app/cli',
  'api-service': 'app/api/service',
  'web-host': 'app/api/web-host',
  main: 'main',
  ...Object.fromEntries(FLOORS.slice(1).flat().map((type) => [type, `app/${type}`])),
  contract: 'app/api/contract',
  testing: 'app/testing',
};
// The sideways edges, each allowed because nothing imports back the other way (no cycle). Keep this list short.
const SIDEWAYS = [
  { from: 'people', to: 'index', why: 'grouping and recognition search the face index; the index knows nothing of people' },
  { from: 'training', to: 'eval', why: 'training validates a head with the verification metrics; eval imports only shared' },
  { from: 'metadata', to: 'library', why: 'XMP face regions are read and written for catalogued files; library knows nothing of XMP' },
  { from: 'people', to: 'eval', testsOnly: true, why: "people's tests measure grouping with eval's metrics and synthetic blobs" },
  { from: 'index', to: 'vision', testsOnly: true, why: "the recall test embeds real faces through vision's ONNX Runtime door" },
  // Every door hosts the one set of handlers (STYLE.md principle 2); the service knows no door.
  { from: 'main', to: 'api-service', why: 'the IPC router calls the handlers' },
  { from: 'web-host', to: 'api-service', why: 'the web host serves the handlers over HTTP' },
  { from: 'cli', to: 'api-service', why: '`kindred serve` builds the service for the web host' },
  { from: 'cli', to: 'web-host', why: '`kindred serve` starts the web host' },
];
const BROWSER_SAFE_SETTINGS = ['settings-schema.ts', 'settings-choices.ts'];
const allTypes = Object.keys(ELEMENT_FOLDERS);
const element = (types) => ({ element: { type: types } });
const floorPolicies = [
  // Down the floors.
  ...FLOORS.flatMap((floor, i) =>
    floor.map((type) => ({ from: element(type), allow: { to: element(FLOORS.slice(i + 1).flat()) } })),
  ),
  ...SIDEWAYS.map(({ from, to, testsOnly }) => ({
    from: testsOnly ? { ...element(from), file: { categories: 'test' } } : element(from),
    allow: { to: element(to) },
  })),
  // The contract: its values to the doors and the use cases, its types to every floor but db's and shared's.
  { from: element([...FLOORS[0], ...FLOORS[1]]), allow: { to: element('contract') } },
  {
    from: element(FLOORS.flat().filter((type) => type !== 'db' && type !== 'shared')),
    allow: { to: element('contract'), dependency: { kind: 'type' } },
  },
  { from: element('contract'), allow: { to: { element: { type: 'settings', fileInternalPath: BROWSER_SAFE_SETTINGS } } } },
  // Test helpers.
  { from: element('testing'), allow: { to: element(allTypes) } },
  { from: { file: { categories: 'test' } }, allow: { to: element('testing') } },
];
// Packages and Node built-ins are checked in the contract only (checking them everywhere costs a second of lint time for
// nothing): zod, and vitest in its tests (which run in Node, not in the browser).
const contractPolicies = [
  ...floorPolicies,
  { from: element('contract'), allow: { to: { module: { origin: 'external', source: 'zod' } } } },
  { from: { file: { categories: 'test' } }, allow: { to: { module: { origin: 'external', source: 'vitest' } } } },
];

// All SQL lives in app/db (STYLE.md: "db/ … repositories (every table, all SQL)"): outside it, no prepared statement, no
// SQL string run with exec, no pragma, and better-sqlite3 only as types. Tests and test helpers may use SQL to set up
// and assert. Its own block (no-restricted-syntax is used nowhere else; a later block setting it for app/ would replace it).
const sqlOutsideDbMessage = 'SQL belongs in app/db: add a repository method there (and reach it through the Library) instead.';
const SQL_OUTSIDE_DB = [
  { selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='prepare']", message: sqlOutsideDbMessage },
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='exec'][arguments.0.type=/^(Literal|TemplateLiteral)$/]",
    message: sqlOutsideDbMessage,
  },
  { selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='pragma']", message: sqlOutsideDbMessage },
  {
    selector:
      "ImportDeclaration[source.value='better-sqlite3'][importKind='value']:matches([specifiers.length=0], :has(ImportDefaultSpecifier, ImportNamespaceSpecifier, ImportSpecifier[importKind='value']))",
    message: 'better-sqlite3 is opened in app/db only; elsewhere import its types with `import type`.',
  },
  { selector: "ImportExpression[source.value='better-sqlite3']", message: 'better-sqlite3 is opened in app/db only.' },
];

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
      'no-restricted-imports': ['error', { paths: [...appCorePaths, onnxRuntimePath], patterns: [...appCorePatterns, onnxRuntimePattern] }],
    },
  },
  {
    // The door itself (a later block replaces the rule's options for the files it names).
    files: [ONNX_RUNTIME_DOOR],
    rules: { 'no-restricted-imports': ['error', { paths: appCorePaths, patterns: appCorePatterns }] },
  },
  {
    files: ['{bench,native-models,main,e2e}/**/*.{ts,js,mjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: [onnxRuntimePath], patterns: [onnxRuntimePattern] }] },
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
  {
    // The floors (see FLOORS above). Resolution through TypeScript's rules, so that './x.js' is ./x.ts.
    files: ['app/**/*.ts', 'main/**/*.{ts,cts}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: join(projectRoot, 'tsconfig.json') } },
      'boundaries/root-path': projectRoot,
      'boundaries/legacy-templates': false,
      'boundaries/elements': Object.entries(ELEMENT_FOLDERS).map(([type, pattern]) => ({ type, pattern, partialMatch: false })),
      'boundaries/files': [{ category: 'test', pattern: ['{app/*,main}/**/*.test.ts', '{app/*,app/api/*,main}/testing/**/*.ts'] }],
    },
    rules: { 'boundaries/dependencies': ['error', { default: 'disallow', policies: floorPolicies }] },
  },
  {
    files: ['app/api/contract/**/*.ts'],
    rules: { 'boundaries/dependencies': ['error', { default: 'disallow', checkAllOrigins: true, policies: contractPolicies }] },
  },
  {
    // SQL only in app/db (see SQL_OUTSIDE_DB above).
    files: ['app/**/*.ts'],
    ignores: ['app/db/**', '**/*.test.ts', 'app/testing/**', 'app/**/testing/**'],
    rules: { 'no-restricted-syntax': ['error', ...SQL_OUTSIDE_DB] },
  },
);
