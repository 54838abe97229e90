import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { detectProject, findProjectRoot, parseJsonc } from '../../src/project/detect';

const made: string[] = [];

/** A temp project from a map of relative path → content (`null` makes a directory). */
function project(files: Record<string, string | null>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'neon-detect-'));
  made.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, relative);
    if (content === null) {
      fs.mkdirSync(full, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, content);
    }
  }
  return root;
}

function pkg(value: object): string {
  return JSON.stringify(value);
}

afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('detectProject', () => {
  it('reads drivers, ORM and platform from dependencies and devDependencies', () => {
    const root = project({
      'package.json': pkg({
        dependencies: { pg: '^8', 'drizzle-orm': '^0.45', express: '^5' },
        devDependencies: { 'drizzle-kit': '^0.30', '@types/aws-lambda': '^8' },
      }),
    });
    const stack = detectProject(root);
    expect(stack.drivers).toEqual(['pg']);
    expect(stack.orms).toEqual(['drizzle']);
    expect(stack.migrationTools).toEqual(['drizzle-kit']);
    expect(stack.platforms).toEqual(['aws-lambda', 'express']);
    expect(stack.language).toBe('javascript');
    expect(stack.moduleSystem).toBe('commonjs');
    expect(stack.importStyle).toBe('commonjs');
    expect(stack.problems).toEqual([]);
  });

  it('names the Neon, Vercel and postgres.js drivers by catalog id', () => {
    const root = project({
      'package.json': pkg({ dependencies: { '@neondatabase/serverless': '1', '@vercel/postgres': '0.10', postgres: '3', slonik: '1', 'pg-promise': '1' } }),
    });
    expect(detectProject(root).drivers).toEqual(['neon-serverless', 'pg-promise', 'postgres', 'slonik', 'vercel-postgres']);
  });

  it('does not take look-alike packages for drivers', () => {
    const root = project({ 'package.json': pkg({ dependencies: { 'pg-format': '1', 'postgres-array': '2', '@types/pg': '8' } }) });
    expect(detectProject(root).drivers).toEqual([]);
  });

  it('finds migration tools from config files and folders', () => {
    const root = project({
      'package.json': pkg({ dependencies: { knex: '3', sequelize: '6', typeorm: '0.3', kysely: '0.28' }, devDependencies: { 'node-pg-migrate': '9' } }),
      'knexfile.js': 'module.exports = {};',
      '.sequelizerc': '',
      'src/migrations': null,
    });
    const stack = detectProject(root);
    expect(stack.orms).toEqual(['knex', 'kysely', 'sequelize', 'typeorm']);
    expect(stack.migrationTools).toEqual(['typeorm', 'sequelize-cli', 'knex', 'node-pg-migrate', 'kysely']);
  });

  it('reports prisma migrate for a prisma/migrations folder and for the prisma package', () => {
    expect(detectProject(project({ 'package.json': pkg({}), 'prisma/migrations': null })).migrationTools).toEqual(['prisma-migrate']);
    const withDep = detectProject(project({ 'package.json': pkg({ devDependencies: { prisma: '6' } }) }));
    expect(withDep.orms).toEqual(['prisma']);
    expect(withDep.migrationTools).toEqual(['prisma-migrate']);
  });

  it('has no migration tool when an ORM is used without one', () => {
    const stack = detectProject(project({ 'package.json': pkg({ dependencies: { typeorm: '0.3', '@mikro-orm/core': '6' } }) }));
    expect(stack.orms).toEqual(['mikro-orm', 'typeorm']);
    expect(stack.migrationTools).toEqual([]);
  });

  it('detects TypeScript and ESM, and when relative imports need extensions', () => {
    const root = project({
      'package.json': pkg({ type: 'module' }),
      'tsconfig.json': '{\n  // comment\n  "compilerOptions": { "module": "NodeNext", /* x */ "strict": true, },\n}',
    });
    const stack = detectProject(root);
    expect(stack.language).toBe('typescript');
    expect(stack.moduleSystem).toBe('esm');
    expect(stack.importStyle).toBe('esm');
    expect(stack.tsModule).toBe('nodenext');
    expect(stack.importExtensions).toBe(true);
  });

  it('uses import syntax for TypeScript compiled to CommonJS, without extensions', () => {
    const stack = detectProject(project({ 'package.json': pkg({ devDependencies: { typescript: '5' } }) }));
    expect(stack).toMatchObject({ language: 'typescript', moduleSystem: 'commonjs', importStyle: 'esm', importExtensions: false });
  });

  it('detects platforms from config files', () => {
    const root = project({
      'package.json': pkg({}),
      'wrangler.jsonc': '{}',
      'next.config.mjs': '',
      'netlify.toml': '',
      'serverless.yml': '',
      'vercel.json': '{}',
    });
    expect(detectProject(root).platforms).toEqual(['aws-lambda', 'cloudflare-workers', 'netlify', 'nextjs', 'vercel']);
  });

  it('reads workspace packages of a monorepo', () => {
    const root = project({
      'package.json': pkg({ workspaces: ['packages/*'] }),
      'packages/api/package.json': pkg({ dependencies: { hono: '4', postgres: '3' } }),
      'packages/web/package.json': pkg({ dependencies: { next: '15' } }),
      'pnpm-workspace.yaml': "packages:\n  - 'apps/*'\n",
      'apps/worker/package.json': pkg({ dependencies: { '@nestjs/core': '10' } }),
    });
    const stack = detectProject(root);
    expect(stack.packageJsons).toEqual(['package.json', 'packages/api/package.json', 'packages/web/package.json', 'apps/worker/package.json']);
    expect(stack.drivers).toEqual(['postgres']);
    expect(stack.platforms).toEqual(['hono', 'nestjs', 'nextjs']);
  });

  it('reports malformed JSON instead of throwing', () => {
    const root = project({ 'package.json': '{ "dependencies": { "pg": ', 'tsconfig.json': '{ nope' });
    const stack = detectProject(root);
    expect(stack.drivers).toEqual([]);
    expect(stack.problems.map((problem) => problem.file)).toEqual(['package.json', 'tsconfig.json']);
    expect(stack.problems[0]!.message).toMatch(/^not valid JSON/);
  });

  it('reports a package.json that is not an object', () => {
    expect(detectProject(project({ 'package.json': '[]' })).problems).toEqual([{ file: 'package.json', message: 'not a JSON object' }]);
  });

  it('works without any package.json', () => {
    const stack = detectProject(project({ 'src/index.js': '' }));
    expect(stack).toMatchObject({ packageJsons: [], drivers: [], language: 'javascript', problems: [] });
  });
});

describe('findProjectRoot', () => {
  it('walks up from the given paths to the nearest package.json', () => {
    const root = project({ 'package.json': pkg({}), 'src/a/x.ts': '', 'src/b/y.ts': '' });
    expect(findProjectRoot([path.join(root, 'src/a/x.ts'), path.join(root, 'src/b')])).toBe(root);
  });

  it('prefers a nested package over the outer one', () => {
    const root = project({ 'package.json': pkg({}), 'packages/api/package.json': pkg({}), 'packages/api/src/x.ts': '' });
    expect(findProjectRoot([path.join(root, 'packages/api/src')])).toBe(path.join(root, 'packages/api'));
  });
});

describe('parseJsonc', () => {
  it('keeps comment markers inside strings', () => {
    expect(parseJsonc('{ "url": "http://x/*y*/", /* c */ "a": [1, 2,], }')).toEqual({ url: 'http://x/*y*/', a: [1, 2] });
  });
});
