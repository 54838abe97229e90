import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { getClientConstructions, type ClientConstruction } from './module-tracking';
import { findProperty, resolveObject } from './objects';
import { constInitializer, unwrapExpression } from './static-string';
import { childNodes } from './traverse';

/**
 * How long a client lives: the facts `no-per-request-client` and
 * `serverless-client-lifecycle` both decide on. A "unit" is an outermost
 * construction with the constructions nested in its arguments, so that
 * `drizzle(new Pool())` and `new Kysely({ dialect: new PostgresDialect({ pool:
 * new Pool() }) })` are one client.
 */

type SourceCode = Readonly<TSESLint.SourceCode>;
type Variable = TSESLint.Scope.Variable;

export interface ConstructionUnit {
  /** the outermost construction, where findings are reported */
  readonly construction: ClientConstruction;
  /** constructions inside its arguments */
  readonly inner: readonly ClientConstruction[];
}

/** Drizzle entry points whose own connection holds no socket: HTTP (`neon()`) or a user callback. */
const CONNECTIONLESS_WRAPPER_MODULES = new Set(['drizzle-orm/neon-http', 'drizzle-orm/pg-proxy']);
/** Drizzle entry points that open a `@neondatabase/serverless` WebSocket Pool from a URL. */
const WEBSOCKET_WRAPPER_MODULES = new Set(['drizzle-orm/neon-serverless']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

const unitCache = new WeakMap<object, readonly ConstructionUnit[]>();

/** The file's constructions grouped as outermost units, in source order. Cached per file. */
export function constructionUnits(sourceCode: SourceCode): readonly ConstructionUnit[] {
  const cached = unitCache.get(sourceCode);
  if (cached) return cached;
  const units: { construction: ClientConstruction; inner: ClientConstruction[] }[] = [];
  // Constructions come sorted by start; a nested one starts inside the previous outer range.
  for (const construction of getClientConstructions(sourceCode)) {
    const outer = units.at(-1);
    if (outer && construction.node.range[0] < outer.construction.node.range[1]) outer.inner.push(construction);
    else units.push({ construction, inner: [] });
  }
  unitCache.set(sourceCode, units);
  return units;
}

function isEnvRead(node: TSESTree.Node): boolean {
  // process.env.X, env.X (Workers), c.env.X (Hono), import.meta.env.X
  if (node.type !== 'MemberExpression') return false;
  const object = unwrapExpression(node.object);
  return (
    (object.type === 'Identifier' && object.name === 'env') ||
    (object.type === 'MemberExpression' && !object.computed && object.property.type === 'Identifier' && object.property.name === 'env')
  );
}

/** A value that is a connection string rather than a client: a string, an env read, or a `const` holding one. */
function isConnectionStringValue(node: TSESTree.Node, sourceCode: SourceCode, depth = 0): boolean {
  const value = unwrapExpression(node);
  switch (value.type) {
    case 'Literal':
      return typeof value.value === 'string';
    case 'TemplateLiteral':
      return true;
    case 'BinaryExpression':
      return value.operator === '+';
    case 'LogicalExpression':
      return isConnectionStringValue(value.left, sourceCode, depth) || isConnectionStringValue(value.right, sourceCode, depth);
    case 'MemberExpression':
      return isEnvRead(value);
    case 'Identifier': {
      const init = depth < 3 ? constInitializer(sourceCode.getScope(value), value) : undefined;
      return init !== undefined && isConnectionStringValue(init, sourceCode, depth + 1);
    }
    default:
      return false;
  }
}

/**
 * Does a wrapper (`drizzle()`, `new Kysely()`) open connections of its own?
 * `drizzle(url)` and `drizzle({ connection })` do; `drizzle(pool)`,
 * `drizzle({ client })` and Kysely (whose dialect gets a pool) wrap a client
 * made elsewhere, which is then that client's finding.
 */
function wrapperOpensOwnConnection(construction: ClientConstruction, sourceCode: SourceCode): boolean {
  const { spec, node, driver } = construction;
  if (spec.urlArg === undefined || CONNECTIONLESS_WRAPPER_MODULES.has(construction.module)) return false;
  const argument = node.arguments[spec.urlArg];
  if (!argument) return false;
  if (isConnectionStringValue(argument, sourceCode)) return true;
  const options = resolveObject(argument, sourceCode.getScope(node));
  // A driver adapter's options object is the config of the pool it makes (`new PrismaPg({ connectionString })`).
  return options !== undefined && (driver.driverAdapter === true || findProperty(options, 'connection') !== undefined);
}

/**
 * The driver adapter a client is given (`new PrismaClient({ adapter: new PrismaPg(pool) })`,
 * or `{ adapter }` of a same-file `const adapter = new PrismaPg(…)`), when the file shows it.
 */
function adapterOf(construction: ClientConstruction, sourceCode: SourceCode): ClientConstruction | undefined {
  const { node, driver, spec } = construction;
  if (!driver.adapterOption) return undefined;
  const scope = sourceCode.getScope(node);
  const options = resolveObject(node.arguments[spec.optionsArg ?? 0], scope);
  const property = options && findProperty(options, driver.adapterOption);
  if (!property) return undefined;
  let value: TSESTree.Node = unwrapExpression(property.value);
  if (value.type === 'Identifier') value = unwrapExpression(constInitializer(sourceCode.getScope(value), value) ?? value);
  return getClientConstructions(sourceCode).find((candidate) => candidate.node === value && candidate.driver.driverAdapter);
}

/** Whether a construction, with the constructions nested in its arguments, makes connections of its own. */
function connects(construction: ClientConstruction, inner: readonly ClientConstruction[], sourceCode: SourceCode): boolean {
  if (construction.spec.kind === 'http') return false;
  if (construction.spec.kind !== 'wrapper') return true;
  return inner.some((nested) => nested.spec.kind !== 'http') || wrapperOpensOwnConnection(construction, sourceCode);
}

/**
 * Does creating this unit open database connections (a pool, a client, or a
 * wrapper that builds one)? A client given a driver adapter connects as the
 * adapter does: `new PrismaPg(pool)` over a pool made elsewhere opens none,
 * `new PrismaPg({ connectionString })` makes a pool for every client it is given.
 * A driver adapter alone opens nothing until a client connects through it, so
 * the finding is that client's.
 */
export function opensConnections(unit: ConstructionUnit, sourceCode: SourceCode): boolean {
  const { construction } = unit;
  if (construction.driver.driverAdapter) return false;
  const adapter = adapterOf(construction, sourceCode);
  if (!adapter) return connects(construction, unit.inner, sourceCode);
  const [start, end] = adapter.node.range;
  const nested = getClientConstructions(sourceCode).filter((candidate) => candidate !== adapter && candidate.node.range[0] >= start && candidate.node.range[1] <= end);
  return connects(adapter, nested, sourceCode);
}

/** A `@neondatabase/serverless` WebSocket Pool/Client, directly, nested, or built by `drizzle-orm/neon-serverless` from a URL. */
export function usesEdgeWebSocket(unit: ConstructionUnit, sourceCode: SourceCode): boolean {
  const isWebSocket = (construction: ClientConstruction): boolean =>
    construction.driver.edgeWebSocket === true && construction.spec.kind !== 'http';
  if (isWebSocket(unit.construction) || unit.inner.some(isWebSocket)) return true;
  return WEBSOCKET_WRAPPER_MODULES.has(unit.construction.module) && wrapperOpensOwnConnection(unit.construction, sourceCode);
}

/** Walks up through `await`, TS wrappers, `a ?? b`, `c ? a : b` and promise chains to the expression whose value is the client. */
function valueSite(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    switch (parent.type) {
      case 'AwaitExpression':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'TSSatisfiesExpression':
      case 'TSTypeAssertion':
      case 'LogicalExpression':
      case 'ChainExpression':
        current = parent;
        continue;
      case 'ConditionalExpression':
        if (parent.test === current) return current;
        current = parent;
        continue;
      case 'MemberExpression':
        // `createConnection(opts).then(...)`: the promise of the client is what gets stored.
        if (parent.object === current && parent.parent?.type === 'CallExpression' && parent.parent.callee === parent) {
          current = parent.parent;
          continue;
        }
        return current;
      default:
        return current;
    }
  }
}

