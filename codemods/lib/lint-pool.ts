import os from 'node:os';
import { Worker } from 'node:worker_threads';

import type { LintResult, NeonLinter, NeonLinterOptions } from './lint';
import { builtWorkerScript } from './threads';

/**
 * Lints a run's files on several cores: worker threads, each with its own
 * linter (the same `createNeonLinter` options), take files in small batches
 * while this thread lints the rest, and the results come back in the order
 * of the files.
 *
 * Opt-in (`NEON_CODEMOD_THREADS=<worker threads>`): each worker pays its own
 * start-up and JIT warm-up (loading ESLint and the parser), and on the shared
 * 2-core machines `analyze` over 10k files took twice the wall time with one
 * worker than without (docs/performance.md); the benchmark measures both, so
 * that a quiet machine can show whether it pays. Workers start only from the
 * built package: from the TypeScript sources (under the test runner) every
 * file is linted in this thread.
 */

export interface LintJob {
  readonly text: string;
  readonly filename: string;
}

export interface LintPool {
  /** Lints `jobs` with `own` in this thread and with the workers; results in the order of `jobs`. `onDone` hears of each file as it is linted. */
  lintAll(jobs: readonly LintJob[], own: NeonLinter, onDone?: () => void): Promise<LintResult[]>;
  close(): Promise<void>;
}

const BATCH = 4;
/** Batches a worker holds at once, so that it never waits for the next one. */
const IN_FLIGHT = 2;

/** What a worker posts back for one batch. */
type BatchReply = { readonly results: readonly { readonly index: number; readonly result: LintResult }[] } | { readonly error: string };

function workerCount(): number {
  const asked = process.env.NEON_CODEMOD_THREADS;
  return asked !== undefined && /^\d+$/.test(asked) ? Math.min(Number(asked), os.availableParallelism()) : 0;
}

/** Starts the workers `NEON_CODEMOD_THREADS` asks for, or returns undefined: lint in this thread. */
export function startLintPool(options: NeonLinterOptions): LintPool | undefined {
  const count = workerCount();
  const script = count > 0 ? builtWorkerScript('lint-worker') : undefined;
  if (!script) return undefined;
  const workers = Array.from({ length: count }, () => new Worker(script, { workerData: { options } }));

  // A worker that dies (out of memory, killed) only loses its batches: this thread lints them.
  for (const worker of workers) worker.on('error', () => {});

  return {
    async lintAll(jobs, own, onDone = () => {}) {
      const results: (LintResult | undefined)[] = new Array(jobs.length);
      let next = 0;
      let failure: Error | undefined;
      const take = (): number[] => {
        const batch: number[] = [];
        while (batch.length < BATCH && next < jobs.length) batch.push(next++);
        return batch;
      };
      const feed = (worker: Worker) =>
        new Promise<void>((resolve) => {
          let inFlight = 0;
          const send = () => {
            const batch = take();
            if (batch.length === 0) return;
            inFlight++;
            worker.postMessage(batch.map((index) => ({ index, ...jobs[index]! })));
          };
          const stop = () => {
            worker.off('message', onReply);
            worker.off('exit', stop);
            worker.off('error', stop);
            resolve();
          };
          const onReply = (reply: BatchReply) => {
            inFlight--;
            if ('error' in reply) failure ??= new Error(reply.error);
            else {
              for (const { index, result } of reply.results) {
                results[index] = result;
                onDone();
              }
            }
            if (!failure) send();
            if (inFlight === 0) stop();
          };
          worker.on('message', onReply);
          worker.on('exit', stop);
          worker.on('error', stop);
          for (let batch = 0; batch < IN_FLIGHT; batch++) send();
          if (inFlight === 0) stop();
        });
      const finished = workers.map(feed);
      // This thread takes one file at a time, and lets the workers' replies in between.
      while (next < jobs.length && !failure) {
        const index = next++;
        results[index] = own.lint(jobs[index]!.text, jobs[index]!.filename);
        onDone();
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      await Promise.all(finished);
      if (failure) throw failure;
      return results.map((result, index) => {
        if (result) return result;
        onDone();
        return own.lint(jobs[index]!.text, jobs[index]!.filename);
      });
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
