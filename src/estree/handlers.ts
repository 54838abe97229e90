import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { matchesGlobs } from '../project/files';
import { isFunctionNode, localFunction, type FunctionNode } from './functions';
import { trackModuleReferences, type ModuleTraceSpec } from './module-tracking';
import { workersDefaultExport } from './runtime';
import { getStringParts, unwrapExpression } from './static-string';
import { childNodes, isWithin } from './traverse';

/**
 * Which code runs once per request or event (DESIGN.md "Request handler"):
 * functions that frameworks call per request, functions nested in them, and
 * loop bodies. The set of handler functions is computed once per file, on the
 * first question, so files without client constructions never pay for it.
 */

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Scope = TSESLint.Scope.Scope;

export { isFunctionNode, type FunctionNode } from './functions';

export type HandlerKind =
  | 'route'
  | 'node-http'
  | 'next-route'
  | 'next-page'
  | 'pages-api'
  | 'server-action'
  | 'lambda'
  | 'workers'
  | 'remix'
  | 'sveltekit'
  | 'h3'
  | 'trpc'
  | 'nestjs';

export type LoopKind = 'loop' | 'array-iteration';

export interface RequestScope {
  readonly kind: 'handler' | 'loop';
  readonly handlerKind: HandlerKind | LoopKind;
  /** the handler function or the loop statement / iteration call */
  readonly node: TSESTree.Node;
  /** the same-file helper whose call from a handler makes the node run per request */
  readonly via?: string;
}

const SCOPE_LABELS: Record<HandlerKind | LoopKind, string> = {
  route: 'a route handler',
  'node-http': 'an http.createServer() request listener',
  'next-route': 'a route handler export',
  'next-page': 'a Next.js server component',
  'pages-api': 'a Next.js API route',
  'server-action': 'a server action',
  lambda: 'a serverless function handler',
  workers: 'a Workers fetch handler',
  remix: 'a loader/action',
  sveltekit: 'a SvelteKit server handler',
  h3: 'an event handler',
  trpc: 'a tRPC procedure',
  nestjs: 'a NestJS route method',
  loop: 'a loop body',
  'array-iteration': 'an array iteration callback',
};

/** Where the node runs, for messages: "a route handler", "`getDb()`, called from a route handler". */
export function describeRequestScope(scope: RequestScope): string {
  const label = SCOPE_LABELS[scope.handlerKind];
  return scope.via ? `\`${scope.via}()\`, called from ${label}` : label;
}

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'route', 'head', 'options', 'on']);
const HTTP_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const TRPC_METHODS = new Set(['query', 'mutation', 'subscription']);
const H3_FACTORIES = new Set(['defineEventHandler', 'eventHandler', 'defineCachedEventHandler']);
const NEST_DECORATORS = new Set([
  'Get',
  'Post',
  'Put',
  'Patch',
  'Delete',
  'All',
  'Head',
  'Options',
  'MessagePattern',
  'EventPattern',
  'Query',
  'Mutation',
  'Subscription',
  'ResolveField',
  'FieldResolver',
]);
const FUNCTION_FIRST_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'use']);
const ARRAY_ITERATION_METHODS = new Set(['forEach', 'map', 'flatMap']);
const NODE_HTTP_MODULES = ['http', 'node:http', 'https', 'node:https', 'http2', 'node:http2'];

// `**/` prefixes keep monorepo apps (`apps/web/pages/api/...`) in; Vercel's `api/` folder only at the root.
const PAGES_API_GLOBS = ['**/pages/api/**', 'api/**', '**/netlify/functions/**', '**/netlify/edge-functions/**'];
const NEXT_PAGE_GLOBS = ['**/app/**/page.*', '**/app/**/layout.*'];
const SVELTEKIT_SERVER_GLOBS = ['**/+server.*'];
const SVELTEKIT_LOAD_GLOBS = ['**/+page.server.*', '**/+layout.server.*'];
const SVELTEKIT_HOOKS_GLOBS = ['**/hooks.server.*'];

function propertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.MethodDefinition): string | undefined {
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** Collects handler functions while walking the file once. */
class HandlerCollector {
  readonly handlers = new Map<FunctionNode, HandlerKind>();

  constructor(
    private readonly sourceCode: Readonly<TSESLint.SourceCode>,
    private readonly filePath: (globs: readonly string[]) => boolean,
  ) {}

  add(node: TSESTree.Node | undefined, kind: HandlerKind, depth = 0): void {
    if (!node || depth > 3) return;
    const value = unwrapExpression(node);
    if (isFunctionNode(value)) {
      if (!this.handlers.has(value)) this.handlers.set(value, kind);
      return;
    }
    if (value.type === 'Identifier') {
      this.add(this.localFunction(value), kind, depth + 1);
      return;
    }
    // `export const GET = withAuth(async (req) => ...)`: wrappers pass the request on to their function arguments.
    if (value.type === 'CallExpression') {
      // `middy(base).use(...)`: the wrapped function sits in the callee chain.
      if (value.callee.type === 'MemberExpression') this.add(value.callee.object, kind, depth + 1);
      for (const argument of value.arguments) {
        const inner = unwrapExpression(argument);
        if (isFunctionNode(inner) || inner.type === 'Identifier') this.add(inner, kind, depth + 1);
      }
    }
  }

  localFunction(identifier: TSESTree.Identifier): FunctionNode | undefined {
    return localFunction(identifier, this.sourceCode);
  }

  addObjectHandlers(object: TSESTree.Node | undefined, names: ReadonlySet<string> | 'all', kind: HandlerKind): void {
    const target = object && unwrapExpression(object);
    if (target?.type !== 'ObjectExpression') return;
    for (const property of target.properties) {
      if (property.type !== 'Property') continue;
      const name = propertyName(property);
      if (name !== undefined && (names === 'all' || names.has(name))) this.add(property.value, kind);
    }
  }

  collect(): void {
    const program = this.sourceCode.ast;
    this.collectExports(program);
    this.collectNodeHttp();
    const useServerFile = hasUseServerDirective(program.body);
    const stack: TSESTree.Node[] = [program];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === 'CallExpression') this.collectCall(node);
      else if (node.type === 'MethodDefinition') this.collectNestMethod(node);
      else if (isFunctionNode(node) && node.body.type === 'BlockStatement' && !useServerFile && hasUseServerDirective(node.body.body)) {
        this.handlers.set(node, 'server-action');
      } else if (node.type === 'AssignmentExpression') this.collectCommonJsExport(node);
      stack.push(...childNodes(node, this.sourceCode));
    }
  }

  private collectCall(call: TSESTree.CallExpression): void {
    const callee = unwrapExpression(call.callee);
    if (callee.type === 'Identifier') {
      if (H3_FACTORIES.has(callee.name) && this.isAutoImportOrImport(callee)) {
        this.add(call.arguments[0], 'h3');
        this.addObjectHandlers(call.arguments[0], new Set(['handler']), 'h3');
      } else if (callee.name === 'addEventListener' && isStringValue(call.arguments[0], 'fetch')) {
        this.add(call.arguments[1], 'workers');
      }
      return;
    }
    if (callee.type !== 'MemberExpression') return;
    const method = propertyName(callee);
    if (method === undefined) return;
    if (ROUTE_METHODS.has(method)) this.collectRoute(call, method);
    else if (TRPC_METHODS.has(method) && isTrpcProcedure(call)) this.add(call.arguments[0], 'trpc');
    else if (method === 'addEventListener' && isStringValue(call.arguments[0], 'fetch')) this.add(call.arguments[1], 'workers');
  }

  /**
   * `app.get('/users', auth, (req, res) => ...)`, `router.use(fn)`,
   * `fastify.route({ url, handler })`, `app.get('/', { schema }, handler)`.
   * Only when the shape is route-like: a path string starting with `/` (or `*`,
   * a RegExp, an array of those) before the functions, or a function first.
   * `map.get(key)`, `headers.get('x')`, `db.delete(table)`, `app.get('port')`
   * and `redis.get('key', callback)` are not routes.
   */
  private collectRoute(call: TSESTree.CallExpression, method: string): void {
    const args = call.arguments.map((argument) => unwrapExpression(argument));
    if (args.length === 0) return;
    if (method === 'route' && args.length === 1 && args[0].type === 'ObjectExpression') {
      const options = args[0];
      const hasRouteKey = options.properties.some(
        (property) => property.type === 'Property' && ['url', 'path', 'method'].includes(propertyName(property) ?? ''),
      );
      if (hasRouteKey) this.addObjectHandlers(options, new Set(['handler']), 'route');
      return;
    }
    const [first, second] = args;
    // Function first (`router.use(mw)`, `app.route('/x').get(fn)`): an inline function, or any function for `use`.
    const functionFirst =
      FUNCTION_FIRST_METHODS.has(method) && (isFunctionNode(first) || (method === 'use' && this.isFunctionArgument(first)));
    // Koa-router names a route first (`router.get('user', '/users/:id', fn)`), Hono's `on` a method.
    const pathFirst = this.isRoutePath(first) || (isStringLike(first) && second !== undefined && this.isRoutePath(second));
    if (!functionFirst && !pathFirst) return;
    for (const argument of args) {
      if (this.isFunctionArgument(argument)) this.add(argument, 'route');
      else if (argument.type === 'ObjectExpression') this.addObjectHandlers(argument, new Set(['handler']), 'route');
      else if (argument.type === 'ArrayExpression') {
        for (const element of argument.elements) if (element && this.isFunctionArgument(element)) this.add(element, 'route');
      }
    }
  }

  private isFunctionArgument(argument: TSESTree.Node): boolean {
    return isFunctionNode(argument) || (argument.type === 'Identifier' && this.localFunction(argument) !== undefined);
  }

  private isRoutePath(argument: TSESTree.Node): boolean {
    if (argument.type === 'Literal' && 'regex' in argument && argument.regex) return true;
    if (argument.type === 'ArrayExpression') return argument.elements.some((element) => element != null && this.isRoutePath(element));
    const parts = getStringParts(argument, this.sourceCode.getScope(argument));
    if (!parts) return false;
    const first = parts.parts[0];
    if (first.startsWith('/') || first === '*') return true;
    // `${prefix}/users`: a hole first, then a path.
    return first === '' && parts.parts.length > 1 && parts.parts[1].startsWith('/');
  }

  /** `defineEventHandler` is auto-imported by Nuxt: accept it unbound or imported, not a local function of that name. */
  private isAutoImportOrImport(identifier: TSESTree.Identifier): boolean {
    const variable = findVariable(this.sourceCode.getScope(identifier) as never, identifier as never) as TSESLint.Scope.Variable | null;
    return !variable || variable.defs.length === 0 || variable.defs.every((def) => def.type === 'ImportBinding');
  }

  /** NestJS handler methods: decorators imported from `@nestjs/*` (or type-graphql), never a same-named local. */
  private collectNestMethod(method: TSESTree.MethodDefinition): void {
    if (!method.decorators?.length || method.value.type !== 'FunctionExpression') return;
    for (const decorator of method.decorators) {
      const expression = decorator.expression;
      const callee = expression.type === 'CallExpression' ? expression.callee : expression;
      if (callee.type !== 'Identifier' || !NEST_DECORATORS.has(callee.name)) continue;
      const variable = findVariable(this.sourceCode.getScope(callee) as never, callee as never) as TSESLint.Scope.Variable | null;
      const def = variable?.defs[0];
      if (def?.type !== 'ImportBinding') continue;
      const source = (def.parent as TSESTree.ImportDeclaration).source.value;
      if (source.startsWith('@nestjs/') || source === 'type-graphql') {
        this.handlers.set(method.value, 'nestjs');
        return;
      }
    }
  }

  private collectNodeHttp(): void {
    if (!this.sourceCode.text.includes('createServer')) return;
    // The tracker only reports entries whose info is truthy.
    const specs = new Map<string, ModuleTraceSpec<true>[]>(
      NODE_HTTP_MODULES.map((module) => [
        module,
        [
          { path: ['createServer'], use: 'call', info: true },
          { path: ['createSecureServer'], use: 'call', info: true },
        ],
      ]),
    );
    for (const reference of trackModuleReferences(this.sourceCode, specs)) {
      const call = reference.node as TSESTree.CallExpression;
      for (const argument of call.arguments) {
        if (this.isFunctionArgument(unwrapExpression(argument))) this.add(argument, 'node-http');
      }
    }
  }

  /** Exports that frameworks call per request, by name and, for some, by file path. */
  private collectExports(program: TSESTree.Program): void {
    const useServer = hasUseServerDirective(program.body);
    const sveltekitServer = this.filePath(SVELTEKIT_SERVER_GLOBS);
    const sveltekitLoad = this.filePath(SVELTEKIT_LOAD_GLOBS);
    const sveltekitHooks = this.filePath(SVELTEKIT_HOOKS_GLOBS);
    const exportKind = (name: string): HandlerKind | undefined => {
      if (HTTP_EXPORTS.has(name)) return sveltekitServer ? 'sveltekit' : 'next-route';
      if (name === 'fallback' && sveltekitServer) return 'sveltekit';
      if ((name === 'load' || name === 'actions') && sveltekitLoad) return 'sveltekit';
      if ((name === 'handle' || name === 'handleFetch') && sveltekitHooks) return 'sveltekit';
      if (name === 'handler') return 'lambda';
      if (name === 'loader' || name === 'action') return 'remix';
      if (name === 'generateMetadata' && this.filePath(NEXT_PAGE_GLOBS)) return 'next-page';
      return useServer ? 'server-action' : undefined;
    };
    const addExport = (name: string, value: TSESTree.Node | undefined): void => {
      const kind = exportKind(name);
      if (!kind) return;
      if (name === 'actions' && kind === 'sveltekit') this.addObjectHandlers(value, 'all', kind);
      else this.add(value, kind);
    };
    for (const statement of program.body) {
      if (statement.type === 'ExportNamedDeclaration') {
        const declaration = statement.declaration;
        if (declaration?.type === 'FunctionDeclaration' && declaration.id) addExport(declaration.id.name, declaration);
        else if (declaration?.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === 'Identifier') addExport(declarator.id.name, declarator.init ?? undefined);
          }
        } else if (!statement.source) {
          for (const specifier of statement.specifiers) {
            if (specifier.local.type !== 'Identifier' || specifier.exported.type !== 'Identifier') continue;
            addExport(specifier.exported.name, specifier.local);
          }
        }
      } else if (statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration as TSESTree.Node;
        if (this.filePath(PAGES_API_GLOBS)) this.add(declaration, 'pages-api');
        else if (this.filePath(NEXT_PAGE_GLOBS)) this.add(declaration, 'next-page');
        else if (useServer) this.add(declaration, 'server-action');
      }
    }
    this.addObjectHandlers(workersDefaultExport(program), new Set(['fetch', 'scheduled', 'queue', 'email', 'tail']), 'workers');
  }

  /** `exports.handler = fn`, `module.exports.handler = fn`, `module.exports = { handler }`. */
  private collectCommonJsExport(assignment: TSESTree.AssignmentExpression): void {
    if (assignment.operator !== '=' || assignment.left.type !== 'MemberExpression') return;
    const left = assignment.left;
    const name = propertyName(left);
    const object = left.object;
    const isModuleExports = (node: TSESTree.Node): boolean =>
      node.type === 'MemberExpression' &&
      node.object.type === 'Identifier' &&
      node.object.name === 'module' &&
      propertyName(node) === 'exports';
    if (isModuleExports(left)) {
      if (this.filePath(PAGES_API_GLOBS)) this.add(assignment.right, 'pages-api');
      this.addObjectHandlers(assignment.right, new Set(['handler']), 'lambda');
      return;
    }
    const exportsObject = (object.type === 'Identifier' && object.name === 'exports') || isModuleExports(object);
    if (exportsObject && name === 'handler') this.add(assignment.right, 'lambda');
  }
}

