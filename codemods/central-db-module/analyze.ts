import fs from 'node:fs';
import path from 'node:path';
import type { SourceFile } from 'ts-morph';

import { CATALOG_MODULES } from '../../src/catalog';
import { fileRoles } from '../../src/project/files';
import { DEFAULT_DB_MODULE_GLOBS, readNeonSettings } from '../../src/project/settings';
import { isSourceFile } from '../lib/files';
import { createNeonLinter } from '../lib/lint';
import { compilePrefilter } from '../lib/prefilter';
import type { Finding } from '../lib/report';
import { relativePath, type RunContext } from '../lib/transform';
import { dbModuleTemplate, type StackId } from '../templates/db-modules';
import type { TextEdit } from '../schema-sync-to-migrations/source';
import { constructionAt, driverIdOf, hasTemplateSettings, TEMPLATE_FOR_DRIVER, type ConstructionNode } from './constructions';
import { exportOf, type ExportedBinding } from './module-syntax';
import { planReplacement, type Replacement } from './steps/replace-construction';
import { Node, Project, SyntaxKind, ts } from '../lib/ts-morph';

/**
 * The read-only pass: where the rules report a client construction, which db
 * module the project has (or gets), and for each construction either the exact
 * edits that replace it with an import of the shared client, or a finding for
 * a human. Nothing is written here.
 */

export const ANSWERS = ['neon/no-per-request-client', 'neon/no-client-outside-db-module', 'neon/require-pool-error-listener'] as const;

export interface DbModule {
  readonly file: string;
  readonly stack: StackId;
  readonly driverId: string;
  readonly exported: ExportedBinding;
  /** false: the step creates it from the template */
  readonly exists: boolean;
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
  readonly node: ConstructionNode;
  readonly driverId: string | undefined;
  /** require-pool-error-listener's suggestion for this pool, applied when the pool itself stays */
  readonly listenerFixes: TextEdit[];
}

const mentionsDriver = compilePrefilter([{ modules: CATALOG_MODULES, text: [] }]);

/** A finding at a place in a file's original text: its line moves with the edits made above it. */
export interface PendingFinding {
  readonly file: string;
  readonly offset: number;
  readonly message: string;
}

function isInsideFunction(node: Node): boolean {
  return node.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor)) !== undefined;
}

/** A module-scope client of a supported driver, exported: what an existing db module offers. */
function exportedClients(file: SourceFile): { driverId: string; exported: ExportedBinding }[] {
  const found: { driverId: string; exported: ExportedBinding }[] = [];
  for (const node of [...file.getDescendantsOfKind(SyntaxKind.NewExpression), ...file.getDescendantsOfKind(SyntaxKind.CallExpression)]) {
    const driverId = driverIdOf(node);
    if (!driverId || !TEMPLATE_FOR_DRIVER[driverId] || isInsideFunction(node)) continue;
    // `export const prisma = globalForPrisma.prisma ?? new PrismaClient()` is the template's own shape.
    const declaration = node.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
    if (!declaration || !Node.isIdentifier(declaration.getNameNode())) continue;
    const exported = exportOf(file, declaration.getName());
    if (exported) found.push({ driverId, exported });
  }
  return found;
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
  const dbModules: { file: string; clients: ReturnType<typeof exportedClients> }[] = [];
  let scanned = 0;
  let parsed = 0;

  for (const file of context.files.filter(isSourceFile)) {
    scanned++;
    const text = fs.readFileSync(file, 'utf8');
    if (!mentionsDriver(text)) continue;
    parsed++;
    const roles = fileRoles(file, root, settings);
    const source = project.createSourceFile(file, text, { overwrite: true });
    if (roles.dbModule) {
      dbModules.push({ file, clients: exportedClients(source) });
      continue;
    }
    if (roles.migration || roles.test || roles.toolConfig) continue;
    const result = linter.lint(text, file);
    if (result.fatal) continue;
    const byStart = new Map<number, Reported>();
    for (const message of result.messages) {
      const start = source.compilerNode.getPositionOfLineAndCharacter(message.line - 1, message.column - 1);
      const end =
        message.endLine === undefined ? undefined : source.compilerNode.getPositionOfLineAndCharacter(message.endLine - 1, (message.endColumn ?? 1) - 1);
      const node = byStart.get(start)?.node ?? constructionAt(source, start, end);
      if (!node) continue;
      const entry = byStart.get(start) ?? { file, node, driverId: driverIdOf(node), listenerFixes: [] };
      byStart.set(start, entry);
      const fix = message.ruleId === 'neon/require-pool-error-listener' ? message.suggestions?.[0]?.fix : undefined;
      if (fix) entry.listenerFixes.push({ start: fix.range[0], end: fix.range[1], text: fix.text });
    }
    reported.push(...byStart.values());
  }

  const dbModule = chooseDbModule(context, dbModules, reported, findings);
  const replacements = new Map<string, Replacement[]>();
  const listenerEdits = new Map<string, TextEdit[]>();
  for (const { file, node, driverId, listenerFixes } of reported) {
    const leave = (message: string) => {
      pending.push({ file, offset: node.getStart(), message });
      // The pool stays: it still needs the 'error' listener that keeps an idle disconnect from killing the process.
      if (listenerFixes.length > 0) listenerEdits.set(file, [...(listenerEdits.get(file) ?? []), ...listenerFixes]);
    };
    if (!driverId || !TEMPLATE_FOR_DRIVER[driverId]) {
      leave('central-db-module does not rewrite this driver yet: move the client into the db module by hand and import it here.');
      continue;
    }
    if (!dbModule) {
      leave('no db module to import a shared client from (see the finding on the db module): left as is.');
      continue;
    }
    if (driverId !== dbModule.driverId) {
      leave(`this client's driver differs from the db module's (${dbModule.driverId}): move it into a db module by hand.`);
      continue;
    }
    if (!hasTemplateSettings(node, driverId, options.envVar)) {
      leave(
        `this client has connection settings the db module does not have (another URL or tuning options): left as is. Move what it needs into ${relativePath(root, dbModule.file)} (or a second, named client there) by hand and import it here.`,
      );
      continue;
    }
    const replacement = planReplacement(node, dbModule);
    if (typeof replacement === 'string') {
      leave(replacement);
      continue;
    }
    replacements.set(file, [...(replacements.get(file) ?? []), replacement]);
  }
  return { scanned, parsed, dbModule, replacements, listenerEdits, findings, pending, project };
}

