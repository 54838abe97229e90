#!/usr/bin/env node
// eslint-plugin-neon benchmarks: lint cost against a floor and peers, codemod
// throughput against a no-op jscodeshift floor, and how both scale with the
// number of files. `npm run bench -- --help` lists the options; docs/performance.md
// explains the method.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEFAULT_BAD_DENSITY, DEFAULT_SEED, writeCorpus } from './corpus.mjs';
import { LINT_CONFIGS } from './lib/lint-configs.mjs';
import { describeMachine } from './lib/machine.mjs';
import { countInstructions, deterministicV8Flags, hasCallgrind, mapConcurrent } from './lib/instructions.mjs';
import { hasGnuTime, measureNode, measureNodeAsync } from './lib/measure.mjs';
import { readProfile, ruleShares } from './lib/profile.mjs';
import { mean, median, rotate } from './lib/stats.mjs';
import { parseTimingTable } from './lib/timing.mjs';
import { listSourceFiles } from './lib/walk.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const ESLINT_BIN = join(ROOT, 'node_modules/eslint/bin/eslint.js');
const CODEMOD_CLI = join(ROOT, 'dist/codemods/cli.js');
const COUNT_FORMATTER = join(BENCH_DIR, 'lib/count-formatter.cjs');
const FLOOR_SCRIPT = join(BENCH_DIR, 'lib/jscodeshift-floor.mjs');
const rel = (path) => relative(ROOT, path) || '.';

const TARGETS = { recommended: 1.03, strict: 1.05, neon: 1.05, ruleShare: 2, analyzeFilesPerSecond: 3000, allDrySeconds: 60, allDryMemoryMiB: 1024, codemodTargetSize: 10_000 };

const HELP = `npm run bench -- [options]

  --full                 lint at 1k, 5k and 20k files, codemods at 1k, 5k, 10k and 20k, 5 rounds
  --sizes 1000,5000      synthetic corpus sizes for the lint runs (default 1000)
  --codemod-sizes 10000  synthetic corpus sizes for the codemod runs (default 10000: the targets' size)
  --rounds N             paired rounds per lint configuration (default 3; --full: 5, 3 at 20k)
  --pair-rounds N        concurrent pairs per preset against the trivial rule, and of the trivial rule against
                         itself (default 7; 0: none; needs 2 cores)
  --dir PATH             benchmark a local checkout instead of the synthetic corpus (repeatable)
  --configs a,b          only these lint configurations (${LINT_CONFIGS.map((c) => c.id).join(', ')})
  --seed N               corpus seed (default ${DEFAULT_SEED})
  --bad-density X        share of corpus files with one BAD pattern (default ${DEFAULT_BAD_DENSITY})
  --no-lint | --no-timing | --no-profile | --no-codemods   skip a part (--no-lint: the concurrent pairs too)
  --instructions         also count instructions (valgrind callgrind, V8 single-threaded and seeded) of the
                         floor, trivial and neon configurations: load-independent, repeatable to ~0.1% on the
                         same files (ratios ~±2%), ~50× slower (1000 files: ~10 min per configuration)
  --instructions-size N  synthetic corpus size for --instructions (default: the first of --sizes)
  --instructions-jobs N  callgrind runs at a time (default: the number of cores; counts do not depend on it)
  --instructions-seeds 1,2,3   V8 hash/random seeds, one count each, averaged (default 1)
  --instructions-young MiB     fix V8's young generation (e.g. 128): fewer collections, steadier counts
  --out DIR              where results go (default bench/results)
  --rerender FILE.json   evaluate the targets of a results file again and rewrite its markdown
`;

function parseArgs(argv) {
  const args = { full: false, sizes: null, codemodSizes: null, rounds: null, pairRounds: 7, dirs: [], configs: null, seed: DEFAULT_SEED, badDensity: DEFAULT_BAD_DENSITY, lint: true, timing: true, profile: true, codemods: true, instructions: false, instructionsSize: null, instructionsJobs: os.availableParallelism(), instructionsSeeds: [1], instructionsYoungMiB: null, out: join(BENCH_DIR, 'results') };
  const list = (value) => value.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--full') args.full = true;
    else if (arg === '--sizes') args.sizes = list(value()).map(Number);
    else if (arg === '--codemod-sizes') args.codemodSizes = list(value()).map(Number);
    else if (arg === '--rounds') args.rounds = Number(value());
    else if (arg === '--pair-rounds') args.pairRounds = /^\d+$/.test(value()) ? Number(argv[i]) : NaN;
    else if (arg === '--dir') args.dirs.push(resolve(value()));
    else if (arg === '--configs') args.configs = list(value());
    else if (arg === '--seed') args.seed = Number(value());
    else if (arg === '--bad-density') args.badDensity = Number(value());
    else if (arg === '--no-lint') args.lint = false;
    else if (arg === '--no-timing') args.timing = false;
    else if (arg === '--no-profile') args.profile = false;
    else if (arg === '--instructions') args.instructions = true;
    else if (arg === '--instructions-size') args.instructionsSize = Number(value());
    else if (arg === '--instructions-jobs') args.instructionsJobs = Number(value());
    else if (arg === '--instructions-seeds') args.instructionsSeeds = list(value()).map(Number);
    else if (arg === '--instructions-young') args.instructionsYoungMiB = Number(value());
    else if (arg === '--no-codemods') args.codemods = false;
    else if (arg === '--out') args.out = resolve(value());
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(HELP);
      process.exit(0);
    } else usage(`unknown argument ${arg}`);
  }
  args.sizes ??= args.full ? [1000, 5000, 20_000] : [1000];
  args.codemodSizes ??= args.full ? [1000, 5000, 10_000, 20_000] : [10_000];
  // The same files as the paired runs the targets are stated on.
  args.instructionsSize ??= args.sizes[0];
  if (!Number.isInteger(args.pairRounds) || args.pairRounds < 0) usage(`bad --pair-rounds ${args.pairRounds}`);
  if (!Number.isInteger(args.instructionsJobs) || args.instructionsJobs < 1) usage(`bad --instructions-jobs ${args.instructionsJobs}`);
  if (args.instructionsSeeds.length === 0 || !args.instructionsSeeds.every((seed) => Number.isInteger(seed) && seed > 0)) usage('bad --instructions-seeds');
  if (args.instructionsYoungMiB !== null && !(args.instructionsYoungMiB > 0)) usage('bad --instructions-young');
  for (const size of [...args.sizes, ...args.codemodSizes]) if (!Number.isInteger(size) || size < 1) usage(`bad size ${size}`);
  for (const dir of args.dirs) if (!existsSync(dir)) usage(`--dir ${dir} does not exist`);
  if (args.configs) {
    const unknown = args.configs.filter((id) => !LINT_CONFIGS.some((c) => c.id === id));
    if (unknown.length) usage(`unknown configs: ${unknown.join(', ')}`);
    // The ratios need their denominators.
    args.configs = [...new Set(['floor', 'trivial', ...args.configs])];
  }
  return args;
}

