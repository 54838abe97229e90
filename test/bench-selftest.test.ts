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
