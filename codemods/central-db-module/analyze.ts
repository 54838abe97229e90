import fs from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';

import { CATALOG_MODULES } from '../../src/catalog';
import { fileRoles } from '../../src/project/files';
import { DEFAULT_DB_MODULE_GLOBS, readNeonSettings } from '../../src/project/settings';
import { isSourceFile } from '../lib/files';
import { createNeonLinter } from '../lib/lint';
import { compilePrefilter } from '../lib/prefilter';
import type { Finding } from '../lib/report';
import { relativePath, type RunContext } from '../lib/transform';
import { dbModuleTemplate, type StackId } from '../templates/db-modules';
import { prismaStack, prismaStackNotes, withPrismaClientImport } from '../templates/prisma';
import type { TextEdit } from '../schema-sync-to-migrations/source';
import { clientOf, constructionAt, constructionOf, exportedClients, settingsDifference, type Client, type ConstructionNode, type ExportedClient } from './constructions';
import { templateClients, templateWithProjectSettings } from './steps/db-module';
import { planReplacement, type Replacement } from './steps/replace-construction';

/**
 * The read-only pass: where the rules report a client construction, which db
 * module the project has (or gets), and for each construction either the exact
 * edits that replace it with an import of the shared client, or a finding for
 * a human. Nothing is written here.
 */

export const ANSWERS = ['neon/no-per-request-client', 'neon/no-client-outside-db-module', 'neon/require-pool-error-listener'] as const;

export interface DbModule {
  readonly file: string;
  /** the template it is made from (when created), or the stack of its first client */
  readonly stack: StackId;
  /** the clients it exports, by stack: a drizzle module's `db`, and its `pool` for plain pg code */
  readonly clients: readonly ExportedClient[];
  /** false: the step creates it */
  readonly exists: boolean;
  /** a tool config serving as the db module (TypeORM's `data-source.ts`): imported from, never edited */
  readonly toolConfig?: boolean;
  /** for a module to create: the template's source with the project's settings (schema, entities, db type), before rendering */
  readonly source?: string;
}

export interface Plan {
  readonly scanned: number;
  readonly parsed: number;
  readonly dbModule?: DbModule;
  /** per consumer file: the replacements the rules' findings lead to */
  readonly replacements: ReadonlyMap<string, readonly Replacement[]>;
  readonly findings: Finding[];
  /** the 'error' listeners added to pools that stay where they are */
  readonly listenerEdits: ReadonlyMap<string, readonly TextEdit[]>;
  /** findings inside source files, placed once the file's edits are known */
  readonly pending: PendingFinding[];
  readonly project: Project;
}

interface Reported {
  readonly file: string;
  /** the construction the rules reported, where a finding goes */
  readonly node: ConstructionNode;
  /** the client it belongs to (a wrapper and its pool are one) */
  readonly client: Client | undefined;
  /** require-pool-error-listener's suggestion for this pool, applied when the pool itself stays */
  readonly listenerFixes: TextEdit[];
}

/** A file that may serve as the db module: one at a db module path, or a tool config that exports the client (TypeORM's `data-source.ts`). */
interface ModuleCandidate {
  readonly file: string;
  readonly clients: readonly ExportedClient[];
  readonly atDbModulePath: boolean;
  /** it constructs a client (exported or not): a schema or types file at a db module path does not */
  readonly constructs: boolean;
}

// A Prisma client generated into the project is imported from a path of its own: its class name gives it away.
const mentionsDriver = compilePrefilter([{ modules: CATALOG_MODULES, text: ['PrismaClient'] }]);