function usage(message) {
  process.stderr.write(`${message}\n\n${HELP}`);
  process.exit(2);
}

const log = (message) => process.stderr.write(`${message}\n`);
const round = (n, digits = 2) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null);

function roundsFor(args, files) {
  if (args.rounds) return args.rounds;
  if (!args.full) return 3;
  return files > 10_000 ? 3 : 5;
}

// ---------------------------------------------------------------- corpora

function corpora(args, sizes) {
  if (args.dirs.length > 0) {
    return args.dirs.map((dir) => ({ name: basename(dir), dir, files: listSourceFiles(dir).length, manifest: null }));
  }
  return sizes.map((size) => {
    const { dir, manifest } = writeCorpus({ size, seed: args.seed, badDensity: args.badDensity });
    return { name: `synthetic ${size}`, dir, files: listSourceFiles(dir).length, manifest };
  });
}

// ---------------------------------------------------------------- lint

// Glob patterns, not `.`: a config block scoped to paths (a preset's `tests/**`)
// would otherwise make ESLint also lint the non-script files under them, so each
// configuration would lint a different set of files.
const LINT_PATTERNS = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}', '**/package.json'];
// --no-inline-config: a real repository's `eslint-disable` comments name rules of
// its own setup; ignoring them keeps the findings (and the work) the same across configurations.
const ESLINT_FLAGS = ['--format', COUNT_FORMATTER, '--no-warn-ignored', '--no-inline-config', '--concurrency', 'off'];

function eslintArgs(config) {
  return [ESLINT_BIN, '--config', join(BENCH_DIR, 'configs', config.file), ...ESLINT_FLAGS, ...LINT_PATTERNS];
}

function runEslint(config, corpus, env = {}) {
  return withCounts(config, corpus, measureNode(eslintArgs(config), { cwd: corpus.dir, env }));
}

async function runEslintAsync(config, corpus) {
  return withCounts(config, corpus, await measureNodeAsync(eslintArgs(config), { cwd: corpus.dir }));
}

/** The run with the counts our formatter printed; throws when ESLint failed. */
function withCounts(config, corpus, run) {
  const countsLine = run.stdout.split('\n').find((line) => line.startsWith('BENCH_COUNTS '));
  if (!countsLine || run.status === 2 || !run.self) {
    throw new Error(`eslint failed for ${config.id} on ${corpus.dir} (exit ${run.status}):\n${run.stderr.slice(0, 2000)}${run.stdout.slice(0, 2000)}`);
  }
  return { ...run, counts: JSON.parse(countsLine.slice('BENCH_COUNTS '.length)) };
}

/** The lowest and highest 1-minute load average seen around the given runs. */
function loadRange(runs) {
  const loads = runs.flatMap((run) => run.load ?? []);
  return loads.length > 0 ? [Math.min(...loads), Math.max(...loads)] : null;
}

const fmtLoad = (range) => (range ? (range[0] === range[1] ? `${range[0]}` : `${range[0]}–${range[1]}`) : '–');

function lintCorpus(args, corpus, configs) {
  const rounds = roundsFor(args, corpus.files);
  const samples = Object.fromEntries(configs.map((c) => [c.id, []]));
  log(`lint ${corpus.name}: ${configs.length} configurations × ${rounds} rounds`);
  // One warm-up run fills the OS file cache, then paired rounds: each round runs
  // every configuration once, back to back, in a rotated order, so slow drifts
  // of the machine hit all of them alike.
  runEslint(configs[0], corpus);
  for (let r = 0; r < rounds; r++) {
    for (const config of rotate(configs, r)) {
      const run = runEslint(config, corpus);
      samples[config.id].push(run);
      log(`  round ${r + 1}/${rounds} ${config.id.padEnd(12)} cpu ${(run.self.cpuMs / 1000).toFixed(2)} s  rss ${run.self.maxRssMiB.toFixed(0)} MiB  files ${run.counts.files}  load ${run.load[0]}`);
    }
  }
  const ratio = (id, base) => median(samples[id].map((run, r) => run.self.cpuMs / samples[base][r].self.cpuMs));
  const rows = configs.map((config) => {
    const runs = samples[config.id];
    const cpuMs = median(runs.map((run) => run.self.cpuMs));
    return {
      config: config.id,
      label: config.label,
      files: runs[0].counts.files,
      fatal: runs[0].counts.fatal,
      cpuSeconds: round(cpuMs / 1000, 3),
      cpuMsPerFile: round(cpuMs / runs[0].counts.files, 3),
      wallSeconds: round(median(runs.map((run) => run.self.wallMs)) / 1000, 3),
      vsFloor: round(ratio(config.id, 'floor'), 3),
      vsTrivial: round(ratio(config.id, 'trivial'), 3),
      // Load from other processes only ever adds CPU time (cache and core sharing), so
      // the ratio of the fastest runs is a second, load-robust estimate.
      vsTrivialOfMinimums: round(Math.min(...runs.map((run) => run.self.cpuMs)) / Math.min(...samples.trivial.map((run) => run.self.cpuMs)), 3),
      overTrivialCpuMs: round(median(runs.map((run, r) => run.self.cpuMs - samples.trivial[r].self.cpuMs)), 0),
      maxRssMiB: round(median(runs.map((run) => run.self.maxRssMiB)), 0),
      findings: runs[0].counts.byRule,
      cpuSamplesMs: runs.map((run) => round(run.self.cpuMs, 1)),
      loadAverage: loadRange(runs),
    };
  });
  const fileCounts = new Set(rows.map((row) => row.files));
  if (fileCounts.size > 1) log(`  WARNING: configurations linted different numbers of files: ${[...fileCounts].join(', ')}`);
  return { corpus: corpus.name, dir: corpus.dir, files: corpus.files, rounds, rows, sameFiles: fileCounts.size === 1 };
}

/**
 * One pair's spread over √n: the standard error of the pairs' mean, how far the figure may be off by chance (a
 * median's is ~1.25× that). NaN for fewer than two pairs.
 */
function standardError(ratios) {
  if (ratios.length < 2) return NaN;
  const average = mean(ratios);
  const spread = Math.sqrt(ratios.reduce((sum, ratio) => sum + (ratio - average) ** 2, 0) / (ratios.length - 1));
  return round(spread / Math.sqrt(ratios.length), 3);
}

