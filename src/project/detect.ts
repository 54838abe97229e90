import fs from 'node:fs';
import path from 'node:path';

import { CATALOG } from '../catalog';

/**
 * The stack of a project directory, from its package.json file(s) and config
 * files: what the codemods need to pick templates, migration setups and
 * import styles. Reads files, never throws on malformed input: problems are
 * listed in `problems`.
 */

export type OrmId = 'prisma' | 'drizzle' | 'typeorm' | 'sequelize' | 'knex' | 'kysely' | 'mikro-orm';

export type MigrationToolId =
  | 'prisma-migrate'
  | 'drizzle-kit'
  | 'typeorm'
  | 'sequelize-cli'
  | 'knex'
  | 'node-pg-migrate'
  | 'kysely'
  | 'mikro-orm';

export type PlatformId =
  | 'nextjs'
  | 'cloudflare-workers'
  | 'vercel'
  | 'netlify'
  | 'aws-lambda'
  | 'express'
  | 'fastify'
  | 'hono'
  | 'nestjs'
  | 'koa'
  | 'sveltekit'
  | 'remix'
  | 'nuxt';

export interface DetectionProblem {
  /** path relative to the project root */
  readonly file: string;
  readonly message: string;
}

/** How the project's Prisma client is generated and connects: what picks the db module's Prisma variant. */
export interface PrismaFacts {
  /** the lowest version the declared `@prisma/client` (else `prisma`) range allows, `major.minor.patch` */
  readonly clientMinimum?: string;
  /** the declared `@prisma/client` range, which the driver adapters follow (they are released in lockstep) */
  readonly clientRange?: string;
  /** driver adapters in the dependencies */
  readonly adapters: readonly ('pg' | 'neon')[];
  /** the lowest version the declared `@prisma/adapter-pg` range allows (its pool has an 'error' listener from 6.13 on) */
  readonly adapterPgMinimum?: string;
  /** the schema file, relative to the root (from prisma.config.*, package.json "prisma", or the default place) */
  readonly schema?: string;
  /** the `generator client` block's provider (`prisma-client-js` or `prisma-client`) */
  readonly provider?: string;
  /** its `output`, relative to the root (`src/generated/prisma`); none: the default (`@prisma/client`) */
  readonly output?: string;
  /** the generator's `engineType` (`client`: no Rust engine, a driver adapter is required) */
  readonly engineType?: string;
  /** the `driverAdapters` preview feature (Prisma 5.4 to 6.15; adapters are GA from 6.16) */
  readonly driverAdaptersPreview: boolean;
  /** prisma.config.* at the root, relative to it */
  readonly configFile?: string;
}

export interface ProjectStack {
  readonly root: string;
  /** package.json files read, relative to the root (the root's first, then workspace packages) */
  readonly packageJsons: readonly string[];
  /** catalog ids of the drivers in the dependencies (`pg`, `postgres`, `neon-serverless`, ...) */
  readonly drivers: readonly string[];
  readonly orms: readonly OrmId[];
  /** empty when the project has no migration tool */
  readonly migrationTools: readonly MigrationToolId[];
  readonly language: 'typescript' | 'javascript';
  /** how Node loads the project's `.js` files: `"type": "module"` or not */
  readonly moduleSystem: 'esm' | 'commonjs';
  /**
   * The syntax new code should import with: `import` for ESM packages and for
   * TypeScript (tsc compiles `import` to `require` under CommonJS), else `require`.
   */
  readonly importStyle: 'esm' | 'commonjs';
  /** `compilerOptions.module` of tsconfig.json, lower-cased, when set */
  readonly tsModule?: string;
  /** relative imports need a file extension (`./db.js`): Node ESM, or TypeScript with node16/nodenext resolution */
  readonly importExtensions: boolean;
  readonly platforms: readonly PlatformId[];
  /** present when the project depends on Prisma */
  readonly prisma?: PrismaFacts;
  readonly problems: readonly DetectionProblem[];
}

/** Catalog entries that are ORMs or query builders (and their framework/tool companions); the rest are drivers. */
const ORM_BY_CATALOG_ID: Readonly<Record<string, OrmId>> = {
  prisma: 'prisma',
  'prisma-adapter-pg': 'prisma',
  'prisma-adapter-neon': 'prisma',
  drizzle: 'drizzle',
  'drizzle-kit': 'drizzle',
  typeorm: 'typeorm',
  'nestjs-typeorm': 'typeorm',
  sequelize: 'sequelize',
  'nestjs-sequelize': 'sequelize',
  knex: 'knex',
  kysely: 'kysely',
  'mikro-orm': 'mikro-orm',
  'nestjs-mikro-orm': 'mikro-orm',
};