function hasUseServerDirective(body: readonly TSESTree.Node[]): boolean {
  for (const statement of body) {
    if (statement.type !== 'ExpressionStatement' || statement.expression.type !== 'Literal') return false;
    if (statement.directive === 'use server') return true;
  }
  return false;
}

function isStringValue(node: TSESTree.Node | undefined, value: string): boolean {
  return node?.type === 'Literal' && node.value === value;
}

function isStringLike(node: TSESTree.Node): boolean {
  return (node.type === 'Literal' && typeof node.value === 'string') || node.type === 'TemplateLiteral';
}

/**
 * tRPC: `publicProcedure.input(z).query(fn)`, `t.procedure.mutation(fn)`. The
 * function is the only argument and the receiver chain names a procedure or
 * goes through `.input()`/`.use()`/`.output()`; `pool.query(sql, cb)` and
 * `knex.query(fn)` are not.
 */
function isTrpcProcedure(call: TSESTree.CallExpression): boolean {
  if (call.arguments.length !== 1 || !isFunctionNode(unwrapExpression(call.arguments[0]))) return false;
  let receiver: TSESTree.Node = (call.callee as TSESTree.MemberExpression).object;
  for (let depth = 0; depth < 12; depth++) {
    receiver = unwrapExpression(receiver);
    if (receiver.type === 'Identifier') return /procedure/i.test(receiver.name);
    if (receiver.type === 'MemberExpression') {
      if (/procedure/i.test(propertyName(receiver) ?? '')) return true;
      receiver = receiver.object;
    } else if (receiver.type === 'CallExpression' && receiver.callee.type === 'MemberExpression') {
      if (['input', 'use', 'output', 'meta'].includes(propertyName(receiver.callee) ?? '')) return true;
      receiver = receiver.callee.object;
    } else {
      return false;
    }
  }
  return false;
}

