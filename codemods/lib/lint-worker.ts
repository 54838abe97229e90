import { parentPort, workerData } from 'node:worker_threads';

import { createNeonLinter, type NeonLinterOptions } from './lint';

/** A worker thread of lint-pool.ts: lints the batches it is sent, one reply per batch. */

const linter = createNeonLinter((workerData as { options: NeonLinterOptions }).options);

parentPort!.on('message', (batch: readonly { index: number; text: string; filename: string }[]) => {
  try {
    parentPort!.postMessage({ results: batch.map(({ index, text, filename }) => ({ index, result: linter.lint(text, filename) })) });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).stack ?? String(error) });
  }
});