/** Packages that are not import specifiers in the catalog but name an ORM (CLIs, add-ons). */
const EXTRA_ORM_PACKAGES: Readonly<Record<string, OrmId>> = {
  prisma: 'prisma',
  'sequelize-cli': 'sequelize',
  'kysely-ctl': 'kysely',
  '@mikro-orm/cli': 'mikro-orm',
  '@mikro-orm/migrations': 'mikro-orm',
};

/** The npm package of an import specifier: `drizzle-orm/node-postgres` → `drizzle-orm`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

const catalogIdsByPackage = new Map<string, string[]>();
for (const entry of CATALOG) {
  for (const module of entry.modules) {
    const ids = catalogIdsByPackage.get(packageOf(module)) ?? [];
    if (!ids.includes(entry.id)) ids.push(entry.id);
    catalogIdsByPackage.set(packageOf(module), ids);
  }
}

const PLATFORM_PACKAGES: readonly (readonly [PlatformId, (name: string) => boolean])[] = [
  ['nextjs', (name) => name === 'next'],
  ['cloudflare-workers', (name) => name === 'wrangler' || name === '@cloudflare/workers-types'],
  ['vercel', (name) => name === 'vercel' || name === '@vercel/node'],
  ['netlify', (name) => name === 'netlify-cli' || name === '@netlify/functions'],
  ['aws-lambda', (name) => name === '@types/aws-lambda' || name === 'serverless' || name === 'aws-lambda'],
  ['express', (name) => name === 'express'],
  ['fastify', (name) => name === 'fastify'],
  ['hono', (name) => name === 'hono'],
  ['nestjs', (name) => name === '@nestjs/core'],
  ['koa', (name) => name === 'koa'],
  ['sveltekit', (name) => name === '@sveltejs/kit'],
  ['remix', (name) => name.startsWith('@remix-run/')],
  ['nuxt', (name) => name === 'nuxt'],
];

/** Config files that give a platform away, by exact name or by prefix (`next.config.mjs`). */
const PLATFORM_FILES: readonly (readonly [PlatformId, readonly string[]])[] = [
  ['nextjs', ['next.config.']],
  ['cloudflare-workers', ['wrangler.toml', 'wrangler.json', 'wrangler.jsonc']],
  ['vercel', ['vercel.json']],
  ['netlify', ['netlify.toml']],
  ['aws-lambda', ['serverless.yml', 'serverless.yaml', 'serverless.ts', 'serverless.js']],
  ['sveltekit', ['svelte.config.']],
  ['nuxt', ['nuxt.config.']],
];

const MIGRATION_DIRS = ['migrations', 'migration', 'src/migrations', 'src/migration', 'db/migrations', 'src/db/migrations', 'database/migrations'];

interface PackageJson {
  readonly type?: unknown;
  readonly prisma?: unknown;
  readonly dependencies?: unknown;
  readonly devDependencies?: unknown;
  readonly scripts?: unknown;
  readonly workspaces?: unknown;
}

function toPosix(relative: string): string {
  return relative.split(path.sep).join('/');
}

/**
 * JSON with comments and trailing commas (tsconfig.json, wrangler.jsonc): strips
 * both outside strings, then parses.
 */
export function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      out += text.slice(start, i + 1);
    } else if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += char;
    }
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function listDir(dir: string): readonly string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function stringKeys(value: unknown): string[] {
  return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : [];
}

function stringValues(value: unknown): string[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.values(value).filter((item): item is string => typeof item === 'string');
}

/** Workspace globs from package.json `workspaces` and pnpm-workspace.yaml (`dir`, `dir/*` and `dir/**` forms). */
function workspacePatterns(root: string, pkg: PackageJson | undefined): string[] {
  const patterns: string[] = [];
  const workspaces = pkg?.workspaces;
  const list = Array.isArray(workspaces)
    ? workspaces
    : workspaces && typeof workspaces === 'object'
      ? (workspaces as { packages?: unknown }).packages
      : undefined;
  if (Array.isArray(list)) patterns.push(...list.filter((item): item is string => typeof item === 'string'));
  const pnpm = readText(path.join(root, 'pnpm-workspace.yaml'));
  if (pnpm) {
    for (const match of pnpm.matchAll(/^\s*-\s*['"]?([^'"#\n]+?)['"]?\s*$/gm)) patterns.push(match[1]!);
  }
  return patterns.filter((pattern) => !pattern.startsWith('!'));
}

