#!/usr/bin/env node
// Runs `neon-codemod analyze --json` of two builds over the same folders and
// compares what they found: a speed-up must not change a single finding, parse
// failure or count. The other build is a compiled copy of another commit:
//
//   mkdir /tmp/base && git archive main | tar -x -C /tmp/base && ln -s "$PWD/node_modules" /tmp/base/
//   (cd /tmp/base && npx tsc -p tsconfig.build.json)
//   npm run build && node bench/analyze-parity.mjs --base /tmp/base/dist/codemods/cli.js bench/.corpus/synthetic-10000-s42-d0.005 ../some-repo
//
// Exit 0 when every folder gives the same report, 1 otherwise. Read-only: analyze writes nothing.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist/codemods/cli.js');

function analyze(cli, dir) {
  const run = spawnSync(process.execPath, [cli, 'analyze', dir, '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status === 2 || !run.stdout.trim()) throw new Error(`${cli} analyze ${dir} failed (exit ${run.status}): ${run.stderr.slice(0, 500)}`);
  const [report] = JSON.parse(run.stdout).transforms;
  return {
    scanned: report.scanned,
    parsed: report.parsed,
    failed: report.failed,
    findings: report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.message}`),
    plan: report.details?.plan,
  };
}

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--base');
  if (at < 0 || !args[at + 1]) {
    process.stderr.write('usage: node bench/analyze-parity.mjs --base <other build>/dist/codemods/cli.js <folder>…\n');
    process.exit(2);
  }
  const base = resolve(args.splice(at, 2)[1]);
  let differ = false;
  for (const dir of args.map((d) => resolve(d))) {
    const [before, after] = [analyze(base, dir), analyze(CLI, dir)];
    const same = JSON.stringify(before) === JSON.stringify(after);
    differ ||= !same;
    process.stdout.write(`${same ? 'same' : 'DIFFERENT'}  ${dir}: ${after.findings.length} findings, ${after.parsed} of ${after.scanned} files parsed, ${after.failed.length} failed\n`);
    if (!same) {
      const only = (a, b) => a.findings.filter((f) => !b.findings.includes(f));
      process.stdout.write(`  counts before: scanned ${before.scanned}, parsed ${before.parsed}, failed ${before.failed.length}\n`);
      for (const f of only(before, after).slice(0, 10)) process.stdout.write(`  only before: ${f}\n`);
      for (const f of only(after, before).slice(0, 10)) process.stdout.write(`  only after:  ${f}\n`);
    }
  }
  process.exitCode = differ ? 1 : 0;
}

main();
