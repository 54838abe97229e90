#!/usr/bin/env node
// Accuracy harness: lint real repositories with every rule of every preset and
// record, per repository, what was linted, what could not be parsed, which rule
// crashed on which file, and every finding, so each one can be reviewed by hand.
//
//   npm run build
//   node scripts/accuracy.mjs [--out DIR] [--rules a,b] [--max-bytes N] [--jobs N] REPO_DIR...
//
// --jobs: worker threads per repository (default: available CPUs); --max-bytes:
// larger files are listed as skipped (generated bundles).
//
// Writes DIR/accuracy.json (everything) and DIR/accuracy.md (summary + findings).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
const espree = require('espree');
const neon = require('eslint-plugin-neon');

const SCRIPT_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.tsx', '.mts', '.cts'];
const IGNORED_DIRS = new Set([
  'node_modules', 'dist', 'build', '.next', 'coverage', 'vendor', '.git', '.turbo', '.nuxt', '.output',
  '.svelte-kit', '.vercel', '.cache', 'out', 'bower_components', '.yarn', '.pnpm-store',
]);
const IGNORE_GLOBS = [...[...IGNORED_DIRS].map((dir) => `**/${dir}/**`), '**/*.min.*', '**/*-min.*', '**/*.bundle.*'];
const USAGE = 'usage: node scripts/accuracy.mjs [--out DIR] [--rules rule-a,rule-b] [--max-bytes N] [--jobs N] REPO_DIR...';

