import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { checkSafeToWrite, workingTreeState } from '../../codemods/lib/git';
import { tempProject } from '../support/git-repo';

const made: string[] = [];

function project(files: Record<string, string>, repo = true): string {
  const root = tempProject(files, { repo });
  made.push(root);
  return root;
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('workingTreeState', () => {
  it('is clean right after a commit, also seen from a subfolder or a file', () => {
    const root = project({ 'src/db.ts': 'export {};\n' });
    expect(workingTreeState(root)).toEqual({ kind: 'clean' });
    expect(workingTreeState(path.join(root, 'src/db.ts'))).toEqual({ kind: 'clean' });
  });

  it('lists modified and untracked files', () => {
    const root = project({ 'src/db.ts': 'export {};\n' });
    fs.writeFileSync(path.join(root, 'src/db.ts'), 'export const x = 1;\n');
    fs.writeFileSync(path.join(root, 'new.ts'), '');
    expect(workingTreeState(root)).toEqual({ kind: 'dirty', entries: [' M src/db.ts', '?? new.ts'] });
  });

  it('says when there is no repository', () => {
    expect(workingTreeState(project({ 'a.ts': '' }, false))).toEqual({ kind: 'unversioned', reason: 'not a git repository' });
  });
});

describe('checkSafeToWrite', () => {
  it('lets a clean tree through without a warning', () => {
    expect(checkSafeToWrite([project({ 'a.ts': '' })], false)).toEqual({ proceed: true });
  });

  it('refuses a dirty tree and names the changes', () => {
    const root = project({ 'a.ts': '' });
    fs.writeFileSync(path.join(root, 'a.ts'), 'changed');
    const decision = checkSafeToWrite([root], false);
    expect(decision.proceed).toBe(false);
    expect(decision.error).toBe('The git working tree has uncommitted changes:\n   M a.ts\nCommit or stash them first, or pass --force.');
  });

  it('goes on with --force, with a warning', () => {
    const root = project({ 'a.ts': '' });
    fs.writeFileSync(path.join(root, 'a.ts'), 'changed');
    expect(checkSafeToWrite([root], true)).toEqual({
      proceed: true,
      warning: 'the git working tree has uncommitted changes (--force)',
    });
  });

  it('goes on outside a repository, warning that there is no safety net', () => {
    expect(checkSafeToWrite([project({ 'a.ts': '' }, false)], false)).toEqual({
      proceed: true,
      warning: 'not a git repository, no safety net: review the changes before keeping them',
    });
  });
});
