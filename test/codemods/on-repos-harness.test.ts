import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { tempProject } from '../support/git-repo';

/**
 * scripts/codemods-on-repos.mjs, the harness that runs the built CLI over real
 * repositories (docs/accuracy.md), on a legacy fixture app: it must see every
 * file `all` writes, check them, and find nothing wrong where nothing is.
 * It runs dist/ (built by `npm run build`, which `npm test` runs first).
 */

const REPO = path.resolve(__dirname, '../..');
const HARNESS = path.join(REPO, 'scripts', 'codemods-on-repos.mjs');
const FIXTURE = path.join(REPO, 'fixtures', 'projects', 'express-pg');
const PASSWORD = 'npg_Q7xK2mW9pLs4';
const made: string[] = [];

afterAll(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function fixtureFiles(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const relative of fs.readdirSync(FIXTURE, { recursive: true, encoding: 'utf8' })) {
    const full = path.join(FIXTURE, relative);
    if (fs.statSync(full).isFile()) files[relative.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

interface RepoResult {
  name: string;
  changed: { modified: string[]; created: string[]; deleted: string[] };
  failures: { run: string; transform: string; file: string; reason: string }[];
  crashes: unknown[];
  unparseable: unknown[];
  problems: string[];
  leaks: unknown[];
  secretsChecked: number;
  analyze: { exitCode: number };
  dry: { exitCode: number; wouldChange: string[] };
  all: { exitCode: number };
  secondRun: { exitCode: number; changed: string[] };
  refusedExitCode: number;
}

describe('scripts/codemods-on-repos.mjs', () => {
  it('runs analyze, all --dry, all and a second all on a copy, and checks what all wrote', () => {
    const project = tempProject({
      ...fixtureFiles(),
      // Mentions pg, so the transforms parse it, and does not parse: reported as failed, never a crash.
      'src/broken.js': "const { Pool } = require('pg');\nconst pool = new Pool(;\n",
    });
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-on-repos-'));
    made.push(project, work);
    const out = path.join(work, 'out');
    const run = spawnSync(process.execPath, [HARNESS, '--out', out, '--work', path.join(work, 'copies'), project], { encoding: 'utf8' });
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.status).toBe(0);

    const report = JSON.parse(fs.readFileSync(path.join(out, 'codemods.json'), 'utf8')) as { repos: RepoResult[] };
    const [repo] = report.repos;
    expect(repo!.changed).toEqual({
      modified: ['package.json', 'src/config.js', 'src/routes/orders.js', 'src/routes/users.js', 'src/server.js'],
      created: expect.arrayContaining(['.env.example', 'src/db.js', expect.stringMatching(/^migrations\/\d+_.+\.js$/)]),
      deleted: ['src/init-db.js'],
    });
    const timeless = (files: string[]) => files.map((file) => file.replace(/\d{10,}/, '<time>')).sort();
    expect(timeless(repo!.dry.wouldChange)).toEqual(timeless([...repo!.changed.modified, ...repo!.changed.created, ...repo!.changed.deleted]));
    expect(repo!.failures).toContainEqual(expect.objectContaining({ run: 'all', file: 'src/broken.js', reason: expect.stringMatching(/does not parse/) }));
    // Some file failed: exit 1, per DESIGN.md, in every run.
    expect([repo!.analyze.exitCode, repo!.dry.exitCode, repo!.all.exitCode, repo!.secondRun.exitCode]).toEqual([1, 1, 1, 1]);
    expect(repo!.refusedExitCode).toBe(2);
    expect(repo!.secondRun.changed).toEqual([]);
    expect(repo!.crashes).toEqual([]);
    expect(repo!.unparseable).toEqual([]);
    expect(repo!.problems).toEqual([]);
    expect(repo!.leaks).toEqual([]);
    expect(repo!.secretsChecked).toBeGreaterThan(0);

    const diff = fs.readFileSync(path.join(out, `${repo!.name}.diff`), 'utf8');
    expect(diff).toContain('diff --git a/src/config.js b/src/config.js');
    const markdown = fs.readFileSync(path.join(out, 'codemods.md'), 'utf8');
    expect(markdown).toContain(`| ${repo!.name} | `);
    expect(markdown).toContain('## Crashes\n\nNone.\n');
    expect(fs.readdirSync(path.join(work, 'copies'))).toEqual([]);
    // Five CLI runs over the app, on two busy cores.
  }, 300_000);
});
