import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { callsOf, functionReturning, isFunctionNode, type FunctionNode } from './functions';
import { getClientConstructions, type ClientConstruction } from './module-tracking';
import { unwrapExpression } from './static-string';

/**
 * Where a constructed client ends up: the variable or property that holds it,
 * and whether it lives as long as the module. Shared by the rules that follow
 * a node-postgres pool from `new Pool()` to its `.on('error')` and `.connect()`.
 */

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** EventEmitter methods that register a listener and return the emitter, so they chain. */
export const LISTENER_METHODS: ReadonlySet<string> = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
]);

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

export interface ClientStorage {
  readonly construction: ClientConstruction;
  /** the construction seen through TS wrappers and chained listener registrations (`new Pool().on('connect', f)`) */
  readonly expression: TSESTree.Node;
  /** events registered by chained calls on the construction (`new Pool().on('error', f)` → `error`); `undefined` for a non-static event name */
  readonly chainedEvents: readonly (string | undefined)[];
  /** the variable the client is bound to or assigned to */
  readonly variable?: Variable;
  /** the `const/let/var` statement (or its `export`) that binds it at module scope */
  readonly moduleDeclaration?: TSESTree.VariableDeclaration | TSESTree.ExportNamedDeclaration;
  /**
   * `pool = new Pool(…);` or `this.pool = new Pool(…);` as a statement of its
   * own in a block: code right after it runs once per pool it creates.
   */
  readonly assignmentStatement?: TSESTree.ExpressionStatement;
  /** the property it is stored under: `this.pool = …`, `globalThis.pool ??= …`, `{ pool: … }`, a class field */
  readonly property?: string;
  /** handed straight to a call or constructor (`drizzle(new Pool())`, `new PostgresDialect({ pool: new Pool() })`) */
  readonly passedToCall: boolean;
  /** built at module scope or by a DI provider factory, or cached in a module-scope variable, a global, or a class member */
  readonly longLived: boolean;
}

function staticName(node: TSESTree.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'PrivateIdentifier') return `#${node.name}`;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? undefined;
  return undefined;
}

/** The name of a member expression's property, when static (`a.b`, `a['b']`). */
export function memberName(member: TSESTree.MemberExpression): string | undefined {
  if (member.property.type === 'PrivateIdentifier') return `#${member.property.name}`;
  if (!member.computed) return member.property.type === 'Identifier' ? member.property.name : undefined;
  return staticName(member.property);
}

/** The event name of `emitter.on('error', f)`: a string, or `undefined` when it is not static. */
export function listenerEvent(call: TSESTree.CallExpression): string | undefined {
  const event = call.arguments[0];
  return event?.type === 'Identifier' ? undefined : staticName(event);
}

/** `x.on(…)` / `x.once(…)` / …: the receiver of a listener registration, or undefined. */
export function listenerReceiver(call: TSESTree.CallExpression): TSESTree.Node | undefined {
  const callee = call.callee;
  if (callee.type !== 'MemberExpression') return undefined;
  const name = memberName(callee);
  return name && LISTENER_METHODS.has(name) ? unwrapExpression(callee.object) : undefined;
}

function isInsideFunction(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return true;
  return false;
}

/**
 * Built by a dependency-injection provider factory (`{ provide: POOL, useFactory: () => new Pool() }`
 * of NestJS or Angular): the container calls it once and keeps the result for the app's lifetime.
 */
function isInProviderFactory(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const property = current.parent;
    return property?.type === 'Property' && property.value === current && !property.computed && property.key.type === 'Identifier' && property.key.name === 'useFactory';
  }
  return false;
}

function isModuleScope(scope: Scope | null): boolean {
  return scope?.type === 'module' || scope?.type === 'global';
}

/** Resolves an identifier to its variable from the innermost scope of `node`. */
export function resolveVariable(sourceCode: Readonly<TSESLint.SourceCode>, identifier: TSESTree.Identifier): Variable | undefined {
  for (let scope: Scope | null = sourceCode.getScope(identifier); scope; scope = scope.upper) {
    const variable = scope.set.get(identifier.name);
    if (variable) return variable;
  }
  return undefined;
}

/** `this.x`, `globalThis.x`, or `<module-scope variable>.x`: a place that outlives one call. */
function isLongLivedObject(sourceCode: Readonly<TSESLint.SourceCode>, object: TSESTree.Node): boolean {
  const target = unwrapExpression(object);
  if (target.type === 'ThisExpression') return true;
  if (target.type === 'MemberExpression') return isLongLivedObject(sourceCode, target.object);
  if (target.type !== 'Identifier') return false;
  const variable = resolveVariable(sourceCode, target);
  // An undeclared or only configured `globalThis`/`global` has no definitions in the file.
  if (GLOBAL_OBJECTS.has(target.name) && !variable?.defs.length) return true;
  return variable !== undefined && isModuleScope(variable.scope);
}

