import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * The static text of a string-like expression: a literal, a template literal
 * or a `+` concatenation. `parts` holds the static pieces; between two parts
 * stands a dynamic hole (`${x}`, or a non-constant operand of `+`).
 */
export interface StringParts {
  readonly parts: readonly string[];
  /** true when there are no holes */
  readonly complete: boolean;
}

type Scope = TSESLint.Scope.Scope;

const MAX_DEPTH = 8;

/** Strips TypeScript-only wrappers (`x as const`, `x!`, `x satisfies T`, `<T>x`) and parentheses. */
export function unwrapExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
        current = current.expression;
        continue;
      default:
        return current;
    }
  }
}

function joinParts(left: readonly string[], right: readonly string[]): string[] {
  // The last piece of the left side and the first of the right side touch.
  return [...left.slice(0, -1), left[left.length - 1] + right[0], ...right.slice(1)];
}

function collect(node: TSESTree.Node, scope: Scope | undefined, depth: number): string[] | undefined {
  const target = unwrapExpression(node);
  switch (target.type) {
    case 'Literal':
      return typeof target.value === 'string' ? [target.value] : undefined;
    case 'TemplateLiteral':
      return target.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw);
    case 'BinaryExpression': {
      if (target.operator !== '+' || depth > MAX_DEPTH) return undefined;
      const left = collect(target.left, scope, depth + 1);
      const right = collect(target.right, scope, depth + 1);
      if (!left && !right) return undefined;
      return joinParts(left ?? ['', ''], right ?? ['', '']);
    }
    case 'Identifier': {
      if (!scope || depth > MAX_DEPTH) return undefined;
      const init = constInitializer(scope, target);
      return init ? collect(init, scope, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

/** The initializer of a `const` binding that `identifier` refers to, if any. */
export function constInitializer(scope: Scope, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = findVariable(scope as never, identifier as never) as TSESLint.Scope.Variable | null;
  if (!variable || variable.defs.length !== 1) return undefined;
  const def = variable.defs[0];
  if (def.type !== 'Variable') return undefined;
  const declarator = def.node;
  if (def.parent?.kind !== 'const' || declarator.id.type !== 'Identifier' || !declarator.init) return undefined;
  return declarator.init;
}

/**
 * Reads the static parts of a string expression. With a scope, identifiers
 * bound by `const` in the same file are followed.
 */
export function getStringParts(node: TSESTree.Node, scope?: Scope): StringParts | undefined {
  const parts = collect(node, scope, 0);
  if (!parts) return undefined;
  return { parts, complete: parts.length === 1 };
}

const TS_WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion']);

/**
 * The whole string expression a literal or template is a piece of: the
 * outermost `+` chain above it (through parentheses and TS wrappers), or the
 * node itself. Rules that read `getStringParts` of the root report once per
 * concatenation instead of once per piece.
 */
export function stringExpressionRoot(node: TSESTree.Node): TSESTree.Node {
  let root = node;
  let current = node;
  for (let parent = current.parent; parent; parent = current.parent) {
    if (parent.type === 'BinaryExpression' && parent.operator === '+') root = parent;
    else if (!TS_WRAPPERS.has(parent.type)) break;
    current = parent;
  }
  return root;
}
