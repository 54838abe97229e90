#!/usr/bin/env node
// Codemods on real repositories: run the built `neon-codemod` over a throw-away
// copy of each repository and check what it did. Per repository:
//
//   1. copy it to WORK/<name> (no .git, no node_modules), `git init` + one commit;
//   2. `analyze --json`: stack, findings, files that fail to parse;
//   3. `all --dry --json`: must write nothing;
//   4. `all --json` for real, then check every file it changed or created: it
//      still parses (TypeScript files with typescript-estree, JavaScript with
//      espree and with the parser the codemods use), package.json is JSON, no
//      `*.neon-codemod` temp file is left, the report's changed files are git's;
//   5. a second `all` on the dirty tree is refused (exit 2), and after a commit
//      a second `all` changes nothing;
//   6. no run printed a password that the repository's literal URLs or
//      `password` options hold.
//
//   npm run build
//   node scripts/codemods-on-repos.mjs [--out DIR] [--work DIR] [--keep] REPO_DIR...
//
// Writes DIR/codemods.json (everything), DIR/codemods.md (summary, crashes with
// stacks, failures, unparseable outputs) and DIR/<repo>.diff (what `all` wrote,
// for review), after each repository. Exit code 1 when a run crashed, left an
// unparseable or half-written file, printed a secret or broke an invariant.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const CLI = path.join(root, 'dist', 'codemods', 'cli.js');
const USAGE = 'usage: node scripts/codemods-on-repos.mjs [--out DIR] [--work DIR] [--keep] REPO_DIR...';

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const TYPESCRIPT = /\.(?:[cm]?ts|tsx)$/;
const DECLARATION = /\.d\.[cm]?ts$/;
/** Folders never copied: dependencies and the repository's own git data. */
const NOT_COPIED = new Set(['node_modules', '.git']);
const MAX_BUFFER = 512 * 1024 * 1024;
const LISTED_FINDINGS = 40;

function usageError(message) {
  return Object.assign(new Error(`${message}\n${USAGE}`), { usage: true });
}