function expandWorkspace(root: string, pattern: string): string[] {
  const trimmed = pattern.replace(/\/\*\*?$/, '');
  if (trimmed.includes('*')) return [];
  const base = path.join(root, trimmed);
  if (trimmed === pattern) return [base];
  return listDir(base)
    .map((name) => path.join(base, name))
    .filter(isDirectory);
}

interface Evidence {
  readonly root: string;
  readonly files: ReadonlySet<string>;
  readonly packages: ReadonlySet<string>;
  readonly scripts: readonly string[];
}

function hasFile(evidence: Evidence, name: string): boolean {
  return evidence.files.has(name);
}

function hasFilePrefix(evidence: Evidence, prefix: string): boolean {
  for (const file of evidence.files) if (file.startsWith(prefix)) return true;
  return false;
}

function hasMigrationDir(root: string): boolean {
  return MIGRATION_DIRS.some((dir) => isDirectory(path.join(root, dir)));
}

function detectMigrationTools(evidence: Evidence, orms: ReadonlySet<OrmId>): MigrationToolId[] {
  const { root, packages, scripts } = evidence;
  const tools: MigrationToolId[] = [];
  const scriptMentions = (pattern: RegExp): boolean => scripts.some((script) => pattern.test(script));
  if (isDirectory(path.join(root, 'prisma', 'migrations')) || orms.has('prisma')) tools.push('prisma-migrate');
  if (packages.has('drizzle-kit') || hasFilePrefix(evidence, 'drizzle.config.')) tools.push('drizzle-kit');
  if (
    orms.has('typeorm') &&
    (scriptMentions(/\btypeorm\b.*\bmigration:/) || hasFilePrefix(evidence, 'ormconfig.') || hasMigrationDir(root))
  ) {
    tools.push('typeorm');
  }
  if (packages.has('sequelize-cli') || hasFile(evidence, '.sequelizerc')) tools.push('sequelize-cli');
  if (hasFilePrefix(evidence, 'knexfile.') || scriptMentions(/\bknex\s+migrate:/)) tools.push('knex');
  if (packages.has('node-pg-migrate') || hasFilePrefix(evidence, '.pgmigraterc')) tools.push('node-pg-migrate');
  if (packages.has('kysely-ctl') || hasFilePrefix(evidence, 'kysely.config.') || (orms.has('kysely') && hasMigrationDir(root))) {
    tools.push('kysely');
  }
  if (packages.has('@mikro-orm/migrations')) tools.push('mikro-orm');
  return tools;
}

interface TsConfigFacts {
  readonly module?: string;
  readonly moduleResolution?: string;
}

function readTsConfig(root: string, problems: DetectionProblem[]): TsConfigFacts | undefined {
  const text = readText(path.join(root, 'tsconfig.json'));
  if (text === undefined) return undefined;
  try {
    const options = (parseJsonc(text) as { compilerOptions?: Record<string, unknown> } | null)?.compilerOptions ?? {};
    const lower = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : undefined);
    return { module: lower(options.module), moduleResolution: lower(options.moduleResolution) };
  } catch (error) {
    problems.push({ file: 'tsconfig.json', message: `not valid JSON: ${(error as Error).message}` });
    return {};
  }
}

function readPackageJson(file: string, root: string, problems: DetectionProblem[]): PackageJson | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as PackageJson;
    problems.push({ file: toPosix(path.relative(root, file)), message: 'not a JSON object' });
  } catch (error) {
    problems.push({ file: toPosix(path.relative(root, file)), message: `not valid JSON: ${(error as Error).message}` });
  }
  return undefined;
}

/** The lowest version a semver range allows, as `major.minor.patch` (`^6.16.0` → 6.16.0, `7` → 7.0.0); undefined for tags and URLs. */
export function minimumVersion(range: string): string | undefined {
  const match = /(\d+)(?:\.(\d+|[x*]))?(?:\.(\d+|[x*]))?/.exec(range.replace(/^npm:[^@]+@/, ''));
  if (!match || /^(?:file|link|git|http|workspace):/.test(range)) return undefined;
  const number = (part: string | undefined) => (part === undefined || part === 'x' || part === '*' ? 0 : Number(part));
  return `${number(match[1])}.${number(match[2])}.${number(match[3])}`;
}

