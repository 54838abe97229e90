import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import * as all from '../../codemods/all';
import { unifiedDiff } from '../../codemods/lib/diff';
import { walkSourceFiles } from '../../codemods/lib/files';
import { Reporter, type TransformReport } from '../../codemods/lib/report';
import type { CodemodOptions, RunContext } from '../../codemods/lib/transform';
import { CODEMODS } from '../../codemods/registry';
import { detectProject } from '../../src/project/detect';
import { tempProject } from '../support/git-repo';
import { listFiles, readTree } from '../support/tree';

/**
 * `all --dry` runs the chain for real on a temporary copy of the project made
 * of hard links. The project must come out untouched (content, mode, and no
 * link left behind), and the diffs must be exactly what a real run writes.
 */

const FIXTURE = path.resolve(__dirname, '../../fixtures/projects/express-pg');
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function runAll(root: string, dry: boolean): Promise<TransformReport> {
  const sink = { write: () => true };
  const options: CodemodOptions = { root, stack: detectProject(root), dry, print: false, envVar: 'DATABASE_URL', writeEnv: false };
  const walk = walkSourceFiles([root], { includeNames: ['package.json'] });
  const context: RunContext = { root, paths: [root], codemods: CODEMODS, files: walk.files, walkSkipped: walk.skipped, options, reporter: new Reporter({ json: true, stdout: sink, stderr: sink }) };
  return all.run(context);
}

function projectFiles(root: string): string[] {
  return listFiles(root).filter((file) => !file.startsWith('.git/'));
}

function fileStates(root: string): Record<string, { mode: number; links: number }> {
  return Object.fromEntries(
    projectFiles(root).map((file) => {
      const stats = fs.statSync(path.join(root, file));
      return [file, { mode: stats.mode, links: stats.nlink }];
    }),
  );
}

describe('all --dry', () => {
  it('leaves the project untouched and reports exactly what a real run writes', async () => {
    const fixture = readTree(FIXTURE);
    const dryRoot = tempProject(fixture);
    const realRoot = tempProject(fixture);
    made.push(dryRoot, realRoot);
    const before = readTree(dryRoot);
    const states = fileStates(dryRoot);

    const dry = await runAll(dryRoot, true);
    expect(readTree(dryRoot)).toEqual(before);
    expect(fileStates(dryRoot)).toEqual(states);
    expect(Object.values(states).every((state) => state.links === 1)).toBe(true);

    await runAll(realRoot, false);
    const written = [...new Set([...projectFiles(dryRoot), ...projectFiles(realRoot)])].sort().flatMap((file) => {
      const read = (root: string) => (fs.existsSync(path.join(root, file)) ? fs.readFileSync(path.join(root, file), 'utf8') : '');
      const [original, changed] = [read(dryRoot), read(realRoot)];
      return original === changed ? [] : [{ file, diff: unifiedDiff(file, original, changed, false) }];
    });
    // New migrations are named after the time they were written.
    const timeless = (diffs: readonly { file: string; diff: string }[]) =>
      JSON.parse(JSON.stringify(diffs).replace(/\b\d{13}_/g, '<time>_')) as unknown;
    expect(written.length).toBeGreaterThan(2);
    expect(timeless(dry.diffs)).toEqual(timeless(written));
  }, 120_000);
});
