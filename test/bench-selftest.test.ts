import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';

// The benchmark's own machinery (corpus, TIMING and profile readers, callgrind scheduling), no timings.
it('bench/selftest.mjs passes', () => {
  const run = spawnSync(process.execPath, [path.resolve('bench/selftest.mjs')], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.stdout).toContain('bench selftest: ok');
  expect(run.status).toBe(0);
}, 60_000);

// The steady-state comparison runs end to end (its figures are timings: only their shape is checked).
it('bench/steady-state.mjs reports every configuration asked for, against the first', () => {
  const run = spawnSync(process.execPath, [path.resolve('bench/steady-state.mjs'), '--size', '60', '--repeats', '1', '--configs', 'trivial,recommended'], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const [header, ...rows] = run.stdout.trim().split('\n');
  expect(header).toMatch(/^\d+ files in .*synthetic-60-.*, fastest of 1 lints per file and configuration$/);
  expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['trivial', 'recommended']);
  expect(rows[0]).toContain('×1.000 trivial');
}, 120_000);