/**
 * Each preset against the trivial rule in concurrent pairs: the two ESLint processes start together, one per core, so
 * whatever changes the machine's speed while they run (its neighbours, its clock) slows both alike. Sequential runs
 * (lintCorpus) are a minute or more apart and do not share it: on these machines the trivial rule against itself
 * reads ×0.95–×1.06 a round that way. The pair of the trivial rule with itself is measured here too: its median is
 * what the instrument reads for no difference at all, printed next to every preset's.
 */
async function concurrentPairsCorpus(args, corpus, configs) {
  const trivial = configs.find((config) => config.id === 'trivial');
  const compared = [trivial, ...configs.filter((config) => config.neon)];
  log(`concurrent pairs ${corpus.name}: ${compared.map((config) => config.id).join(', ')} against trivial × ${args.pairRounds} rounds`);
  const samples = new Map(compared.map((config) => [config.id, []]));
  for (let r = 0; r < args.pairRounds; r++) {
    for (const config of rotate(compared, r)) {
      // Which one is spawned first alternates, so that neither side always gets the head start.
      const order = r % 2 ? [config, trivial] : [trivial, config];
      const [first, second] = await Promise.all(order.map((c) => runEslintAsync(c, corpus)));
      const [base, run] = r % 2 ? [second, first] : [first, second];
      const ratio = run.self.cpuMs / base.self.cpuMs;
      samples.get(config.id).push({ ratio, cpuMs: run.self.cpuMs, trivialCpuMs: base.self.cpuMs, load: [...base.load, ...run.load] });
      log(`  round ${r + 1}/${args.pairRounds} ${config.id.padEnd(12)} ${(run.self.cpuMs / 1000).toFixed(2)} s ‖ trivial ${(base.self.cpuMs / 1000).toFixed(2)} s  ×${ratio.toFixed(3)}  load ${run.load[0]}`);
    }
  }
  const rows = compared.map((config) => {
    const pairs = samples.get(config.id);
    // Rounded once, here: the median, extremes and standard error are of the ratios the table lists.
    const ratios = pairs.map((pair) => round(pair.ratio, 4));
    return {
      config: config.id,
      label: config.id === 'trivial' ? `${config.label}, against itself (what no difference reads)` : config.label,
      vsTrivial: round(median(ratios), 3),
      lowest: round(Math.min(...ratios), 3),
      highest: round(Math.max(...ratios), 3),
      standardError: standardError(ratios),
      ratios,
      cpuSeconds: round(median(pairs.map((pair) => pair.cpuMs)) / 1000, 3),
      loadAverage: loadRange(pairs),
    };
  });
  return { corpus: corpus.name, files: corpus.files, rounds: args.pairRounds, rows };
}

function timingCorpus(corpus, configs) {
  log(`TIMING=all ${corpus.name}`);
  const rows = [];
  const rulesMs = {};
  const loads = [];
  let trivialLintWallMs = NaN;
  // The floor has no rule to time.
  for (const config of configs.filter((c) => c.id !== 'floor')) {
    const run = runEslint(config, corpus, { TIMING: 'all' });
    loads.push(run);
    // ESLint times rules with a wall clock, so their share is taken of the process's wall
    // time: on a loaded machine both stretch alike, while CPU time does not.
    const lintWallMs = run.self.wallMs;
    if (config.id === 'trivial') trivialLintWallMs = lintWallMs;
    rulesMs[config.id] = 0;
    for (const { rule, ms, relative } of parseTimingTable(run.stdout)) {
      rulesMs[config.id] += ms;
      rows.push({ config: config.id, neon: Boolean(config.neon), rule, ms, shareOfLintTime: round((ms / lintWallMs) * 100, 2), shareOfRuleTime: relative, lintWallSeconds: round(lintWallMs / 1000, 3), load: run.load });
    }
  }
  // A second estimate of "× trivial", from the rules' own milliseconds (free of
  // start-up and parser noise): the trivial run plus what this configuration's
  // rules spend beyond the trivial rule, all on the wall clock.
  const estimateVsTrivial = Object.fromEntries(
    Object.entries(rulesMs).map(([id, ms]) => [id, round((trivialLintWallMs + ms - rulesMs.trivial) / trivialLintWallMs, 3)]),
  );
  return { corpus: corpus.name, files: corpus.files, rows: rows.sort((a, b) => b.ms - a.ms), rulesMs, estimateVsTrivial, loadAverage: loadRange(loads) };
}

/**
 * Each neon rule's share of the whole ESLint process's CPU, from a V8 CPU profile
 * of one run per preset (samples, not their wall-clock deltas: see lib/profile.mjs):
 * a cross-check of TIMING that load hardly moves, and that also sees the plugin's
 * loading and what create() does before any listener runs.
 */
