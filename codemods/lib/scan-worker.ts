import { parentPort, workerData } from 'node:worker_threads';

import { scanFiles, type ScanRequest } from './scan';

/** The worker thread of scan.ts: one scan, one reply. */
parentPort!.postMessage(scanFiles(workerData as ScanRequest));
