import path from 'node:path';
import type { CallExpression, Identifier, NewExpression, ObjectLiteralExpression, SourceFile, VariableDeclaration } from 'ts-morph';

import { driverForModule, DIALECT_OPTION_KEYS, NON_POSTGRES_DIALECTS, type ConstructorSpec, type DriverEntry } from '../../src/catalog';
import { isGeneratedPrismaClient } from '../../src/catalog/prisma-client';
import { dbModuleTemplate, LOCAL_DATABASE_FLAG, type StackId } from '../templates/db-modules';
import { exportOf, requiredModule, type ExportedBinding } from './module-syntax';
import { Node, ts } from '../lib/ts-morph';

/**
 * Facts about client constructions, read with ts-morph: which catalog
 * constructor a `new X()`/`x()` is (by import tracking, never by name), the
 * client a wrapper wraps (`drizzle(pool)`, Kysely's dialect pool), which db
 * module template makes the same client, and whether two constructions have
 * the same settings.
 */

export type ConstructionNode = NewExpression | CallExpression;

export interface Construction {
  readonly node: ConstructionNode;
  readonly module: string;
  readonly driver: DriverEntry;
  readonly spec: ConstructorSpec;
}

/** One client as the code uses it: a wrapper and the client it wraps, or a client alone. */
export interface Client {
  /** the construction whose value the code uses: the wrapper when there is one */
  readonly outer: Construction;
  /** the client a wrapper wraps: nested in its arguments, or declared on its own in the same scope */
  readonly inner?: Construction;
  /** `const pool = new Pool()` that the wrapper wraps by name */
  readonly innerDeclaration?: VariableDeclaration;
  /** the db module template that makes the same client */
  readonly stack?: StackId;
}

interface TemplateClient {
  readonly stack: StackId;
  readonly driver: string;
  /** the entry module, where a driver has several (`drizzle-orm/node-postgres`) or a look-alike (`sequelize-typescript`) */
  readonly module?: string;
  readonly display?: string;
  /** for wrappers: the driver of the wrapped client */
  readonly wraps?: string;
}

/** Which template makes the same client as a construction; the others are left for a human. */
const TEMPLATE_FOR_CLIENT: readonly TemplateClient[] = [
  { stack: 'pg', driver: 'pg' },
  { stack: 'neon-serverless', driver: 'neon-serverless' },
  { stack: 'postgres', driver: 'postgres' },
  { stack: 'prisma', driver: 'prisma' },
  { stack: 'knex', driver: 'knex' },
  { stack: 'sequelize', driver: 'sequelize', module: 'sequelize' },
  { stack: 'typeorm', driver: 'typeorm', display: 'new DataSource()' },
  { stack: 'kysely', driver: 'kysely', wraps: 'pg' },
  { stack: 'drizzle-node-postgres', driver: 'drizzle', module: 'drizzle-orm/node-postgres', wraps: 'pg' },
  { stack: 'drizzle-postgres-js', driver: 'drizzle', module: 'drizzle-orm/postgres-js', wraps: 'postgres' },
  { stack: 'drizzle-neon-serverless', driver: 'drizzle', module: 'drizzle-orm/neon-serverless', wraps: 'neon-serverless' },
  { stack: 'drizzle-neon-http', driver: 'drizzle', module: 'drizzle-orm/neon-http', wraps: 'neon-serverless' },
];

// A config module's field that holds the app's connection string (`config.databaseUrl`), not some other database's.
const CONFIG_URL_FIELD = /^(?:database_?url|db_?url|connection_?string|postgres_?url|pg_?url)$/i;

/** The construction at the range a rule reported, outermost first when several share it. */
export function constructionAt(file: SourceFile, start: number, end: number | undefined): ConstructionNode | undefined {
  let found: ConstructionNode | undefined;
  file.forEachDescendant((node, traversal) => {
    if (node.getEnd() <= start || node.getStart() > start) {
      traversal.skip();
      return;
    }
    if ((Node.isNewExpression(node) || Node.isCallExpression(node)) && node.getStart() === start && (end === undefined || node.getEnd() === end)) {
      found = node;
      traversal.stop();
    }
  });
  return found;
}

