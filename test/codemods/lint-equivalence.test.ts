import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

import { walkSourceFiles } from '../../codemods/lib/files';
import { createNeonLinter, normalizedOnce, type LintResult } from '../../codemods/lib/lint';

/**
 * The codemods' linter hands ESLint its config normalized once instead of the
 * plain array (which ESLint would normalize and validate again for every
 * file), and parses without the TypeScript lib's globals. Both must give the
 * same messages, fatal errors and report data as a user's config would, on
 * every fixture of the repository and on a synthetic backend with a high
 * density of BAD patterns.
 */

const REPO = path.resolve(__dirname, '../..');

interface CorpusFile {
  readonly path: string;
  readonly source: string;
}
type BuildCorpus = (options: { size: number; seed: number; badDensity: number }) => { files: CorpusFile[] };

function compare(cwd: string, files: Iterable<CorpusFile>): { files: number; messages: number; fatal: number } {
  const fast = createNeonLinter({ cwd });
  const plain = createNeonLinter({ cwd, plainConfig: true });
  const totals = { files: 0, messages: 0, fatal: 0 };
  for (const file of files) {
    const filename = path.resolve(cwd, file.path);
    const expected: LintResult = plain.lint(file.source, filename);
    expect(fast.lint(file.source, filename), file.path).toEqual(expected);
    totals.files++;
    totals.messages += expected.messages.length;
    if (expected.fatal) totals.fatal++;
  }
  return totals;
}

describe('the normalized-once config', () => {
  it('is ESLint\'s own FlatConfigArray, not the plain array it falls back to', () => {
    const array = normalizedOnce([{ rules: {} }], REPO) as unknown as { getConfig?: unknown };
    expect(typeof array.getConfig).toBe('function');
  });

  it('gives the same results as the plain config on every fixture', () => {
    const { files } = walkSourceFiles([path.join(REPO, 'fixtures')], { includeNames: ['package.json'] });
    const totals = compare(
      REPO,
      files.map((file) => ({ path: path.relative(REPO, file), source: fs.readFileSync(file, 'utf8') })),
    );
    expect(totals.files).toBeGreaterThan(200);
    expect(totals.messages).toBeGreaterThan(50);
  });

  it('gives the same results as the plain config on a synthetic backend', async () => {
    const corpus = (await import(pathToFileURL(path.join(REPO, 'bench/corpus.mjs')).href)) as { buildCorpus: BuildCorpus };
    const { files } = corpus.buildCorpus({ size: 300, seed: 7, badDensity: 0.1 });
    const totals = compare('/synthetic-backend', files);
    expect(totals.files).toBeGreaterThan(250);
    expect(totals.messages).toBeGreaterThan(20);
  });
});