const handlerCache = new WeakMap<object, ReadonlyMap<FunctionNode, HandlerKind>>();

/** Every request handler function of the file, with its kind. Computed once per file. */
export function requestHandlers(context: AnyContext): ReadonlyMap<FunctionNode, HandlerKind> {
  const cached = handlerCache.get(context.sourceCode);
  if (cached) return cached;
  const filename = context.physicalFilename ?? context.filename;
  const collector = new HandlerCollector(context.sourceCode, (globs) => matchesGlobs(filename, context.cwd, globs));
  collector.collect();
  handlerCache.set(context.sourceCode, collector.handlers);
  return collector.handlers;
}

const LOOP_TYPES = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

function isLoopBody(loop: TSESTree.Node, child: TSESTree.Node): boolean {
  return LOOP_TYPES.has(loop.type) && (loop as TSESTree.ForStatement).body === child;
}

function isArrayIterationCallback(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn || call.callee.type !== 'MemberExpression') return false;
  return ARRAY_ITERATION_METHODS.has(propertyName(call.callee) ?? '');
}

/**
 * A loop that can leave early (`break`, `return`) is a retry or search loop,
 * not one that repeats its body for every item: `while (true) { client = new
 * Client(); try { await client.connect(); break } catch {} }` waits for a database.
 */
