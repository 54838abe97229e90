import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule';
import {
  boundVariable,
  constructionUnits,
  escapesToUnknownCode,
  isAtModuleScope,
  isCachedAcrossCalls,
  isClosedLocally,
  usesEdgeWebSocket,
  type ConstructionUnit,
} from '../src/estree/client-lifecycle';
import { describeRequestScope, enclosingRequestScope } from '../src/estree/handlers';
import { findProperty, resolveObject } from '../src/estree/objects';
import { mayConstructClients } from '../src/estree/module-tracking';
import { isEdgeOrWorkerFile } from '../src/estree/runtime';
import { getStringParts, unwrapExpression } from '../src/estree/static-string';

type Options = [];
type MessageIds = 'moduleScopeClient' | 'unclosedClient' | 'useNeonHttp';

const NEON_MODULE = '@neondatabase/serverless';

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The connection string a `new Pool(...)` gets: its string argument or a lone `connectionString` option. */
function connectionStringArgument(construction: TSESTree.NewExpression, sourceCode: SourceCode): TSESTree.Node | undefined {
  if (construction.arguments.length !== 1) return undefined;
  const argument = construction.arguments[0];
  const options = resolveObject(argument, sourceCode.getScope(construction));
  if (!options) return argument.type === 'SpreadElement' ? undefined : argument;
  const property = findProperty(options, 'connectionString');
  return options.properties.length === 1 && property ? property.value : undefined;
}

function isProcessEnvRead(node: TSESTree.Node): boolean {
  return (
    node.type === 'MemberExpression' &&
    node.object.type === 'MemberExpression' &&
    node.object.object.type === 'Identifier' &&
    node.object.object.name === 'process'
  );
}

/** `pool.query('select ...', [params])`: a text query with optional positional params, as `neon().query` takes them. */
function isPlainTextQuery(identifier: TSESTree.Node, sourceCode: SourceCode): boolean {
  const member = identifier.parent;
  if (member?.type !== 'MemberExpression' || member.object !== identifier || member.computed) return false;
  if (member.property.type !== 'Identifier' || member.property.name !== 'query') return false;
  const call = member.parent;
  if (call?.type !== 'CallExpression' || call.callee !== member || call.typeArguments) return false;
  const [text, params, ...rest] = call.arguments;
  if (!text || rest.length > 0 || !getStringParts(text, sourceCode.getScope(text))) return false;
  return !params || unwrapExpression(params).type === 'ArrayExpression' || unwrapExpression(params).type === 'Identifier';
}

/**
 * Offers `neon()` only when the swap is mechanical and keeps types: a
 * `const pool = new Pool({ connectionString })` imported by name from
 * @neondatabase/serverless, not exported, used only for `pool.query(text, params)`.
 * `fullResults: true` keeps the `{ rows, rowCount }` result shape.
 */
