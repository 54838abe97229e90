import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/** The direct child nodes of `node`, by the parser's visitor keys: for small hand-written walks that stop early. */
export function childNodes(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node[] {
  const keys = (sourceCode.visitorKeys as Record<string, readonly string[] | undefined>)[node.type] ?? [];
  const children: TSESTree.Node[] = [];
  for (const key of keys) {
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const item of Array.isArray(child) ? child : [child]) {
      if (item && typeof item === 'object' && 'type' in item) children.push(item as TSESTree.Node);
    }
  }
  return children;
}

/** Whether `inner`'s source range lies inside `outer`'s (a node within another, by position). */
export function isWithin(inner: { readonly range: readonly [number, number] }, outer: { readonly range: readonly [number, number] }): boolean {
  return inner.range[0] >= outer.range[0] && inner.range[1] <= outer.range[1];
}