/** A finding at a place in a file's original text: its line moves with the edits made above it. */
export interface PendingFinding {
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

function conventionalPath(context: RunContext, language: 'ts' | 'js'): string {
  const { root, options } = context;
  if (options.dbModule) return path.resolve(root, options.dbModule);
  const extension = language === 'ts' ? '.ts' : '.js';
  if (options.stack.platforms.includes('nextjs')) return path.join(root, fs.existsSync(path.join(root, 'src', 'app')) ? 'src/lib' : 'lib', `db${extension}`);
  return fs.existsSync(path.join(root, 'src')) ? path.join(root, 'src', `db${extension}`) : path.join(root, `db${extension}`);
}

export function analyzeProject(context: RunContext): Plan {
  const { root, options } = context;
  const settings = readNeonSettings({ dbModule: options.dbModule ? [options.dbModule] : DEFAULT_DB_MODULE_GLOBS });
  const linter = createNeonLinter({ cwd: root, settings: { dbModule: settings.dbModule }, ruleIds: [...ANSWERS] });
  const project = new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noLib: true, jsx: ts.JsxEmit.Preserve },
  });
  const findings: Finding[] = [];
  const pending: PendingFinding[] = [];
  const reported: Reported[] = [];
  const candidates: ModuleCandidate[] = [];
  let scanned = 0;
  let parsed = 0;

  for (const file of context.files.filter(isSourceFile)) {
    scanned++;
    const text = fs.readFileSync(file, 'utf8');
    if (!mentionsDriver(text)) continue;
    parsed++;
    const roles = fileRoles(file, root, settings);
    // A migration runner at a db module path (`lib/db/migrate.ts`) is no db module.
    if (roles.migration || roles.test) continue;
    const source = project.createSourceFile(file, text, { overwrite: true });
    if (roles.dbModule || roles.toolConfig) {
      const clients = exportedClients(source);
      const constructs = [...source.getDescendantsOfKind(ts.SyntaxKind.NewExpression), ...source.getDescendantsOfKind(ts.SyntaxKind.CallExpression)].some((node) => constructionOf(node));
      if (roles.dbModule || clients.length > 0) candidates.push({ file, clients, atDbModulePath: roles.dbModule, constructs });
      continue;
    }
    const result = linter.lint(text, file);
    if (result.fatal) continue;
    const byStart = new Map<number, Reported>();
    for (const message of result.messages) {
      const start = source.compilerNode.getPositionOfLineAndCharacter(message.line - 1, message.column - 1);
      const end =
        message.endLine === undefined ? undefined : source.compilerNode.getPositionOfLineAndCharacter(message.endLine - 1, (message.endColumn ?? 1) - 1);
      const node = byStart.get(start)?.node ?? constructionAt(source, start, end);
      if (!node) continue;
      const entry = byStart.get(start) ?? { file, node, client: clientOf(node), listenerFixes: [] };
      byStart.set(start, entry);
      const fix = message.ruleId === 'neon/require-pool-error-listener' ? message.suggestions?.[0]?.fix : undefined;
      if (fix) entry.listenerFixes.push({ start: fix.range[0], end: fix.range[1], text: fix.text });
    }
    reported.push(...byStart.values());
  }

  const dbModule = chooseDbModule(context, candidates, reported, findings, project);
  const replacements = new Map<string, Replacement[]>();
  const listenerEdits = new Map<string, TextEdit[]>();
  for (const { file, node, client, listenerFixes } of reported) {
    const leave = (message: string) => {
      pending.push({ file, offset: node.getStart(), message });
      // The pool stays: it still needs the 'error' listener that keeps an idle disconnect from killing the process.
      if (listenerFixes.length > 0) listenerEdits.set(file, [...(listenerEdits.get(file) ?? []), ...listenerFixes]);
    };
    if (!client?.stack) {
      leave('central-db-module does not rewrite this driver yet: move the client into the db module by hand and import it here.');
      continue;
    }
    if (!dbModule) {
      leave('no db module to import a shared client from (see the finding on the db module): left as is.');
      continue;
    }
    const shared = dbModule.clients.find((candidate) => candidate.stack === client.stack);
    if (!shared) {
      const kinds = [...new Set(dbModule.clients.map((candidate) => candidate.stack))].join(', ');
      leave(`this ${client.stack} client is not of a kind ${relativePath(root, dbModule.file)} exports (${kinds}): move it into a db module by hand.`);
      continue;
    }
    const difference = settingsDifference(client.outer, shared.construction, options.envVar);
    if (difference) {
      leave(
        `this client has settings the db module does not have (${difference}): left as is. Move what it needs into ${relativePath(root, dbModule.file)} (or a second, named client there) by hand and import it here.`,
      );
      continue;
    }
    const replacement = planReplacement(client, shared, relativePath(root, dbModule.file));
    if (typeof replacement === 'string') {
      leave(replacement);
      continue;
    }
    replacements.set(file, [...(replacements.get(file) ?? []), replacement]);
  }
  return { scanned, parsed, dbModule, replacements, listenerEdits, findings, pending, project };
}