function isModuleScopeVariable(variable: Variable | null): boolean {
  return variable !== null && (variable.scope.type === 'module' || variable.scope.type === 'global');
}

/** `pool`, `globalThis.prisma`, `cached.conn`, `pools[tenant]` where the root lives at module scope or is the global object. */
function isPersistentTarget(target: TSESTree.Node, sourceCode: SourceCode): boolean {
  let root = unwrapExpression(target);
  while (root.type === 'MemberExpression') root = unwrapExpression(root.object);
  if (root.type !== 'Identifier') return false;
  const variable = findVariable(sourceCode.getScope(root) as never, root as never) as Variable | null;
  if (GLOBAL_OBJECTS.has(root.name) && (!variable || variable.defs.length === 0)) return true;
  // An undeclared assignment target is an implicit global.
  if (!variable) return target.type === 'Identifier';
  return isModuleScopeVariable(variable) && variable.defs.length > 0;
}

/** `if (!pool) pool = new Pool()`, `if (pool) return pool;` before it, or `pool ? pool : (pool = ...)`. */
function isGuardedAssignment(assignment: TSESTree.AssignmentExpression, sourceCode: SourceCode): boolean {
  const targetText = sourceCode.getText(assignment.left);
  let fn: TSESTree.Node | undefined = assignment.parent;
  while (fn && fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') fn = fn.parent;
  const stack: TSESTree.Node[] = [fn ?? sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.range[0] > assignment.range[0]) continue;
    if ((node.type === 'IfStatement' || node.type === 'ConditionalExpression') && sourceCode.getText(node.test).includes(targetText)) return true;
    if (node.type === 'LogicalExpression' && sourceCode.getText(node.left).includes(targetText)) return true;
    stack.push(...childNodes(node, sourceCode));
  }
  return false;
}