function parseArguments(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string', default: '/tmp/codemods-on-repos' },
        work: { type: 'string', default: '/tmp/cm' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw usageError(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (positionals.length === 0) throw usageError('no repository given');
  return { out: path.resolve(values.out), work: path.resolve(values.work), keep: values.keep, repos: positionals.map((repo) => path.resolve(repo)) };
}

// ---------------------------------------------------------------------------
// The copy and git

function git(cwd, args) {
  // No background `gc --auto`: it may still write into .git while the copy is removed.
  return execFileSync('git', ['-c', 'user.name=codemods-on-repos', '-c', 'user.email=codemods@localhost', '-c', 'core.autocrlf=false', '-c', 'gc.auto=0', ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function commitOf(dir) {
  try {
    return git(dir, ['rev-parse', 'HEAD']).trim();
  } catch {
    return null;
  }
}

/**
 * The repository holding `dir` and the folder to run on inside it: a
 * package of a monorepo (`…/payload/packages/db-postgres`) is run the way its
 * users would, `neon-codemod all packages/db-postgres` in a copy of the whole
 * repository.
 */
function locate(dir) {
  let top = dir;
  try {
    top = git(dir, ['rev-parse', '--show-toplevel']).trim();
  } catch {
    // not in git: the folder is the repository
  }
  const subpath = path.relative(top, dir).split(path.sep).join('/');
  const name = subpath ? `${path.basename(top)}/${subpath}` : path.basename(top);
  return { top, subpath, name };
}

/** The project root the CLI will use: the nearest folder with a package.json at or above `dir`, else `dir`. */
function projectRootOf(dir, top) {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, 'package.json'))) return current;
    if (current === top || path.dirname(current) === current) return dir;
  }
}

/** A fresh copy of `repo` in `target`, committed, so that the dirty-tree guard passes and `git diff` shows the codemods' work. */
function copyRepo(repo, target) {
  fs.rmSync(target, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
  fs.cpSync(repo, target, { recursive: true, verbatimSymlinks: true, filter: (source) => !NOT_COPIED.has(path.basename(source)) });
  git(target, ['init', '-q']);
  git(target, ['add', '-A']);
  git(target, ['commit', '-q', '--no-verify', '-m', 'the repository as copied']);
}

/** `git status` of the copy, ignored files included (a codemod may create a file that .gitignore hides). */
function treeStatus(dir) {
  const entries = git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--ignored=matching'])
    .split('\0')
    .filter(Boolean);
  return entries.map((entry) => ({ code: entry.slice(0, 2), file: entry.slice(3) }));
}

/** What changed since the last commit: modified, created (tracked or ignored) and deleted files. */
function changesSince(dir, ignoredBefore) {
  const changes = { modified: [], created: [], deleted: [] };
  for (const { code, file } of treeStatus(dir)) {
    if (code === '??') changes.created.push(file);
    else if (code === '!!') {
      if (!ignoredBefore.has(file)) changes.created.push(file);
    } else if (code.includes('D')) changes.deleted.push(file);
    else changes.modified.push(file);
  }
  for (const list of Object.values(changes)) list.sort();
  return changes;
}

function ignoredFiles(dir) {
  return new Set(treeStatus(dir).filter((entry) => entry.code === '!!').map((entry) => entry.file));
}

// ---------------------------------------------------------------------------
// The CLI

/** Runs the built CLI; the parsed `--json` report, exit code, output and wall time. */
function runCli(args, cwd) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: MAX_BUFFER,
    // No terminal: no progress bar, no colour; a fixed CI value keeps picocolors quiet too.
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  let report = null;
  let jsonError = null;
  if (args.includes('--json')) {
    try {
      report = JSON.parse(result.stdout);
    } catch (error) {
      jsonError = error.message;
    }
  }
  return {
    args,
    exitCode: result.status,
    signal: result.signal,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    stdout: result.stdout,
    stderr: result.stderr,
    report,
    jsonError,
  };
}

const CRASHED = /crashed|unexpected failure/;

/** A transform that threw is a crash; a file that does not parse is a failure the CLI handled. */
function crashesOf(run) {
  const crashes = [];
  if (run.signal || (run.exitCode !== 0 && run.exitCode !== 1 && run.exitCode !== 2)) {
    crashes.push({ transform: null, file: null, message: `exit ${run.exitCode ?? run.signal}`, stack: run.stderr.slice(-4000) });
  }
  const unexpected = /unexpected failure: ([\s\S]*)/.exec(run.stderr);
  if (unexpected) crashes.push({ transform: null, file: null, message: unexpected[1].split('\n')[0], stack: unexpected[1].trim() });
  if (run.jsonError && !unexpected) crashes.push({ transform: null, file: null, message: `stdout is not JSON: ${run.jsonError}`, stack: run.stderr.slice(-4000) });
  for (const transform of run.report?.transforms ?? []) {
    for (const issue of transform.failed) {
      if (CRASHED.test(issue.reason)) crashes.push({ transform: transform.name, file: issue.file, message: issue.reason, stack: issue.stack ?? null });
    }
  }
  return crashes;
}

function failuresOf(run) {
  return (run.report?.transforms ?? []).flatMap((transform) =>
    transform.failed.filter((issue) => !CRASHED.test(issue.reason)).map((issue) => ({ transform: transform.name, file: issue.file, reason: issue.reason })),
  );
}

function skippedOf(run) {
  return (run.report?.transforms ?? []).flatMap((transform) => transform.skipped.map((issue) => ({ transform: transform.name, ...issue })));
}

function changedOf(run) {
  return [...new Set((run.report?.transforms ?? []).flatMap((transform) => transform.changed))].sort();
}

/** Exit code per DESIGN.md: 1 when some file failed, else 0. */
function expectedExit(run) {
  return (run.report?.transforms ?? []).some((transform) => transform.failed.length > 0) ? 1 : 0;
}

function summaryOf(run) {
  const transforms = run.report?.transforms ?? [];
  return {
    exitCode: run.exitCode,
    seconds: run.seconds,
    steps: transforms.map((transform) => ({
      name: transform.name,
      scanned: transform.scanned,
      parsed: transform.parsed,
      changed: transform.changed.length,
      skipped: transform.skipped.length,
      failed: transform.failed.length,
      findings: transform.findings.length,
    })),
    warnings: run.report?.warnings ?? [],
    findings: transforms.flatMap((transform) =>
      transform.findings.map((finding) => ({ transform: transform.name, file: finding.file, line: finding.line, ruleId: finding.ruleId, message: finding.message })),
    ),
  };
}

// ---------------------------------------------------------------------------
// Checks on what `all` wrote

let parsers;
function loadParsers() {
  if (parsers) return parsers;
  const estree = require('@typescript-eslint/typescript-estree');
  const espree = require('espree');
  const jscodeshift = require('jscodeshift');
  const { parserFor } = require(path.join(root, 'dist', 'codemods', 'lib', 'transform.js'));
  parsers = {
    'typescript-estree': (text, file) => estree.parse(text, { filePath: file, jsx: file.endsWith('.tsx'), loc: true, range: true }),
    espree: (text, file) => {
      const options = { ecmaVersion: 'latest', ecmaFeatures: { jsx: true } };
      try {
        espree.parse(text, { ...options, sourceType: file.endsWith('.cjs') ? 'commonjs' : 'module' });
      } catch (error) {
        // A .js file of a CommonJS package may use what modules forbid (`with`, legacy octals).
        if (file.endsWith('.mjs')) throw error;
        espree.parse(text, { ...options, sourceType: 'commonjs' });
      }
    },
    'codemods (jscodeshift)': (text, file) => jscodeshift.withParser(parserFor(file))(text),
  };
  return parsers;
}

function parsersFor(file) {
  if (DECLARATION.test(file)) return [];
  if (TYPESCRIPT.test(file)) return ['typescript-estree', 'codemods (jscodeshift)'];
  if (SOURCE.test(file)) return ['espree', 'codemods (jscodeshift)'];
  return [];
}

function parseError(name, text, file) {
  try {
    loadParsers()[name](text, file);
    return null;
  } catch (error) {
    const line = error.lineNumber ?? error.loc?.line ?? error.location?.start?.line;
    return `${String(error.message).split('\n')[0]}${line && !String(error.message).includes(`${line}:`) ? ` (line ${line})` : ''}`;
  }
}

function originalText(dir, file) {
  try {
    return git(dir, ['show', `HEAD:${file}`]);
  } catch {
    return undefined;
  }
}

/** A rewritten file must parse with every parser that read the original; a created one with all of them. */
function unparseableOutputs(dir, files) {
  const problems = [];
  for (const file of files) {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, 'utf8');
    const before = originalText(dir, file);
    if (path.basename(file) === 'package.json') {
      try {
        JSON.parse(text);
      } catch (error) {
        problems.push({ file, parser: 'JSON.parse', error: error.message });
      }
      continue;
    }
    for (const name of parsersFor(file)) {
      if (before !== undefined && parseError(name, before, full)) continue;
      const error = parseError(name, text, full);
      if (error) problems.push({ file, parser: name, error });
    }
  }
  return problems;
}