/** `const pool = new Pool(); …; this.pool = pool` (or a module variable, or a global): where a local copy is kept for good. */
function longLivedCopy(sourceCode: Readonly<TSESLint.SourceCode>, variable: Variable): { property?: string } | undefined {
  for (const reference of variable.references) {
    const assignment = reference.identifier.parent;
    if (assignment?.type !== 'AssignmentExpression' || assignment.right !== reference.identifier) continue;
    const left = unwrapExpression(assignment.left);
    if (left.type === 'MemberExpression' && isLongLivedObject(sourceCode, left.object)) return { property: memberName(left) };
    if (left.type === 'Identifier' && isModuleScope(resolveVariable(sourceCode, left)?.scope ?? null)) return {};
  }
  return undefined;
}

/** `x = …;` or `this.x.y = …;` (a static target, `=` not `??=`) as the whole statement, directly in a block or the program. */
function plainAssignmentStatement(assignment: TSESTree.AssignmentExpression): TSESTree.ExpressionStatement | undefined {
  const statement = assignment.parent;
  if (assignment.operator !== '=' || statement?.type !== 'ExpressionStatement') return undefined;
  const holder = statement.parent;
  if (holder?.type !== 'BlockStatement' && holder?.type !== 'Program' && holder?.type !== 'StaticBlock') return undefined;
  let target = unwrapExpression(assignment.left);
  while (target.type === 'MemberExpression' && !target.computed) target = unwrapExpression(target.object);
  return target.type === 'Identifier' || target.type === 'ThisExpression' ? statement : undefined;
}

function storageOf(sourceCode: Readonly<TSESLint.SourceCode>, construction: ClientConstruction): ClientStorage {
  const storage = placeOf(sourceCode, construction);
  return !storage.longLived && isInProviderFactory(storage.expression) ? { ...storage, longLived: true } : storage;
}

function placeOf(sourceCode: Readonly<TSESLint.SourceCode>, construction: ClientConstruction): ClientStorage {
  let expression: TSESTree.Node = construction.node;
  const chainedEvents: (string | undefined)[] = [];
  for (;;) {
    const parent: TSESTree.Node | undefined = expression.parent;
    if (!parent) break;
    if (
      parent.type === 'TSAsExpression' ||
      parent.type === 'TSSatisfiesExpression' ||
      parent.type === 'TSNonNullExpression' ||
      parent.type === 'TSTypeAssertion'
    ) {
      expression = parent;
      continue;
    }
    // `cached ?? new Pool()`, `cond ? new Pool(a) : new Pool(b)`: the result is still the pool.
    if (
      (parent.type === 'LogicalExpression' && parent.right === expression) ||
      (parent.type === 'ConditionalExpression' && parent.test !== expression)
    ) {
      expression = parent;
      continue;
    }
    const call: TSESTree.Node | undefined = parent.parent;
    if (parent.type === 'MemberExpression' && parent.object === expression && call?.type === 'CallExpression' && call.callee === parent) {
      const name = memberName(parent);
      if (name && LISTENER_METHODS.has(name)) {
        chainedEvents.push(listenerEvent(call));
        expression = call;
        continue;
      }
    }
    break;
  }

  const base = { construction, expression, chainedEvents, passedToCall: false };
  const moduleLevel = !isInsideFunction(expression);
  const parent = expression.parent;
  if (!parent) return { ...base, longLived: true };

  if (parent.type === 'VariableDeclarator' && parent.init === expression && parent.id.type === 'Identifier') {
    const variable = sourceCode.getDeclaredVariables(parent)[0];
    const declaration = parent.parent;
    const statement = declaration.parent.type === 'ExportNamedDeclaration' ? declaration.parent : declaration;
    const atModuleScope = isModuleScope(variable?.scope ?? null);
    const storedAs = atModuleScope || !variable ? undefined : longLivedCopy(sourceCode, variable);
    return {
      ...base,
      variable,
      moduleDeclaration: atModuleScope && statement.parent?.type === 'Program' ? statement : undefined,
      property: storedAs?.property,
      longLived: atModuleScope || storedAs !== undefined,
    };
  }
  if (parent.type === 'AssignmentExpression' && parent.right === expression) {
    const left = unwrapExpression(parent.left);
    const assignmentStatement = plainAssignmentStatement(parent);
    if (left.type === 'Identifier') {
      const variable = resolveVariable(sourceCode, left);
      return { ...base, variable, assignmentStatement, longLived: moduleLevel || (variable !== undefined && isModuleScope(variable.scope)) };
    }
    if (left.type === 'MemberExpression') {
      return { ...base, property: memberName(left), assignmentStatement, longLived: moduleLevel || isLongLivedObject(sourceCode, left.object) };
    }
  }
  if (parent.type === 'PropertyDefinition' && parent.value === expression) {
    return { ...base, property: staticName(parent.key), longLived: true };
  }
  if (parent.type === 'Property' && parent.value === expression) {
    // `{ pool: new Pool() }`: handed to a call when the object literal is an argument.
    const holder = parent.parent.parent;
    const passedToCall =
      (holder?.type === 'CallExpression' || holder?.type === 'NewExpression') && holder.arguments.includes(parent.parent as never);
    return { ...base, property: staticName(parent.key), passedToCall, longLived: moduleLevel };
  }
  if ((parent.type === 'CallExpression' || parent.type === 'NewExpression') && parent.arguments.includes(expression as never)) {
    return { ...base, passedToCall: true, longLived: moduleLevel };
  }
  return { ...base, longLived: moduleLevel };
}

