import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { afterAll, describe, expect, it } from 'vitest';

import { fileRoles, matchesGlobs, type FileRoles } from '../../src/project/files';
import { isRunByPackageScript } from '../../src/project/package-scripts';
import {
  DEFAULT_DB_MODULE_GLOBS,
  DEFAULT_MIGRATION_GLOBS,
  DEFAULT_TEST_GLOBS,
  readNeonSettings,
  SCRIPT_GLOBS,
  TOOL_CONFIG_GLOBS,
} from '../../src/project/settings';

const cwd = path.resolve('/repo');
const defaults = readNeonSettings({});
const ROLES: readonly (keyof FileRoles)[] = ['test', 'migration', 'dbModule', 'toolConfig', 'script'];

/** Every role, read in the given order (roles are matched when first read). */
function read(roles: FileRoles, order: readonly (keyof FileRoles)[] = ROLES): Record<string, boolean> {
  return Object.fromEntries(order.map((role) => [role, roles[role]]));
}

describe('fileRoles', () => {
  it.each([
    ['src/users.test.ts', { test: true, migration: false, dbModule: false, toolConfig: false, script: false }],
    ['migrations/001_init.sql.ts', { test: false, migration: true, dbModule: false, toolConfig: false, script: false }],
    ['src/db/index.ts', { test: false, migration: false, dbModule: true, toolConfig: false, script: false }],
    ['drizzle.config.ts', { test: false, migration: false, dbModule: false, toolConfig: true, script: false }],
    ['scripts/seed.ts', { test: false, migration: false, dbModule: false, toolConfig: false, script: true }],
    ['src/routes/users.ts', { test: false, migration: false, dbModule: false, toolConfig: false, script: false }],
  ])('%s', (relative, expected) => {
    expect(read(fileRoles(path.join(cwd, relative), cwd, defaults))).toEqual(expected);
  });

  it('gives the same answers whatever order the roles are read in, and the same answer when read again', () => {
    const file = path.join(cwd, 'packages/api/src/db/seed.test.ts');
    const forward = read(fileRoles(file, cwd, defaults));
    const roles = fileRoles(file, cwd, defaults);
    expect(read(roles, [...ROLES].reverse())).toEqual(forward);
    expect(read(roles)).toEqual(forward);
    expect(forward.test).toBe(true);
  });

  it('matches a file outside the working directory by its absolute path, and reads the configured globs', () => {
    const settings = readNeonSettings({ neon: { tests: ['**/checks/**'], dbModule: ['**/storage.ts'] } });
    expect(read(fileRoles('/elsewhere/checks/storage.ts', cwd, settings))).toMatchObject({ test: true, dbModule: true, migration: false });
    expect(fileRoles(path.join(cwd, 'src/users.test.ts'), cwd, settings).test).toBe(false);
  });
});

