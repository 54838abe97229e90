import { CALL, CONSTRUCT, getStringIfConstant, ReferenceTracker, READ } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { CATALOG, type ConfigSiteSpec, type ConstructorSpec, type DriverEntry } from '../catalog';
import { isConfiguredPrismaClient, isGeneratedPrismaClient } from '../catalog/prisma-client';
import { escapeRegExp } from '../regexp';

/**
 * "Does this value come from module X" is decided by reference tracking,
 * never by a bare name: `new Pool()` is a pg pool only when `Pool` was bound
 * by an import or require of `pg`.
 */

type TraceMap = Record<string | symbol, unknown>;

export interface TrackedReference<T> {
  readonly node: TSESTree.Node;
  readonly module: string;
  readonly path: readonly string[];
  readonly type: 'call' | 'construct' | 'read';
  readonly info: T;
}

/** A place that creates something holding database connections. */
export interface ClientConstruction {
  readonly node: TSESTree.NewExpression | TSESTree.CallExpression;
  readonly module: string;
  readonly driver: DriverEntry;
  readonly spec: ConstructorSpec;
}

/** A call that receives client options without constructing per call (`TypeOrmModule.forRoot`, `defineConfig`). */
export interface ConfigSite {
  readonly node: TSESTree.CallExpression;
  readonly module: string;
  readonly driver: DriverEntry;
  readonly spec: ConfigSiteSpec;
}

/** A trace map entry for one module: nested property names, the leaf says how it is used. */
export interface ModuleTraceSpec<T> {
  readonly path: readonly string[];
  readonly use: 'call' | 'construct' | 'read';
  readonly info: T;
}

const USE_SYMBOL = { call: CALL, construct: CONSTRUCT, read: READ } as const;

function buildTraceMap<T>(byModule: ReadonlyMap<string, readonly ModuleTraceSpec<T>[]>): TraceMap {
  const traceMap: TraceMap = {};
  for (const [module, specs] of byModule) {
    const root: TraceMap = (traceMap[module] as TraceMap | undefined) ?? {};
    traceMap[module] = root;
    for (const spec of specs) {
      let node = root;
      for (const key of spec.path) {
        node[key] ??= {};
        node = node[key] as TraceMap;
      }
      node[USE_SYMBOL[spec.use]] = spec.info;
    }
  }
  return traceMap;
}

// Trace maps are built once per spec map: the maps are module-level constants of the rules.
const traceMapCache = new WeakMap<object, TraceMap>();

function typeOf(symbol: symbol): TrackedReference<unknown>['type'] {
  return symbol === CALL ? 'call' : symbol === CONSTRUCT ? 'construct' : 'read';
}

function hasDynamicImport(text: string): boolean {
  return text.includes('import(');
}

/** Finds `import('x')` expressions of the modules accepted, without a full traversal when the text has none. */
function findDynamicImports(sourceCode: Readonly<TSESLint.SourceCode>, accepts: (module: string) => boolean): TSESTree.ImportExpression[] {
  if (!hasDynamicImport(sourceCode.text)) return [];
  const found: TSESTree.ImportExpression[] = [];
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const stack: TSESTree.Node[] = [sourceCode.ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (
      node.type === 'ImportExpression' &&
      node.source.type === 'Literal' &&
      typeof node.source.value === 'string' &&
      accepts(node.source.value)
    ) {
      found.push(node);
    }
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (item && typeof item === 'object' && 'type' in item) stack.push(item as TSESTree.Node);
      } else if (child && typeof child === 'object' && 'type' in child) {
        stack.push(child as TSESTree.Node);
      }
    }
  }
  return found;
}

/**
 * Calls of the global `require`. ReferenceTracker only sees it when the config
 * declares Node globals; many TypeScript configs do not, and there `require`
 * is an unresolved reference of the global scope.
 */