function unwrap(node: Node): Node {
  let current = node;
  while (Node.isAsExpression(current) || Node.isNonNullExpression(current) || Node.isParenthesizedExpression(current) || Node.isSatisfiesExpression(current)) {
    current = current.getExpression();
  }
  return current;
}

/** Where an identifier (or a `{ pool }` shorthand) was declared in its file. */
export function declarationOf(node: Node): Node | undefined {
  const symbol = Node.isShorthandPropertyAssignment(node) ? node.getValueSymbol() : node.getSymbol();
  return symbol?.getDeclarations()[0];
}

/** `require('pg')` → { pg, [] }; `require('pg').Pool` → { pg, ['Pool'] }. */
function requiredPath(node: Node | undefined): { module: string; path: string[] } | undefined {
  const names: string[] = [];
  let current = node && unwrap(node);
  while (current && Node.isPropertyAccessExpression(current)) {
    names.unshift(current.getName());
    current = unwrap(current.getExpression());
  }
  const module = requiredModule(current);
  return module === undefined ? undefined : { module, path: names };
}

/** How a binding was imported: `{ Pool }` of 'pg' is named ['Pool']; a default or namespace import (or `require('pg')`) is the module itself. */
export interface ImportBinding {
  readonly module: string;
  /** property path from the module's exports; default and namespace imports of a CommonJS package are its module.exports */
  readonly path: readonly string[];
  readonly form: 'named' | 'default' | 'namespace';
  readonly typeOnly: boolean;
}

export function importBindingOf(declaration: Node): ImportBinding | undefined {
  if (Node.isImportSpecifier(declaration)) {
    const importDeclaration = declaration.getImportDeclaration();
    const typeOnly = declaration.isTypeOnly() || importDeclaration.isTypeOnly();
    return { module: importDeclaration.getModuleSpecifierValue(), path: [declaration.getName()], form: 'named', typeOnly };
  }
  if (Node.isImportClause(declaration) || Node.isNamespaceImport(declaration)) {
    const importDeclaration = declaration.getFirstAncestorByKindOrThrow(ts.SyntaxKind.ImportDeclaration);
    const form = Node.isImportClause(declaration) ? 'default' : 'namespace';
    return { module: importDeclaration.getModuleSpecifierValue(), path: [], form, typeOnly: importDeclaration.isTypeOnly() };
  }
  if (Node.isBindingElement(declaration)) {
    const variable = declaration.getFirstAncestorByKind(ts.SyntaxKind.VariableDeclaration);
    const required = requiredPath(variable?.getInitializer());
    const key = declaration.getPropertyNameNode()?.getText() ?? declaration.getName();
    return required && { module: required.module, path: [...required.path, key], form: 'named', typeOnly: false };
  }
  if (!Node.isVariableDeclaration(declaration)) return undefined;
  const required = requiredPath(declaration.getInitializer());
  return required && { ...required, form: required.path.length === 0 ? 'namespace' : 'named', typeOnly: false };
}

/** The callee's module and export path: `pg.native.Pool`, `require('knex')`, an aliased named import. */
function calleePath(node: ConstructionNode): { module: string; path: string[] } | undefined {
  const names: string[] = [];
  let callee: Node = unwrap(node.getExpression());
  while (Node.isPropertyAccessExpression(callee)) {
    names.unshift(callee.getName());
    callee = unwrap(callee.getExpression());
  }
  const required = requiredPath(callee);
  if (required) return { module: required.module, path: [...required.path, ...names] };
  if (!Node.isIdentifier(callee)) return undefined;
  const declaration = declarationOf(callee);
  const bound = declaration && importBindingOf(declaration);
  return bound && { module: bound.module, path: [...bound.path, ...names] };
}

