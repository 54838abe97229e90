import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

import { matchesGlobs } from '../../src/project/files';
import { readNeonSettings } from '../../src/project/settings';
import { compilePrefilter, type Triggers } from './prefilter';
import { builtWorkerScript } from './threads';

/**
 * Reading a run's files and keeping those that mention a trigger, on a worker
 * thread: `analyze` loads ESLint and the parser (half a second of compiling
 * modules) in its own thread meanwhile, so the two overlap on two cores.
 * Only the kept files' text comes back; on a backend that is a few percent.
 */

export interface ScanRequest {
  readonly root: string;
  /** absolute paths, in walk order */
  readonly files: readonly string[];
  /** the run's `settings.neon`: its migration globs say which files are migrations */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** what a file must mention to be kept */
  readonly triggers: Triggers;
  /** what a migration must mention to be kept (it holds DDL by design) */
  readonly migrationTriggers: Triggers;
  /** whether package.json files are kept (some rule lints them) or left out, unread */
  readonly packageJson: boolean;
}

export type ScannedFile = { readonly file: string; readonly text: string } | { readonly file: string; readonly unreadable: string };

export interface ScanResult {
  /** files read or tried: every file but the package.json files left out */
  readonly scanned: number;
  /** the files kept and the files that could not be read, in walk order */
  readonly kept: readonly ScannedFile[];
}

export function scanFiles(request: ScanRequest): ScanResult {
  const { root, files, triggers, migrationTriggers, packageJson } = request;
  const mentionsTrigger = compilePrefilter([triggers]);
  const mentionsMigrationTrigger = compilePrefilter([migrationTriggers]);
  const { migrations } = readNeonSettings(request.settings ? { neon: request.settings } : {});
  const kept: ScannedFile[] = [];
  let scanned = 0;
  for (const file of files) {
    const isPackageJson = path.basename(file) === 'package.json';
    if (isPackageJson && !packageJson) continue;
    scanned++;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      kept.push({ file, unreadable: `cannot read: ${(error as Error).message}` });
      continue;
    }
    if (isPackageJson || (mentionsTrigger(text) && (!matchesGlobs(file, root, migrations) || mentionsMigrationTrigger(text)))) kept.push({ file, text });
  }
  return { scanned, kept };
}

/** A scan under way on a worker thread. */
export interface BackgroundScan {
  readonly result: Promise<ScanResult>;
  /** Stops the worker, when the run fails before it needs the result. */
  stop(): void;
}

/**
 * `scanFiles` on a worker thread, started now; in this thread when the worker
 * cannot start or dies (the result is the same, only not overlapped).
 */
export function scanFilesInBackground(request: ScanRequest): BackgroundScan {
  const script = builtWorkerScript('scan-worker');
  let worker: Worker | undefined;
  try {
    worker = script ? new Worker(script, { workerData: request }) : undefined;
  } catch {
    worker = undefined;
  }
  if (!worker) {
    const result = new Promise<ScanResult>((resolve) => resolve(scanFiles(request)));
    return { result, stop() {} };
  }
  const running = worker;
  // Settled once: by the worker's reply, by the scan redone here after its error or exit, or by stop().
  let settled = false;
  const result = new Promise<ScanResult>((resolve, reject) => {
    const settle = (outcome: () => ScanResult) => {
      if (settled) return;
      settled = true;
      try {
        resolve(outcome());
      } catch (error) {
        reject(error as Error);
      }
    };
    running.once('message', (scan: ScanResult) => settle(() => scan));
    running.once('error', () => settle(() => scanFiles(request)));
    running.once('exit', () => settle(() => scanFiles(request)));
  });
  return {
    result,
    stop() {
      settled = true;
      void running.terminate();
    },
  };
}