function globalRequireCalls(globalScope: TSESLint.Scope.Scope): TSESTree.CallExpression[] {
  const identifiers = new Set<TSESTree.Identifier | TSESTree.JSXIdentifier>();
  for (const reference of globalScope.set.get('require')?.references ?? []) identifiers.add(reference.identifier);
  for (const reference of globalScope.through) {
    if (reference.identifier.name === 'require') identifiers.add(reference.identifier);
  }
  const calls: TSESTree.CallExpression[] = [];
  for (const identifier of identifiers) {
    const parent = identifier.parent;
    if (parent?.type === 'CallExpression' && parent.callee === identifier && parent.arguments.length > 0) calls.push(parent);
  }
  return calls;
}

/**
 * Iterates every use of the given module exports in a file: ESM named,
 * default and namespace imports (CommonJS packages in `legacy` mode, so a
 * default import of `pg` is its `module.exports`), `require()` with or
 * without destructuring, `require('pg').Pool`, and `await import('pg')`.
 */
export function* trackModuleReferences<T>(
  sourceCode: Readonly<TSESLint.SourceCode>,
  byModule: ReadonlyMap<string, readonly ModuleTraceSpec<T>[]>,
): Generator<TrackedReference<T>> {
  // Most files import none of the modules: dismiss them in one scan per module name, before any tracking.
  if (!mentionsAnyModule(sourceCode.text, byModule.keys())) return;
  const globalScope = sourceCode.scopeManager?.globalScope;
  if (!globalScope) return;
  let traceMap = traceMapCache.get(byModule);
  if (!traceMap) {
    traceMap = buildTraceMap(byModule);
    traceMapCache.set(byModule, traceMap);
  }
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  type Raw = { node: TSESTree.Node; path: string[]; type: symbol; info: T };
  for (const ref of tracker.iterateEsmReferences(traceMap as never) as Iterable<Raw>) {
    yield { node: ref.node, module: ref.path[0], path: ref.path.slice(1), type: typeOf(ref.type), info: ref.info };
  }
  for (const call of globalRequireCalls(globalScope)) {
    const module = getStringIfConstant(call.arguments[0] as never);
    if (module == null || !Object.hasOwn(traceMap, module)) continue;
    for (const ref of tracker.iteratePropertyReferences(call as never, traceMap[module] as never) as Iterable<Raw>) {
      yield { node: ref.node, module, path: ref.path, type: typeOf(ref.type), info: ref.info };
    }
  }
  for (const importNode of findDynamicImports(sourceCode, (module) => byModule.has(module))) {
    const module = (importNode.source as TSESTree.StringLiteral).value;
    const moduleMap = traceMap[module] as TraceMap;
    // `await import('pg')` is a namespace object: its `default` is module.exports for CommonJS.
    const namespaceMap = { default: moduleMap, ...moduleMap };
    const parent = importNode.parent;
    const root = parent.type === 'AwaitExpression' ? parent : undefined;
    if (!root) continue;
    for (const ref of tracker.iteratePropertyReferences(root as never, namespaceMap as never) as Iterable<Raw>) {
      yield { node: ref.node, module, path: ref.path.filter((key) => key !== 'default'), type: typeOf(ref.type), info: ref.info };
    }
  }
}

// The catalog as trace specs, built once per process.
const constructionSpecs = new Map<string, ModuleTraceSpec<{ driver: DriverEntry; spec: ConstructorSpec }>[]>();
const configSiteSpecs = new Map<string, ModuleTraceSpec<{ driver: DriverEntry; spec: ConfigSiteSpec }>[]>();
for (const driver of CATALOG) {
  for (const module of driver.modules) {
    for (const spec of driver.constructors) {
      const list = constructionSpecs.get(module) ?? [];
      list.push({ path: spec.path, use: spec.call === 'new' ? 'construct' : 'call', info: { driver, spec } });
      constructionSpecs.set(module, list);
    }
    for (const spec of driver.configSites ?? []) {
      const list = configSiteSpecs.get(module) ?? [];
      list.push({ path: spec.path, use: 'call', info: { driver, spec } });
      configSiteSpecs.set(module, list);
    }
  }
}

