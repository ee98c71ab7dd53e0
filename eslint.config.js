// Lint: typescript-eslint's recommended rules, plus the architecture's layering rule as
// errors (like VS Code's code-layering): common ← core ← main/server; common ← renderer;
// preload ← common only. See ARCHITECTURE.md.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'http2', 'https', 'module', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'tty',
  'url', 'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

const noNode = [
  { group: ['node:*'], message: 'This layer runs without Node: no node: imports (ARCHITECTURE.md).' },
  { group: NODE_BUILTINS, message: 'This layer runs without Node: no Node built-ins (ARCHITECTURE.md).' },
];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only electron/main and electron/preload may import electron (ARCHITECTURE.md).' };
const layer = (dirs, why) => ({ group: dirs.flatMap((d) => [`**/${d}`, `**/${d}/**`]), message: why });

const coreRules = [
  noElectron,
  layer(['main', 'preload', 'server', 'renderer'], 'core is a Node library: it knows no host and no UI.'),
];
/** Core's lower layers, and the feature folders they must not import. */
const CORE_LAYERS = ['terminals', 'ssh'];
const CORE_FEATURES = ['hosts', 'blocks', 'checks', 'checkpoints', 'drills', 'artifacts', 'lessons', 'progress', 'course'];
const hostRules = [
  layer(['renderer', 'preload'], 'Hosts reach the renderer only through the contract.'),
  { group: ['**/core/*', '**/core/**'], message: 'Hosts use core through its entry, electron/core/index.ts.' },
];

export const layeringRules = [
  {
    files: ['common/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...noNode, noElectron,
        layer(['electron', 'renderer', 'core', 'main', 'preload', 'server'], 'common/ imports nothing of the other layers.'),
        { group: ['react', 'react-dom', 'react/*', 'zustand', '@xterm/*', 'ssh2', 'node-pty', 'ws'], message: 'common/ stays free of UI and I/O libraries.' },
      ] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...noNode, noElectron,
        layer(['electron', 'core', 'main', 'preload'], 'The renderer talks to core only through the contract (common/api.ts).'),
        { group: ['ssh2', 'node-pty', 'ws'], message: 'Node-only libraries belong in electron/core.' },
      ] }],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: coreRules }] },
  },
  {
    // Inside core, the layers the features build on know no feature (ARCHITECTURE.md).
    files: CORE_LAYERS.map((d) => `electron/core/${d}/**/*.ts`),
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...coreRules,
        layer(CORE_FEATURES, 'terminals/ and ssh/ are layers under the features: they import no feature folder.'),
        { group: ['../core', '../index'], message: 'terminals/ and ssh/ are layers under the features: they import no feature folder.' },
      ] }],
    },
  },
  {
    // The stores build on storage/, so it knows no other part of core at all (this block
    // replaces the one above for storage/, hence the patterns repeated).
    files: ['electron/core/storage/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...coreRules,
        { group: ['../*', '!../..'], message: 'storage/ imports only Node, zod and common/: no other folder or file of core (ARCHITECTURE.md).' },
      ] }],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: hostRules }] },
  },
  {
    files: ['electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...hostRules, noElectron, layer(['main'], 'The browser host runs without Electron.')] }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...noNode,
        layer(['core', 'main', 'server', 'renderer'], 'preload imports only electron and common/.'),
      ] }],
    },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'out/', 'dist/', 'test-results/', 'playwright-report/', '**/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  ...layeringRules,
);