function profileCorpus(corpus, configs) {
  log(`CPU profiles ${corpus.name}`);
  const presets = {};
  for (const config of configs.filter((c) => c.neon)) {
    const dir = mkdtempSync(join(os.tmpdir(), 'neon-bench-prof-'));
    try {
      const run = measureNode(['--cpu-prof', '--cpu-prof-dir', dir, ...eslintArgs(config)], { cwd: corpus.dir });
      const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
      if (!file) throw new Error(`no CPU profile written for ${config.id} (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
      presets[config.id] = { ...ruleShares(readProfile(join(dir, file)), join(ROOT, 'dist')), load: run.load };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { corpus: corpus.name, files: corpus.files, presets };
}

/**
 * Instructions of each lint configuration under callgrind: ratios free of load, at ~50× the run time. With several
 * seeds, each configuration's count is the mean over them (each seed places GC and JIT elsewhere).
 */
async function instructionsCorpus(args, corpus, configs) {
  const { instructionsSeeds: seeds, instructionsYoungMiB: youngGenerationMiB } = args;
  log(`instructions (callgrind) ${corpus.name}: ${configs.length} configurations × ${seeds.length} seeds, ${args.instructionsJobs} at a time`);
  const runs = configs.flatMap((config) => seeds.map((seed) => ({ config, seed })));
  const counted = await mapConcurrent(runs, args.instructionsJobs, async ({ config, seed }) => {
    const result = await countInstructions(eslintArgs(config), { cwd: corpus.dir, v8Flags: deterministicV8Flags({ seed, youngGenerationMiB }) });
    log(`  ${config.id.padEnd(12)} seed ${seed}: ${result.instructions?.toLocaleString('en-US') ?? 'failed'} instructions (${(result.wallMs / 1000).toFixed(0)} s)`);
    return { config, seed, ...result };
  });
  const rows = configs.map((config) => {
    const own = counted.filter((run) => run.config === config);
    const counts = own.map((run) => run.instructions);
    const complete = counts.every((count) => count !== null);
    return {
      config: config.id,
      label: config.label,
      instructions: complete ? Math.round(mean(counts)) : null,
      counts,
      status: own.find((run) => run.status !== 0)?.status ?? 0,
      load: own.flatMap((run) => run.load),
    };
  });
  const of = (id) => rows.find((row) => row.config === id)?.instructions;
  for (const row of rows) {
    row.vsFloor = of('floor') && row.instructions ? round(row.instructions / of('floor'), 4) : null;
    row.vsTrivial = of('trivial') && row.instructions ? round(row.instructions / of('trivial'), 4) : null;
  }
  return { corpus: corpus.name, files: corpus.files, v8Flags: deterministicV8Flags({ seed: seeds[0], youngGenerationMiB }), seeds, rows };
}

// ---------------------------------------------------------------- codemods

/**
 * What the CLI's --json report says about files: per transform, how many it
 * scanned and how many passed the text pre-filter and were parsed.
 */
function fileCountsFromJson(stdout) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return null;
  }
  if (!Array.isArray(report?.transforms)) return null;
  const counts = {};
  for (const transform of report.transforms) {
    const prefix = report.transforms.length > 1 ? `${transform.name}.` : '';
    for (const key of ['scanned', 'parsed']) if (typeof transform[key] === 'number') counts[prefix + key] = transform[key];
    if (typeof transform.scanned === 'number' && typeof transform.parsed === 'number') counts[`${prefix}pre-filtered away`] = transform.scanned - transform.parsed;
    for (const key of ['findings', 'changed', 'failed']) if (Array.isArray(transform[key])) counts[prefix + key] = transform[key].length;
  }
  if (Array.isArray(report.skipped)) counts['walk skipped'] = report.skipped.length;
  return counts;
}

function codemodRow(label, corpus, run, extra = {}) {
  const usage = run.tree ?? run.self;
  return {
    run: label,
    corpus: corpus.name,
    files: corpus.files,
    status: run.status,
    wallSeconds: round(usage.wallMs / 1000, 3),
    cpuSeconds: round(usage.cpuMs / 1000, 3),
    filesPerSecond: round(corpus.files / (usage.wallMs / 1000), 0),
    // Throughput per CPU second: what wall time would give on an otherwise idle machine (for a single-threaded run).
    filesPerCpuSecond: round(corpus.files / (usage.cpuMs / 1000), 0),
    maxRssMiB: round(usage.maxRssMiB, 0),
    loadAverage: run.load ? [Math.min(...run.load), Math.max(...run.load)] : null,
    ...extra,
  };
}

/** The run of median wall time among `rows`, with every run's wall and CPU seconds and the load around all of them. */
function medianRow(rows) {
  const sorted = [...rows].sort((a, b) => a.wallSeconds - b.wallSeconds);
  const middle = sorted[Math.floor((sorted.length - 1) / 2)];
  const loads = rows.flatMap((row) => row.loadAverage ?? []);
  return {
    ...middle,
    runs: rows.length,
    wallSamples: rows.map((row) => row.wallSeconds),
    cpuSamples: rows.map((row) => row.cpuSeconds),
    loadAverage: loads.length > 0 ? [Math.min(...loads), Math.max(...loads)] : null,
  };
}

function codemodsCorpus(corpus, notes) {
  const rows = [];
  log(`codemods ${corpus.name}`);
  const floor = measureNode([FLOOR_SCRIPT, corpus.dir], { cwd: corpus.dir });
  const floorLine = floor.stdout.split('\n').find((line) => line.startsWith('BENCH_FLOOR '));
  const floorData = floorLine ? JSON.parse(floorLine.slice('BENCH_FLOOR '.length)) : {};
  rows.push(codemodRow('jscodeshift no-op transform (floor, parses every file)', corpus, floor, { parsed: floorData.files, parseFailures: floorData.failed }));
  log(`  floor ${rows.at(-1).wallSeconds} s`);

  if (!existsSync(CODEMOD_CLI)) {
    notes.push(`\`neon-codemod\` is not built (${rel(CODEMOD_CLI)} missing): codemod runs skipped. Run \`npm run build\`.`);
    return rows;
  }
  const transforms = registeredTransforms();
  const runCli = (transform, flags, { env = {}, label = '', id = transform } = {}) => {
    // --dry writes nothing, so the CLI does not ask for a clean git tree.
    const run = measureNode([CODEMOD_CLI, transform, '.', ...flags], { cwd: corpus.dir, env });
    if (run.status !== 0) notes.push(`\`neon-codemod ${transform}\` on ${corpus.name} exited with ${run.status}: ${(run.stderr || '').trim().split('\n').slice(0, 3).join(' / ')}`);
    const row = codemodRow(`neon-codemod ${transform} ${flags.join(' ')}${label}`, corpus, run, { transform: id, fromJson: fileCountsFromJson(run.stdout) });
    log(`  ${transform} ${row.wallSeconds} s (exit ${run.status})`);
    return row;
  };
  // analyze is short, and its target is a wall-clock figure: the median of three runs.
  if (transforms.includes('analyze')) {
    rows.push(medianRow([1, 2, 3].map(() => runCli('analyze', ['--json']))));
    // With one worker thread (codemods/lib/lint-pool.ts): what a second core gains, or costs, on this machine.
    rows.push(medianRow([1, 2, 3].map(() => runCli('analyze', ['--json'], { env: { NEON_CODEMOD_THREADS: '1' }, label: ' (NEON_CODEMOD_THREADS=1: a worker thread)', id: 'analyze (worker thread)' }))));
  }
  if (transforms.includes('all')) {
    rows.push(runCli('all', ['--dry', '--json']));
  } else {
    // Until `all` is registered, run the transforms it will chain, one process each:
    // their sum over-estimates `all` by the extra process start-ups.
    const steps = transforms.filter((name) => name !== 'analyze');
    notes.push(`\`neon-codemod all\` is not registered yet (transforms: ${transforms.join(', ')}); its stand-in is ${steps.map((name) => `\`${name} --dry\``).join(', ')} run one after the other, summed.`);
    const stepRows = steps.map((name) => runCli(name, ['--dry', '--json']));
    rows.push(...stepRows);
    if (stepRows.length > 0) {
      const sum = (key) => round(stepRows.reduce((total, row) => total + row[key], 0), 3);
      const wallSeconds = sum('wallSeconds');
      rows.push({
        run: `stand-in for \`all --dry\`: ${steps.join(' + ')}`,
        transform: 'all (stand-in)',
        corpus: corpus.name,
        files: corpus.files,
        status: Math.max(...stepRows.map((row) => row.status)),
        wallSeconds,
        cpuSeconds: sum('cpuSeconds'),
        filesPerSecond: round(corpus.files / wallSeconds, 0),
        filesPerCpuSecond: round(corpus.files / sum('cpuSeconds'), 0),
        maxRssMiB: Math.max(...stepRows.map((row) => row.maxRssMiB)),
        fromJson: { findings: stepRows.reduce((total, row) => total + (row.fromJson?.findings ?? 0), 0), changed: stepRows.reduce((total, row) => total + (row.fromJson?.changed ?? 0), 0) },
      });
    }
  }
  return rows;
}