/** Cheap test before any tracking: does the file mention a catalog module at all? */
export function mentionsAnyModule(text: string, modules: Iterable<string>): boolean {
  for (const module of modules) if (text.includes(module)) return true;
  return false;
}

/**
 * `mentionsAnyModule` for a fixed set of modules, as tracking sees them: a
 * quoted specifier (`from 'pg'`, `require("pg")`, `` import(`pg`) ``). One
 * scan of the text, which the opening quote keeps fast, and the answer kept
 * for the last text, since the rules linting a file ask in turn.
 */
function mentionTest(modules: Iterable<string>): (text: string) => boolean {
  const pattern = new RegExp(`['"\`](?:${[...modules].map(escapeRegExp).join('|')})['"\`]`);
  let lastText: string | undefined;
  let lastAnswer = false;
  return (text) => {
    if (text !== lastText) {
      lastAnswer = pattern.test(text);
      lastText = text;
    }
    return lastAnswer;
  };
}

const mentionsCatalogConstructor = mentionTest(constructionSpecs.keys());

/**
 * The file-level gate of every check built on client constructions: false
 * means `getClientConstructions` finds none in a file with this text, so a
 * rule can return no listeners at all there. A Prisma client generated into
 * the project is imported from the project's own path: naming `PrismaClient`
 * opens the gate too.
 */
export const mayConstructClients = (text: string): boolean => mentionsCatalogConstructor(text) || text.includes('PrismaClient');

/** The same for config sites (`getConfigSites`). */
export const mayHaveConfigSites: (text: string) => boolean = mentionTest(configSiteSpecs.keys());

/** `pgp(url)` where `pgp = pgPromise()`: the calls of a factory's result. */
function factoryCalls(
  sourceCode: Readonly<TSESLint.SourceCode>,
  factoryCall: TSESTree.CallExpression,
): TSESTree.CallExpression[] {
  const parent = factoryCall.parent;
  if (parent.type === 'CallExpression' && parent.callee === factoryCall) return [parent];
  if (parent.type !== 'VariableDeclarator' || parent.id.type !== 'Identifier') return [];
  const [variable] = sourceCode.getDeclaredVariables(parent);
  if (!variable) return [];
  const calls: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const use = reference.identifier.parent;
    if (use?.type === 'CallExpression' && use.callee === reference.identifier) calls.push(use);
  }
  return calls;
}

/** What a file's imports are resolved with: the Prisma client outputs `settings.neon` names, and where the file is. */
export interface ImportContext {
  readonly filename: string;
  readonly cwd: string;
  readonly prismaClientOutputs: readonly string[];
}

// Set by every rule's create() (src/create-rule.ts) before any visitor runs, and only when outputs are configured.
const importContexts = new WeakMap<object, ImportContext>();

export function setImportContext(sourceCode: Readonly<TSESLint.SourceCode>, context: ImportContext): void {
  importContexts.set(sourceCode, context);
}

const prismaClientSpecs: readonly ModuleTraceSpec<{ driver: DriverEntry; spec: ConstructorSpec }>[] = constructionSpecs.get('@prisma/client')!;

/** Every module specifier the file imports or requires (type-only imports aside). */
function importedSpecifiers(sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  const found = new Set<string>();
  for (const statement of sourceCode.ast.body) {
    if (statement.type === 'ImportDeclaration' && statement.importKind !== 'type') found.add(statement.source.value);
  }
  const globalScope = sourceCode.scopeManager?.globalScope;
  for (const call of globalScope ? globalRequireCalls(globalScope) : []) {
    const module = getStringIfConstant(call.arguments[0] as never);
    if (module != null) found.add(module);
  }
  for (const node of findDynamicImports(sourceCode, () => true)) found.add((node.source as TSESTree.StringLiteral).value);
  return found;
}

