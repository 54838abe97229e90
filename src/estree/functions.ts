import { findVariable, getPropertyName } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { unwrapExpression } from './static-string';
import { childNodes } from './traverse';

/**
 * Same-file functions and what they return: a value that a helper builds
 * (`ssl: sslFor(url)`, `export const db = createInstance(url)`) is followed
 * into the helper, one call deep, never across files.
 */

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

type SourceCode = Readonly<TSESLint.SourceCode>;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === 'ArrowFunctionExpression' || node.type === 'FunctionExpression' || node.type === 'FunctionDeclaration';
}

/** The same-file function an identifier names: a function declaration or a `const` bound to one. */
export function localFunction(identifier: TSESTree.Identifier, sourceCode: SourceCode): FunctionNode | undefined {
  const variable = findVariable(sourceCode.getScope(identifier) as never, identifier as never) as TSESLint.Scope.Variable | null;
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type === 'FunctionName') return def.node as TSESTree.FunctionDeclaration;
  if (def.type === 'Variable' && def.parent?.kind === 'const' && def.node.init) {
    const init = unwrapExpression(def.node.init);
    if (isFunctionNode(init)) return init;
  }
  return undefined;
}

function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'ClassDeclaration' || current.type === 'ClassExpression') return current;
  }
  return undefined;
}

/** A method of the class, by name: `getSSLConfig` in `class PrismaService { static getSSLConfig() {} }`. */
function classMethod(owner: TSESTree.ClassDeclaration | TSESTree.ClassExpression, name: string): FunctionNode | undefined {
  for (const member of owner.body.body) {
    if (member.type === 'MethodDefinition' && member.kind === 'method' && member.value.type === 'FunctionExpression' && getPropertyName(member as never) === name) {
      return member.value;
    }
  }
  return undefined;
}

/**
 * The same-file function a call runs: `helper(x)` of a local function, or
 * `this.helper(x)` / `Owner.helper(x)` of a method of the enclosing class.
 */
export function calledFunction(call: TSESTree.CallExpression, sourceCode: SourceCode): FunctionNode | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type === 'Identifier') return localFunction(callee, sourceCode);
  if (callee.type !== 'MemberExpression') return undefined;
  const name = getPropertyName(callee as never);
  const owner = enclosingClass(call);
  if (!name || !owner) return undefined;
  const object = unwrapExpression(callee.object);
  const isOwner = object.type === 'ThisExpression' || (object.type === 'Identifier' && owner.id?.name === object.name);
  return isOwner ? classMethod(owner, name) : undefined;
}

/** The values a function returns: an arrow's expression body, or the arguments of its own `return` statements. */
export function returnedValues(fn: FunctionNode, sourceCode: SourceCode): TSESTree.Expression[] {
  if (fn.body.type !== 'BlockStatement') return [fn.body];
  const values: TSESTree.Expression[] = [];
  const stack: TSESTree.Node[] = [...fn.body.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionNode(node) || node.type === 'ClassDeclaration' || node.type === 'ClassExpression') continue;
    if (node.type === 'ReturnStatement') {
      if (node.argument) values.push(node.argument);
      continue;
    }
    stack.push(...childNodes(node, sourceCode));
  }
  return values;
}

/** The function whose return value `node` is (`return node`, `() => node`), through TS wrappers. */
export function functionReturning(node: TSESTree.Node): FunctionNode | undefined {
  let value = node;
  while (value.parent && ['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion'].includes(value.parent.type)) {
    value = value.parent;
  }
  const parent = value.parent;
  if (parent?.type === 'ArrowFunctionExpression' && parent.body === value) return parent;
  if (parent?.type !== 'ReturnStatement') return undefined;
  for (let current: TSESTree.Node | undefined = parent.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/** The same-file calls of a function declared by name (`function f`, `const f = () => …`). */
export function callsOf(fn: FunctionNode, sourceCode: SourceCode): TSESTree.CallExpression[] {
  const declarator = fn.parent?.type === 'VariableDeclarator' && fn.parent.init === fn ? fn.parent : undefined;
  const declaring = fn.type === 'FunctionDeclaration' ? fn : declarator;
  if (!declaring) return [];
  const calls: TSESTree.CallExpression[] = [];
  for (const variable of sourceCode.getDeclaredVariables(declaring)) {
    for (const reference of variable.references) {
      const call = reference.identifier.parent;
      if (call?.type === 'CallExpression' && call.callee === reference.identifier) calls.push(call);
    }
  }
  return calls;
}
