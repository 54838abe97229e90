import fs from 'node:fs';
import path from 'node:path';
import type { SourceFile } from 'ts-morph';

import { detectProject, type ProjectStack } from '../../src/project/detect';
import { fileRoles } from '../../src/project/files';
import { DEFAULT_DB_MODULE_GLOBS, readNeonSettings } from '../../src/project/settings';
import { isSourceFile, packageDirOf } from '../lib/files';
import { createNeonLinter, type LintMessage } from '../lib/lint';
import { CLIENT_TRIGGERS, compilePrefilter } from '../lib/prefilter';
import type { Finding } from '../lib/report';
import { relativePath, type RunContext } from '../lib/transform';
import { dbModuleTemplate, type StackId } from '../templates/db-modules';
import { prismaStack, prismaStackNotes, withPrismaClientImport } from '../templates/prisma';
import type { TextEdit } from '../schema-sync-to-migrations/source';
import { callerInput, clientOf, constructionAt, constructionOf, exportedClients, settingsDifference, type Client, type ConstructionNode, type ExportedClient } from './constructions';
import { dbModulePath, templateClients, templateWithProjectSettings } from './steps/db-module';
import { planReplacement, type Replacement } from './steps/replace-construction';
import { Project, ts } from '../lib/ts-morph';

/**
 * The read-only pass: where the rules report a client construction, which db
 * module each package has (or gets), and for each construction either the
 * exact edits that replace it with an import of its package's shared client,
 * or a finding for a human. Nothing is written here.
 */

export const ANSWERS = ['neon/no-per-request-client', 'neon/no-client-outside-db-module', 'neon/require-pool-error-listener'] as const;

const LISTENER_RULE = 'neon/require-pool-error-listener';
const PER_REQUEST_RULE = 'neon/no-per-request-client';

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
  /** the package it serves, the folder of the nearest package.json: a db module is never shared across packages */
  readonly packageDir: string;
  /** that package's stack: how a new module is written, and how its importers import it */
  readonly project: ProjectStack;
}

/** A consumer file's share of the plan: its package's db module, and what it replaces. */
export interface ConsumerPlan {
  readonly dbModule: DbModule;
  readonly replacements: readonly Replacement[];
}

export interface Plan {
  readonly scanned: number;
  readonly parsed: number;
  /** the db modules to create: one per package whose clients they replace */
  readonly created: readonly DbModule[];
  /** per consumer file: the replacements the rules' findings lead to */
  readonly replacements: ReadonlyMap<string, ConsumerPlan>;
  readonly findings: Finding[];
  /** the 'error' listeners added to pools that stay where they are */
  readonly listenerEdits: ReadonlyMap<string, readonly TextEdit[]>;
  /** findings inside source files, placed once the file's edits are known */
  readonly pending: PendingFinding[];
  readonly project: Project;
}

interface Reported {
  readonly file: string;
  readonly packageDir: string;
  /** the construction the rules reported, where a finding goes */
  readonly node: ConstructionNode;
  /** the client it belongs to (a wrapper and its pool are one) */
  readonly client: Client | undefined;
  /** the rules that reported it */
  readonly rules: Set<string>;
  /** require-pool-error-listener's suggestion for this pool, applied when the pool itself stays */
  readonly listenerFixes: TextEdit[];
  /** what its settings read from its caller (`url`, `this.options`): a factory's client, not a duplicate of the app's */
  readonly callerInput?: string;
}

/** A file that may serve as the db module: one at a db module path, or a tool config that exports the client (TypeORM's `data-source.ts`). */
interface ModuleCandidate {
  readonly file: string;
  readonly packageDir: string;
  readonly clients: readonly ExportedClient[];
  readonly atDbModulePath: boolean;
  /** it constructs a client (exported or not): a schema or types file at a db module path does not */
  readonly constructs: boolean;
}

// A Prisma client generated into the project is imported from a path of its own: its class name gives it away.
const mentionsDriver = compilePrefilter([CLIENT_TRIGGERS]);