/**
 * The existing module that serves most of the reported clients (a db module
 * path first, then a tool config such as TypeORM's `data-source.ts`), or the
 * template's module at the conventional place: the template that serves most
 * of them (a drizzle module exports its pg `pool` too), with the first
 * client's schema, entities or db type when it has them.
 */
function chooseDbModule(
  context: RunContext,
  candidates: readonly ModuleCandidate[],
  reported: readonly Reported[],
  findings: Finding[],
  project: Project,
): DbModule | undefined {
  const { root, options } = context;
  const counts = new Map<StackId, number>();
  for (const { client } of reported) if (client?.stack) counts.set(client.stack, (counts.get(client.stack) ?? 0) + 1);
  const served = (clients: readonly ExportedClient[]) => [...new Set(clients.map((client) => client.stack))].reduce((sum, stack) => sum + (counts.get(stack) ?? 0), 0);
  const ordered = [...candidates.filter((candidate) => candidate.atDbModulePath), ...candidates.filter((candidate) => !candidate.atDbModulePath)];
  const best = ordered.reduce<ModuleCandidate | undefined>((top, candidate) => (served(candidate.clients) > (top ? served(top.clients) : 0) ? candidate : top), undefined);
  const existing = best ?? (counts.size === 0 ? ordered.find((candidate) => candidate.atDbModulePath && candidate.clients.length > 0) : undefined);
  if (existing) return { file: existing.file, stack: existing.clients[0]!.stack, clients: existing.clients, exists: true, toolConfig: !existing.atDbModulePath };
  if (counts.size === 0) return undefined;
  // A db module that exports no client of the driver (a `query()` wrapper, another driver): a second one would split the connections again.
  const unusable = candidates.find((candidate) => candidate.atDbModulePath && candidate.constructs);
  if (unusable) {
    findings.push({
      file: relativePath(root, unusable.file),
      line: 1,
      column: 1,
      message: `${relativePath(root, unusable.file)} exports no ${[...counts.keys()].join(' or ')} client to import: nothing was replaced. Export the client from it (\`export const pool\`, \`module.exports = { pool }\`) and run again, or pass --db-module.`,
    });
    return undefined;
  }

  const language = options.stack.language === 'typescript' ? 'ts' : 'js';
  const file = conventionalPath(context, language);
  const wanted = [...counts].sort((a, b) => b[1] - a[1]).map(([stack]) => stack);
  const chosen = wanted
    .map((candidate) => ({ candidate, score: served(templateClients(dbModuleTemplate(candidate).source, file, project)) }))
    .reduce((top, entry) => (entry.score > top.score ? entry : top)).candidate;
  // Every PrismaClient is one kind of client; the project's Prisma version and adapters decide the module's variant.
  const stack = chosen === 'prisma' ? prismaStack(options.stack) : chosen;
  if (fs.existsSync(file)) {
    findings.push({
      file: relativePath(root, file),
      line: 1,
      column: 1,
      message: `${relativePath(root, file)} exists but exports no ${stack} client: nothing was replaced. Export the client from it, or pass --db-module with another path.`,
    });
    return undefined;
  }
  const clients = reported.flatMap(({ client }) => (client?.stack === chosen ? [client] : []));
  // Parsed with the import it will have, so that its client compares with the consumers' (the generated client's path).
  const source = withPrismaClientImport(templateWithProjectSettings(stack, clients, file, project), stack, options.stack, file);
  for (const message of prismaStackNotes(stack, options.stack)) findings.push({ file: 'package.json', line: 1, column: 1, message });
  return { file, stack, clients: templateClients(source, file, project), exists: false, source };
}
