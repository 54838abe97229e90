#!/usr/bin/env node
// The demo, on the bundled legacy app fixtures/projects/express-pg:
//   1. lint it and show the findings, grouped by rule;
//   2. `neon-codemod analyze`;
//   3. `neon-codemod all --dry`: the diff;
//   4. `neon-codemod all` on a temporary git copy;
//   5. lint the copy again: what is left;
//   6. run the new migrations on a throw-away PostgreSQL and list the tables.
// Colours on a terminal, plain text otherwise. Needs only `npm ci` (which builds dist/): no
// network, no server started by hand. Removes its temp folder and stops its server, also on Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import neon from 'eslint-plugin-neon';
import tseslint from 'typescript-eslint';
import pc from 'picocolors';

import { findSystemBinaries, startPostgres } from './lib/postgres.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const app = path.join(root, 'fixtures/projects/express-pg');
const cli = path.join(root, 'dist/codemods/cli.js');
const { CODEMODS } = require(path.join(root, 'dist/codemods/registry.js'));
const color = process.stdout.isTTY ? pc : pc.createColors(false);

// A fixed identity, and no user or system git config: the demo's commits must not depend on the machine.
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'neon demo',
  GIT_AUTHOR_EMAIL: 'demo@example.com',
  GIT_COMMITTER_NAME: 'neon demo',
  GIT_COMMITTER_EMAIL: 'demo@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: os.devNull,
};

// ---- output ----------------------------------------------------------------

function heading(text) {
  console.log(`\n${color.bold(color.cyan(`== ${text}`))}`);
}

function note(text) {
  console.log(color.dim(text));
}

/** Prints a child's output indented, with diff lines coloured on a terminal. */
function printIndented(text) {
  for (const line of text.replace(/\n+$/, '').split('\n')) {
    let shown = line;
    if (/^(--- a\/|\+\+\+ b\/)/.test(line)) shown = color.bold(line);
    else if (line.startsWith('+')) shown = color.green(line);
    else if (line.startsWith('-')) shown = color.red(line);
    else if (line.startsWith('@@')) shown = color.cyan(line);
    console.log(`  ${shown}`);
  }
}

// ---- cleanup, also on Ctrl-C --------------------------------------------------

const cleanups = [];
let cleaning;
let interrupted = false;

/** Undoes what the demo set up, newest first; the signal handler and the normal end share one run. */
function cleanUp() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      await cleanups.pop()().catch((error) => console.error(`cleanup failed: ${error.message}`));
    }
  })();
  return cleaning;
}

for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
  process.once(signal, () => {
    interrupted = true;
    // Work cut short by the shutdown (a query to the stopping server) fails now: expected, not news.
    process.on('uncaughtException', () => {});
    console.error(`\n${signal}: stopping the server and removing temporary files…`);
    void cleanUp().finally(() => process.exit(code));
  });
}

// ---- child processes --------------------------------------------------------