/** The catalog constructor a `new X()` or `x()` is, decided by where its callee comes from. */
export function constructionOf(node: Node | undefined): Construction | undefined {
  if (!node || !(Node.isNewExpression(node) || Node.isCallExpression(node))) return undefined;
  const callee = calleePath(node);
  const driver = callee && driverForModule(callee.module);
  if (!callee || !driver) return undefined;
  const call = Node.isNewExpression(node) ? 'new' : 'call';
  const spec = driver.constructors.find((candidate) => candidate.call === call && candidate.path.join('.') === callee.path.join('.'));
  return spec && { node, module: callee.module, driver, spec };
}

/** The value at an option path from `node` (`[]` is the node itself), stepping into `new X({...})` on the way. */
function valueAtPath(node: Node | undefined, keys: readonly string[]): Node | undefined {
  let current = node && unwrap(node);
  for (const key of keys) {
    if (current && (Node.isNewExpression(current) || Node.isCallExpression(current)) && !constructionOf(current)) {
      const [first] = current.getArguments();
      current = first && unwrap(first);
    }
    if (!current || !Node.isObjectLiteralExpression(current)) return undefined;
    const property = current.getProperty(key);
    if (Node.isPropertyAssignment(property)) current = unwrap(property.getInitializerOrThrow());
    else if (Node.isShorthandPropertyAssignment(property)) current = property;
    else return undefined;
  }
  return current;
}

/** A client at a place: a construction there, or a `const` in the same file holding one. */
function clientValue(node: Node | undefined): { construction: Construction; declaration?: VariableDeclaration } | undefined {
  if (!node) return undefined;
  const direct = constructionOf(node);
  if (direct) return { construction: direct };
  if (!Node.isIdentifier(node) && !Node.isShorthandPropertyAssignment(node)) return undefined;
  const declaration = declarationOf(node);
  if (!Node.isVariableDeclaration(declaration) || !Node.isIdentifier(declaration.getNameNode())) return undefined;
  const initializer = declaration.getInitializer();
  const construction = initializer && constructionOf(unwrap(initializer));
  return construction && { construction, declaration };
}

/** The client a wrapper wraps, at one of its driver's wrapped-client paths. */
function wrappedClient(wrapper: Construction): { construction: Construction; declaration?: VariableDeclaration } | undefined {
  const [first] = wrapper.node.getArguments();
  for (const keys of wrapper.driver.wrappedClientPaths ?? []) {
    const found = clientValue(valueAtPath(first, keys));
    if (found && found.construction.spec.kind !== 'wrapper') return found;
  }
  return undefined;
}

/** Does a wrapper open a connection of its own: `drizzle(url)`, `drizzle({ connection })`? */
function opensOwnConnection(wrapper: Construction): boolean {
  if (wrapper.spec.urlArg === undefined) return false;
  const argument = wrapper.node.getArguments()[wrapper.spec.urlArg];
  if (!argument) return false;
  const value = unwrap(argument);
  if (!Node.isObjectLiteralExpression(value)) return !clientValue(value);
  return (wrapper.driver.urlOptions ?? []).some((key) => value.getProperty(key) !== undefined);
}

function stackOf(outer: Construction, inner: Construction | undefined): StackId | undefined {
  if (outer.spec.kind === 'wrapper' && !inner && !opensOwnConnection(outer)) return undefined;
  return TEMPLATE_FOR_CLIENT.find(
    (entry) =>
      entry.driver === outer.driver.id &&
      (entry.module === undefined || entry.module === outer.module) &&
      (entry.display === undefined || entry.display === outer.spec.display) &&
      (inner === undefined || entry.wraps === inner.driver.id),
  )?.stack;
}

/** The function a node runs in (ts-morph's `isFunctionLikeDeclaration` leaves out function expressions). */
export function enclosingFunction(node: Node): Node | undefined {
  return node.getFirstAncestor((ancestor) => Node.isFunctionLikeDeclaration(ancestor) || Node.isFunctionExpression(ancestor) || Node.isArrowFunction(ancestor));
}