/** The transform names `neon-codemod --help` lists. */
function registeredTransforms() {
  const help = spawnSync(process.execPath, [CODEMOD_CLI, '--help'], { encoding: 'utf8' }).stdout ?? '';
  const section = help.split(/^Transforms:$/m)[1]?.split(/\n\s*\n/)[0] ?? '';
  return section.split('\n').map((line) => /^\s+(\S+)/.exec(line)?.[1]).filter(Boolean);
}

// ---------------------------------------------------------------- report

function table(headers, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map((r) => line(r.map((c) => (c === null || c === undefined ? '–' : String(c)))))].join('\n');
}

const fmtRatio = (n) => (n === null ? '–' : `×${n.toFixed(3)}`);
// Results written before the pairs had a standard error have none.
const fmtError = (row) => (Number.isFinite(row.standardError) ? ` ±${row.standardError.toFixed(3)}` : '');

/** The rule with the largest share of CPU samples over the presets' profiles. */
function worstProfiledRule(profile) {
  let worst;
  for (const [preset, shares] of Object.entries(profile.presets)) {
    for (const [rule, { percent }] of Object.entries(shares.rules)) {
      if (!worst || percent > worst.percent) worst = { rule: `neon/${rule}`, percent, preset };
    }
  }
  return worst;
}

function evaluateTargets(results) {
  const targets = [];
  const firstLint = results.lint[0];
  if (firstLint) {
    for (const preset of ['recommended', 'strict', 'neon']) {
      const row = firstLint.rows.find((r) => r.config === preset);
      if (!row) continue;
      const estimate = results.timing[0]?.estimateVsTrivial[preset];
      const counted = results.instructions?.find((c) => c.corpus === firstLint.corpus && c.v8Flags)?.rows.find((r) => r.config === preset)?.vsTrivial;
      // Results written before concurrent pairs have no `pairs`.
      const pairs = results.pairs?.find((p) => p.corpus === firstLint.corpus);
      const paired = pairs?.rows.find((r) => r.config === preset);
      const zero = pairs?.rows.find((r) => r.config === 'trivial');
      // The CPU figure: the concurrent pairs where measured (both runs of a pair see the same machine), else the
      // sequential rounds. No figure this machine gives resolves 3% on its own (CPU moves with the neighbours, TIMING
      // charges rules with the GC pauses in their listeners, instruction counts shift ~2% with where GC and JIT fall):
      // met only when every figure measured says so.
      const cpu = paired ? paired.vsTrivial : row.vsTrivial;
      const met = cpu <= TARGETS[preset] && !(estimate > TARGETS[preset]) && !(counted > TARGETS[preset]);
      const figures = [
        paired ? `${fmtRatio(paired.vsTrivial)}${fmtError(paired)} (median of ${pairs.rounds} concurrent pairs, ${fmtRatio(paired.lowest)}–${fmtRatio(paired.highest)}; the trivial rule against itself ${fmtRatio(zero.vsTrivial)}${fmtError(zero)}, ${fmtRatio(zero.lowest)}–${fmtRatio(zero.highest)})` : '',
        `${paired ? 'sequential rounds ' : ''}${fmtRatio(row.vsTrivial)} (median of ${firstLint.rounds} paired ratios, load ${fmtLoad(row.loadAverage)}; fastest runs ${fmtRatio(row.vsTrivialOfMinimums)})`,
        estimate ? `from TIMING ${fmtRatio(estimate)}` : '',
        counted ? `instructions ${fmtRatio(counted)}` : '',
      ];
      targets.push({ target: `\`${preset}\` CPU ≤ ×${TARGETS[preset]} of the one-trivial-rule run (${firstLint.corpus})`, figure: figures.filter(Boolean).join('; '), met });
    }
  }
  for (const timing of results.timing) {
    const neonRows = timing.rows.filter((r) => r.neon);
    if (neonRows.length === 0) continue;
    // Results written before the share was taken of wall time name it shareOfLintCpu.
    const shareOf = (r) => r.shareOfLintTime ?? r.shareOfLintCpu;
    const worst = neonRows.reduce((a, b) => (shareOf(b) > shareOf(a) ? b : a));
    const profile = results.profiles?.find((p) => p.corpus === timing.corpus);
    const profiled = profile && worstProfiledRule(profile);
    const crossCheck = profiled ? `; CPU profile: ${profiled.rule} ${profiled.percent.toFixed(2)}% (in \`${profiled.preset}\`)` : '';
    targets.push({ target: `no neon rule above ${TARGETS.ruleShare}% of total lint time, TIMING=all (${timing.corpus})`, figure: `${worst.rule}: ${worst.ms.toFixed(1)} ms = ${shareOf(worst)}% (in \`${worst.config}\`)${crossCheck}`, met: shareOf(worst) <= TARGETS.ruleShare });
  }
  const atTargetSize = results.codemods.filter((r) => r.files >= TARGETS.codemodTargetSize * 0.95 && r.files <= TARGETS.codemodTargetSize * 1.05);
  const analyze = atTargetSize.find((r) => r.transform === 'analyze');
  const withWorker = atTargetSize.find((r) => r.transform === 'analyze (worker thread)');
  targets.push(analyze
    ? { target: `\`analyze\` over 10k files ≥ ${TARGETS.analyzeFilesPerSecond} files/s`, figure: `${analyze.filesPerSecond} files/s (${analyze.wallSeconds} s wall${analyze.runs ? `, median of ${analyze.runs}` : ''}, ${analyze.corpus}, load ${fmtLoad(analyze.loadAverage)}); ${analyze.filesPerCpuSecond} files per CPU second${withWorker ? `; with a worker thread: ${withWorker.filesPerSecond} files/s` : ''}`, met: analyze.status === 0 && analyze.filesPerSecond >= TARGETS.analyzeFilesPerSecond }
    : { target: `\`analyze\` over 10k files ≥ ${TARGETS.analyzeFilesPerSecond} files/s`, figure: 'not measured (no 10k-file codemod run, or analyze not available)', met: null });
  const all = atTargetSize.find((r) => r.transform === 'all') ?? atTargetSize.find((r) => r.transform === 'all (stand-in)');
  targets.push(all
    ? { target: `\`all --dry\` over 10k files < ${TARGETS.allDrySeconds} s, peak memory < 1 GiB`, figure: `${all.transform === 'all' ? '' : 'stand-in (all not registered yet): '}${all.wallSeconds} s wall (${all.cpuSeconds} s CPU), ${all.maxRssMiB} MiB (${all.corpus}, load ${fmtLoad(all.loadAverage)})`, met: all.status === 0 && all.wallSeconds < TARGETS.allDrySeconds && all.maxRssMiB < TARGETS.allDryMemoryMiB }
    : { target: `\`all --dry\` over 10k files < ${TARGETS.allDrySeconds} s, peak memory < 1 GiB`, figure: 'not measured (no 10k-file codemod run, or `all` not registered)', met: null });
  return targets;
}