/**
 * A lazy singleton or a cache: the client is stored where the next call finds
 * it (`pool ??= new Pool()`, `if (!pool) pool = new Pool()`,
 * `globalThis.prisma ||= new PrismaClient()`, `cached.conn = ...`,
 * `pools.set(tenant, new Pool())` on a module-scope map).
 */
export function isCachedAcrossCalls(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const site = valueSite(node);
  const parent = site.parent;
  if (parent?.type === 'AssignmentExpression' && parent.right === site) {
    if (!isPersistentTarget(parent.left, sourceCode)) return false;
    return parent.operator !== '=' || isGuardedAssignment(parent, sourceCode);
  }
  if (
    parent?.type === 'CallExpression' &&
    parent.arguments[1] === site &&
    parent.callee.type === 'MemberExpression' &&
    !parent.callee.computed &&
    parent.callee.property.type === 'Identifier' &&
    parent.callee.property.name === 'set'
  ) {
    return isPersistentTarget(parent.callee.object, sourceCode);
  }
  return false;
}

/** The local variable the client is stored in, and whether it is a `using` declaration. */
export function boundVariable(node: TSESTree.Node, sourceCode: SourceCode): { variable: Variable; using: boolean } | undefined {
  const site = valueSite(node);
  const parent = site.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === site && parent.id.type === 'Identifier') {
    const variable = sourceCode.getDeclaredVariables(parent)[0];
    const kind = (parent.parent as TSESTree.VariableDeclaration).kind;
    return variable ? { variable, using: kind === 'using' || kind === 'await using' } : undefined;
  }
  if (parent?.type === 'AssignmentExpression' && parent.right === site && parent.left.type === 'Identifier') {
    const variable = findVariable(sourceCode.getScope(parent.left) as never, parent.left as never) as Variable | null;
    return variable ? { variable, using: false } : undefined;
  }
  return undefined;
}

