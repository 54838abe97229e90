/** Types of codemods-table.mjs: the README's codemods table, generated from the registry. */

interface RegisteredCodemod {
  readonly meta: { readonly name: string; readonly description: string; readonly answers: readonly string[] };
}

export const BEGIN_MARKER: string;
export const END_MARKER: string;
export function renderCodemodsTable(codemods: readonly RegisteredCodemod[], documented: readonly string[]): string;
export function replaceCodemodsTable(text: string, table: string): string;
export function documentedCodemods(root: string): string[];
