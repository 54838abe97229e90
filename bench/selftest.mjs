#!/usr/bin/env node
// Checks of the benchmark's own machinery, no timings: the corpus is deterministic,
// has the size and BAD density asked for, and every file parses; the TIMING parser
// reads ESLint's table; CPU profiles are attributed to rules by sample counts.
//   node bench/selftest.mjs
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

import { BAD_PATTERNS, buildCorpus } from './corpus.mjs';
import { mapConcurrent } from './lib/instructions.mjs';
import { measureNode, measureNodeAsync } from './lib/measure.mjs';
import { ruleShares } from './lib/profile.mjs';
import { mean, median, rotate } from './lib/stats.mjs';
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
// A profile of 10 samples: 4 in a rule's listener (2 of them in a helper it calls), 1 loading
// that rule's module, 1 in another rule's create(), 4 elsewhere; deltas do not count.
const frame = (functionName, url, lineNumber = 5) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: '0' });
const nodes = [
  { id: 1, callFrame: frame('(root)', ''), children: [2, 5, 6, 7] },
  { id: 2, callFrame: frame('Literal', 'file:///p/dist/rules/a-rule.js'), children: [3] },
  { id: 3, callFrame: frame('helper', 'file:///p/dist/src/helper.js'), children: [] },
  { id: 5, callFrame: frame('', 'file:///p/dist/rules/a-rule.js', 0), children: [] },
  { id: 6, callFrame: frame('create', 'file:///p/dist/rules/b-rule.js'), children: [] },
  { id: 7, callFrame: frame('parse', 'file:///p/node_modules/x/index.js'), children: [] },
];
const shares = ruleShares({ nodes, startTime: 0, endTime: 10_000, samples: [2, 2, 3, 3, 5, 6, 7, 7, 7, 7], timeDeltas: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1000] }, '/p/dist');
assert.deepEqual(shares.rules, { 'a-rule': { samples: 4, percent: 40 }, 'b-rule': { samples: 1, percent: 10 } });
assert.deepEqual([shares.plugin.samples, shares.loading.samples, shares.samples], [6, 1, 10]);

assert.equal(median([3, 1, 2]), 2);
assert.equal(median([4, 1, 2, 3]), 2.5);
assert.equal(mean([3, 1, 2, 6]), 3);
assert.deepEqual(rotate(['a', 'b', 'c'], 1), ['b', 'c', 'a']);

// Callgrind runs go two at a time; the rows come back in the order asked, whichever finishes first.
let running = 0;
let mostAtOnce = 0;
const doubled = await mapConcurrent([30, 5, 20, 1], 2, async (ms) => {
  mostAtOnce = Math.max(mostAtOnce, ++running);
  await new Promise((done) => setTimeout(done, ms));
  running--;
  return ms * 2;
});
assert.deepEqual(doubled, [60, 10, 40, 2]);
assert.equal(mostAtOnce, 2);

// A measured child: its exit status, output and own CPU time (the rusage hook) come back alike from the blocking
// and the non-blocking runner; two non-blocking runs overlap (the concurrent pairs depend on it).
const child = (name) => ['-e', `console.log(JSON.stringify({ name: '${name}', start: Date.now() })); setTimeout(() => { console.log(Date.now()); process.exit(3); }, 1000);`];
const blocking = measureNode(child('blocking'));
const [left, right] = await Promise.all([measureNodeAsync(child('left')), measureNodeAsync(child('right'))]);
for (const run of [blocking, left, right]) {
  assert.equal(run.status, 3);
  assert.equal(run.stderr, '');
  assert.ok(run.self.cpuMs > 0 && Number.isFinite(run.self.maxRssMiB), 'the hook reported the child\'s own usage');
}
const span = (run) => {
  const [first, last] = run.stdout.trim().split('\n');
  return { ...JSON.parse(first), end: Number(last) };
};
assert.equal(span(left).name, 'left');
assert.ok(span(left).start < span(right).end && span(right).start < span(left).end, 'the two runs were alive at the same time');
await assert.rejects(measureNodeAsync(['-e', '0'], { cwd: '/nonexistent-bench-dir' }), 'a child that cannot start rejects');

console.log('bench selftest: ok');