/** A finding at a place in a file's original text: its line moves with the edits made above it. */
export interface PendingFinding {
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

/** A finding's message, given the path of the package's db module, or undefined when the package has none and gets none. */
type LeftMessage = (dbModule: string | undefined) => string;

const NO_DB_MODULE = 'no db module exists in this package (`settings.neon.dbModule`), and none was created';
const asSentence = (clause: string) => clause.charAt(0).toUpperCase() + clause.slice(1);
const SEE_MODULE_FINDING = 'no db module to import a shared client from (see the finding on the db module)';

/** Why a package has no db module for its clients. */
interface NoDbModule {
  readonly reason: string;
}

const LISTENER_BY_HAND =
  "this pool has no 'error' listener, and where it is kept leaves no one place for the transform to add it: add `.on('error', (err) => …)` on it by hand, once, where it is created. Without one, an idle connection Neon drops (scale to zero) crashes the process.";

/** A workspace package's own stack (its module system, platforms); TypeScript when the workspace is, whose tsconfig often sits at its root. */
function packageStack(dir: string, context: RunContext): ProjectStack {
  const { root, options } = context;
  if (dir === root) return options.stack;
  const own = detectProject(dir);
  return own.language === 'typescript' || options.stack.language !== 'typescript' ? own : { ...own, language: 'typescript', importStyle: 'esm' };
}

function offsetOf(source: SourceFile, message: LintMessage): number {
  return source.compilerNode.getPositionOfLineAndCharacter(message.line - 1, message.column - 1);
}

/** What the read-only scan finds: the clients the rules report, the files that may serve as db modules, and the db modules' own listener answers. */
interface Scan {
  readonly scanned: number;
  readonly parsed: number;
  readonly reported: readonly Reported[];
  readonly candidates: readonly ModuleCandidate[];
  readonly pending: PendingFinding[];
  readonly listenerEdits: Map<string, TextEdit[]>;
  readonly project: Project;
}

function addEdits(edits: Map<string, TextEdit[]>, file: string, added: readonly TextEdit[]): void {
  edits.set(file, [...(edits.get(file) ?? []), ...added]);
}

function scanProject(context: RunContext): Scan {
  const { root, options } = context;
  const settings = readNeonSettings({ neon: { dbModule: options.dbModule ? [options.dbModule] : DEFAULT_DB_MODULE_GLOBS } });
  const linter = createNeonLinter({ cwd: root, settings: { dbModule: settings.dbModule }, ruleIds: [...ANSWERS] });
  const project = new Project({
    useInMemoryFileSystem: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noLib: true, jsx: ts.JsxEmit.Preserve },
  });
  const scan = { scanned: 0, parsed: 0, reported: [] as Reported[], candidates: [] as ModuleCandidate[], pending: [] as PendingFinding[], listenerEdits: new Map<string, TextEdit[]>(), project };

  for (const file of context.files.filter(isSourceFile)) {
    scan.scanned++;
    const text = fs.readFileSync(file, 'utf8');
    if (!mentionsDriver(text)) continue;
    scan.parsed++;
    const roles = fileRoles(file, root, settings);
    // A migration runner at a db module path (`lib/db/migrate.ts`) is no db module, nor is a test-support package's `database.ts`.
    if (roles.migration || roles.test) continue;
    const source = project.createSourceFile(file, text, { overwrite: true });
    const packageDir = packageDirOf(file, root);
    if (roles.dbModule || roles.toolConfig) {
      const clients = exportedClients(source);
      const constructs = [...source.getDescendantsOfKind(ts.SyntaxKind.NewExpression), ...source.getDescendantsOfKind(ts.SyntaxKind.CallExpression)].some((node) => constructionOf(node));
      if (roles.dbModule || clients.length > 0) scan.candidates.push({ file, packageDir, clients, atDbModulePath: roles.dbModule, constructs });
      // A db module's own pools need their 'error' listener too: the rule's suggestion where it has one, else a finding.
      if (!roles.dbModule || !constructs) continue;
      for (const message of linter.lint(text, file).messages.filter((entry) => entry.ruleId === LISTENER_RULE)) {
        const fix = message.suggestions?.[0]?.fix;
        if (fix) addEdits(scan.listenerEdits, file, [{ start: fix.range[0], end: fix.range[1], text: fix.text }]);
        else scan.pending.push({ file, offset: offsetOf(source, message), message: LISTENER_BY_HAND });
      }
      continue;
    }
    const result = linter.lint(text, file);
    if (result.fatal) continue;
    const byStart = new Map<number, Reported>();
    for (const message of result.messages) {
      const start = offsetOf(source, message);
      const end =
        message.endLine === undefined ? undefined : source.compilerNode.getPositionOfLineAndCharacter(message.endLine - 1, (message.endColumn ?? 1) - 1);
      const node = byStart.get(start)?.node ?? constructionAt(source, start, end);
      if (!node) continue;
      const entry = byStart.get(start) ?? { file, packageDir, node, client: clientOf(node), rules: new Set<string>(), listenerFixes: [] };
      byStart.set(start, entry);
      entry.rules.add(message.ruleId);
      const fix = message.ruleId === LISTENER_RULE ? message.suggestions?.[0]?.fix : undefined;
      if (fix) entry.listenerFixes.push({ start: fix.range[0], end: fix.range[1], text: fix.text });
    }
    for (const entry of byStart.values()) {
      // A client made per request is the handler's, whatever it reads from the request.
      const input = entry.rules.has(PER_REQUEST_RULE) ? undefined : callerInput(entry.node);
      scan.reported.push(input ? { ...entry, callerInput: input } : entry);
    }
  }
  return scan;
}