/** A client a db module exports, and the construction that makes it. */
export interface ExportedClient {
  readonly stack: StackId;
  readonly exported: ExportedBinding;
  readonly construction: Construction;
  /** the exported function that opens it once (`initializeDb`), for a client that must be opened before use */
  readonly initializer?: string;
}

/** The module-scope clients a file exports (`export const db = drizzle(pool)`, `module.exports = { pool }`), of a template's stack. */
export function exportedClients(file: SourceFile): ExportedClient[] {
  const found: ExportedClient[] = [];
  for (const node of [...file.getDescendantsOfKind(ts.SyntaxKind.NewExpression), ...file.getDescendantsOfKind(ts.SyntaxKind.CallExpression)]) {
    const construction = constructionOf(node);
    if (!construction || enclosingFunction(node)) continue;
    // `export const prisma = globalForPrisma.prisma ?? new PrismaClient()` is the template's own shape; `drizzle(new Pool())` is one client.
    const declaration = node.getFirstAncestorByKind(ts.SyntaxKind.VariableDeclaration);
    if (!declaration || !Node.isIdentifier(declaration.getNameNode())) continue;
    if (node.getAncestors().some((ancestor) => ancestor.getPos() >= declaration.getPos() && ancestor !== node && constructionOf(ancestor))) continue;
    const wrapped = construction.spec.kind === 'wrapper' ? wrappedClient(construction) : undefined;
    const stack = stackOf(construction, wrapped?.construction);
    const exported = stack && exportOf(file, declaration.getName());
    if (!stack || !exported) continue;
    const initializeName = dbModuleTemplate(stack).initializeName;
    const initializer = initializeName && exportOf(file, initializeName) ? initializeName : undefined;
    found.push({ stack, exported, construction, ...(initializer ? { initializer } : {}) });
  }
  return found;
}

/** `drizzle(pool)`, `new Kysely({ dialect: new PostgresDialect({ pool }) })` in the same scope as `const pool = new Pool()`. */
function wrapperOf(construction: Construction): Construction | undefined {
  const declaration = construction.node.getParent();
  if (!Node.isVariableDeclaration(declaration) || !Node.isIdentifier(declaration.getNameNode())) return undefined;
  for (const reference of referencesOf(declaration.getNameNode() as Identifier)) {
    const candidate = reference.getFirstAncestor((ancestor) => {
      const wrapper = constructionOf(ancestor);
      return wrapper?.spec.kind === 'wrapper' && wrappedClient(wrapper)?.declaration === declaration;
    });
    const wrapper = constructionOf(candidate);
    if (wrapper && enclosingFunction(wrapper.node) === enclosingFunction(construction.node)) return wrapper;
  }
  return undefined;
}

/** The client a construction the rules reported belongs to, and the template that makes it. */
export function clientOf(node: Node | undefined): Client | undefined {
  const construction = constructionOf(node);
  if (!construction) return undefined;
  if (construction.spec.kind === 'wrapper') {
    const wrapped = wrappedClient(construction);
    return { outer: construction, inner: wrapped?.construction, innerDeclaration: wrapped?.declaration, stack: stackOf(construction, wrapped?.construction) };
  }
  const wrapper = wrapperOf(construction);
  if (wrapper) {
    const declaration = construction.node.getParentIfKindOrThrow(ts.SyntaxKind.VariableDeclaration);
    return { outer: wrapper, inner: construction, innerDeclaration: declaration, stack: stackOf(wrapper, construction) };
  }
  // `new PrismaClient({ adapter })`: a same-file adapter goes with the client it was made for.
  const adapterOption = construction.driver.adapterOption;
  const adapter = adapterOption ? clientValue(valueAtPath(construction.node.getArguments()[0], [adapterOption])) : undefined;
  if (adapter?.construction.driver.driverAdapter) {
    return { outer: construction, inner: adapter.construction, innerDeclaration: adapter.declaration, stack: stackOf(construction, undefined) };
  }
  return { outer: construction, stack: stackOf(construction, undefined) };
}