function renderMarkdown(results) {
  const m = results.machine;
  const out = [];
  out.push(`# eslint-plugin-neon benchmark, ${results.date}`, '');
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}; Node ${m.node}, ESLint ${m.eslint}, typescript-eslint ${m.typescriptEslint}, TypeScript ${m.typescript}, jscodeshift ${m.jscodeshift}; eslint-plugin-neon ${m.eslintPluginNeon} (${results.neonRules.length} rules), eslint-plugin-drizzle ${m.eslintPluginDrizzle}, eslint-plugin-no-secrets ${m.eslintPluginNoSecrets}. Load average at start ${m.loadAverageAtStart.join(' / ')}, at end ${results.loadAverageAtEnd.join(' / ')}.`, '');
  out.push(`CPU is user+sys of the ESLint process (getrusage at exit, µs); ratios are medians of per-round ratios over paired rounds. "load" is the 1-minute load average around the runs of a figure: above the number of cores, wall times (and, less, CPU times) are inflated.`, '');
  out.push('## Targets', '');
  out.push(table(['target', 'figure', 'met'], results.targets.map((t) => [t.target, t.figure, t.met === null ? 'not measured' : t.met ? 'met' : '**not met**'])), '');
  for (const lint of results.lint) {
    out.push(`## Lint: ${lint.corpus} (${lint.files} source files, ${lint.rounds} rounds)`, '');
    if (!lint.sameFiles) out.push('**Warning:** the configurations did not lint the same number of files (see "files linted").', '');
    out.push(table(['configuration', 'files linted', 'CPU s (median)', 'CPU ms/file', '× floor', '× trivial', '× trivial (fastest runs)', 'over trivial (ms)', 'max RSS MiB', 'findings', 'load'], lint.rows.map((r) => [r.label, r.files, r.cpuSeconds.toFixed(2), r.cpuMsPerFile, fmtRatio(r.vsFloor), fmtRatio(r.vsTrivial), fmtRatio(r.vsTrivialOfMinimums), r.overTrivialCpuMs, r.maxRssMiB, Object.values(r.findings).reduce((a, b) => a + b, 0), fmtLoad(r.loadAverage)])), '');
  }
  for (const pairs of results.pairs ?? []) {
    out.push(`## Concurrent pairs: ${pairs.corpus} (${pairs.rounds} rounds)`, '');
    out.push('Each configuration and the one-trivial-rule run start together, one per core, so a change in the machine\'s speed while they run slows both alike; the ratio is of their CPU times. The trivial rule against itself shows what the instrument reads for no difference at all.', '');
    out.push(table(['configuration', '× trivial (median)', '± (standard error of the mean)', 'lowest', 'highest', 'CPU s (median, two runs at once)', 'load', 'ratios'], pairs.rows.map((r) => [r.label, fmtRatio(r.vsTrivial), fmtError(r).trim() || '–', fmtRatio(r.lowest), fmtRatio(r.highest), r.cpuSeconds.toFixed(2), fmtLoad(r.loadAverage), r.ratios.map((x) => x.toFixed(4)).join(', ')])), '');
  }
  if (results.lint.length > 1) {
    out.push('## Scaling (CPU ms per file, median)', '');
    const ids = results.lint[0].rows.map((r) => r.config);
    out.push(table(['configuration', ...results.lint.map((l) => `${l.files} files`)], ids.map((id) => [id, ...results.lint.map((l) => l.rows.find((r) => r.config === id)?.cpuMsPerFile)])), '');
  }
  for (const timing of results.timing) {
    out.push(`## TIMING=all: ${timing.corpus}, most expensive rules`, '');
    out.push(`Share of lint time: the rule's milliseconds over the wall time of the whole ESLint process of that run (ESLint times rules with a wall clock, so both stretch alike under load; load ${fmtLoad(timing.loadAverage)}). All rules of a configuration together, and the "× trivial" they imply (trivial run + their ms − the trivial rule's ms, over the trivial run):`, '');
    out.push(table(['configuration', 'all rules, ms', '× trivial from TIMING'], Object.keys(timing.rulesMs).map((id) => [id, timing.rulesMs[id].toFixed(1), fmtRatio(timing.estimateVsTrivial[id])])), '');
    out.push('Per rule (every neon rule, then the most expensive peer rules):', '');
    const neonRows = timing.rows.filter((r) => r.neon);
    const seen = new Set();
    const neonByRule = neonRows.filter((r) => !seen.has(r.rule) && seen.add(r.rule));
    const peerRows = timing.rows.filter((r) => !r.neon && r.config !== 'trivial').slice(0, 6);
    out.push(table(['rule', 'configuration', 'ms', '% of lint time', '% of rule time'], [...neonByRule, ...peerRows, ...timing.rows.filter((r) => r.config === 'trivial')].map((r) => [r.rule, r.config, r.ms.toFixed(1), `${r.shareOfLintTime ?? r.shareOfLintCpu}%`, `${r.shareOfRuleTime}%`])), '');
  }
  for (const profile of results.profiles ?? []) {
    const presets = Object.keys(profile.presets);
    out.push(`## CPU profile: ${profile.corpus}, each rule's share of the ESLint process`, '');
    out.push(`One \`node --cpu-prof\` run per preset; a rule's share is the share of CPU samples with the rule's file on the stack (its create(), listeners and every helper they call), samples counted rather than timed so that load hardly moves it. "plugin" is everything that ran in the plugin's files, loading them included. Sample interval ${presets.map((id) => `${Math.round(profile.presets[id].intervalUs ?? 0)} µs`).join(' / ')}; load ${presets.map((id) => fmtLoad(profile.presets[id].load)).join(' / ')}.`, '');
    const rules = [...new Set(presets.flatMap((id) => Object.keys(profile.presets[id].rules)))].sort();
    const cell = (id, rule) => {
      const entry = profile.presets[id].rules[rule];
      return entry ? `${entry.percent.toFixed(2)}% (${entry.samples})` : '–';
    };
    out.push(table(['rule', ...presets.map((id) => `\`${id}\``)], [
      ...rules.map((rule) => [`neon/${rule}`, ...presets.map((id) => cell(id, rule))]),
      ['loading the plugin', ...presets.map((id) => (profile.presets[id].loading ? `${profile.presets[id].loading.percent.toFixed(2)}% (${profile.presets[id].loading.samples})` : '–'))],
      ['plugin, all of it', ...presets.map((id) => `${profile.presets[id].plugin.percent.toFixed(2)}% (${profile.presets[id].plugin.samples} of ${profile.presets[id].samples})`)],
    ]), '');
  }
  for (const counted of results.instructions ?? []) {
    out.push(`## Instructions (valgrind callgrind): ${counted.corpus}`, '');
    out.push(
      counted.v8Flags
        ? `Every instruction of the ESLint process, V8 run with \`${counted.v8Flags.join(' ')}\`${counted.seeds?.length > 1 ? ` (seeds ${counted.seeds.join(', ')}: each count the mean over them)` : ''} so that it optimizes and collects at the same points every run: a count the load of other processes does not change, repeatable to ~0.1% on the same files in the same order; a ratio between configurations still carries ~±2% from where GC and JIT fall (docs/performance.md).`
        : 'Every instruction of the ESLint process, all threads: a count the load of other processes does not change (repeat runs differ by JIT and GC timing only).',
      '',
    );
    out.push(table(['configuration', 'instructions', '× floor', '× trivial'], counted.rows.map((r) => [r.label, r.instructions?.toLocaleString('en-US') ?? `failed (exit ${r.status})`, fmtRatio(r.vsFloor), fmtRatio(r.vsTrivial)])), '');
  }
  if (results.codemods.length > 0) {
    out.push('## Codemods', '');
    out.push('Wall time and CPU of the whole process tree (GNU time / wait4); files/s = source files in the folder ÷ wall seconds. `analyze`: the run of median wall time of three (all three in brackets); the same with one worker thread (`NEON_CODEMOD_THREADS=1`) below it.', '');
    out.push(table(['run', 'corpus', 'files', 'exit', 'wall s', 'CPU s', 'files/s', 'files/CPU-s', 'max RSS MiB', 'load', 'file counts (from --json)'], results.codemods.map((r) => [r.run, r.corpus, r.files, r.status, r.wallSamples ? `${r.wallSeconds} (${r.wallSamples.join(', ')})` : r.wallSeconds, r.cpuSamples ? `${r.cpuSeconds} (${r.cpuSamples.join(', ')})` : r.cpuSeconds, r.filesPerSecond, r.filesPerCpuSecond, r.maxRssMiB, fmtLoad(r.loadAverage), r.fromJson ? Object.entries(r.fromJson).map(([k, v]) => `${k}: ${v}`).join(', ') || '–' : r.parsed !== undefined ? `parsed: ${r.parsed}, failed: ${r.parseFailures}` : '–'])), '');
  }
  const withManifest = results.corpora.filter((c) => c.manifest);
  if (withManifest.length > 0 && results.lint.length > 0) {
    out.push('## Findings on the synthetic corpus (sanity check)', '');
    out.push('BAD patterns the generator planted (one per file) and what each preset reported; more reports than planted are look-alikes worth a look.', '');
    const lint = results.lint[0];
    const corpus = results.corpora.find((c) => c.name === lint.corpus);
    if (corpus?.manifest) {
      const rules = new Set([...Object.keys(corpus.manifest.expectedByRule).map((r) => `neon/${r}`), ...lint.rows.filter((r) => ['recommended', 'strict', 'neon'].includes(r.config)).flatMap((r) => Object.keys(r.findings))]);
      const reported = (id, rule) => {
        const row = lint.rows.find((r) => r.config === id);
        return row ? (row.findings[rule] ?? 0) : null;
      };
      out.push(table(['rule', 'planted', 'recommended', 'strict', 'neon'], [...rules].sort().map((rule) => [rule, corpus.manifest.expectedByRule[rule.replace(/^neon\//, '')] ?? 0, reported('recommended', rule), reported('strict', rule), reported('neon', rule)])), '');
    }
  }
  out.push('## Corpora', '');
  out.push(table(['corpus', 'dir', 'source files', 'lines', 'files importing a driver', 'BAD patterns planted'], results.corpora.map((c) => [c.name, c.manifest ? rel(c.dir) : c.dir, c.files, c.manifest?.lines, c.manifest?.filesImportingADriver, c.manifest && Object.values(c.manifest.expectedByRule).reduce((a, b) => a + b, 0)])), '');
  if (results.notes.length > 0) out.push('## Notes', '', ...results.notes.map((n) => `- ${n}`), '');
  out.push('## Commands', '', '```sh', ...results.commands, '```', '');
  return out.join('\n');
}

// ---------------------------------------------------------------- main

function neonRuleNames() {
  try {
    const plugin = JSON.parse(spawnSync(process.execPath, ['-e', "console.log(JSON.stringify(Object.keys(require('eslint-plugin-neon').rules)))"], { cwd: ROOT, encoding: 'utf8' }).stdout);
    return plugin;
  } catch {
    return [];
  }
}

/** `--rerender results.json`: evaluates the targets again and rewrites the markdown next to it. */
function rerender(path) {
  const results = JSON.parse(readFileSync(path, 'utf8'));
  // Pairs written before they carried a standard error get it from their ratios.
  for (const row of (results.pairs ?? []).flatMap((pairs) => pairs.rows)) row.standardError ??= standardError(row.ratios);
  results.targets = evaluateTargets(results);
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(path.replace(/\.json$/, '.md'), renderMarkdown(results));
}

async function main() {
  if (process.argv[2] === '--rerender') return rerender(resolve(process.argv[3]));
  const args = parseArgs(process.argv.slice(2));
  const startedAt = new Date();
  const notes = [];
  const neonRules = neonRuleNames();
  if (neonRules.length === 0) notes.push('eslint-plugin-neon could not be loaded from dist/ (run `npm run build`), or has no rules yet.');
  if (!hasGnuTime) notes.push('GNU time (/usr/bin/time) not found: codemod figures cover the CLI process only, not its subprocesses.');
  const machine = describeMachine();
  const configs = LINT_CONFIGS.filter((c) => !args.configs || args.configs.includes(c.id));
  const commands = [`npm run bench --${process.argv.slice(2).length ? ` ${process.argv.slice(2).join(' ')}` : ''}`];

  const lintCorpora = args.lint || args.timing ? corpora(args, args.sizes) : [];
  const codemodCorpora = args.codemods ? corpora(args, args.codemodSizes) : [];
  const instructionCorpora = args.instructions ? instructionsCorpora(args, notes) : [];
  const results = { date: startedAt.toISOString(), machine, neonRules, args: { ...args, out: rel(args.out) }, corpora: [], lint: [], pairs: [], timing: [], profiles: [], instructions: [], codemods: [], notes, commands };
  for (const corpus of [...lintCorpora, ...codemodCorpora, ...instructionCorpora]) {
    if (!results.corpora.some((c) => c.dir === corpus.dir)) results.corpora.push(corpus);
  }

  for (const corpus of lintCorpora) {
    if (args.lint) results.lint.push(lintCorpus(args, corpus, configs));
  }
  // Concurrent pairs on the first (smallest) lint corpus, the one the preset targets are stated on.
  if (args.lint && args.pairRounds > 0 && lintCorpora[0] && configs.some((c) => c.neon)) {
    if (os.availableParallelism() >= 2) results.pairs.push(await concurrentPairsCorpus(args, lintCorpora[0], configs));
    else notes.push('Concurrent pairs need two cores: not measured on this machine.');
  }
  // TIMING once, on the first (smallest) lint corpus: per-rule shares do not depend on the size.
  if (args.timing && lintCorpora[0]) results.timing.push(timingCorpus(lintCorpora[0], configs));
  if (args.profile && lintCorpora[0] && configs.some((c) => c.neon)) results.profiles.push(profileCorpus(lintCorpora[0], configs));
  // Under callgrind each run takes minutes: the floor, the trivial rule and our presets only.
  for (const corpus of instructionCorpora) {
    results.instructions.push(await instructionsCorpus(args, corpus, configs.filter((c) => c.neon || c.id === 'floor' || c.id === 'trivial')));
  }
  for (const corpus of codemodCorpora) results.codemods.push(...codemodsCorpus(corpus, notes));

  const sample = lintCorpora[0] ?? codemodCorpora[0];
  if (sample) {
    const config = join(BENCH_DIR, 'configs', '<configuration>.eslint.mjs');
    commands.push(
      `# each lint run (cwd = the corpus folder; ${configs.map((c) => c.file).join(', ')}):`,
      `cd ${sample.manifest ? rel(sample.dir) : sample.dir} && BENCH_RUSAGE_FILE=/tmp/rusage.json node --require ${join(BENCH_DIR, 'lib/rusage-hook.cjs')} ${ESLINT_BIN} --config ${config} ${ESLINT_FLAGS.join(' ')} ${LINT_PATTERNS.map((p) => `'${p}'`).join(' ')}`,
      `# concurrent pairs: two of these at once, a preset's and trivial.eslint.mjs's (the trivial one twice for the zero)`,
      `# per-rule times: the same with TIMING=all`,
      `# codemods (wrapped in ${hasGnuTime ? "/usr/bin/time -f '%e %U %S %M'" : 'the rusage hook'}):`,
      `node ${rel(FLOOR_SCRIPT)} <corpus>`,
      `node ${rel(CODEMOD_CLI)} analyze . --json`,
      `node ${rel(CODEMOD_CLI)} all . --dry --json`,
    );
    if (sample.manifest) commands.push(`# corpus: node bench/corpus.mjs --size <n> --seed ${args.seed} --bad-density ${args.badDensity}`);
  }
  results.loadAverageAtEnd = os.loadavg().map((n) => round(n));
  results.durationSeconds = round((Date.now() - startedAt.getTime()) / 1000, 0);
  results.targets = evaluateTargets(results);
  for (const corpus of results.corpora) corpus.dir = corpus.manifest ? rel(corpus.dir) : corpus.dir;

  const markdown = renderMarkdown(results);
  mkdirSync(args.out, { recursive: true });
  const mode = args.dirs.length ? `dir-${args.dirs.map((d) => basename(d)).join('-')}` : args.full ? 'full' : 'default';
  const stem = join(args.out, `${startedAt.toISOString().slice(0, 10)}-${mode}`);
  // The JSON keeps the corpus summary, not the list of planted files.
  const json = { ...results, corpora: results.corpora.map(({ manifest, ...c }) => ({ ...c, manifest: manifest && { ...manifest, bad: undefined, apps: manifest.apps.length } })) };
  writeFileSync(`${stem}.md`, markdown);
  writeFileSync(`${stem}.json`, `${JSON.stringify(json, null, 2)}\n`);
  process.stdout.write(`${markdown}\nWritten: ${rel(`${stem}.md`)}, ${rel(`${stem}.json`)} (${results.durationSeconds} s)\n\n${targetsSummary(results)}`);
}

/** The targets again, last on the terminal, one line each. */
function targetsSummary(results) {
  const m = results.machine;
  const lines = [`Targets (${m.cores} cores; load average at start ${m.loadAverageAtStart[0]}, at end ${results.loadAverageAtEnd[0]}):`];
  for (const t of results.targets) lines.push(`  ${(t.met === null ? 'not measured' : t.met ? 'met' : 'NOT MET').padEnd(12)} ${t.target.replaceAll('`', '')}\n  ${' '.repeat(12)}   ${t.figure.replaceAll('`', '')}`);
  if (m.loadAverageAtStart[0] > m.cores || results.loadAverageAtEnd[0] > m.cores) lines.push(`  The load average exceeded the ${m.cores} cores: wall times are inflated; re-run on a quiet machine for the record.`);
  return `${lines.join('\n')}\n`;
}

/** The small synthetic corpus that --instructions counts on (a --dir repository would take hours under callgrind). */
function instructionsCorpora(args, notes) {
  if (!hasCallgrind) {
    notes.push('--instructions: valgrind is not installed, no instruction counts.');
    return [];
  }
  const { dir, manifest } = writeCorpus({ size: args.instructionsSize, seed: args.seed, badDensity: args.badDensity });
  return [{ name: `synthetic ${args.instructionsSize}`, dir, files: listSourceFiles(dir).length, manifest }];
}

await main();