function canExitEarly(body: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const stack: { node: TSESTree.Node; nested: boolean }[] = [{ node: body, nested: false }];
  while (stack.length > 0) {
    const { node, nested } = stack.pop()!;
    if (node.type === 'ReturnStatement') return true;
    // A `break` inside a nested loop or switch leaves that one, not ours.
    if (node.type === 'BreakStatement' && (node.label || !nested)) return true;
    if (isFunctionNode(node)) continue;
    const opensBreakable = LOOP_TYPES.has(node.type) || node.type === 'SwitchStatement';
    for (const child of childNodes(node, sourceCode)) stack.push({ node: child, nested: nested || opensBreakable });
  }
  return false;
}

/**
 * Does `node` read a binding that changes per iteration (declared in the loop
 * head, its body, or the callback's parameters)? `for (const tenant of
 * tenants) new Pool({ connectionString: tenant.url })` opens one pool per
 * database, which is not one per request.
 */
function dependsOnIterationBinding(node: TSESTree.Node, loop: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  const stack: TSESTree.Node[] = [node];
  let scope: Scope | undefined;
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (current.type === 'Identifier') {
      scope ??= sourceCode.getScope(node);
      const variable = findVariable(scope as never, current as never) as TSESLint.Scope.Variable | null;
      const declared = variable?.defs[0]?.name;
      if (declared && isWithin(declared, loop)) return true;
      continue;
    }
    for (const child of childNodes(current, sourceCode)) {
      // `x.url` and `{ url: x }` name properties, not bindings.
      const isName =
        (current.type === 'MemberExpression' && child === current.property && !current.computed) ||
        (current.type === 'Property' && child === current.key && !current.computed);
      if (!isName) stack.push(child);
    }
  }
  return false;
}