/**
 * What a construction's settings read from its caller: a parameter of a
 * function it is in (`createPool(url)`, a destructured `{ url }`), or the
 * instance (`this.poolOptions`), directly or through a local `const`. A client
 * built from its caller's input is a factory, as a library or framework
 * offers, not a duplicate of the app's client. Undefined when it reads none.
 */
export function callerInput(node: ConstructionNode): string | undefined {
  const functions = new Set<Node>(node.getAncestors().filter((ancestor) => Node.isFunctionLikeDeclaration(ancestor) || Node.isFunctionExpression(ancestor) || Node.isArrowFunction(ancestor)));
  const visit = (current: Node, depth: number): string | undefined => {
    if (Node.isThisExpression(current)) {
      const parent = current.getParent();
      return Node.isPropertyAccessExpression(parent) ? parent.getText() : 'this';
    }
    if ((Node.isIdentifier(current) && !isPropertyName(current)) || Node.isShorthandPropertyAssignment(current)) {
      const declaration = declarationOf(current);
      const parameter = declaration && (Node.isParameterDeclaration(declaration) ? declaration : declaration.getFirstAncestorByKind(ts.SyntaxKind.Parameter));
      const owner = parameter?.getParent();
      if (parameter && owner && functions.has(owner)) return Node.isShorthandPropertyAssignment(current) ? current.getName() : current.getText();
      // `const url = options.url; new Pool({ connectionString: url })`
      const initializer = Node.isVariableDeclaration(declaration) && depth < 2 ? declaration.getInitializer() : undefined;
      return initializer && visit(initializer, depth + 1);
    }
    let found: string | undefined;
    current.forEachChild((child) => {
      found ??= visit(child, depth);
    });
    return found;
  };
  for (const argument of node.getArguments()) {
    const found = visit(argument, 0);
    if (found) return found;
  }
  return undefined;
}

/** The other identifiers that name the same variable as `name` in its file (shorthand `{ pool }` included). */
export function referencesOf(name: Identifier): Identifier[] {
  const symbol = name.getSymbol();
  const text = name.getText();
  return name
    .getSourceFile()
    .getDescendantsOfKind(ts.SyntaxKind.Identifier)
    .filter((identifier) => {
      if (identifier === name || identifier.getText() !== text) return false;
      const parent = identifier.getParent();
      if (Node.isShorthandPropertyAssignment(parent)) return parent.getValueSymbol() === symbol;
      return !isPropertyName(identifier) && identifier.getSymbol() === symbol;
    });
}

export function isPropertyName(identifier: Node): boolean {
  const parent = identifier.getParent();
  return (
    (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) ||
    (Node.isPropertyAssignment(parent) && parent.getNameNode() === identifier) ||
    (Node.isMethodDeclaration(parent) && parent.getNameNode() === identifier) ||
    (Node.isPropertySignature(parent) && parent.getNameNode() === identifier)
  );
}

// ---------------------------------------------------------------------------
// settings

/** `process.env.DATABASE_URL`, or a config module's URL field (`config.databaseUrl`) imported from a relative path. */
function isAppUrl(expression: Node, envVar: string): boolean {
  const value = unwrap(expression);
  if (value.getText().replace(/\s/g, '') === `process.env.${envVar}`) return true;
  if (Node.isElementAccessExpression(value) && value.getExpression().getText() === 'process.env') {
    const argument = value.getArgumentExpression();
    return argument !== undefined && Node.isStringLiteral(argument) && argument.getLiteralValue() === envVar;
  }
  if (!Node.isPropertyAccessExpression(value) || !CONFIG_URL_FIELD.test(value.getName())) return false;
  let root: Node = value.getExpression();
  while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
  if (!Node.isIdentifier(root)) return false;
  const declaration = declarationOf(root);
  const bound = declaration && importBindingOf(declaration);
  return bound?.module.startsWith('.') === true;
}