function neonHttpFix(unit: ConstructionUnit, sourceCode: SourceCode, typescript: boolean): TSESLint.ReportFixFunction | undefined {
  const node = unit.construction.node;
  if (unit.inner.length > 0 || node.type !== 'NewExpression' || unit.construction.spec.kind !== 'pool') return undefined;
  if (node.callee.type !== 'Identifier') return undefined;
  const url = connectionStringArgument(node, sourceCode);
  const bound = boundVariable(node, sourceCode);
  if (!url || !bound || bound.using) return undefined;
  const declarator = bound.variable.defs[0]?.node;
  if (declarator?.type !== 'VariableDeclarator' || declarator.init !== node) return undefined;
  const declaration = declarator.parent as TSESTree.VariableDeclaration;
  if (declaration.kind !== 'const' || declaration.parent.type === 'ExportNamedDeclaration') return undefined;
  const uses = bound.variable.references.filter((reference) => reference.identifier !== declarator.id);
  if (uses.length === 0 || !uses.every((reference) => isPlainTextQuery(reference.identifier, sourceCode))) return undefined;

  const poolVariable = findVariable(sourceCode.getScope(node.callee) as never, node.callee as never) as TSESLint.Scope.Variable | null;
  const poolDef = poolVariable?.defs[0];
  if (poolDef?.type !== 'ImportBinding' || poolDef.node.type !== 'ImportSpecifier') return undefined;
  const importDeclaration = poolDef.parent as TSESTree.ImportDeclaration;
  if (importDeclaration.source.value !== NEON_MODULE || importDeclaration.importKind === 'type') return undefined;
  const existing = importDeclaration.specifiers.find(
    (specifier) =>
      specifier.type === 'ImportSpecifier' && specifier.imported.type === 'Identifier' && specifier.imported.name === 'neon',
  );
  // A different `neon` in scope would be captured by the new call.
  if (!existing && findVariable(sourceCode.getScope(node) as never, 'neon')) return undefined;
  const neonName = existing?.local.name ?? 'neon';
  const poolSpecifier = poolDef.node;
  const poolOnlyUsedHere = poolVariable!.references.length === 1 && poolSpecifier.local.name === 'Pool';
  const urlText = sourceCode.getText(url);
  // `process.env.X` is `string | undefined`; `neon()` wants a string (the Pool failed on a missing URL too, just later).
  const urlValue = typescript && isProcessEnvRead(url) ? `${urlText}!` : urlText;
  const replacement = `${neonName}(${urlValue}, { fullResults: true })`;
  return (fixer) => {
    const fixes = [fixer.replaceText(node, replacement)];
    if (!existing) {
      fixes.push(poolOnlyUsedHere ? fixer.replaceText(poolSpecifier, 'neon') : fixer.insertTextAfter(poolSpecifier, ', neon'));
    }
    return fixes;
  };
}

export default createRule<Options, MessageIds>({
  name: 'serverless-client-lifecycle',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: {
      description: 'Require @neondatabase/serverless Pool/Client in edge and worker code to be created, used and closed within the request',
      recommended: 'neon',
    },
    schema: [],
    defaultOptions: [],
    messages: {
      moduleScopeClient:
        '`{{display}}` from @neondatabase/serverless outlives the request in an edge/worker file: its WebSocket must not, because the runtime ' +
        'freezes or kills it between requests and the next request gets a dead socket (hung or failed queries). Create, use and close it ' +
        'inside the handler (`await pool.end()`, or `ctx.waitUntil(pool.end())`), or use `neon()` (HTTP, no connection to keep) for one-shot queries.',
      unclosedClient:
        '`{{display}}` from @neondatabase/serverless is created in {{scope}} but never closed there: its WebSocket stays open after the ' +
        'response and holds a Neon connection until the runtime kills it. Close it in the same handler (`await pool.end()` in a `finally`, ' +
        'or `ctx.waitUntil(pool.end())`), or use `neon()` (HTTP, no connection to keep) for one-shot queries.',
      useNeonHttp: 'Replace the WebSocket Pool with the HTTP `neon()` function (`fullResults: true` keeps the `{ rows }` result shape).',
    },
  },
  create(context) {
    // File-level gate: a file that constructs no client gets no listeners at all.
    if (!mayConstructClients(context.sourceCode.text) || !isEdgeOrWorkerFile(context)) return {};
    const sourceCode = context.sourceCode;
    const typescript = /\.[cm]?tsx?$/.test(context.filename);
    return {
      Program() {
        for (const unit of constructionUnits(sourceCode)) {
          if (!usesEdgeWebSocket(unit, sourceCode)) continue;
          const node = unit.construction.node;
          const display = unit.construction.spec.display;
          let report: { messageId: 'moduleScopeClient' | 'unclosedClient'; scope?: string } | undefined;
          if (isAtModuleScope(node) || isCachedAcrossCalls(node, sourceCode)) {
            report = { messageId: 'moduleScopeClient' };
          } else {
            // Clients made in helpers, returned, or handed to other functions may be closed where this file cannot see.
            const scope = enclosingRequestScope(node, context);
            if (scope && !isClosedLocally(unit.construction, sourceCode) && !escapesToUnknownCode(node, sourceCode)) {
              report = { messageId: 'unclosedClient', scope: describeRequestScope(scope) };
            }
          }
          if (!report) continue;
          const fix = neonHttpFix(unit, sourceCode, typescript);
          context.report({
            node,
            messageId: report.messageId,
            data: { display, scope: report.scope ?? '' },
            suggest: fix ? [{ messageId: 'useNeonHttp', fix }] : [],
          });
        }
      },
    };
  },
});
