import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { renderDbModule } from '../../codemods/central-db-module/steps/db-module';
import { dbModuleTemplate, STACKS, type StackId } from '../../codemods/templates/db-modules';
import { PRISMA_STACKS, type PrismaStack } from '../../codemods/templates/prisma';
import { renderModule } from '../../codemods/templates/render';
import type { ProjectStack } from '../../src/project/detect';
import { generatePrismaClient } from '../support/prisma-generate';

const root = path.resolve(__dirname, '../..');
// Inside the repository so the rendered modules resolve the real driver packages from node_modules.
const workDir = path.join(root, '.tmp', `templates-${process.pid}`);

// Prisma needs a generated client: checked on its own below, against one that Prisma 6.19 generates offline.
const TYPECHECKED: StackId[] = STACKS.filter((stack) => !PRISMA_STACKS.includes(stack as PrismaStack));

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  esModuleInterop: true,
  skipLibCheck: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  types: ['node'],
  typeRoots: [path.join(root, 'node_modules/@types')],
};

function typeErrors(files: readonly string[], options: ts.CompilerOptions = COMPILER_OPTIONS): string[] {
  const program = ts.createProgram(files, options);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => `${d.file ? path.relative(workDir, d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

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
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

describe('db module templates', () => {
  it('type-check as TypeScript against the real driver type packages', () => {
    const files = TYPECHECKED.map((stack) => {
      const file = path.join(workDir, 'ts', stack, 'db.ts');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, renderModule(dbModuleTemplate(stack).source, { language: 'ts', moduleSystem: 'esm' }));
      return file;
    });
    expect(typeErrors(files)).toEqual([]);
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
    expect(typeErrors(files, { ...COMPILER_OPTIONS, paths: { '@prisma/client': [path.join(output, 'index.d.ts')] } })).toEqual([]);
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
      fs.writeFileSync(file, renderDbModule(variant, file, stack));
      return file;
    });
    expect(fs.readFileSync(files[1]!, 'utf8')).toContain("import { PrismaClient } from '../generated/prisma/client.js';");
    // The generated files import each other with `.ts` extensions (the generator's default).
    expect(typeErrors(files, { ...COMPILER_OPTIONS, allowImportingTsExtensions: true })).toEqual([]);
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

  it('fails fast with a clear message when DATABASE_URL is missing', () => {
    const file = path.join(workDir, 'run', 'db.cjs');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, renderModule(dbModuleTemplate('pg').source, { language: 'js', moduleSystem: 'cjs' }));
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(root, 'node_modules') };
    delete env.DATABASE_URL;
    let stderr = '';
    try {
      execFileSync(process.execPath, ['-e', `require(${JSON.stringify(file)})`], { env, stdio: 'pipe' });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(stderr).toContain('DATABASE_URL is not set');
    const loaded = execFileSync(
      process.execPath,
      ['-e', `const db = require(${JSON.stringify(file)}); console.log(Object.keys(db).join(','), db.pool.options.idleTimeoutMillis, db.pool.listenerCount('error'))`],
      { env: { ...env, DATABASE_URL: 'postgres://app@127.0.0.1:1/app' }, encoding: 'utf8' },
    );
    expect(loaded.trim()).toBe('pool,closeDb,migrate 30000 1');
  });
});