describe('the script role from package.json scripts', () => {
  const fixture = path.resolve(__dirname, '../../fixtures/rules/package-scripts');
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['lib/db/setup.ts', true],
    ['tools/load.mjs', true],
    ['packages/api/src/reset.ts', true],
    ['lib/db/drizzle.ts', false],
    ['lib/server.mjs', false],
    ['packages/api/src/server.ts', false],
  ])('%s: %s', (relative, expected) => {
    expect(fileRoles(path.join(fixture, relative), fixture, defaults).script).toBe(expected);
    expect(isRunByPackageScript(path.join(fixture, relative), fixture)).toBe(expected);
  });

  it('reads a package.json again when it changes, and takes a broken one as naming no script', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-scripts-'));
    made.push(root);
    const manifest = path.join(root, 'package.json');
    const file = path.join(root, 'src/setup.ts');
    fs.writeFileSync(manifest, JSON.stringify({ scripts: { build: 'tsc' } }));
    expect(isRunByPackageScript(file, root)).toBe(false);
    fs.writeFileSync(manifest, JSON.stringify({ scripts: { setup: 'tsx src/setup.ts' } }));
    fs.utimesSync(manifest, new Date(), new Date(Date.now() + 5000));
    expect(isRunByPackageScript(file, root)).toBe(true);
    fs.writeFileSync(manifest, '{ "scripts": ');
    fs.utimesSync(manifest, new Date(), new Date(Date.now() + 10_000));
    expect(isRunByPackageScript(file, root)).toBe(false);
  });

  it('counts one-off jobs only: not the app that start, dev or a watcher runs, not a glob or a folder', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-scripts-'));
    made.push(root);
    const scripts = {
      start: 'node src/server.js',
      'dev:api': 'tsx src/api.ts',
      'db:watch': 'tsx watch src/db/sync.ts',
      test: 'vitest run "src/**/*.test.ts"',
      lint: 'eslint src --config=eslint.config.mjs',
      'db:seed': 'node --env-file=.env src/db/seed-data.js',
      populate_fixtures: 'ts-node ./tools/fixtures.ts',
    };
    fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ scripts }));
    const runs = (relative: string) => isRunByPackageScript(path.join(root, relative), root);
    expect(['src/server.js', 'src/api.ts', 'src/db/sync.ts', 'src/a.test.ts', 'eslint.config.mjs', 'src/index.ts'].filter(runs)).toEqual([]);
    expect(['src/db/seed-data.js', 'tools/fixtures.ts'].filter(runs)).toEqual(['src/db/seed-data.js', 'tools/fixtures.ts']);
  });
});

describe('matchesGlobs', () => {
  const lists: readonly (readonly string[])[] = [
    DEFAULT_TEST_GLOBS,
    DEFAULT_MIGRATION_GLOBS,
    DEFAULT_DB_MODULE_GLOBS,
    SCRIPT_GLOBS,
    TOOL_CONFIG_GLOBS,
    // what users write in settings.neon: braces, classes, negation, a literal name with glob characters
    ['src/{db,database}/*.{ts,js}', 'lib/[a-c]*/**', '!**/*.generated.*', 'app/[id]/route.ts', 'app/(admin)/db.ts'],
  ];
  const SEGMENTS = ['src', 'db', 'database', 'migrations', 'migrate', 'test', '__tests__', 'scripts', '.scripts', 'seeds', 'lib', 'app', '[id]', '(admin)', 'a', 'b.c'];
  const NAMES = ['db.ts', 'index.js', 'user.test.ts', 'seed.ts', 'seed-users.mjs', 'knexfile.js', 'drizzle.config.ts', 'route.ts', 'x.generated.ts', '.env.ts', 'data-source.ts'];
  const file = fc
    .tuple(fc.array(fc.constantFrom(...SEGMENTS), { maxLength: 4 }), fc.constantFrom(...NAMES), fc.boolean())
    .map(([folders, name, absolute]) => `${absolute ? '/' : ''}${[...folders, name].join('/')}`);

  it('matches as picomatch does, list by list', () => {
    const expected = lists.map((globs) => picomatch(globs as string[], { dot: true }));
    fc.assert(
      fc.property(file, (relative) => {
        lists.forEach((globs, index) => {
          // matchesGlobs also tries an absolute path without its leading slash, as `**/` globs apply outside cwd too
          const picomatchSays = expected[index](relative) || expected[index](relative.replace(/^\/+/, ''));
          expect(matchesGlobs(relative, '/elsewhere', globs), `${relative} against ${globs.join(', ')}`).toBe(picomatchSays);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('takes a glob with glob characters literally when the path is the glob itself (a Next.js route group)', () => {
    expect(matchesGlobs('app/(admin)/db.ts', '/elsewhere', ['app/(admin)/db.ts'])).toBe(true);
    expect(matchesGlobs('app/admin/db.ts', '/elsewhere', ['app/(admin)/db.ts'])).toBe(true);
  });
});
