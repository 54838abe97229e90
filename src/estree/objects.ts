import { getPropertyName } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { constInitializer, unwrapExpression } from './static-string';

type Scope = TSESLint.Scope.Scope;

/**
 * The object literal an options argument stands for: the literal itself, or
 * the initializer of a same-file `const` it names.
 */
export function resolveObject(node: TSESTree.Node | undefined, scope?: Scope): TSESTree.ObjectExpression | undefined {
  if (!node) return undefined;
  const target = unwrapExpression(node);
  if (target.type === 'ObjectExpression') return target;
  if (target.type === 'Identifier' && scope) {
    const init = constInitializer(scope, target);
    const resolved = init && unwrapExpression(init);
    if (resolved?.type === 'ObjectExpression') return resolved;
  }
  return undefined;
}

/** The static name of a property key (`a`, `'a'`, `['a']`), if it has one. */
export function propertyKeyName(property: TSESTree.Property, scope?: Scope): string | undefined {
  return getPropertyName(property as never, scope as never) ?? undefined;
}

/** The last property of `object` named `name` (later keys win, as at run time). */
export function findProperty(object: TSESTree.ObjectExpression, name: string, scope?: Scope): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === 'Property' && propertyKeyName(property, scope) === name) found = property;
  }
  return found;
}

/**
 * The last property named `name` of `object`, also among the properties of same-file
 * objects it spreads (`{ ...shared, ssl }`), as at run time.
 */
export function findPropertyWithSpreads(
  object: TSESTree.ObjectExpression,
  name: string,
  scope?: Scope,
  depth = 0,
): TSESTree.Property | undefined {
  let found: TSESTree.Property | undefined;
  for (const property of object.properties) {
    if (property.type === 'Property') {
      if (propertyKeyName(property, scope) === name) found = property;
      continue;
    }
    const spread = depth < 3 ? resolveObject(property.argument, scope) : undefined;
    found = (spread && findPropertyWithSpreads(spread, name, scope, depth + 1)) ?? found;
  }
  return found;
}

/** Follows a path of keys through nested object literals: `['dialectOptions', 'ssl']`. */
export function findPropertyPath(
  object: TSESTree.ObjectExpression,
  keys: readonly string[],
  scope?: Scope,
): TSESTree.Property | undefined {
  let current: TSESTree.ObjectExpression | undefined = object;
  let property: TSESTree.Property | undefined;
  for (const key of keys) {
    if (!current) return undefined;
    property = findProperty(current, key, scope);
    if (!property) return undefined;
    current = resolveObject(property.value, scope);
  }
  return property;
}
