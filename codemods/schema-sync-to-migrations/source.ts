import type { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';

/**
 * A source file parsed with the parser the rules run on (same positions as
 * their reports), parents set, and the exact text edits the steps apply.
 */

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type ScopeManager = ReturnType<typeof parseForESLint>['scopeManager'];

export interface ParsedSource {
  readonly text: string;
  readonly program: TSESTree.Program;
  /** the parser's scope analysis of `program` (what a rule's `getScope` reads) */
  readonly scopeManager: ScopeManager;
  /** 0-based offset of a 1-based line and column, as ESLint reports them */
  offsetOf(line: number, column: number): number;
  /** every node starting at `offset`, outermost first */
  nodesAt(offset: number): TSESTree.Node[];
}

function setParents(node: TSESTree.Node, starts: Map<number, TSESTree.Node[]>): void {
  const list = starts.get(node.range[0]) ?? [];
  list.push(node);
  starts.set(node.range[0], list);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || !value || typeof value !== 'object') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string' && 'range' in child) {
        (child as { parent: TSESTree.Node }).parent = node;
        setParents(child as TSESTree.Node, starts);
      }
    }
  }
}

export function parseSource(text: string, filePath: string): ParsedSource {
  // Loaded on first use: the parser brings TypeScript (a quarter of a second of compiling), which most runs of the CLI load later or never.
  const { parseForESLint: parse } = require('@typescript-eslint/parser') as { parseForESLint: typeof parseForESLint };
  const { ast: program, scopeManager } = parse(text, { range: true, loc: true, comment: false, sourceType: 'module', ecmaVersion: 'latest', filePath, jsx: !/\.[cm]?ts$/.test(filePath) });
  const starts = new Map<number, TSESTree.Node[]>();
  setParents(program, starts);
  const lineStarts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) lineStarts.push(index + 1);
  return {
    text,
    program,
    scopeManager,
    offsetOf: (line, column) => (lineStarts[line - 1] ?? text.length) + column - 1,
    nodesAt: (offset) => starts.get(offset) ?? [],
  };
}

/** Every node under `node`, itself first, in source order. */
export function* walk(node: TSESTree.Node): Generator<TSESTree.Node> {
  yield node;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent' || !value || typeof value !== 'object') continue;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') yield* walk(child as TSESTree.Node);
    }
  }
}

/** Applies non-overlapping edits (any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The whitespace that starts the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  return /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];
}

function onlySpaceBefore(text: string, offset: number): boolean {
  return text.slice(lineStartOf(text, offset), offset).trim() === '';
}

/**
 * Removes a statement or list item [start, end): the whole line(s) when it
 * stands alone (with a trailing comma of a list item), else just its text and
 * one separating comma.
 */
export function removalEdit(text: string, start: number, end: number, listItem: boolean): TextEdit {
  let stop = end;
  if (listItem) {
    const comma = /^\s*,/.exec(text.slice(stop));
    if (comma) stop += comma[0].length;
  }
  const rest = /^[ \t]*(?:\r?\n|$)/.exec(text.slice(stop));
  if (onlySpaceBefore(text, start) && rest) return { start: lineStartOf(text, start), end: stop + rest[0].length, text: '' };
  if (listItem && stop === end) {
    // The last item of a one-line list: take the comma before it.
    const before = /,\s*$/.exec(text.slice(0, start));
    if (before) return { start: start - before[0].length, end, text: '' };
  }
  return { start, end: stop + (/^[ \t]*/.exec(text.slice(stop))?.[0].length ?? 0), text: '' };
}

/**
 * Where a statement starts once the own-line `//` comments right above it (no
 * blank line between) are counted in: they describe it, and go with it.
 */
export function withAttachedComments(text: string, start: number): number {
  if (!onlySpaceBefore(text, start)) return start;
  let result = start;
  for (let lineStart = lineStartOf(text, start); lineStart > 0; ) {
    const previous = lineStartOf(text, lineStart - 1);
    const line = text.slice(previous, lineStart - 1);
    if (!line.trim().startsWith('//')) break;
    result = previous + indentAt(text, previous).length;
    lineStart = previous;
  }
  return result;
}

/** The file's own quote: the one most of its string literals use. */
export function quoteOf(text: string): "'" | '"' {
  const single = text.match(/'[^'\n]*'/g)?.length ?? 0;
  const double = text.match(/"[^"\n]*"/g)?.length ?? 0;
  return double > single ? '"' : "'";
}

/** The static name of a non-computed key or string-literal key. */
export function keyName(property: TSESTree.Node): string | undefined {
  if (property.type !== 'Property' || property.computed) return undefined;
  if (property.key.type === 'Identifier') return property.key.name;
  return property.key.type === 'Literal' && typeof property.key.value === 'string' ? property.key.value : undefined;
}

export function memberName(node: TSESTree.Node): string | undefined {
  if (node.type !== 'MemberExpression' || node.computed) return undefined;
  return node.property.type === 'Identifier' ? node.property.name : undefined;
}

/** Skips parentheses-free wrappers that do not change a value: `x as T`, `x!`, `x satisfies T`. */
export function outerExpression(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === 'TSAsExpression' ||
      current.parent.type === 'TSNonNullExpression' ||
      current.parent.type === 'TSSatisfiesExpression' ||
      current.parent.type === 'ChainExpression')
  ) {
    current = current.parent;
  }
  return current;
}