/** `a` is below `b`, both `major.minor.patch`. */
export function versionBelow(a: string, b: string): boolean {
  const [x, y] = [a.split('.').map(Number), b.split('.').map(Number)];
  for (let index = 0; index < 3; index++) if (x[index] !== y[index]) return x[index]! < y[index]!;
  return false;
}

const PRISMA_CONFIG_FILES = ['prisma.config.ts', 'prisma.config.mts', 'prisma.config.cts', 'prisma.config.js', 'prisma.config.mjs', 'prisma.config.cjs', '.config/prisma.ts'];

/** `schema: 'db/schema.prisma'` of a prisma.config file, read as text (it is code the codemods never run). */
function configuredSchema(configText: string | undefined): string | undefined {
  return configText && /\bschema\s*:\s*(['"`])([^'"`]+)\1/.exec(configText)?.[2];
}

/** The body of the schema's Prisma Client generator block (a schema may also have others: `prisma-kysely`, ERD), in a file or a schema folder. */
function generatorBlock(root: string, schema: string): string | undefined {
  const absolute = path.join(root, schema);
  const texts = isDirectory(absolute)
    ? listDir(absolute).filter((name) => name.endsWith('.prisma')).map((name) => readText(path.join(absolute, name)) ?? '')
    : [readText(absolute) ?? ''];
  for (const text of texts) {
    for (const block of text.replace(/\/\/.*$/gm, '').matchAll(/^\s*generator\s+\w+\s*\{([^}]*)\}/gm)) {
      if (/\bprovider\s*=\s*"prisma-client(?:-js)?"/.test(block[1]!)) return block[1];
    }
  }
  return undefined;
}

function detectPrisma(root: string, ranges: ReadonlyMap<string, string>, rootPackage: { prisma?: unknown } | undefined, files: ReadonlySet<string>): PrismaFacts | undefined {
  const clientRange = ranges.get('@prisma/client');
  const cliRange = ranges.get('prisma');
  if (clientRange === undefined && cliRange === undefined) return undefined;
  const minimum = minimumVersion(clientRange ?? cliRange!);
  const adapters = (['pg', 'neon'] as const).filter((name) => ranges.has(`@prisma/adapter-${name}`));
  const adapterPg = ranges.get('@prisma/adapter-pg');
  const configFile = PRISMA_CONFIG_FILES.find((name) => (name.includes('/') ? fs.existsSync(path.join(root, name)) : files.has(name)));
  const packageSchema = (rootPackage?.prisma as { schema?: unknown } | undefined)?.schema;
  const fromConfig = configuredSchema(configFile && readText(path.join(root, configFile)));
  const schema = [fromConfig, typeof packageSchema === 'string' ? packageSchema : undefined, 'prisma/schema.prisma', 'prisma/schema', 'schema.prisma']
    .filter((candidate): candidate is string => candidate !== undefined)
    .map((candidate) => toPosix(path.normalize(candidate)))
    .find((candidate) => fs.existsSync(path.join(root, candidate)));
  const block = schema === undefined ? undefined : generatorBlock(root, schema);
  const setting = (name: string) => (block ? new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(block)?.[1] : undefined);
  const output = setting('output');
  // The output is relative to the schema file (or, for a schema folder, to the folder itself).
  const schemaDir = schema === undefined ? '' : isDirectory(path.join(root, schema)) ? schema : path.posix.dirname(schema);
  return {
    ...(minimum ? { clientMinimum: minimum } : {}),
    ...(clientRange ? { clientRange } : {}),
    adapters,
    ...(adapterPg && minimumVersion(adapterPg) ? { adapterPgMinimum: minimumVersion(adapterPg) } : {}),
    ...(schema ? { schema } : {}),
    ...(setting('provider') ? { provider: setting('provider') } : {}),
    ...(output ? { output: toPosix(path.normalize(path.join(schemaDir, output))) } : {}),
    ...(setting('engineType') ? { engineType: setting('engineType') } : {}),
    driverAdaptersPreview: /previewFeatures\s*=\s*\[[^\]]*"driverAdapters"/.test(block ?? ''),
    ...(configFile ? { configFile } : {}),
  };
}

/** Detects the stack of the project at `root` (a directory). */
export function detectProject(root: string): ProjectStack {
  const problems: DetectionProblem[] = [];
  const rootPackagePath = path.join(root, 'package.json');
  const rootPackage = readPackageJson(rootPackagePath, root, problems);

  const packageFiles = [rootPackagePath];
  for (const pattern of workspacePatterns(root, rootPackage)) {
    for (const dir of expandWorkspace(root, pattern)) {
      const file = path.join(dir, 'package.json');
      if (!packageFiles.includes(file)) packageFiles.push(file);
    }
  }

  const packageJsons: string[] = [];
  const packages = new Set<string>();
  // Declared ranges, the root's first: what decides a package's major version.
  const ranges = new Map<string, string>();
  const scripts: string[] = [];
  for (const file of packageFiles) {
    const pkg = file === rootPackagePath ? rootPackage : readPackageJson(file, root, problems);
    if (fs.existsSync(file)) packageJsons.push(toPosix(path.relative(root, file)));
    if (!pkg) continue;
    for (const name of [...stringKeys(pkg.dependencies), ...stringKeys(pkg.devDependencies)]) packages.add(name);
    for (const dependencies of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, range] of Object.entries(dependencies && typeof dependencies === 'object' ? dependencies : {})) {
        if (typeof range === 'string' && !ranges.has(name)) ranges.set(name, range);
      }
    }
    scripts.push(...stringValues(pkg.scripts));
  }

  const evidence: Evidence = { root, files: new Set(listDir(root)), packages, scripts };

  const drivers = new Set<string>();
  const orms = new Set<OrmId>();
  for (const name of packages) {
    for (const id of catalogIdsByPackage.get(name) ?? []) {
      const orm = ORM_BY_CATALOG_ID[id];
      if (orm) orms.add(orm);
      else drivers.add(id);
    }
    const extra = EXTRA_ORM_PACKAGES[name];
    if (extra) orms.add(extra);
  }

  const tsconfig = readTsConfig(root, problems);
  const language = tsconfig || packages.has('typescript') ? 'typescript' : 'javascript';
  const moduleSystem = rootPackage?.type === 'module' ? 'esm' : 'commonjs';
  const nodeResolution = (value: string | undefined) => value === 'node16' || value === 'nodenext';
  const importExtensions =
    language === 'typescript'
      ? moduleSystem === 'esm' && (nodeResolution(tsconfig?.module) || nodeResolution(tsconfig?.moduleResolution))
      : moduleSystem === 'esm';

  const platforms = new Set<PlatformId>();
  for (const [platform, matches] of PLATFORM_PACKAGES) {
    for (const name of packages) if (matches(name)) platforms.add(platform);
  }
  for (const [platform, names] of PLATFORM_FILES) {
    if (names.some((name) => (name.endsWith('.') ? hasFilePrefix(evidence, name) : hasFile(evidence, name)))) platforms.add(platform);
  }

  return {
    root,
    packageJsons,
    drivers: [...drivers].sort(),
    orms: [...orms].sort(),
    migrationTools: detectMigrationTools(evidence, orms),
    language,
    moduleSystem,
    importStyle: moduleSystem === 'esm' || language === 'typescript' ? 'esm' : 'commonjs',
    ...(tsconfig?.module ? { tsModule: tsconfig.module } : {}),
    importExtensions,
    platforms: [...platforms].sort(),
    ...(orms.has('prisma') ? { prisma: detectPrisma(root, ranges, rootPackage as { prisma?: unknown } | undefined, evidence.files) } : {}),
    problems,
  };
}

function commonAncestor(dirs: readonly string[]): string {
  return dirs.reduce((common, dir) => {
    let result = common;
    while (dir !== result && !dir.startsWith(result.endsWith(path.sep) ? result : result + path.sep)) result = path.dirname(result);
    return result;
  });
}

/**
 * The project a run is about: the nearest directory holding a package.json at
 * or above the common ancestor of `paths`, else that ancestor.
 */
export function findProjectRoot(paths: readonly string[]): string {
  const dirs = (paths.length > 0 ? paths : ['.']).map((given) => {
    const absolute = path.resolve(given);
    return isDirectory(absolute) ? absolute : path.dirname(absolute);
  });
  const ancestor = commonAncestor(dirs);
  for (let dir = ancestor; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return ancestor;
  }
}