/** What becomes of a reported client, given its package's db module: its replacement with that module's client, or a finding's message. */
function planClient(entry: Reported, dbModule: DbModule | NoDbModule, context: RunContext): { dbModule: DbModule; replacement: Replacement } | LeftMessage {
  const { client } = entry;
  if (entry.callerInput) {
    return () =>
      `this client is built from what its caller passes (\`${entry.callerInput}\`): a factory, as a library or framework offers, not a duplicate of the app's client: left as is. An app creates its client once in its db module and imports it; in a library package, turn \`neon/no-client-outside-db-module\` off.`;
  }
  if (!client?.stack) return (module) => `central-db-module does not rewrite this driver yet: move the client into ${module ?? 'a db module'} by hand and import it here.`;
  if ('reason' in dbModule) return () => `${dbModule.reason}: left as is.`;
  const shared = dbModule.clients.find((candidate) => candidate.stack === client.stack);
  if (!shared) {
    const kinds = [...new Set(dbModule.clients.map((candidate) => candidate.stack))].join(', ');
    return (module) =>
      module ? `this ${client.stack} client is not of a kind ${module} exports (${kinds}): move it into a db module by hand.` : `this ${client.stack} client is left as is: ${NO_DB_MODULE}.`;
  }
  const difference = settingsDifference(client.outer, shared.construction, context.options.envVar);
  if (difference) {
    return (module) =>
      module
        ? `this client has settings the db module does not have (${difference}): left as is. Move what it needs into ${module} (or a second, named client there) by hand and import it here.`
        : `this client has settings the ${dbModule.stack} db module template does not have (${difference}): left as is; ${NO_DB_MODULE}. Create one (\`neon-codemod init\`, or by hand), move what this client needs into it (or a second, named client there) and import it here.`;
  }
  const replacement = planReplacement(client, shared, relativePath(context.root, dbModule.file));
  if (typeof replacement !== 'string') return { dbModule, replacement };
  return (module) => (module ? replacement : `${replacement} ${asSentence(NO_DB_MODULE)}: create one first (\`neon-codemod init\`).`);
}

export function analyzeProject(context: RunContext): Plan {
  const { root } = context;
  const { scanned, parsed, reported, candidates, pending, listenerEdits, project } = scanProject(context);
  const findings: Finding[] = [];

  // One db module per package: a factory's client (built from its caller's input) is no reason to make one.
  const dbModules = new Map<string, DbModule | NoDbModule>();
  for (const packageDir of new Set(reported.map((entry) => entry.packageDir))) {
    const shareable = reported.filter((entry) => entry.packageDir === packageDir && !entry.callerInput);
    const own = candidates.filter((candidate) => candidate.packageDir === packageDir);
    dbModules.set(packageDir, chooseDbModule(context, packageDir, own, shareable, findings, project));
  }

  const replacements = new Map<string, { dbModule: DbModule; replacements: Replacement[] }>();
  const left: { entry: Reported; message: LeftMessage }[] = [];
  for (const entry of reported) {
    const planned = planClient(entry, dbModules.get(entry.packageDir)!, context);
    if (typeof planned === 'function') {
      left.push({ entry, message: planned });
      continue;
    }
    const consumer = replacements.get(entry.file) ?? { dbModule: planned.dbModule, replacements: [] };
    consumer.replacements.push(planned.replacement);
    replacements.set(entry.file, consumer);
  }

  // A module the run would create serves only if it replaces something: else no finding may name it.
  const serving = new Set([...replacements.values()].map((consumer) => consumer.dbModule));
  for (const { entry, message } of left) {
    const dbModule = dbModules.get(entry.packageDir)!;
    const name = !('reason' in dbModule) && (dbModule.exists || serving.has(dbModule)) ? relativePath(root, dbModule.file) : undefined;
    // The pool stays: it still needs the 'error' listener that keeps an idle disconnect from killing the process.
    if (entry.listenerFixes.length > 0) addEdits(listenerEdits, entry.file, entry.listenerFixes);
    const unlistened = entry.rules.has(LISTENER_RULE) && entry.listenerFixes.length === 0;
    const listener = unlistened ? " It has no 'error' listener either, and no one place to add it: add `.on('error', (err) => …)` on it by hand, once, where it is created." : '';
    pending.push({ file: entry.file, offset: entry.node.getStart(), message: `${message(name)}${listener}` });
  }
  return { scanned, parsed, created: [...serving].filter((dbModule) => !dbModule.exists), replacements, listenerEdits, findings, pending, project };
}

