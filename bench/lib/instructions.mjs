// Counts the instructions a node process executes, with valgrind's callgrind
// (every thread, V8's JIT code included). Unlike CPU time, the count does not
// move with the load other processes put on the machine; it costs ~50× the run
// time, so it is for small corpora. Hardware counters (`perf stat -e
// instructions`) would be cheaper, but virtual machines often do not expose them.
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

export const hasCallgrind = spawnSync('valgrind', ['--version'], { encoding: 'utf8' }).status === 0;

/** `nodeArgs` as for measureNode. Returns { status, instructions (null when the count is missing), wallMs, load }. */
export function countInstructions(nodeArgs, { cwd }) {
  const loadBefore = loadavg()[0];
  const started = process.hrtime.bigint();
  const result = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...nodeArgs], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  // "==123== Collected : 4567890"
  const match = /==\d+== Collected : (\d+)/.exec(result.stderr ?? '');
  const load = [loadBefore, loadavg()[0]].map((n) => Math.round(n * 100) / 100);
  return { status: result.status, instructions: match ? Number(match[1]) : null, wallMs, load };
}
