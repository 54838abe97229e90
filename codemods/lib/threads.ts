import fs from 'node:fs';
import path from 'node:path';

/**
 * The compiled worker script `name` (`lint-worker`, `scan-worker`) next to
 * this module, or undefined when running from the TypeScript sources (under
 * the test runner), where a worker thread cannot load it: the caller then
 * does the work in its own thread.
 */
export function builtWorkerScript(name: string): string | undefined {
  const script = path.join(__dirname, `${name}.js`);
  return fs.existsSync(script) ? script : undefined;
}
