import fs from 'node:fs';
import path from 'node:path';
import type { Project } from 'ts-morph';

import type { ProjectStack } from '../../../src/project/detect';
import type { Changeset } from '../../lib/changeset';
import type { RunContext } from '../../lib/transform';
import { insertPropertyEdit } from '../../schema-sync-to-migrations/analyze';
import { applyEdits, withAttachedComments, type TextEdit } from '../../schema-sync-to-migrations/source';
import { addDependency, editPackageJson } from '../../schema-sync-to-migrations/steps/package-json';
import { dbModuleTemplate, importedPackages, type StackId } from '../../templates/db-modules';
import { DEPENDENCY_RANGES, TYPES_FOR } from '../../templates/dependency-ranges';
import { renderModule } from '../../templates/render';
import type { DbModule } from '../analyze';
import { declarationOf, exportedClients, importBindingOf, projectParts, propertyName, valueIdentifiers, type Client, type ExportedClient } from '../constructions';
import { Node, ts } from '../../lib/ts-morph';

/**
 * The db module to create: where it goes in its package, the stack's
 * template in the package's language and module system, with the project's
 * schema, entities or db type when its clients had them, and the template's
 * packages in its package.json.
 */

/**
 * `source`: the template's source as the module will hold it: with the
 * project's settings carried over and PrismaClient imported from where the
 * project generates it (`withPrismaClientImport`).
 */
export function renderDbModule(file: string, project: ProjectStack, source: string): string {
  const language = /\.[cm]?tsx?$/.test(file) ? 'ts' : 'js';
  const moduleSystem = file.endsWith('.mjs') || (!file.endsWith('.cjs') && project.moduleSystem === 'esm') ? 'esm' : 'cjs';
  return renderModule(source, { language, moduleSystem });
}

/**
 * Where a new db module goes in the package at `dir`: `--db-module` when
 * given, else `lib/db.ts` in a Next.js app (`src/lib/db.ts` when the app
 * lives in `src/app`), `src/db.ts` when there is a `src/`, else `db.ts`
 * (`.js` in a JavaScript project).
 */
export function dbModulePath(context: RunContext, dir: string = context.root, project: ProjectStack = context.options.stack): string {
  if (context.options.dbModule) return path.resolve(context.root, context.options.dbModule);
  const name = project.language === 'typescript' ? 'db.ts' : 'db.js';
  if (project.platforms.includes('nextjs')) return path.join(dir, fs.existsSync(path.join(dir, 'src', 'app')) ? 'src/lib' : 'lib', name);
  return fs.existsSync(path.join(dir, 'src')) ? path.join(dir, 'src', name) : path.join(dir, name);
}

/** The template's source parsed next to the module it becomes (relative imports resolve from there): its exported clients. */
export function templateClients(source: string, file: string, project: Project): ExportedClient[] {
  return exportedClients(project.createSourceFile(path.join(path.dirname(file), '__neon_db_template__.ts'), source, { overwrite: true }));
}

/** The import, relative to the db module, that brings an identifier the consumer imported; undefined when it is not imported. */
function importFor(identifier: Node, consumerFile: string, moduleFile: string): string | undefined {
  const declaration = declarationOf(identifier);
  const binding = declaration && importBindingOf(declaration);
  if (!binding || binding.path.length > 1) return undefined;
  const local = Node.isShorthandPropertyAssignment(identifier) ? identifier.getName() : identifier.getText();
  let specifier = binding.module;
  if (specifier.startsWith('.')) {
    specifier = path.relative(path.dirname(moduleFile), path.resolve(path.dirname(consumerFile), specifier)).split(path.sep).join('/');
    if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  }
  const type = binding.typeOnly ? 'type ' : '';
  if (binding.form === 'namespace') return `import ${type}* as ${local} from '${specifier}';`;
  if (binding.form === 'default') return `import ${type}${local} from '${specifier}';`;
  const [name] = binding.path;
  return `import ${type}{ ${name === local ? local : `${name} as ${local}`} } from '${specifier}';`;
}

/**
 * The template's source with one client's project parts carried over (its
 * `<DB>`, `schema` or `entities`, with their imports made relative to the db
 * module), or undefined when they cannot move: a value declared in the
 * consumer's own file, a folder relative to it, or a name the template uses.
 */
