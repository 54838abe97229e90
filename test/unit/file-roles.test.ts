import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { fileRoles, type FileRoles } from '../../src/project/files';
import { readNeonSettings } from '../../src/project/settings';

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
