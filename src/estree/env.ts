import { findVariable, getPropertyName, getStringIfConstant } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { unwrapExpression } from './static-string';

type Scope = TSESLint.Scope.Scope;

/** True when `name` is not declared in the file, so it is the runtime's global (`process`, `Bun`, `Deno`). */
function isGlobal(identifier: TSESTree.Identifier, scope: Scope | undefined): boolean {
  if (!scope) return true;
  const variable = findVariable(scope as never, identifier as never) as TSESLint.Scope.Variable | null;
  return !variable || variable.defs.length === 0;
}

/** `process.env`, `Bun.env`, `import.meta.env`: an object of environment variables. */
export function isEnvObject(node: TSESTree.Node, scope?: Scope): boolean {
  const target = unwrapExpression(node);
  if (target.type !== 'MemberExpression' || getPropertyName(target as never) !== 'env') return false;
  const object = target.object;
  if (object.type === 'MetaProperty') return object.meta.name === 'import' && object.property.name === 'meta';
  return object.type === 'Identifier' && (object.name === 'process' || object.name === 'Bun') && isGlobal(object, scope);
}

/**
 * The name of the environment variable `node` reads: `process.env.X`,
 * `process.env['X']`, `Bun.env.X`, `import.meta.env.X`, `Deno.env.get('X')`.
 */
export function envVarRead(node: TSESTree.Node, scope?: Scope): string | undefined {
  const target = unwrapExpression(node);
  if (target.type === 'MemberExpression' && isEnvObject(target.object, scope)) {
    return getPropertyName(target as never, scope as never) ?? undefined;
  }
  if (
    target.type === 'CallExpression' &&
    target.callee.type === 'MemberExpression' &&
    getPropertyName(target.callee as never) === 'get' &&
    target.callee.object.type === 'MemberExpression' &&
    target.callee.object.object.type === 'Identifier' &&
    target.callee.object.object.name === 'Deno' &&
    isGlobal(target.callee.object.object, scope) &&
    getPropertyName(target.callee.object as never) === 'env' &&
    target.arguments[0]
  ) {
    return getStringIfConstant(target.arguments[0] as never, scope as never) ?? undefined;
  }
  return undefined;
}