/** Where an identifier's value comes from, comparable across files: an import resolved to a path, a global, or this file's own. */
function originOf(identifier: Node): string {
  const file = identifier.getSourceFile().getFilePath();
  const declaration = declarationOf(identifier);
  if (!declaration) {
    // `__dirname + '/**/*.entity.ts'` names another folder in another file.
    return ['__dirname', '__filename'].includes(identifier.getText()) ? `dir:${path.dirname(file)}` : `global:${identifier.getText()}`;
  }
  const bound = importBindingOf(declaration);
  if (bound) return `${resolveSpecifier(bound.module, file)}#${bound.path.join('.')}`;
  return `local:${file}:${declaration.getStart()}`;
}

/** A relative specifier as a path without extension or `/index`; a package name as it is. */
function resolveSpecifier(specifier: string, from: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return path
    .resolve(path.dirname(from), specifier)
    .replace(/\.[cm]?[jt]sx?$/, '')
    .replace(/\/index$/, '');
}

/** The identifiers a value reads (not property names), in order. */
export function valueIdentifiers(node: Node): Node[] {
  const found: Node[] = [];
  const visit = (current: Node): void => {
    if (Node.isIdentifier(current)) {
      if (!isPropertyName(current)) found.push(current);
      return;
    }
    if (Node.isShorthandPropertyAssignment(current)) {
      found.push(current);
      return;
    }
    current.forEachChild(visit);
  };
  visit(node);
  return found;
}

function sameValue(a: Node, b: Node): boolean {
  const text = (node: Node) => node.getText().replace(/\s+/g, '').replace(/,([}\])])/g, '$1');
  if (text(a) !== text(b)) return false;
  const origins = (node: Node) => valueIdentifiers(node).map(originOf);
  return origins(a).join('\0') === origins(b).join('\0');
}

/**
 * The template's setting for a database that is not local: the `on` of
 * `isLocalDatabase ? off : on` (TLS). Neon requires TLS, so a client that
 * asks for it as the module does for a Neon URL (postgres.js
 * `ssl: 'require'`, pg `ssl: true`) has the module's setting.
 */
function remoteSetting(value: Node): Node | undefined {
  if (!Node.isConditionalExpression(value)) return undefined;
  const condition = unwrap(value.getCondition());
  if (!Node.isIdentifier(condition) || condition.getText() !== LOCAL_DATABASE_FLAG) return undefined;
  // The template's own module-scope flag, not a parameter or an import of that name.
  const declaration = declarationOf(condition);
  if (!Node.isVariableDeclaration(declaration) || declaration.getVariableStatement()?.getParent() !== value.getSourceFile()) return undefined;
  return unwrap(value.getWhenFalse());
}

export function propertyName(property: Node): string | undefined {
  if (Node.isShorthandPropertyAssignment(property)) return property.getName();
  if (!Node.isPropertyAssignment(property)) return undefined;
  const name = property.getNameNode();
  return Node.isStringLiteral(name) ? name.getLiteralValue() : Node.isIdentifier(name) ? name.getText() : undefined;
}

function propertyValue(property: Node | undefined): Node | undefined {
  if (Node.isPropertyAssignment(property)) return unwrap(property.getInitializerOrThrow());
  if (Node.isShorthandPropertyAssignment(property)) return property;
  return undefined;
}

/** The options objects a construction takes (`postgres(url, {...})`, `drizzle(pool, { schema })`), merged. */
function optionProperties(construction: ConstructionNode): Node[] {
  return construction
    .getArguments()
    .map(unwrap)
    .flatMap((argument) => (Node.isObjectLiteralExpression(argument) ? argument.getProperties() : []));
}

function findOption(properties: readonly Node[], name: string): Node | undefined {
  return propertyValue(properties.find((property) => propertyName(property) === name));
}

/** The parts of a client that name the project's code: its type arguments (`Kysely<DB>`) and project options (`schema`, `entities`). */
export function projectParts(client: Client): { typeArguments: Node[]; options: Node[] } {
  const { node, driver } = client.outer;
  const options = optionProperties(node).filter((property) => driver.projectOptions?.includes(propertyName(property) ?? '') === true);
  return { typeArguments: node.getTypeArguments(), options };
}