function parseArgs(argv) {
  const args = { out: '/tmp/accuracy', rules: null, maxBytes: 1_000_000, jobs: os.availableParallelism(), repos: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (arg === '--out') args.out = path.resolve(value());
    else if (arg === '--rules') args.rules = new Set(value().split(',').map((name) => name.replace(/^neon\//, '')));
    else if (arg === '--max-bytes') args.maxBytes = Number(value());
    else if (arg === '--jobs') args.jobs = Math.max(1, Number(value()) || 1);
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else args.repos.push(path.resolve(arg));
  }
  if (args.repos.length === 0) throw new Error(USAGE);
  return args;
}

/** Keeps in `block` only the rules `keep` accepts; undefined when none is left. */
function filterBlock(block, keep) {
  const rules = Object.fromEntries(Object.entries(block.rules ?? {}).filter(([id]) => keep(id)));
  if (Object.keys(rules).length === 0) return undefined;
  return { ...block, name: `${block.name}/accuracy`, rules };
}

/**
 * Every rule of every preset: `recommended` as is (default options, its test and
 * migration blocks), then the rules `strict` and `neon` add, with their own blocks.
 */
function neonConfig(onlyRules) {
  const keep = (id) => !onlyRules || onlyRules.has(id.replace(/^neon\//, ''));
  const recommended = neon.configs.recommended;
  const seen = new Set(recommended.flatMap((block) => Object.keys(block.rules ?? {})));
  const blocks = recommended.map((block) => filterBlock(block, keep));
  for (const preset of ['strict', 'neon']) {
    const added = new Set();
    for (const block of neon.configs[preset]) {
      blocks.push(filterBlock(block, (id) => keep(id) && !seen.has(id)));
      for (const id of Object.keys(block.rules ?? {})) if (block.files === undefined) added.add(id);
    }
    for (const id of added) seen.add(id);
  }
  return blocks.filter(Boolean);
}

function baseConfig() {
  return [
    { name: 'accuracy/ignores', ignores: IGNORE_GLOBS },
    { name: 'accuracy/linter', linterOptions: { reportUnusedDisableDirectives: 'off' } },
    {
      name: 'accuracy/js',
      files: ['**/*.{js,mjs,cjs,jsx}'],
      languageOptions: {
        parser: espree,
        ecmaVersion: 'latest',
        sourceType: 'module',
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
    },
    { name: 'accuracy/cjs', files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs' } },
    {
      name: 'accuracy/ts',
      files: ['**/*.{ts,tsx,mts,cts}'],
      languageOptions: { parser: tseslint.parser, sourceType: 'module' },
    },
  ];
}

function isMinified(name) {
  return /[.-]min\.[cm]?js$/.test(name) || /\.bundle\.[cm]?js$/.test(name);
}

/** Script files and package.json files under `dir`, skipping build output and dependencies. */
function listFiles(dir, maxBytes, skipped) {
  const files = [];
  const walk = (current) => {
    let entries;
    try {
      entries = fs.readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_DIRS.has(entry.name)) walk(full);
        continue;
      }
      if (!entry.isFile()) continue;
      const isScript = SCRIPT_EXTENSIONS.includes(path.extname(entry.name)) && !entry.name.endsWith('.d.ts');
      if (!isScript && entry.name !== 'package.json') continue;
      if (isMinified(entry.name)) continue;
      const size = fs.statSync(full).size;
      if (size > maxBytes) {
        skipped.push({ file: path.relative(dir, full), reason: `larger than ${maxBytes} bytes (${size})` });
        continue;
      }
      files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

function gitCommit(dir) {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function ruleOfCrash(error) {
  if (error.ruleId) return error.ruleId;
  const match = /Rule: "([^"]+)"/.exec(error.message ?? '');
  return match ? match[1] : null;
}

function sourceLine(text, line) {
  const lineText = text.split(/\r?\n/)[line - 1] ?? '';
  return lineText.trim().slice(0, 200);
}

/** Lints `files` of `repo` one by one; the partial report of these files. */
async function lintFiles(repo, files, options) {
  const config = [...baseConfig(), ...neonConfig(options.rules)];
  // One ESLint per set of disabled rules: a crash in one rule is recorded, then the
  // file is linted again without it, so it never hides the other rules' findings.
  const instances = new Map();
  const eslintWithout = (disabled) => {
    const key = [...disabled].sort().join(',');
    if (!instances.has(key)) {
      const off = Object.fromEntries([...disabled].map((id) => [id, 'off']));
      instances.set(
        key,
        new ESLint({
          cwd: repo,
          overrideConfigFile: true,
          overrideConfig: disabled.size > 0 ? [...config, { name: 'accuracy/crashed', rules: off }] : config,
          allowInlineConfig: false,
          warnIgnored: false,
          cache: false,
        }),
      );
    }
    return instances.get(key);
  };

  const report = { filesLinted: 0, ignored: 0, parseErrors: [], crashes: [], findings: {} };
  for (const file of files) {
    const relative = path.relative(repo, file);
    const text = fs.readFileSync(file, 'utf8');
    const disabled = new Set();
    let results;
    for (;;) {
      try {
        results = await eslintWithout(disabled).lintText(text, { filePath: file });
        break;
      } catch (error) {
        const ruleId = ruleOfCrash(error);
        report.crashes.push({
          rule: ruleId,
          file: relative,
          message: String(error.message).split('\n')[0],
          details: String(error.message),
          stack: error.stack,
        });
        if (!ruleId || disabled.has(ruleId)) {
          results = [];
          break;
        }
        disabled.add(ruleId);
      }
    }
    const result = results[0];
    if (!result) {
      report.ignored++;
      continue;
    }
    const fatal = result.messages.find((message) => message.fatal);
    if (fatal) {
      report.parseErrors.push({ file: relative, line: fatal.line, message: fatal.message });
      continue;
    }
    report.filesLinted++;
    for (const message of result.messages) {
      if (!message.ruleId?.startsWith('neon/')) continue;
      const rule = message.ruleId.slice('neon/'.length);
      (report.findings[rule] ??= []).push({
        file: relative,
        line: message.line,
        column: message.column,
        messageId: message.messageId,
        message: message.message,
        source: sourceLine(text, message.line),
      });
    }
  }
  return report;
}

/** Lints `files` in a worker thread (this same script) and resolves with its partial report. */
function lintFilesInWorker(repo, files, options) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(fileURLToPath(import.meta.url), {
      workerData: { repo, files, options: { ...options, rules: options.rules && [...options.rules] } },
    });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`worker for ${repo} exited with code ${code}`));
    });
  });
}