/** A variable and the variables that copy it (`const db = pool`), one level deep. */
export function variableAliases(variable: Variable | undefined): Set<Variable> {
  const aliases = new Set<Variable>();
  if (!variable) return aliases;
  aliases.add(variable);
  for (const reference of variable.references) {
    const parent = reference.identifier.parent;
    if (parent?.type === 'VariableDeclarator' && parent.init === reference.identifier && parent.id.type === 'Identifier') {
      const declared = reference.from.set.get(parent.id.name);
      if (declared) aliases.add(declared);
    }
  }
  return aliases;
}

const storageCache = new WeakMap<object, readonly ClientStorage[]>();

/** Where every client construction of the file is kept, in source order. Cached per file. */
export function getClientStorages(sourceCode: Readonly<TSESLint.SourceCode>): readonly ClientStorage[] {
  const cached = storageCache.get(sourceCode);
  if (cached) return cached;
  const storages = getClientConstructions(sourceCode).map((construction) => storageOf(sourceCode, construction));
  storageCache.set(sourceCode, storages);
  return storages;
}

/** `module.exports`, `exports.x` or `module.exports.x` as an assignment target. */
export function isCommonJsExportTarget(node: TSESTree.Node): boolean {
  if (node.type !== 'MemberExpression') return false;
  const object = node.object;
  if (object.type === 'Identifier') return object.name === 'exports' || (object.name === 'module' && memberName(node) === 'exports');
  return object.type === 'MemberExpression' && isCommonJsExportTarget(object);
}

/** Whether one read of a client's variable hands it to other modules. */
function isExportingUse(identifier: TSESTree.Node): boolean {
  let node = identifier;
  // `module.exports = { pool }` and `module.exports = pool`
  while (node.parent?.type === 'Property' && node.parent.value === node && node.parent.parent?.type === 'ObjectExpression') {
    node = node.parent.parent;
  }
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === 'ExportSpecifier' || parent.type === 'ExportDefaultDeclaration') return true;
  return parent.type === 'AssignmentExpression' && parent.right === node && isCommonJsExportTarget(parent.left);
}

/** Whether a value is handed to other modules: exported as is, or bound to a variable that is exported. */
function isExportedValue(sourceCode: Readonly<TSESLint.SourceCode>, value: TSESTree.Node): boolean {
  let node = value;
  while (node.parent?.type === 'AwaitExpression' || node.parent?.type === 'TSAsExpression' || node.parent?.type === 'TSNonNullExpression') {
    node = node.parent;
  }
  if (node.parent?.type === 'ExportDefaultDeclaration' || isExportingUse(node)) return true;
  const declarator = node.parent;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== node || declarator.id.type !== 'Identifier') return false;
  if (declarator.parent.parent?.type === 'ExportNamedDeclaration') return true;
  return sourceCode.getDeclaredVariables(declarator).some((variable) => variable.references.some((reference) => isExportingUse(reference.identifier)));
}

/** The file exports a client it constructs: it is an app's db module, whatever else it does. */
export function exportsClient(sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  return getClientStorages(sourceCode).some((storage) => {
    if (
      storage.moduleDeclaration?.type === 'ExportNamedDeclaration' ||
      storage.expression.parent?.type === 'ExportDefaultDeclaration' ||
      isExportingUse(storage.expression) ||
      (storage.variable?.references ?? []).some((reference) => isExportingUse(reference.identifier))
    ) {
      return true;
    }
    // `function createInstance(url) { return new Sequelize(url) }; export const sequelize = createInstance(...)`
    const factory = factoryOf(storage);
    return factory !== undefined && callsOf(factory, sourceCode).some((call) => isExportedValue(sourceCode, call));
  });
}

/** The same-file function that returns the client: `return new Pool()`, or `const pool = new Pool(); …; return pool`. */
function factoryOf(storage: ClientStorage): FunctionNode | undefined {
  const direct = functionReturning(storage.expression);
  if (direct) return direct;
  for (const reference of storage.variable?.references ?? []) {
    if (!reference.isRead()) continue;
    const fn = functionReturning(reference.identifier);
    if (fn && storage.variable?.scope.variableScope.block === fn) return fn;
  }
  return undefined;
}
