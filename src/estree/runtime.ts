import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { neonSettings } from './context';
import { unwrapExpression } from './static-string';

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type FileRuntime = 'node' | 'edge' | 'worker';

/** `export const runtime = 'edge'` (Next.js) or `export const config = { runtime: 'edge' }` (Vercel, pages/api). */
function exportsEdgeRuntime(statement: TSESTree.ProgramStatement): boolean {
  if (statement.type !== 'ExportNamedDeclaration' || statement.declaration?.type !== 'VariableDeclaration') return false;
  for (const declarator of statement.declaration.declarations) {
    if (declarator.id.type !== 'Identifier' || !declarator.init) continue;
    const init = unwrapExpression(declarator.init);
    if (declarator.id.name === 'runtime' && init.type === 'Literal' && (init.value === 'edge' || init.value === 'experimental-edge')) {
      return true;
    }
    if (declarator.id.name === 'config' && init.type === 'ObjectExpression') {
      for (const property of init.properties) {
        if (
          property.type === 'Property' &&
          property.key.type === 'Identifier' &&
          property.key.name === 'runtime' &&
          property.value.type === 'Literal' &&
          (property.value.value === 'edge' || property.value.value === 'experimental-edge')
        ) {
          return true;
        }
      }
    }
  }
  return false;
}

/** The object of `export default { fetch }` (Workers module syntax), through `satisfies`/`as` and a same-file const. */
export function workersDefaultExport(program: TSESTree.Program): TSESTree.ObjectExpression | undefined {
  for (const statement of program.body) {
    if (statement.type !== 'ExportDefaultDeclaration') continue;
    let exported = unwrapExpression(statement.declaration as TSESTree.Node);
    if (exported.type === 'Identifier') {
      const name = exported.name;
      for (const candidate of program.body) {
        if (candidate.type !== 'VariableDeclaration') continue;
        const declarator = candidate.declarations.find((d) => d.id.type === 'Identifier' && d.id.name === name);
        if (declarator?.init) exported = unwrapExpression(declarator.init);
      }
    }
    if (exported.type !== 'ObjectExpression') return undefined;
    const hasFetch = exported.properties.some(
      (property) =>
        property.type === 'Property' &&
        !property.computed &&
        property.key.type === 'Identifier' &&
        ['fetch', 'scheduled', 'queue'].includes(property.key.name),
    );
    return hasFetch ? exported : undefined;
  }
  return undefined;
}

const runtimeCache = new WeakMap<object, FileRuntime>();

/**
 * Where the file runs: an edge function (Next.js/Vercel edge runtime), a
 * Cloudflare Worker (module syntax), or Node. `settings.neon.runtime` wins.
 */
export function fileRuntime(context: AnyContext): FileRuntime {
  const cached = runtimeCache.get(context.sourceCode);
  if (cached) return cached;
  const forced = neonSettings(context).runtime;
  const program = context.sourceCode.ast;
  const runtime: FileRuntime =
    forced ??
    (program.body.some(exportsEdgeRuntime) ? 'edge' : workersDefaultExport(program) ? 'worker' : 'node');
  runtimeCache.set(context.sourceCode, runtime);
  return runtime;
}

export function isEdgeOrWorkerFile(context: AnyContext): boolean {
  return fileRuntime(context) !== 'node';
}