async function lintRepo(repo, options) {
  const started = Date.now();
  const skipped = [];
  const files = listFiles(repo, options.maxBytes, skipped);
  const jobs = Math.max(1, Math.min(options.jobs, Math.ceil(files.length / 200)));
  // Round-robin shards: a folder of huge files does not land on one worker.
  const shards = Array.from({ length: jobs }, (_, index) => files.filter((__, i) => i % jobs === index));
  const parts =
    jobs === 1
      ? [await lintFiles(repo, files, options)]
      : await Promise.all(shards.map((shard) => lintFilesInWorker(repo, shard, options)));
  const report = {
    name: path.basename(repo),
    path: repo,
    commit: gitCommit(repo),
    filesFound: files.length,
    filesLinted: 0,
    ignored: 0,
    skipped,
    parseErrors: [],
    crashes: [],
    findings: {},
    seconds: 0,
  };
  const byPosition = (a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
  for (const part of parts) {
    report.filesLinted += part.filesLinted;
    report.ignored += part.ignored;
    report.parseErrors.push(...part.parseErrors);
    report.crashes.push(...part.crashes);
    for (const [rule, list] of Object.entries(part.findings)) (report.findings[rule] ??= []).push(...list);
  }
  report.parseErrors.sort(byPosition);
  report.crashes.sort(byPosition);
  for (const list of Object.values(report.findings)) list.sort(byPosition);
  report.seconds = Math.round((Date.now() - started) / 100) / 10;
  return report;
}

function ruleNames(options) {
  return neonConfig(options.rules)
    .flatMap((block) => Object.keys(block.rules))
    .map((id) => id.replace(/^neon\//, ''))
    .filter((name, index, all) => all.indexOf(name) === index)
    .sort();
}

function markdown(summary) {
  const { rules, repos } = summary;
  const lines = [];
  lines.push(`# eslint-plugin-neon accuracy run`, '');
  lines.push(`${summary.generatedAt}, plugin ${summary.plugin}, ESLint ${summary.eslint}; rules: ${rules.join(', ') || '(none)'}`, '');
  const header = ['repo', 'commit', 'files linted', 'parse errors', 'crashes', ...rules, 'seconds'];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  for (const repo of repos) {
    const counts = rules.map((rule) => String(repo.findings[rule]?.length ?? 0));
    const row = [repo.name, (repo.commit ?? 'n/a').slice(0, 12), repo.filesLinted, repo.parseErrors.length, repo.crashes.length, ...counts, repo.seconds];
    lines.push(`| ${row.join(' | ')} |`);
  }
  const totals = rules.map((rule) => String(repos.reduce((sum, repo) => sum + (repo.findings[rule]?.length ?? 0), 0)));
  const sum = (key) => repos.reduce((total, repo) => total + (Array.isArray(repo[key]) ? repo[key].length : repo[key]), 0);
  lines.push(`| **total** | | ${sum('filesLinted')} | ${sum('parseErrors')} | ${sum('crashes')} | ${totals.join(' | ')} | |`, '');

  const crashes = repos.flatMap((repo) => repo.crashes.map((crash) => ({ repo: repo.name, ...crash })));
  lines.push('## Crashes', '');
  if (crashes.length === 0) lines.push('None.', '');
  for (const crash of crashes) {
    lines.push(`### ${crash.rule ?? 'unknown rule'} — ${crash.repo}/${crash.file}`, '', '```', crash.stack ?? crash.details, '```', '');
  }

  lines.push('## Findings', '');
  for (const rule of rules) {
    const all = repos.flatMap((repo) => (repo.findings[rule] ?? []).map((finding) => ({ repo: repo.name, ...finding })));
    lines.push(`### ${rule} (${all.length})`, '');
    for (const finding of all) {
      lines.push(`- \`${finding.repo}/${finding.file}:${finding.line}:${finding.column}\` ${finding.messageId ?? ''}: ${finding.message}`);
      if (finding.source) lines.push(`  \`${finding.source.replaceAll('`', "'")}\``);
    }
    lines.push('');
  }

  lines.push('## Parse errors (files skipped)', '');
  for (const repo of repos) {
    if (repo.parseErrors.length === 0) continue;
    lines.push(`- ${repo.name}: ${repo.parseErrors.length}`);
    for (const error of repo.parseErrors.slice(0, 20)) lines.push(`  - \`${error.file}:${error.line}\` ${error.message}`);
    if (repo.parseErrors.length > 20) lines.push(`  - … ${repo.parseErrors.length - 20} more in accuracy.json`);
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const rules = ruleNames(options);
  if (rules.length === 0) console.error('warning: the presets enable no rule yet (run `npm run build` after rules land)');
  const repos = [];
  const summary = {
    generatedAt: new Date().toISOString(),
    plugin: neon.meta.version,
    eslint: ESLint.version,
    rules,
    repos,
  };
  fs.mkdirSync(options.out, { recursive: true });
  for (const repo of options.repos) {
    if (!fs.existsSync(repo)) throw new Error(`no such directory: ${repo}`);
    process.stderr.write(`linting ${repo}\n`);
    const report = await lintRepo(repo, options);
    const findings = Object.values(report.findings).reduce((sum, list) => sum + list.length, 0);
    process.stderr.write(
      `  ${report.filesLinted} files, ${report.parseErrors.length} parse errors, ${report.crashes.length} crashes, ${findings} findings, ${report.seconds}s\n`,
    );
    repos.push(report);
    // Written after every repository, so a long run can be reviewed while it goes on.
    fs.writeFileSync(path.join(options.out, 'accuracy.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(options.out, 'accuracy.md'), markdown(summary));
  }
  console.log(`wrote ${path.join(options.out, 'accuracy.json')} and accuracy.md`);
  const crashed = repos.some((repo) => repo.crashes.length > 0);
  process.exitCode = crashed ? 1 : 0;
}

if (isMainThread) {
  main().catch((error) => {
    console.error(error.message);
    process.exitCode = 2;
  });
} else {
  const { repo, files, options } = workerData;
  const report = await lintFiles(repo, files, { ...options, rules: options.rules && new Set(options.rules) });
  parentPort.postMessage(report);
}