function propertyNameOf(member: TSESTree.MemberExpression): string | undefined {
  return !member.computed && member.property.type === 'Identifier' ? member.property.name : undefined;
}

/** A call of one of the driver's close methods on the reference: `pool.end()`, `db.$client.end()` (the catalog's paths). */
function isCloseCall(identifier: TSESTree.Node, closeMethods: readonly string[]): boolean {
  const names: string[] = [];
  let current = identifier;
  for (let member = current.parent; member?.type === 'MemberExpression' && member.object === current; member = current.parent) {
    const name = propertyNameOf(member);
    if (name === undefined) return false;
    names.push(name);
    current = member;
  }
  const call = current.parent;
  return names.length > 0 && call?.type === 'CallExpression' && call.callee === current && closeMethods.includes(names.join('.'));
}

/**
 * Is the client closed where it was made? A call of one of its driver's
 * close methods (`end()`, `$disconnect()`, `destroy()`, …, from the catalog)
 * on the local variable it is stored in (directly, in a `finally`, or inside
 * `ctx.waitUntil(pool.end())`), or a `using` declaration.
 */
export function isClosedLocally(construction: ClientConstruction, sourceCode: SourceCode): boolean {
  const bound = boundVariable(construction.node, sourceCode);
  if (!bound) return false;
  if (bound.using) return true;
  if (isModuleScopeVariable(bound.variable)) return false;
  const closeMethods = construction.driver.closeMethods ?? [];
  return bound.variable.references.some((reference) => isCloseCall(reference.identifier, closeMethods));
}

/**
 * Does the local client leave this function, so that code this rule cannot
 * see may close it: returned, or passed to a call that is not a client
 * wrapper (`drizzle(pool)` keeps it open; `closeAll(pool)` may not)?
 */
export function escapesToUnknownCode(node: TSESTree.Node, sourceCode: SourceCode): boolean {
  const bound = boundVariable(node, sourceCode);
  if (!bound) return false;
  const wrappers = new Set<TSESTree.Node>(getClientConstructions(sourceCode).map((construction) => construction.node));
  return bound.variable.references.some(({ identifier }) => {
    const parent = identifier.parent;
    if (parent?.type === 'ReturnStatement') return true;
    if (parent?.type === 'ArrowFunctionExpression' && parent.body === identifier) return true;
    const isArgument = (parent?.type === 'CallExpression' || parent?.type === 'NewExpression') && parent.arguments.includes(identifier as never);
    return isArgument && !wrappers.has(parent);
  });
}

/** Is the node inside no function at all (runs once, when the module loads)? */
export function isAtModuleScope(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') {
      return false;
    }
  }
  return true;
}

function isHyperdriveRead(node: TSESTree.Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    propertyNameOf(node) === 'connectionString' &&
    unwrapExpression(node.object).type === 'MemberExpression' &&
    isEnvRead(unwrapExpression(node.object))
  );
}

/**
 * Is the client built from a Cloudflare Hyperdrive binding (`env.HYPERDRIVE.connectionString`,
 * `c.env.DB.connectionString`)? Hyperdrive pools outside the Worker; one client per request is its documented pattern.
 */
export function readsHyperdriveBinding(unit: ConstructionUnit, sourceCode: SourceCode): boolean {
  const stack: { node: TSESTree.Node; depth: number }[] = unit.construction.node.arguments.map((node) => ({ node, depth: 0 }));
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isHyperdriveRead(node)) return true;
    if (node.type === 'Identifier' && depth < 2) {
      const init = constInitializer(sourceCode.getScope(node), node);
      if (init) stack.push({ node: init, depth: depth + 1 });
      continue;
    }
    for (const child of childNodes(node, sourceCode)) {
      if (!(node.type === 'MemberExpression' && child === node.property)) stack.push({ node: child, depth });
    }
  }
  return false;
}
