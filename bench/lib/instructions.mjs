// Counts the instructions a node process executes, with valgrind's callgrind
// (every thread, V8's JIT code included). Unlike CPU time, the count does not
// move with the load other processes put on the machine; it costs ~50× the run
// time, so it is for small corpora. Hardware counters (`perf stat -e
// instructions`) would be cheaper, but virtual machines often do not expose them.
import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

export const hasCallgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;

/**
 * V8 decides when to optimize a function and when to collect garbage from
 * timers and background threads, so two counts of the same run differ by
 * ~2.5%. Single-threaded, with the timers and seeds fixed, they agree to ~0.1%.
 * That is repeatability, not precision: the same files in another order (a
 * copy of the corpus, read back in another directory order) move GC and JIT to
 * other points and the count by up to ~2%, and a configuration that allocates
 * differently moves them the same way.
 */
export function deterministicV8Flags({ seed = 1, youngGenerationMiB } = {}) {
  const flags = ['--single-threaded', '--predictable', `--hash-seed=${seed}`, `--random-seed=${seed}`];
  // A fixed, large young generation: far fewer scavenges, so fewer points for a collection to fall elsewhere.
  if (youngGenerationMiB) flags.push(`--min-semi-space-size=${youngGenerationMiB}`, `--max-semi-space-size=${youngGenerationMiB}`);
  return flags;
}

/**
 * `nodeArgs` as for measureNode, run with `v8Flags` (deterministicV8Flags()). Resolves to
 * { status, instructions (null when the count is missing), wallMs, load }.
 */
export function countInstructions(nodeArgs, { cwd, v8Flags = deterministicV8Flags() }) {
  const loadBefore = loadavg()[0];
  const started = process.hrtime.bigint();
  const child = spawn('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...v8Flags, ...nodeArgs], {
    cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    // Only the summary at the end matters; keep the tail.
    stderr = (stderr + chunk).slice(-64 * 1024);
  });
  return new Promise((resolve) => {
    child.on('close', (status) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      // "==123== Collected : 4567890"
      const match = /==\d+== Collected : (\d+)/.exec(stderr);
      const load = [loadBefore, loadavg()[0]].map((n) => Math.round(n * 100) / 100);
      resolve({ status, instructions: match ? Number(match[1]) : null, wallMs, load });
    });
  });
}

/** `task` over `items`, at most `jobs` at a time (counts do not depend on how many run together), results in order. */
export async function mapConcurrent(items, jobs, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
  return results;
}