/**
 * The existing module of a package that serves most of its reported clients
 * (a db module path first, then a tool config such as TypeORM's
 * `data-source.ts`), or the template's module at the package's conventional
 * place: the template that serves most of them (a drizzle module exports its
 * pg `pool` too), with the first client's schema, entities or db type when
 * it has them.
 */
function chooseDbModule(
  context: RunContext,
  packageDir: string,
  candidates: readonly ModuleCandidate[],
  reported: readonly Reported[],
  findings: Finding[],
  project: Project,
): DbModule | NoDbModule {
  const { root, options } = context;
  const counts = new Map<StackId, number>();
  for (const { client } of reported) if (client?.stack) counts.set(client.stack, (counts.get(client.stack) ?? 0) + 1);
  if (counts.size === 0) return { reason: NO_DB_MODULE };
  const served = (clients: readonly ExportedClient[]) => [...new Set(clients.map((client) => client.stack))].reduce((sum, stack) => sum + (counts.get(stack) ?? 0), 0);
  const ordered = [...candidates.filter((candidate) => candidate.atDbModulePath), ...candidates.filter((candidate) => !candidate.atDbModulePath)];
  const best = ordered.reduce<ModuleCandidate | undefined>((top, candidate) => (served(candidate.clients) > (top ? served(top.clients) : 0) ? candidate : top), undefined);
  const stackOfPackage = packageStack(packageDir, context);
  if (best) {
    return { file: best.file, stack: best.clients[0]!.stack, clients: best.clients, exists: true, toolConfig: !best.atDbModulePath, packageDir, project: stackOfPackage };
  }
  // A db module that exports no client of the driver (a `query()` wrapper, another driver): a second one would split the connections again.
  const unusable = candidates.find((candidate) => candidate.atDbModulePath && candidate.constructs);
  if (unusable) {
    findings.push({
      file: relativePath(root, unusable.file),
      line: 1,
      column: 1,
      message: `${relativePath(root, unusable.file)} exports no ${[...counts.keys()].join(' or ')} client to import: nothing was replaced. Export the client from it (\`export const pool\`, \`module.exports = { pool }\`) and run again, or pass --db-module.`,
    });
    return { reason: SEE_MODULE_FINDING };
  }

  const file = dbModulePath(context, packageDir, stackOfPackage);
  // `--db-module` in another package: this package's clients are not its to share.
  if (packageDirOf(file, root) !== packageDir) return { reason: NO_DB_MODULE };
  const wanted = [...counts].sort((a, b) => b[1] - a[1]).map(([stack]) => stack);
  const chosen = wanted
    .map((candidate) => ({ candidate, score: served(templateClients(dbModuleTemplate(candidate).source, file, project)) }))
    .reduce((top, entry) => (entry.score > top.score ? entry : top)).candidate;
  // Every PrismaClient is one kind of client; the project's Prisma version and adapters decide the module's variant.
  const stack = chosen === 'prisma' ? prismaStack(stackOfPackage) : chosen;
  if (fs.existsSync(file)) {
    findings.push({
      file: relativePath(root, file),
      line: 1,
      column: 1,
      message: `${relativePath(root, file)} exists but exports no ${stack} client: nothing was replaced. Export the client from it, or pass --db-module with another path.`,
    });
    return { reason: SEE_MODULE_FINDING };
  }
  const clients = reported.flatMap(({ client }) => (client?.stack === chosen ? [client] : []));
  // Parsed with the import it will have, so that its client compares with the consumers' (the generated client's path).
  const source = withPrismaClientImport(templateWithProjectSettings(stack, options.envVar, clients, file, project), stack, stackOfPackage, file);
  const packageJson = relativePath(root, path.join(packageDir, 'package.json'));
  for (const message of prismaStackNotes(stack, stackOfPackage)) findings.push({ file: packageJson, line: 1, column: 1, message });
  return { file, stack, clients: templateClients(source, file, project), exists: false, source, packageDir, project: stackOfPackage };
}
