import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Identity and isolation for git in tests: no user or system config is read. */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8' });
}

/** A temp folder with the given files; committed to a fresh git repository unless `repo` is false. */
export function tempProject(files: Record<string, string>, options: { repo?: boolean } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-project-'));
  for (const [relative, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  }
  if (options.repo !== false) {
    git(root, 'init', '--quiet', '--initial-branch=main');
    git(root, 'add', '.');
    git(root, 'commit', '--quiet', '-m', 'initial');
  }
  return root;
}