/**
 * The file's imports of a Prisma client generated into the project, as trace
 * specs: only a file that names `PrismaClient` can construct one, so the
 * others cost one text scan.
 */
function generatedPrismaClientSpecs(sourceCode: Readonly<TSESLint.SourceCode>): Map<string, typeof prismaClientSpecs> {
  const specs = new Map<string, typeof prismaClientSpecs>();
  if (!sourceCode.text.includes('PrismaClient')) return specs;
  const context = importContexts.get(sourceCode);
  for (const module of importedSpecifiers(sourceCode)) {
    if (constructionSpecs.has(module)) continue;
    if (isGeneratedPrismaClient(module) || (context && isConfiguredPrismaClient(module, context.filename, context.cwd, context.prismaClientOutputs))) {
      specs.set(module, prismaClientSpecs);
    }
  }
  return specs;
}

const constructionCache = new WeakMap<object, readonly ClientConstruction[]>();
const configSiteCache = new WeakMap<object, readonly ConfigSite[]>();

/** Every client construction in the file, in source order. Cached per file. */
export function getClientConstructions(sourceCode: Readonly<TSESLint.SourceCode>): readonly ClientConstruction[] {
  const cached = constructionCache.get(sourceCode);
  if (cached) return cached;
  const found: ClientConstruction[] = [];
  const tracked = [generatedPrismaClientSpecs(sourceCode)];
  if (mentionsCatalogConstructor(sourceCode.text)) tracked.unshift(constructionSpecs);
  for (const specs of tracked) {
    for (const ref of trackModuleReferences(sourceCode, specs)) {
      const node = ref.node as TSESTree.NewExpression | TSESTree.CallExpression;
      const { driver, spec } = ref.info;
      if (spec.returnsFactory) {
        for (const call of factoryCalls(sourceCode, node as TSESTree.CallExpression)) {
          found.push({ node: call, module: ref.module, driver, spec });
        }
      } else {
        found.push({ node, module: ref.module, driver, spec });
      }
    }
  }
  found.sort((a, b) => a.node.range[0] - b.node.range[0]);
  const unique = found.filter((item, index) => index === 0 || item.node !== found[index - 1].node);
  constructionCache.set(sourceCode, unique);
  return unique;
}

/** Every config site (framework module or tool config call) in the file. Cached per file. */
export function getConfigSites(sourceCode: Readonly<TSESLint.SourceCode>): readonly ConfigSite[] {
  const cached = configSiteCache.get(sourceCode);
  if (cached) return cached;
  const found: ConfigSite[] = [];
  if (mayHaveConfigSites(sourceCode.text)) {
    for (const ref of trackModuleReferences(sourceCode, configSiteSpecs)) {
      found.push({ node: ref.node as TSESTree.CallExpression, module: ref.module, ...ref.info });
    }
  }
  configSiteCache.set(sourceCode, found);
  return found;
}

/**
 * Where a tracked READ is used. ReferenceTracker reports a read of a named
 * import or a destructured require at its declaration (`import { exec }`,
 * `const { Model } = require('sequelize')`); this returns the identifiers that
 * use the binding. Any other reference node is its own use.
 */
export function readUses(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): TSESTree.Node[] {
  let variable: TSESLint.Scope.Variable | undefined;
  if (node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') {
    [variable] = sourceCode.getDeclaredVariables(node);
  } else if (node.type === 'Property' && node.parent.type === 'ObjectPattern') {
    const local = node.value.type === 'AssignmentPattern' ? node.value.left : node.value;
    if (local.type !== 'Identifier') return [];
    variable = sourceCode.getScope(node).set.get(local.name);
  } else {
    return [node];
  }
  return (variable?.references ?? []).filter((reference) => reference.isRead()).map((reference) => reference.identifier);
}