const startsWith = (keys: readonly string[], prefix: readonly string[]) => prefix.every((key, index) => keys[index] === key);

/**
 * What in the consumer's construction the db module's does not have, or
 * undefined when they are the same client: the app's URL from the env (or a
 * config module), a Postgres dialect, and every other option, type argument
 * and wrapped client equal to the module's (same text, same imports). The
 * module's own extra settings (the template's tuning) are what the shared
 * client brings. The answer names an option, never its value.
 */
export function settingsDifference(consumer: Construction, module: Construction, envVar: string): string | undefined {
  if (consumer.driver.id !== module.driver.id || !sameModule(consumer, module)) return 'the driver';
  // `new Pool()` alone connects where PG* variables (or localhost) say, not necessarily to the app's database.
  if (!readsAppUrl(consumer, envVar)) return 'the connection string';
  // A db module that reads another variable (`--env-var POSTGRES_URL`, a module on DATABASE_URL) is another database's client.
  if (readsUrl(module, (value) => ![undefined, envVar].includes(envVarRead(value)))) return 'the connection string';
  const typeArguments = consumer.node.getTypeArguments();
  if (typeArguments.length > 0) {
    const theirs = module.node.getTypeArguments();
    if (theirs.length !== typeArguments.length || typeArguments.some((argument, index) => !sameValue(argument, theirs[index]!))) return 'the type argument';
  }
  // A wrapper's client is compared with the module's wrapper's, wherever each passes it (`drizzle(pool)`, `drizzle({ client })`).
  if (consumer.spec.kind === 'wrapper') {
    const [ours, theirs] = [wrappedClient(consumer), wrappedClient(module)];
    // Without one, the consumer opens its own from the URL (`drizzle(process.env.DATABASE_URL)`), checked below.
    if (ours && !theirs) return 'the wrapped client';
    if (ours && theirs) {
      const difference = settingsDifference(ours.construction, theirs.construction, envVar);
      if (difference !== undefined) return difference;
    }
  }
  for (const [index, argument] of consumer.node.getArguments().entries()) {
    const value = unwrap(argument);
    if (Node.isObjectLiteralExpression(value)) continue;
    if (index === 0 && (isAppUrl(value, envVar) || (consumer.driver.wrappedClientPaths?.some((keys) => keys.length === 0) && clientValue(value)))) continue;
    return index === 0 ? 'the connection string' : `argument ${index + 1}`;
  }
  return optionsDifference(optionProperties(consumer.node), optionProperties(module.node), consumer.driver, [], envVar);
}

/**
 * Do two constructions import their callee from the same module? A relative
 * specifier is compared as the path it resolves to; a generated Prisma client,
 * imported by an alias in one file and a relative path in the other, by its output folder's name.
 */
function sameModule(a: Construction, b: Construction): boolean {
  const resolved = (construction: Construction) => resolveSpecifier(construction.module, construction.node.getSourceFile().getFilePath());
  if (resolved(a) === resolved(b)) return true;
  const output = (construction: Construction) =>
    isGeneratedPrismaClient(construction.module) ? construction.module.replace(/\.[cm]?[jt]sx?$/, '').replace(/\/(?:client|index)$/, '').split('/').at(-1) : undefined;
  return output(a) !== undefined && output(a) === output(b);
}

/** Does the client connect to the app's database: its URL given, in the client it wraps, or its own configured one (Prisma)? */
function readsAppUrl(construction: Construction, envVar: string): boolean {
  return construction.driver.configuredUrl === true || readsUrl(construction, (value) => isAppUrl(value, envVar));
}

/** Does a URL the client connects with pass `test`: its first argument, a URL option (knex's `connection: { connectionString }` too), or the wrapped client's? */
function readsUrl(construction: Construction, test: (value: Node) => boolean): boolean {
  const { driver, node } = construction;
  const [first] = node.getArguments();
  if (first && test(first)) return true;
  const wrapped = construction.spec.kind === 'wrapper' ? wrappedClient(construction) : undefined;
  if (wrapped) return readsUrl(wrapped.construction, test);
  const inOptions = (properties: readonly Node[]): boolean =>
    properties.some((property) => {
      const value = propertyValue(property);
      if (!value || !driver.urlOptions?.includes(propertyName(property) ?? '')) return false;
      return test(value) || (Node.isObjectLiteralExpression(value) && inOptions(value.getProperties()));
    });
  return inOptions(optionProperties(node));
}

