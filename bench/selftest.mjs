#!/usr/bin/env node
// Checks of the benchmark's own machinery, no timings: the corpus is deterministic,
// has the size and BAD density asked for, and every file parses; the TIMING parser
// reads ESLint's table.   node bench/selftest.mjs
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { BAD_PATTERNS, buildCorpus } from './corpus.mjs';
import { median, rotate } from './lib/stats.mjs';
import { parseTimingTable } from './lib/timing.mjs';

const require = createRequire(import.meta.url);
const { parse } = require('@typescript-eslint/parser');

const a = buildCorpus({ size: 1000, seed: 7, badDensity: 0.02 });
const b = buildCorpus({ size: 1000, seed: 7, badDensity: 0.02 });
const c = buildCorpus({ size: 1000, seed: 8, badDensity: 0.02 });
assert.deepEqual(a.files, b.files, 'same seed, same corpus');
assert.notDeepEqual(a.files, c.files, 'another seed, another corpus');
assert.equal(a.files.length, 1000);
assert.equal(new Set(a.files.map((f) => f.path)).size, 1000, 'paths are unique');
assert.equal(a.bad.length, 20);
assert.deepEqual(new Set(a.bad.map((x) => x.kind)), new Set(BAD_PATTERNS.map((p) => p.kind)), 'every BAD pattern is planted');
for (const planted of a.bad) assert.ok(a.files.some((f) => f.path === planted.path), `${planted.path} is in the corpus`);

for (const file of a.files) {
  if (file.path.endsWith('.json')) {
    JSON.parse(file.source);
    continue;
  }
  try {
    parse(file.source, { filePath: file.path, jsx: /\.[jt]sx$/.test(file.path), ecmaVersion: 'latest', sourceType: 'module' });
  } catch (error) {
    assert.fail(`${file.path} does not parse: ${error.message}\n${file.source}`);
  }
}
const languages = new Set(a.files.map((f) => f.path.split('.').pop()));
for (const ext of ['ts', 'tsx', 'js', 'json']) assert.ok(languages.has(ext), `the corpus has .${ext} files`);

const table = `
Rule                       | Time (ms) | Relative
:--------------------------|----------:|--------:
neon/no-per-request-client |   262.359 |    63.3%
@typescript-eslint/no-unused-vars | 1044.835 | 36.7%
`;
assert.deepEqual(parseTimingTable(table), [
  { rule: 'neon/no-per-request-client', ms: 262.359, relative: 63.3 },
  { rule: '@typescript-eslint/no-unused-vars', ms: 1044.835, relative: 36.7 },
]);
assert.equal(median([3, 1, 2]), 2);
assert.equal(median([4, 1, 2, 3]), 2.5);
assert.deepEqual(rotate(['a', 'b', 'c'], 1), ['b', 'c', 'a']);

console.log('bench selftest: ok');