/** An existing db module that exports a client of the reported driver, or the template's module at the conventional place. */
function chooseDbModule(
  context: RunContext,
  dbModules: readonly { file: string; clients: ReturnType<typeof exportedClients> }[],
  reported: readonly Reported[],
  findings: Finding[],
): DbModule | undefined {
  const { root, options } = context;
  const candidates = dbModules.flatMap(({ file, clients }) => clients.map((client) => ({ file, ...client })));
  const wanted = reported.map((entry) => entry.driverId).filter((id): id is string => id !== undefined && TEMPLATE_FOR_DRIVER[id] !== undefined);
  const counts = new Map<string, number>();
  for (const id of wanted) counts.set(id, (counts.get(id) ?? 0) + 1);
  const existing = candidates.find((candidate) => counts.has(candidate.driverId)) ?? (wanted.length === 0 ? candidates[0] : undefined);
  if (existing) return { file: existing.file, driverId: existing.driverId, stack: TEMPLATE_FOR_DRIVER[existing.driverId]!, exported: existing.exported, exists: true };
  if (wanted.length === 0) return undefined;
  // A db module that exports no client of the driver (a `query()` wrapper, another driver): a second one would split the connections again.
  const [unusable] = dbModules;
  if (unusable) {
    findings.push({
      file: relativePath(root, unusable.file),
      line: 1,
      column: 1,
      message: `${relativePath(root, unusable.file)} exports no ${[...counts.keys()].join(' or ')} client to import: nothing was replaced. Export the client from it (\`export const pool\`, \`module.exports = { pool }\`) and run again, or pass --db-module.`,
    });
    return undefined;
  }

  const driverId = [...counts].sort((a, b) => b[1] - a[1])[0]![0];
  const stack = TEMPLATE_FOR_DRIVER[driverId]!;
  const language = options.stack.language === 'typescript' ? 'ts' : 'js';
  const file = conventionalPath(context, language);
  if (fs.existsSync(file)) {
    findings.push({
      file: relativePath(root, file),
      line: 1,
      column: 1,
      message: `${relativePath(root, file)} exists but exports no ${driverId} client: nothing was replaced. Export the client from it, or pass --db-module with another path.`,
    });
    return undefined;
  }
  return { file, driverId, stack, exported: { name: dbModuleTemplate(stack).exportName, whole: false }, exists: false };
}
