// Runs bench/noop-transform.cjs in-process over every source file of a folder,
// with the parser choice of the neon codemods (`ts` for .ts/.mts/.cts, `tsx`
// otherwise), and prints one JSON line: files, parse failures.
//   node bench/lib/jscodeshift-floor.mjs <dir>
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { listSourceFiles } from './walk.mjs';

const require = createRequire(import.meta.url);
const jscodeshift = require('jscodeshift');
const transform = require('../noop-transform.cjs');

const apis = {
  ts: { jscodeshift: jscodeshift.withParser('ts'), stats: () => {}, report: () => {} },
  tsx: { jscodeshift: jscodeshift.withParser('tsx'), stats: () => {}, report: () => {} },
};
let failed = 0;
const files = listSourceFiles(process.argv[2]);
for (const path of files) {
  const api = /\.[mc]?ts$/.test(path) ? apis.ts : apis.tsx;
  try {
    transform({ path, source: readFileSync(path, 'utf8') }, api, {});
  } catch {
    failed += 1;
  }
}
console.log(`BENCH_FLOOR ${JSON.stringify({ files: files.length, failed })}`);