/** Temp files of the atomic writes: none may outlive a run. */
function tempFiles(dir) {
  const found = [];
  const walk = (current) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory() && entry.name !== '.git' && entry.name !== 'node_modules') walk(full);
      else if (entry.name.endsWith('.neon-codemod')) found.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return found;
}

// ---------------------------------------------------------------------------
// Secrets: the passwords the repository's own literals hold, looked for in every output

const PASSWORD_OPTION = /\b(?:password|passwd|pwd)\s*[:=]\s*(['"`])([^'"`\n]{3,80})\1/gi;
/** Words that say "a password" without being one: printing them leaks nothing. */
const NOT_A_SECRET = /^(?:\*+|x+|password|passwd|pass|pwd|secret|changeme|postgres|root|admin|user|test|example|<[^>]*>|\[[^\]]*\]|\$\{.*\}|\{\{.*\}\})$/i;

function repositorySecrets(dir) {
  const { findConnectionStrings } = require(path.join(root, 'dist', 'src', 'connection', 'index.js'));
  const secrets = new Set();
  const files = git(dir, ['ls-files', '-z']).split('\0').filter((file) => SOURCE.test(file) || /(^|\/)\.env[^/]*$|\.(json|ya?ml|toml)$/.test(file));
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    if (text.length > 2_000_000) continue;
    for (const found of findConnectionStrings(text)) if (found.info.password) secrets.add(found.info.password);
    for (const match of text.matchAll(PASSWORD_OPTION)) secrets.add(match[2]);
  }
  return [...secrets].filter((secret) => !NOT_A_SECRET.test(secret));
}

