// Runs one child process and measures it two ways:
// - `self`: the child's own getrusage(RUSAGE_SELF) at exit, in µs, written by
//   lib/rusage-hook.cjs (preloaded with --require). Precise; covers the process
//   and its threads, not its subprocesses. Lint runs use this figure.
// - `tree`: wait4()'s rusage of the child, as GNU time prints it (`-f`), which
//   includes every waited-for descendant; 10 ms resolution for CPU. Codemod runs
//   use this figure, since a CLI may start worker processes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HOOK = join(dirname(fileURLToPath(import.meta.url)), 'rusage-hook.cjs');
export const GNU_TIME = '/usr/bin/time';
export const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%U', 'true']).status === 0;

/**
 * `nodeArgs` are the arguments of a `node` invocation (node flags, then the script). Returns
 * { status, stdout, stderr, self: {cpuMs, userMs, sysMs, maxRssMiB, wallMs}, tree: {...} | null, wallMs,
 *   load: [1-minute load average before, after] }.
 */
export function measureNode(nodeArgs, options = {}) {
  const run = prepareRun(nodeArgs, options);
  const result = spawnSync(run.command, run.args, run.spawnOptions);
  return run.collect(result.status);
}

/** measureNode without blocking, so that two runs can share the machine's time (concurrent pairs). */
export function measureNodeAsync(nodeArgs, options = {}) {
  const run = prepareRun(nodeArgs, options);
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(run.command, run.args, run.spawnOptions);
    } catch (error) {
      run.cleanUp();
      reject(error);
      return;
    }
    // A child that fails to start may report 'close' after 'error': settle once.
    let settled = false;
    child.on('error', (error) => {
      if (settled) return;
      settled = true;
      run.cleanUp();
      reject(error);
    });
    child.on('close', (status) => {
      if (settled) return;
      settled = true;
      try {
        resolve(run.collect(status));
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** The command line, the output files, and how to read them back once the child has exited. */
function prepareRun(nodeArgs, { cwd, env = {} }) {
  const dir = mkdtempSync(join(tmpdir(), 'neon-bench-'));
  const rusageFile = join(dir, 'rusage.json');
  const timeFile = join(dir, 'time.txt');
  const stdoutFile = join(dir, 'stdout');
  const stderrFile = join(dir, 'stderr');
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  const node = [process.execPath, '--require', HOOK, ...nodeArgs];
  const [command, ...args] = hasGnuTime ? [GNU_TIME, '-o', timeFile, '-f', '%e %U %S %M', ...node] : node;
  const childEnv = { ...process.env, ...env, BENCH_RUSAGE_FILE: rusageFile };
  delete childEnv.BENCH_RUSAGE_OWNER;
  const loadBefore = loadavg()[0];
  const started = process.hrtime.bigint();
  const cleanUp = () => {
    closeSync(out);
    closeSync(err);
    rmSync(dir, { recursive: true, force: true });
  };
  const collect = (status) => {
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    try {
      const stdout = readFileSync(stdoutFile, 'utf8');
      const stderr = readFileSync(stderrFile, 'utf8');
      let self = null;
      if (existsSync(rusageFile)) {
        const usage = JSON.parse(readFileSync(rusageFile, 'utf8'));
        const userMs = usage.userMicros / 1000;
        const sysMs = usage.systemMicros / 1000;
        self = { cpuMs: userMs + sysMs, userMs, sysMs, maxRssMiB: usage.maxRssKiB / 1024, wallMs: usage.wallMs };
      }
      let tree = null;
      if (hasGnuTime && existsSync(timeFile)) {
        // GNU time prints "Command exited with non-zero status N" first when the child fails.
        const line = readFileSync(timeFile, 'utf8').trim().split('\n').pop();
        const [elapsed, user, sys, maxRssKiB] = line.split(' ').map(Number);
        tree = { cpuMs: (user + sys) * 1000, userMs: user * 1000, sysMs: sys * 1000, maxRssMiB: maxRssKiB / 1024, wallMs: elapsed * 1000 };
      }
      const load = [loadBefore, loadavg()[0]].map((n) => Math.round(n * 100) / 100);
      return { status, stdout, stderr, self, tree, wallMs, load };
    } finally {
      cleanUp();
    }
  };
  return { command, args, spawnOptions: { cwd, env: childEnv, stdio: ['ignore', out, err] }, collect, cleanUp };
}