function carryProjectParts(template: string, stack: StackId, client: Client, file: string, project: Project): string | undefined {
  const { typeArguments, options } = projectParts(client);
  const target = templateClients(template, file, project).find((candidate) => candidate.stack === stack)?.construction.node;
  if (!target) return undefined;
  const templateFile = target.getSourceFile();
  const taken = new Set(templateFile.getDescendantsOfKind(ts.SyntaxKind.Identifier).map((identifier) => identifier.getText()));
  const consumerFile = client.outer.node.getSourceFile().getFilePath();
  const imports = new Set<string>();
  for (const identifier of [...typeArguments, ...options].flatMap(valueIdentifiers)) {
    const name = Node.isShorthandPropertyAssignment(identifier) ? identifier.getName() : identifier.getText();
    if (!declarationOf(identifier)) {
      // A global (`Record`) is the same everywhere; `__dirname` is not.
      if (['__dirname', '__filename'].includes(name)) return undefined;
      continue;
    }
    const line = importFor(identifier, consumerFile, file);
    if (!line || taken.has(name)) return undefined;
    imports.add(line);
  }

  const edits: TextEdit[] = [];
  const ours = target.getTypeArguments();
  if (typeArguments.length > 0) {
    const text = typeArguments.map((argument) => argument.getText()).join(', ');
    edits.push(
      ours.length > 0
        ? { start: ours[0]!.getStart(), end: ours.at(-1)!.getEnd(), text }
        : { start: target.getExpression().getEnd(), end: target.getExpression().getEnd(), text: `<${text}>` },
    );
    // The template's note on its placeholder type ("Replace `any` with ...") is done with.
    const statement = target.getFirstAncestorByKind(ts.SyntaxKind.VariableStatement);
    const placeholder = ours.map((argument) => argument.getText()).join(', ');
    if (statement && placeholder) {
      const noteStart = withAttachedComments(template, statement.getStart());
      if (template.slice(noteStart, statement.getStart()).includes(`\`${placeholder}\``)) edits.push({ start: noteStart, end: statement.getStart(), text: '' });
    }
  }
  const objects = target.getArguments().filter(Node.isObjectLiteralExpression);
  const ranged = (node: Node) => ({ range: [node.getStart(), node.getEnd()] as const });
  for (const option of options) {
    const existing = objects.flatMap((object) => object.getProperties()).find((property) => propertyName(property) === propertyName(option));
    if (existing) edits.push({ start: existing.getStart(), end: existing.getEnd(), text: option.getText() });
    else if (objects[0]) edits.push(insertPropertyEdit(template, { ...ranged(objects[0]), properties: objects[0].getProperties().map(ranged) }, option.getText()));
    else {
      const end = target.getArguments().at(-1)?.getEnd() ?? target.getEnd() - 1;
      edits.push({ start: end, end, text: `${target.getArguments().length > 0 ? ', ' : ''}{ ${option.getText()} }` });
    }
  }
  const lastImport = templateFile.getImportDeclarations().at(-1);
  if (imports.size > 0 && lastImport) edits.push({ start: lastImport.getEnd(), end: lastImport.getEnd(), text: [...imports].map((line) => `\n${line}`).join('') });
  return applyEdits(template, edits);
}

/**
 * The template's source for the module to create: carrying the project parts
 * of the first client that has portable ones (the others must then match
 * them, or are left with a finding); the template as it is otherwise.
 */
export function templateWithProjectSettings(stack: StackId, envVar: string, clients: readonly Client[], file: string, project: Project): string {
  const template = dbModuleTemplate(stack, envVar).source;
  const withParts = clients.filter((client) => {
    const parts = projectParts(client);
    return parts.typeArguments.length > 0 || parts.options.length > 0;
  });
  for (const client of withParts) {
    const source = carryProjectParts(template, stack, client, file, project);
    if (source !== undefined) return source;
  }
  return template;
}

/**
 * Creates the module, and adds the template's packages its package.json does
 * not declare yet (npm install is the user's to run).
 */
export function createDbModule(dbModule: DbModule, changes: Changeset): void {
  changes.create(dbModule.file, renderDbModule(dbModule.file, dbModule.project, dbModule.source!));
  changes.update(path.join(dbModule.packageDir, 'package.json'), (text) => editPackageJson(text, (pkg) => addTemplatePackages(pkg, dbModule.stack, dbModule.project)));
}

/** The range to add for a template's package: the Prisma driver adapters follow the project's @prisma/client (released in lockstep). */
function dependencyRange(name: string, project: ProjectStack): string {
  if (name.startsWith('@prisma/adapter-') && project.prisma?.clientRange) return project.prisma.clientRange;
  return DEPENDENCY_RANGES[name] ?? 'latest';
}

/** The template's packages, with the type packages of those its module imports in a TypeScript project: TypeORM's `pg` needs no `@types/pg`. */
export function addTemplatePackages(pkg: Record<string, unknown>, stack: StackId, project: ProjectStack): void {
  const typescript = project.language === 'typescript';
  const template = dbModuleTemplate(stack);
  const imported = importedPackages(template);
  for (const name of template.dependencies) {
    addDependency(pkg, 'dependencies', name, dependencyRange(name, project));
    const types = TYPES_FOR[name];
    if (typescript && types && imported.includes(name)) addDependency(pkg, 'devDependencies', types, DEPENDENCY_RANGES[types] ?? 'latest');
  }
}