/** The env var a value reads: `process.env.X`, `process.env['X']`, or a same-file `const` holding one (the template's `databaseUrl`). */
function envVarRead(expression: Node, depth = 0): string | undefined {
  const value = unwrap(expression);
  if (Node.isPropertyAccessExpression(value) && value.getExpression().getText() === 'process.env') return value.getName();
  if (Node.isElementAccessExpression(value) && value.getExpression().getText() === 'process.env') {
    const argument = value.getArgumentExpression();
    return argument && Node.isStringLiteral(argument) ? argument.getLiteralValue() : undefined;
  }
  if (!Node.isIdentifier(value) || depth > 1) return undefined;
  const declaration = declarationOf(value);
  const initializer = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
  return initializer && envVarRead(initializer, depth + 1);
}

function optionsDifference(consumer: readonly Node[], module: readonly Node[], driver: DriverEntry, keys: readonly string[], envVar: string): string | undefined {
  for (const property of consumer) {
    const name = propertyName(property);
    if (name === undefined) return 'a spread or computed option';
    const value = propertyValue(property)!;
    const theirs = findOption(module, name);
    const at = [...keys, name];
    if (driver.urlOptions?.includes(name)) {
      if (isAppUrl(value, envVar)) continue;
      if (Node.isObjectLiteralExpression(value)) {
        const nested = Node.isObjectLiteralExpression(theirs) ? theirs.getProperties() : [];
        const difference = optionsDifference(value.getProperties(), nested, driver, at, envVar);
        if (difference === undefined) continue;
        return difference;
      }
      return 'the connection string';
    }
    if (keys.length === 0 && DIALECT_OPTION_KEYS.includes(name) && Node.isStringLiteral(value) && !NON_POSTGRES_DIALECTS.has(value.getLiteralValue().toLowerCase())) {
      continue;
    }
    // Prisma's driver adapter: the same adapter, to the app's database, with no setting the module's lacks.
    if (keys.length === 0 && name === driver.adapterOption) {
      const [ours, their] = [clientValue(value), clientValue(theirs)];
      if (!ours || !their) return `\`${name}\``;
      const difference = settingsDifference(ours.construction, their.construction, envVar);
      if (difference === undefined) continue;
      return difference;
    }
    const wrappedPaths = (driver.wrappedClientPaths ?? []).filter((path) => path.length > 0 && startsWith(path, at));
    if (wrappedPaths.length > 0) {
      // The wrapped client itself was compared above.
      if (wrappedPaths.some((path) => path.length === at.length) && clientValue(value)) continue;
      // `dialect: new PostgresDialect({ pool })`: the same class, and the same options inside.
      const optionsOf = (node: Node | undefined) => {
        const [first] = node && Node.isNewExpression(node) && !constructionOf(node) ? node.getArguments() : [];
        return first && Node.isObjectLiteralExpression(unwrap(first)) ? (unwrap(first) as ObjectLiteralExpression) : undefined;
      };
      const [ours, their] = [optionsOf(value), optionsOf(theirs)];
      const sameClass = Node.isNewExpression(value) && Node.isNewExpression(theirs) && sameValue(value.getExpression(), theirs.getExpression());
      if (!ours || !their || !sameClass) return `\`${at.join('.')}\``;
      const difference = optionsDifference(ours.getProperties(), their.getProperties(), driver, at, envVar);
      if (difference === undefined) continue;
      return difference;
    }
    if (theirs && (sameValue(value, theirs) || sameValue(value, remoteSetting(theirs) ?? theirs))) continue;
    return `\`${at.join('.')}\``;
  }
  return undefined;
}
