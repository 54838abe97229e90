// The per-file cost of lint configurations once warm, in one process: every
// file is linted by each configuration a few times, in alternating order, and
// each configuration's fastest time per file is kept. GC pauses and first-run
// compilation drop out, and the machine's load moves both alike, so what is
// left is what the rules do per file: about ±1% run to run, where whole-process CPU
// ratios (npm run bench) also carry loading and warm-up and move by more.
//
//   node bench/steady-state.mjs [--configs trivial,recommended] [--repeats 3] [--size 1000] [--dir PATH]
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

import { writeCorpus } from './corpus.mjs';
import { LINT_CONFIGS } from './lib/lint-configs.mjs';
import { listSourceFiles } from './lib/walk.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const { values } = parseArgs({
  options: {
    configs: { type: 'string', default: 'trivial,recommended' },
    repeats: { type: 'string', default: '3' },
    size: { type: 'string', default: '1000' },
    dir: { type: 'string' },
  },
});
const ids = values.configs.split(',');
const configs = ids.map((id) => LINT_CONFIGS.find((config) => config.id === id));
if (configs.includes(undefined)) {
  console.error(`bench/steady-state.mjs: unknown configuration in --configs ${values.configs} (known: ${LINT_CONFIGS.map((config) => config.id).join(', ')})`);
  process.exit(2);
}
const repeats = Number(values.repeats);
const dir = values.dir ?? writeCorpus({ size: Number(values.size) }).dir;
process.chdir(dir);

const LINT_HELPERS = join(BENCH_DIR, '../dist/codemods/lib/lint.js');
if (!existsSync(LINT_HELPERS)) {
  console.error('bench/steady-state.mjs lints with the built plugin: run `npm run build` first.');
  process.exit(2);
}
const { Linter } = require('eslint');
// The plugin's own helper: a FlatConfigArray normalized once, as the ESLint CLI holds it (Linter.verify given a plain array rebuilds it per call).
const { normalizedOnce } = require(LINT_HELPERS);
const arrays = await Promise.all(configs.map(async (config) => normalizedOnce((await import(pathToFileURL(join(BENCH_DIR, 'configs', config.file)))).default, dir)));
const files = listSourceFiles(dir).map((file) => [file, readFileSync(file, 'utf8')]);
const linter = new Linter({ cwd: dir });

// One pass to load, compile and warm everything up.
for (const [file, text] of files) for (const array of arrays) linter.verify(text, array, file);
const totals = configs.map(() => 0);
for (const [index, [file, text]] of files.entries()) {
  const fastest = configs.map(() => Infinity);
  for (let repeat = 0; repeat < repeats; repeat++) {
    // Rotate the order, so that no configuration always runs right after another's garbage.
    for (let k = 0; k < arrays.length; k++) {
      const which = (k + repeat + index) % arrays.length;
      const started = performance.now();
      linter.verify(text, arrays[which], file);
      fastest[which] = Math.min(fastest[which], performance.now() - started);
    }
  }
  fastest.forEach((ms, which) => (totals[which] += ms));
}
const base = totals[0];
console.log(`${files.length} files in ${dir}, fastest of ${repeats} lints per file and configuration`);
for (const [which, config] of configs.entries()) {
  const perFile = (totals[which] / files.length) * 1000;
  console.log(`${config.id.padEnd(12)} ${totals[which].toFixed(0).padStart(6)} ms  ${perFile.toFixed(0).padStart(5)} µs/file  ×${(totals[which] / base).toFixed(3)} ${ids[0]}  (${((totals[which] - base) / files.length * 1000).toFixed(0)} µs/file over it)`);
}
