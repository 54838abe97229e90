// What every benchmark config shares, so that all runs lint the same files with
// the same parsers: typescript-eslint's parser (no type information) for scripts,
// @eslint/json for package.json (the neon presets lint its scripts). No rules.
import { createRequire } from 'node:module';

import tseslint from 'typescript-eslint';

// The plugin loads @eslint/json with require(); use the same instance so the
// `json` plugin key is not redefined with a different object.
const json = createRequire(import.meta.url)('@eslint/json').default;

export const SCRIPT_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

export const base = [
  {
    name: 'bench/ignores',
    // Build output and vendored code of a real repository passed with --dir.
    ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.next/**', '**/coverage/**', '**/*.min.js', '**/*.d.ts'],
  },
  {
    name: 'bench/scripts',
    files: SCRIPT_FILES,
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
  {
    name: 'bench/package-json',
    files: ['**/package.json'],
    plugins: { json },
    language: 'json/json',
  },
];

/** Scopes rule-only config objects (a preset's or a peer's) to the script files. */
export const scriptsOnly = (configs) => configs.map((config) => (config.files || config.language ? config : { ...config, files: SCRIPT_FILES }));
