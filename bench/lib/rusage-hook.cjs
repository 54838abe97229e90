// Preloaded with `node --require` into each measured child: at exit, writes the
// process's own getrusage(RUSAGE_SELF) (user and system CPU in µs, max RSS in KiB;
// every thread of the process, worker threads included) to BENCH_RUSAGE_FILE.
// Only the first process that loads it writes: subprocesses inherit the env var
// (and a fork inherits --require), and must not overwrite the parent's figures.
'use strict';

const { writeFileSync } = require('node:fs');

const target = process.env.BENCH_RUSAGE_FILE;
if (target && !process.env.BENCH_RUSAGE_OWNER) {
  process.env.BENCH_RUSAGE_OWNER = String(process.pid);
  const startedAt = process.hrtime.bigint();
  process.on('exit', () => {
    const usage = process.resourceUsage();
    const wallMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
    writeFileSync(target, JSON.stringify({ userMicros: usage.userCPUTime, systemMicros: usage.systemCPUTime, maxRssKiB: usage.maxRSS, wallMs }));
  });
}