/** The added lines of a unified diff, except those of `.env` files. */
function addedLines(diff) {
  return diff
    .split(/^diff --git /m)
    .filter((section) => !/^a\/(?:.*\/)?\.env /.test(section))
    .flatMap((section) => section.split('\n').filter((line) => line.startsWith('+') && !line.startsWith('+++')))
    .join('\n');
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A password printed inside a URL (`:secret@`) or as a password option's value
 * (`password: 'secret'`), anywhere when it is long and not a plain word, and
 * quoted when it is not a plain word (a plain word quoted is also a JSON key
 * of the report: `"changed"`).
 */
function leaksIn(outputs, secrets) {
  const leaks = [];
  for (const secret of secrets) {
    const escaped = escapeRegExp(secret);
    const word = /^[a-z]+$/i.test(secret);
    const shapes = [`:${escaped}@`, `(?:[Pp]assword|[Pp]asswd|pwd|PASSWORD)\\W{0,6}(['"\`])${escaped}\\1`];
    if (!word) shapes.push(secret.length >= 8 ? escaped : `(['"\`])${escaped}\\2`);
    const pattern = new RegExp(shapes.join('|'));
    for (const [where, text] of Object.entries(outputs)) {
      const match = pattern.exec(text);
      if (!match) continue;
      const context = text.slice(Math.max(0, match.index - 60), match.index + match[0].length + 20).replace(/\s+/g, ' ');
      leaks.push({ where, secretLength: secret.length, context: context.split(secret).join('<SECRET>') });
    }
  }
  return leaks;
}

// ---------------------------------------------------------------------------
// One repository

async function runRepo(repo, options) {
  const { top, subpath, name } = locate(repo);
  const copy = path.join(options.work, name.replaceAll('/', '--'));
  const dir = subpath ? path.join(copy, subpath) : copy;
  const started = Date.now();
  const log = (text) => process.stderr.write(`  ${text}\n`);
  const result = {
    name,
    path: repo,
    commit: commitOf(top),
    copy,
    analyze: null,
    dry: null,
    all: null,
    secondRun: null,
    refusedExitCode: null,
    stack: null,
    findings: {},
    changed: { modified: [], created: [], deleted: [] },
    failures: [],
    skipped: [],
    crashes: [],
    unparseable: [],
    problems: [],
    leaks: [],
    secretsChecked: 0,
    seconds: 0,
  };
  const problem = (text) => result.problems.push(text);

  copyRepo(top, copy);
  const secrets = repositorySecrets(copy);
  result.secretsChecked = secrets.length;
  const outputs = {};
  const record = (label, run) => {
    outputs[`${label} stdout`] = run.stdout;
    outputs[`${label} stderr`] = run.stderr;
    for (const crash of crashesOf(run)) result.crashes.push({ run: label, ...crash });
    if (run.exitCode !== expectedExit(run) && run.report) problem(`${label}: exit ${run.exitCode}, the report's failures say ${expectedExit(run)}`);
    return summaryOf(run);
  };

  // analyze
  const analyze = runCli(['analyze', dir, '--json'], dir);
  result.analyze = record('analyze', analyze);
  const analyzeReport = analyze.report?.transforms?.[0];
  if (analyzeReport) {
    result.stack = analyzeReport.details?.stack ?? null;
    for (const rule of analyzeReport.details?.rules ?? []) result.findings[rule.ruleId] = rule.count;
    result.failures.push(...failuresOf(analyze).map((failure) => ({ run: 'analyze', ...failure })));
  }
  log(`analyze: exit ${analyze.exitCode}, ${analyzeReport?.scanned ?? '?'} scanned, ${analyzeReport?.parsed ?? '?'} parsed, ${analyzeReport?.findings.length ?? '?'} findings, ${analyze.seconds}s`);

  // all --dry: writes nothing
  const ignoredBefore = ignoredFiles(copy);
  const dry = runCli(['all', dir, '--dry', '--json'], dir);
  result.dry = { ...record('all --dry', dry), wouldChange: changedOf(dry) };
  const afterDry = changesSince(copy, ignoredBefore);
  const dryWrote = [...afterDry.modified, ...afterDry.created, ...afterDry.deleted];
  if (dryWrote.length > 0) problem(`all --dry wrote ${dryWrote.join(', ')}`);
  log(`all --dry: exit ${dry.exitCode}, would change ${result.dry.wouldChange.length}, ${dry.seconds}s`);

  // all, for real
  const all = runCli(['all', dir, '--json'], dir);
  result.all = record('all', all);
  result.failures.push(...failuresOf(all).map((failure) => ({ run: 'all', ...failure })));
  result.skipped.push(...skippedOf(all));
  result.changed = changesSince(copy, ignoredBefore);
  const touched = [...result.changed.modified, ...result.changed.created];
  // The report names files relative to the project root; git, relative to the repository.
  const projectRoot = projectRootOf(dir, copy);
  const prefix = path.relative(copy, projectRoot).split(path.sep).join('/');
  const inRepo = (file) => (prefix ? `${prefix}/${file}` : file);
  const reported = changedOf(all).map(inRepo);
  const onDisk = [...touched, ...result.changed.deleted].sort();
  const missing = onDisk.filter((file) => !reported.includes(file));
  const phantom = reported.filter((file) => !onDisk.includes(file));
  if (missing.length > 0) problem(`all changed files its report does not list: ${missing.join(', ')}`);
  if (phantom.length > 0) problem(`all reports changes git does not see: ${phantom.join(', ')}`);
  // Migration files are named after the time of the run.
  const timeless = (file) => file.replace(/\d{10,}/g, '<time>');
  const dryPlanned = result.dry.wouldChange.map(inRepo).map(timeless);
  const dryOnly = dryPlanned.filter((file) => !reported.map(timeless).includes(file));
  const realOnly = reported.map(timeless).filter((file) => !dryPlanned.includes(file));
  if (dryOnly.length + realOnly.length > 0) problem(`--dry and the real run differ: dry only ${dryOnly.join(', ') || '-'}; real only ${realOnly.join(', ') || '-'}`);
  const outside = onDisk.filter((file) => prefix && !file.startsWith(`${prefix}/`));
  if (outside.length > 0) problem(`all wrote outside its project root ${prefix}: ${outside.join(', ')}`);
  result.wouldChange = result.dry.wouldChange.map(inRepo);
  result.unparseable = unparseableOutputs(copy, touched);
  for (const file of tempFiles(copy)) problem(`temp file left behind: ${file}`);
  git(copy, ['add', '-A']);
  const diff = git(copy, ['diff', '--cached', '--no-color']);
  fs.writeFileSync(path.join(options.out, `${name.replaceAll('/', '--')}.diff`), diff);
  // What the run wrote into files, .env aside (--write-env is not used here): no password may move there either.
  outputs['lines all added to files'] = addedLines(diff);
  log(`all: exit ${all.exitCode}, ${result.changed.modified.length} modified, ${result.changed.created.length} created, ${result.changed.deleted.length} deleted, ${all.seconds}s`);

  // a second run: refused on the dirty tree (made dirty here when all changed nothing), then a no-op once committed
  // An edit to a tracked file, which no .gitignore can hide.
  const edited = fs.existsSync(path.join(projectRoot, 'package.json')) ? path.join(projectRoot, 'package.json') : undefined;
  const original = edited && fs.readFileSync(edited);
  if (onDisk.length === 0 && edited) fs.appendFileSync(edited, '\n');
  const refused = runCli(['all', dir, '--json'], dir);
  outputs['refused stderr'] = refused.stderr;
  result.refusedExitCode = refused.exitCode;
  if (refused.exitCode !== 2 && (onDisk.length > 0 || edited)) problem(`all on a dirty tree: exit ${refused.exitCode}, expected 2 (refused)`);
  if (onDisk.length === 0 && edited) fs.writeFileSync(edited, original);
  if (onDisk.length > 0) git(copy, ['commit', '-q', '--no-verify', '-m', 'neon-codemod all']);
  const ignoredAfter = ignoredFiles(copy);
  const second = runCli(['all', dir, '--json'], dir);
  const secondChanges = changesSince(copy, ignoredAfter);
  result.secondRun = { ...record('second all', second), changed: [...secondChanges.modified, ...secondChanges.created, ...secondChanges.deleted] };
  if (result.secondRun.changed.length > 0) {
    problem(`a second all changed ${result.secondRun.changed.join(', ')}`);
    git(copy, ['add', '-A']);
    fs.writeFileSync(path.join(options.out, `${name.replaceAll('/', '--')}.second.diff`), git(copy, ['diff', '--cached', '--no-color']));
  }
  log(`second all: exit ${second.exitCode}, ${result.secondRun.changed.length} changed, ${second.seconds}s`);

  result.leaks = leaksIn(outputs, secrets);
  if (!options.keep) fs.rmSync(copy, { recursive: true, force: true, maxRetries: 5, retryDelay: 500 });
  result.seconds = Math.round((Date.now() - started) / 100) / 10;
  return result;
}

// ---------------------------------------------------------------------------
// The report

function markdown(summary) {
  const lines = ['# neon-codemod on real repositories', ''];
  lines.push(`${summary.generatedAt}, plugin ${summary.plugin}, node ${process.version}`, '');
  const header = [
    'repo', 'commit', 'scanned', 'parsed', 'findings', 'failed (analyze)', 'modified', 'created', 'deleted', 'failed (all)',
    'crashes', 'unparseable', 'problems', 'leaks', 'exit codes', 'seconds',
  ];
  lines.push(`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`);
  const sum = (count) => summary.repos.reduce((total, repo) => total + count(repo), 0);
  const analyzeStep = (repo) => repo.analyze?.steps[0] ?? { scanned: 0, parsed: 0 };
  const findings = (repo) => Object.values(repo.findings).reduce((total, count) => total + count, 0);
  const failed = (repo, run) => repo.failures.filter((failure) => failure.run === run).length;
  for (const repo of summary.repos) {
    const exits = [repo.analyze?.exitCode, repo.dry?.exitCode, repo.all?.exitCode, repo.refusedExitCode, repo.secondRun?.exitCode].map((code) => code ?? '-').join('/');
    const row = [
      repo.name, (repo.commit ?? 'n/a').slice(0, 12), analyzeStep(repo).scanned, analyzeStep(repo).parsed, findings(repo), failed(repo, 'analyze'),
      repo.changed.modified.length, repo.changed.created.length, repo.changed.deleted.length, failed(repo, 'all'),
      repo.crashes.length, repo.unparseable.length, repo.problems.length, repo.leaks.length, exits, repo.seconds,
    ];
    lines.push(`| ${row.join(' | ')} |`);
  }
  lines.push(
    `| **total** | | ${sum((repo) => analyzeStep(repo).scanned)} | ${sum((repo) => analyzeStep(repo).parsed)} | ${sum(findings)} | ${sum((repo) => failed(repo, 'analyze'))} | ` +
      `${sum((repo) => repo.changed.modified.length)} | ${sum((repo) => repo.changed.created.length)} | ${sum((repo) => repo.changed.deleted.length)} | ` +
      `${sum((repo) => failed(repo, 'all'))} | ${sum((repo) => repo.crashes.length)} | ${sum((repo) => repo.unparseable.length)} | ` +
      `${sum((repo) => repo.problems.length)} | ${sum((repo) => repo.leaks.length)} | | ${Math.round(sum((repo) => repo.seconds))} |`,
    '',
  );
  lines.push('scanned/parsed/findings: `analyze`. modified/created/deleted: what `all` wrote (git status of the copy). exit codes: analyze / all --dry / all / all on a dirty tree (refused: 2) / second all.', '');

  const section = (title, items, render) => {
    lines.push(`## ${title}`, '');
    if (items.length === 0) lines.push('None.');
    for (const item of items) lines.push(...render(item));
    lines.push('');
  };
  const each = (key) => summary.repos.flatMap((repo) => repo[key].map((item) => ({ repo: repo.name, ...item })));
  section('Crashes', each('crashes'), (crash) => [
    `### ${crash.repo}: ${crash.run}${crash.transform ? ` / ${crash.transform}` : ''}${crash.file ? ` — ${crash.file}` : ''}`,
    '',
    crash.message,
    '',
    '```',
    crash.stack ?? '(no stack)',
    '```',
    '',
  ]);
  section('Unparseable outputs', each('unparseable'), (item) => [`- \`${item.repo}/${item.file}\` (${item.parser}): ${item.error}`]);
  section(
    'Invariants broken',
    summary.repos.flatMap((repo) => repo.problems.map((text) => ({ repo: repo.name, text }))),
    (item) => [`- ${item.repo}: ${item.text}`],
  );
  section('Secrets printed', each('leaks'), (leak) => [`- ${leak.repo}, ${leak.where}: \`${leak.context}\``]);
  section('Files the codemods failed on (reported, left untouched)', each('failures'), (failure) => [
    `- ${failure.repo} ${failure.run}${failure.transform && failure.transform !== 'analyze' ? ` / ${failure.transform}` : ''}: \`${failure.file}\` ${failure.reason}`,
  ]);
  section('Files skipped', each('skipped'), (item) => [`- ${item.repo} / ${item.transform}: \`${item.file}\` ${item.reason}`]);

  lines.push('## Per repository', '');
  for (const repo of summary.repos) {
    lines.push(`### ${repo.name}`, '');
    if (repo.stack) {
      const list = (values) => (values?.length ? values.join(', ') : 'none');
      lines.push(`Stack: ${repo.stack.language}, drivers ${list(repo.stack.drivers)}, ORM ${list(repo.stack.orms)}, migrations ${list(repo.stack.migrationTools)}, platforms ${list(repo.stack.platforms)}.`, '');
    }
    const rules = Object.entries(repo.findings).map(([rule, count]) => `${rule.replace(/^neon\//, '')} ${count}`);
    lines.push(`Findings (analyze): ${rules.join(', ') || 'none'}. Passwords checked in the output: ${repo.secretsChecked}.`, '');
    const steps = repo.all?.steps ?? [];
    if (steps.length > 0) {
      lines.push('| all: transform | scanned | parsed | changed | skipped | failed | findings |', '|---|---|---|---|---|---|---|');
      for (const step of steps) lines.push(`| ${step.name} | ${step.scanned} | ${step.parsed} | ${step.changed} | ${step.skipped} | ${step.failed} | ${step.findings} |`);
      lines.push('');
    }
    const left = repo.all?.findings ?? [];
    if (left.length > 0) {
      lines.push(`Left for a human by \`all\` (${left.length}):`, '');
      for (const finding of left.slice(0, LISTED_FINDINGS)) lines.push(`- ${finding.transform}: \`${finding.file}:${finding.line}\` ${finding.message}`);
      if (left.length > LISTED_FINDINGS) lines.push(`- … ${left.length - LISTED_FINDINGS} more in codemods.json`);
      lines.push('');
    }
    for (const [kind, files] of Object.entries(repo.changed)) if (files.length > 0) lines.push(`${kind}: ${files.map((file) => `\`${file}\``).join(', ')}`, '');
    lines.push(`Times: analyze ${repo.analyze?.seconds}s, all --dry ${repo.dry?.seconds}s, all ${repo.all?.seconds}s, second all ${repo.secondRun?.seconds}s.`, '');
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  if (!fs.existsSync(CLI)) throw usageError(`${path.relative(process.cwd(), CLI)} is missing: run npm run build first`);
  for (const repo of options.repos) if (!fs.existsSync(repo)) throw usageError(`no such directory: ${repo}`);
  fs.mkdirSync(options.out, { recursive: true });
  fs.mkdirSync(options.work, { recursive: true });
  const summary = { generatedAt: new Date().toISOString(), plugin: require(path.join(root, 'package.json')).version, repos: [] };
  for (const repo of options.repos) {
    process.stderr.write(`${repo}\n`);
    summary.repos.push(await runRepo(repo, options));
    // Written after every repository, so a long run can be reviewed while it goes on.
    fs.writeFileSync(path.join(options.out, 'codemods.json'), `${JSON.stringify(summary, null, 2)}\n`);
    fs.writeFileSync(path.join(options.out, 'codemods.md'), markdown(summary));
  }
  console.log(`wrote ${path.join(options.out, 'codemods.json')}, codemods.md and one .diff per repository`);
  const bad = summary.repos.some((repo) => repo.crashes.length + repo.unparseable.length + repo.problems.length + repo.leaks.length > 0);
  process.exitCode = bad ? 1 : 0;
}

main().catch((error) => {
  console.error(error.usage ? error.message : (error.stack ?? error.message));
  process.exitCode = 2;
});