/** Runs a command; resolves with its exit code and combined output (the CLI's summary goes to stderr). */
function run(command, args, cwd, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

async function git(cwd, ...args) {
  const { code, output } = await run('git', args, cwd, GIT_ENV);
  if (code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${output}`);
  return output;
}

async function codemod(cwd, ...args) {
  const { code, output } = await run(process.execPath, [cli, ...args], cwd);
  printIndented(output);
  // 0 done; 1 some files failed (the report says which): worth showing, not worth stopping for.
  if (code !== 0 && code !== 1) throw new Error(`neon-codemod ${args.join(' ')} exited with ${code}`);
}

/** `Map.groupBy`, which Node 20 lacks. */
function groupBy(items, keyOf) {
  const groups = new Map();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

// ---- lint -------------------------------------------------------------------

async function lint(cwd) {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.{ts,tsx,mts,cts}'], languageOptions: { parser: tseslint.parser } },
      ...neon.configs.neon,
    ],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((result) =>
    result.messages.map((message) => ({ file: path.relative(cwd, result.filePath), ruleId: message.ruleId ?? 'parse error', ...message })),
  );
}

function printByRule(findings) {
  const byRule = groupBy(findings, (finding) => finding.ruleId);
  for (const [ruleId, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`\n${color.yellow(ruleId)} ${color.dim(`(${list.length})`)}`);
    for (const finding of list) {
      console.log(`  ${color.dim(`${finding.file}:${finding.line}:${finding.column}`)}  ${finding.message}`);
    }
  }
}

// ---- the transforms ---------------------------------------------------------

const answeredRules = new Set(CODEMODS.flatMap((entry) => entry.meta.answers));

async function copyApp() {
  const tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-demo-'));
  cleanups.push(() => fs.promises.rm(tempRoot, { recursive: true, force: true }));
  const copy = path.join(tempRoot, path.basename(app));
  fs.cpSync(app, copy, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
  // neon-codemod refuses to write to a dirty tree: start from a commit, as on a real repository.
  await git(copy, 'init', '--quiet', '--initial-branch=main');
  await git(copy, 'add', '.');
  await git(copy, 'commit', '--quiet', '-m', 'legacy app');
  return copy;
}

async function printChangedFiles(copy) {
  await git(copy, 'add', '--all');
  console.log('\n  Changed since the legacy commit:');
  printIndented(await git(copy, 'diff', '--cached', '--stat', 'HEAD'));
}

// ---- migrations -------------------------------------------------------------

/** The folder of node-pg-migrate migrations, the tool the codemods give a plain `pg` app. */
function migrationsFolder(copy) {
  const folder = path.join(copy, 'migrations');
  return fs.existsSync(folder) && fs.readdirSync(folder).length > 0 ? folder : undefined;
}

async function listTables(databaseUrl) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(`
      SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default
      FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`);
    return groupBy(rows, (row) => row.table_name);
  } finally {
    await client.end();
  }
}

async function migrate(folder) {
  const source = findSystemBinaries() ? 'system' : 'embedded';
  // Always a local throw-away server: the demo never touches a database DATABASE_URL may point at.
  const server = await startPostgres({ source });
  cleanups.push(() => server.stop());
  note(`PostgreSQL (${source} binaries) on 127.0.0.1:${server.port}`);
  const databaseUrl = await server.createDatabase('demo');
  const { runner } = await import('node-pg-migrate');
  const applied = await runner({
    databaseUrl,
    dir: folder,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    log: () => {},
  });
  console.log(`\n  Applied ${applied.length} migration(s): ${applied.map((migration) => migration.name).join(', ')}`);
  const tables = await listTables(databaseUrl);
  console.log(`\n  ${color.bold('List of tables (schema public)')}`);
  for (const [table, columns] of tables) {
    const bookkeeping = table === 'pgmigrations' ? color.dim('  (node-pg-migrate bookkeeping)') : '';
    console.log(`\n  ${color.yellow(table)}${bookkeeping}`);
    const width = Math.max(...columns.map((column) => column.column_name.length));
    for (const column of columns) {
      const notNull = column.is_nullable === 'NO' ? ' not null' : '';
      const defaultValue = column.column_default ? color.dim(` default ${column.column_default}`) : '';
      console.log(`    ${column.column_name.padEnd(width)}  ${column.data_type}${notNull}${defaultValue}`);
    }
  }
}

// ---- the steps --------------------------------------------------------------

async function main() {
  const started = Date.now();
  heading(`1. Lint ${path.relative(root, app)} with eslint-plugin-neon (preset: neon)`);
  const before = await lint(app);
  printByRule(before);
  console.log(`\n${color.bold(`${before.length} findings`)} in ${new Set(before.map((finding) => finding.file)).size} files.`);

  heading('2. neon-codemod analyze: the stack, the findings and the plan');
  const copy = await copyApp();
  note(`(on a git copy in ${copy})`);
  await codemod(copy, 'analyze');

  heading('3. neon-codemod all --dry: what it would change');
  await codemod(copy, 'all', '--dry');

  heading('4. neon-codemod all: apply it to the copy');
  await codemod(copy, 'all');
  await printChangedFiles(copy);

  heading('5. Lint the copy again (preset: neon)');
  const after = await lint(copy);
  const unanswered = after.filter((finding) => !answeredRules.has(finding.ruleId));
  const answered = after.filter((finding) => answeredRules.has(finding.ruleId));
  if (answered.length === 0) console.log(color.green('Nothing left that a transform answers.'));
  else {
    console.log(color.red(`${answered.length} finding(s) left that a transform answers:`));
    printByRule(answered);
  }
  if (unanswered.length === 0) console.log(color.green('Nothing left at all.'));
  else {
    console.log(`\nLeft for a human (no registered transform answers these): ${unanswered.length}`);
    printByRule(unanswered);
  }

  heading('6. Run the new migrations on a throw-away PostgreSQL');
  const folder = migrationsFolder(copy);
  if (folder) await migrate(folder);
  else console.log(color.red('No migrations were generated (no migrations/ folder in the copy): nothing to run.'));

  console.log(`\n${color.bold('Done')} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

try {
  await main();
} catch (error) {
  if (!interrupted) {
    console.error(`\ndemo failed: ${error.stack ?? error}`);
    process.exitCode = 1;
  }
} finally {
  await cleanUp();
}