/**
 * The innermost scope around `node` that runs once per request or event: a
 * request handler function (or a function nested in one), a loop body, or an
 * array iteration callback (`forEach`/`map`/`flatMap`). Loops are skipped when
 * the node depends on the iteration's own values or the loop exits early.
 */
export function enclosingRequestScope(node: TSESTree.Node, context: AnyContext): RequestScope | undefined {
  const handlers = requestHandlers(context);
  const repeatsSameWork = (loop: TSESTree.Node, body: TSESTree.Node): boolean =>
    !dependsOnIterationBinding(node, loop, context.sourceCode) && !canExitEarly(body, context.sourceCode);
  let child: TSESTree.Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionNode(current)) {
      const kind = handlers.get(current);
      if (kind) return { kind: 'handler', handlerKind: kind, node: current };
      if (isArrayIterationCallback(current) && repeatsSameWork(current, current.body)) {
        return { kind: 'loop', handlerKind: 'array-iteration', node: current.parent! };
      }
    } else if (isLoopBody(current, child) && repeatsSameWork(current, child)) {
      return { kind: 'loop', handlerKind: 'loop', node: current };
    }
  }
  return undefined;
}

/** The name a function is called by in this file: `function getDb()` or `const getDb = () => ...`. */
function functionBinding(fn: FunctionNode, sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Variable | undefined {
  if (fn.type === 'FunctionDeclaration') return sourceCode.getDeclaredVariables(fn)[0];
  const parent = fn.parent;
  if (parent?.type === 'VariableDeclarator' && parent.init === fn && parent.id.type === 'Identifier') {
    return sourceCode.getDeclaredVariables(parent)[0];
  }
  return undefined;
}

/**
 * Like `enclosingRequestScope`, and also through same-file helpers: the
 * construction in `function getDb() { return new Pool() }` runs per request
 * when a handler calls `getDb()`. Follows up to three helper levels.
 */
export function requestScopeThroughCalls(
  node: TSESTree.Node,
  context: AnyContext,
  /** calls whose result outlives the call (`pool ??= getDb()`), which do not make the helper per request */
  isCachedCall: (call: TSESTree.CallExpression) => boolean = () => false,
  depth = 0,
): RequestScope | undefined {
  const direct = enclosingRequestScope(node, context);
  if (direct || depth >= 3) return direct;
  let fn: TSESTree.Node | undefined = node.parent;
  while (fn && !isFunctionNode(fn)) fn = fn.parent;
  if (!fn) return undefined;
  const variable = functionBinding(fn as FunctionNode, context.sourceCode);
  if (!variable) return undefined;
  for (const reference of variable.references) {
    const call = reference.identifier.parent;
    if (call?.type !== 'CallExpression' || call.callee !== reference.identifier || isCachedCall(call)) continue;
    const scope = requestScopeThroughCalls(call, context, isCachedCall, depth + 1);
    if (scope) return { ...scope, via: variable.name };
  }
  return undefined;
}
