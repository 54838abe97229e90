import type * as Diff from 'diff';
import { createColors } from 'picocolors';

const colors = createColors(true);

/** The unified diff `--dry` prints for one file (git style, no `Index:` banner), coloured for a terminal. */
export function unifiedDiff(file: string, before: string, after: string, color: boolean): string {
  // Loaded on first use, like the progress bar: most runs print no diff.
  const { createTwoFilesPatch, FILE_HEADERS_ONLY } = require('diff') as typeof Diff;
  const patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  }).replace(/\n$/, '');
  if (!color) return patch;
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('---') || line.startsWith('+++')) return colors.bold(line);
      if (line.startsWith('@@')) return colors.cyan(line);
      if (line.startsWith('+')) return colors.green(line);
      if (line.startsWith('-')) return colors.red(line);
      return line;
    })
    .join('\n');
}
