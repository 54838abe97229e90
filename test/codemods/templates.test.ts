import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addTemplatePackages, renderDbModule } from '../../codemods/central-db-module/steps/db-module';
import { dbModuleTemplate, STACKS, type StackId } from '../../codemods/templates/db-modules';
import { PRISMA_STACKS, withPrismaClientImport, type PrismaStack } from '../../codemods/templates/prisma';
import { renderModule } from '../../codemods/templates/render';
import type { ProjectStack } from '../../src/project/detect';
import { generatePrismaClient } from '../support/prisma-generate';
import { typeErrors } from '../support/typecheck';

const root = path.resolve(__dirname, '../..');
// Inside the repository so the rendered modules resolve the real driver packages from node_modules.
const workDir = path.join(root, '.tmp', `templates-${process.pid}`);

// Prisma needs a generated client: checked on its own below, against one that Prisma 6.19 generates offline.
const TYPECHECKED: StackId[] = STACKS.filter((stack) => !PRISMA_STACKS.includes(stack as PrismaStack));

// Projects that compile with these must compile the generated module too.
const STRICTER: ts.CompilerOptions = { noUnusedLocals: true, noUnusedParameters: true };

const PRISMA_MODEL = `
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
`;

beforeAll(() => fs.mkdirSync(workDir, { recursive: true }));

/** The pg template rendered as CommonJS into its own folder, reading `envVar`. */
function renderPgModule(folder: string, envVar?: string): string {
  const file = path.join(workDir, folder, 'db.cjs');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, renderModule(dbModuleTemplate('pg', envVar).source, { language: 'js', moduleSystem: 'cjs' }));
  return file;
}

/** The environment a rendered module loads in: the repository's driver packages on NODE_PATH. */
function moduleEnv(): NodeJS.ProcessEnv {
  return { ...process.env, NODE_PATH: path.join(root, 'node_modules') };
}

/** What loading the module prints to stderr when it throws (empty when it loads). */
function loadError(file: string, env: NodeJS.ProcessEnv): string {
  try {
    execFileSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { env, stdio: 'pipe' });
    return '';
  } catch (error) {
    return String((error as { stderr: Buffer }).stderr);
  }
}

afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('db module templates', () => {
  it('type-check as TypeScript against the real driver type packages', () => {
    const files = TYPECHECKED.map((stack) => {
      const file = path.join(workDir, 'ts', stack, 'db.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderModule(dbModuleTemplate(stack).source, { language: 'ts', moduleSystem: 'esm' }));
      return file;
    });
    expect(typeErrors(files, workDir, STRICTER)).toEqual([]);
  });

  // The three Prisma variants against @prisma/adapter-pg and @prisma/adapter-neon 6.19 and a client
  // generated offline by Prisma 6.19 (`engineType = "client"`: a driver adapter, as Prisma 7 requires).
  it('Prisma variants type-check against a prisma-client-js client imported as @prisma/client', () => {
    const folder = path.join(workDir, 'prisma-js');
    const output = path.join(folder, 'client');
    const generated = generatePrismaClient(
      folder,
      `generator client {\n  provider   = "prisma-client-js"\n  engineType = "client"\n  output     = ${JSON.stringify(output)}\n}\n${PRISMA_MODEL}`,
    );
    expect(generated.status, generated.output).toBe(0);
    const files = PRISMA_STACKS.map((stack) => {
      const file = path.join(folder, stack, 'db.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderModule(dbModuleTemplate(stack).source, { language: 'ts', moduleSystem: 'esm' }));
      return file;
    });
    expect(typeErrors(files, workDir, { ...STRICTER, paths: { '@prisma/client': [path.join(output, 'index.d.ts')] } })).toEqual([]);
  });

  it('Prisma variants type-check against a prisma-client generator output, imported from the db module by relative path', () => {
    const project = path.join(workDir, 'prisma-ts');
    const generated = generatePrismaClient(
      path.join(project, 'prisma'),
      `generator client {\n  provider   = "prisma-client"\n  engineType = "client"\n  output     = "../src/generated/prisma"\n}\n${PRISMA_MODEL}`,
    );
    expect(generated.status, generated.output).toBe(0);
    const stack: ProjectStack = {
      root: project,
      packageJsons: [],
      drivers: [],
      orms: ['prisma'],
      migrationTools: ['prisma-migrate'],
      language: 'typescript',
      moduleSystem: 'esm',
      importStyle: 'esm',
      importExtensions: true,
      platforms: [],
      prisma: { adapters: [], provider: 'prisma-client', output: 'src/generated/prisma', driverAdaptersPreview: false, engineType: 'client' },
      problems: [],
    };
    const files = PRISMA_STACKS.map((variant) => {
      const file = path.join(project, 'src', variant, 'db.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderDbModule(file, stack, withPrismaClientImport(dbModuleTemplate(variant).source, variant, stack, file)));
      return file;
    });
    expect(fs.readFileSync(files[1]!, 'utf8')).toContain("import { PrismaClient } from '../generated/prisma/client.js';");
    // The generated files import each other with `.ts` extensions (the generator's default).
    expect(typeErrors(files, workDir, { ...STRICTER, allowImportingTsExtensions: true })).toEqual([]);
  });

  it.each(STACKS)('%s renders to JavaScript that parses as ES module and CommonJS', (stack) => {
    const template = dbModuleTemplate(stack);
    for (const [moduleSystem, ext] of [['esm', 'mjs'], ['cjs', 'cjs']] as const) {
      const code = renderModule(template.source, { language: 'js', moduleSystem });
      expect(code).not.toMatch(/: (string|Promise<void>|PrismaClient)\b/);
      const file = path.join(workDir, 'js', stack, `db.${ext}`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, code);
      execFileSync(process.execPath, ['--check', file]);
    }
  });

  it('bring the type packages of what their module imports, never of a driver the ORM loads itself', () => {
    const added = (typescript: boolean) =>
      Object.fromEntries(
        STACKS.map((stack) => {
          const pkg: { devDependencies?: object } = {};
          const project: ProjectStack = {
            root: workDir,
            packageJsons: [],
            drivers: [],
            orms: [],
            migrationTools: [],
            language: typescript ? 'typescript' : 'javascript',
            moduleSystem: 'commonjs',
            importStyle: typescript ? 'esm' : 'commonjs',
            importExtensions: false,
            platforms: [],
            problems: [],
          };
          addTemplatePackages(pkg, stack, project);
          return [stack, Object.keys(pkg.devDependencies ?? {})];
        }),
      );
    expect(added(true)).toEqual({
      pg: ['@types/pg'],
      'neon-serverless': ['@types/ws'],
      'neon-http': [],
      postgres: [],
      prisma: [],
      'prisma-adapter-pg': [],
      'prisma-adapter-neon': ['@types/ws'],
      'drizzle-node-postgres': ['@types/pg'],
      'drizzle-postgres-js': [],
      'drizzle-neon-http': [],
      'drizzle-neon-serverless': ['@types/ws'],
      typeorm: [],
      sequelize: [],
      knex: [],
      kysely: ['@types/pg'],
    });
    expect(Object.values(added(false)).flat()).toEqual([]);
  });

  it('reads the variable --env-var names, and names it when it is missing', () => {
    const file = renderPgModule('run-env-var', 'POSTGRES_URL');
    // DATABASE_URL is set, and does not count.
    const env: NodeJS.ProcessEnv = { ...moduleEnv(), DATABASE_URL: 'postgres://other@127.0.0.1:1/other' };
    delete env.POSTGRES_URL;
    expect(loadError(file, env)).toContain('Error: POSTGRES_URL is not set. Set it to your Neon connection string (the pooled one for the app).');
    const loaded = execFileSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(file)}).pool.options.connectionString)`], {
      env: { ...env, POSTGRES_URL: 'postgres://app@127.0.0.1:1/app' },
      encoding: 'utf8',
    });
    expect(loaded.trim()).toBe('postgres://app@127.0.0.1:1/app');
  });

  it('fails fast with a clear message when DATABASE_URL is missing', () => {
    const file = renderPgModule('run');
    const env = moduleEnv();
    delete env.DATABASE_URL;
    expect(loadError(file, env)).toContain('DATABASE_URL is not set');
    const loaded = execFileSync(
      process.execPath,
      ['-e', `const db = require(${JSON.stringify(file)}); console.log(Object.keys(db).join(','), db.pool.options.idleTimeoutMillis, db.pool.listenerCount('error'))`],
      { env: { ...env, DATABASE_URL: 'postgres://app@127.0.0.1:1/app' }, encoding: 'utf8' },
    );
    expect(loaded.trim()).toBe('pool,closeDb,migrate 30000 1');
  });
});
