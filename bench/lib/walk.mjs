import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export const SOURCE_EXTENSIONS = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
// The same folders the ESLint configs ignore (configs/base.mjs).
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'build', '.next', 'coverage', '.git']);

/** Source files under `root` (what a codemod run over the folder sees), sorted. */
export function listSourceFiles(root) {
  const files = [];
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) visit(join(dir, entry.name));
      } else if (entry.isFile() && SOURCE_EXTENSIONS.test(entry.name) && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.min.js')) {
        files.push(join(dir, entry.name));
      }
    }
  };
  visit(root);
  return files.sort();
}
