import { findVariable } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { CONNECTION_OPTION_PATHS, CREDENTIAL_OPTION_KEYS } from '../src/catalog';
import {
  assessCredentials,
  classifyHost,
  findConnectionStrings,
  isLocalHost,
  isNeonPassword,
  isRealPassword,
  joinStaticParts,
  mayContainConnectionString,
  redact,
  type FoundConnection,
} from '../src/connection';
import { createRule } from '../src/create-rule';
import { connectionHosts, getClientOptionSites, isPostgresOptions, mayHaveClientOptions, optionsObjectAt, siteHosts, staticOptionString } from '../src/estree/client-options';
import { contextFileRoles, neonSettings } from '../src/estree/context';
import { getClientConstructions } from '../src/estree/module-tracking';
import { propertyKeyName, resolveObject } from '../src/estree/objects';
import { fileRuntime } from '../src/estree/runtime';
import { getStringParts, stringExpressionRoot, unwrapExpression } from '../src/estree/static-string';

type Options = [{ envVar?: string }];
type MessageIds = 'hardcodedConnectionString' | 'envFallback' | 'hardcodedPassword' | 'useEnv' | 'removeFallback';

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Scope = TSESLint.Scope.Scope;

/** A connection string written as the default of an env read: `process.env.X || '…'`, `const { X = '…' } = process.env`. */
interface EnvFallback {
  readonly env: string;
  /** the text range the suggestion removes, and what it leaves */
  readonly range: readonly [number, number];
  readonly keep: string;
}

// Positions where a string cannot become an expression (`{ 'postgres://…': 1 }`, `enum`, `import '…'`).
const NO_EXPRESSION_PARENTS = new Set([
  'ImportDeclaration',
  'ExportAllDeclaration',
  'ExportNamedDeclaration',
  'ImportExpression',
  'TSEnumMember',
  'TSExternalModuleReference',
  'TSPropertySignature',
  'TaggedTemplateExpression',
]);

/** `process.env`, `import.meta.env`, `Bun.env`, Hono's `c.env`, a Workers `env` binding. */
function isEnvObject(node: TSESTree.Node): boolean {
  const target = unwrapExpression(node);
  if (target.type === 'Identifier') return target.name === 'env';
  return target.type === 'MemberExpression' && !target.computed && target.property.type === 'Identifier' && target.property.name === 'env';
}

/** `process.env.X`, `env['X']`, `Deno.env.get('X')`, or an `||`/`??` chain of them. */
function isEnvRead(node: TSESTree.Node): boolean {
  const target = unwrapExpression(node);
  switch (target.type) {
    case 'MemberExpression':
      return isEnvObject(target.object);
    case 'ChainExpression':
      return isEnvRead(target.expression);
    case 'CallExpression':
      return (
        target.callee.type === 'MemberExpression' &&
        target.callee.property.type === 'Identifier' &&
        target.callee.property.name === 'get' &&
        isEnvObject(target.callee.object)
      );
    case 'LogicalExpression':
      return (target.operator === '||' || target.operator === '??') && isEnvRead(target.left) && isEnvRead(target.right);
    default:
      return false;
  }
}

function skipWrappersUp(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (current.parent && ['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion'].includes(current.parent.type)) {
    current = current.parent;
  }
  return current;
}

function envFallbackOf(root: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): EnvFallback | undefined {
  const node = skipWrappersUp(root);
  const parent = node.parent;
  if (parent?.type === 'LogicalExpression' && (parent.operator === '||' || parent.operator === '??') && parent.right === node && isEnvRead(parent.left)) {
    const keep = sourceCode.getText(parent.left);
    return { env: keep, range: parent.range, keep };
  }
  // const { DATABASE_URL = 'postgres://localhost/app' } = process.env
  if (parent?.type === 'AssignmentPattern' && parent.right === node && parent.parent.type === 'Property') {
    const pattern = parent.parent.parent;
    const declarator = pattern?.parent;
    if (pattern?.type === 'ObjectPattern' && declarator?.type === 'VariableDeclarator' && declarator.init && isEnvObject(declarator.init)) {
      const key = parent.parent.key;
      const name = key.type === 'Identifier' ? key.name : sourceCode.getText(key);
      return { env: `${sourceCode.getText(declarator.init)}.${name}`, range: [parent.left.range[1], parent.range[1]], keep: '' };
    }
  }
  return undefined;
}

/** The static text of a password value: a literal, or the default of an env read (`env.PW || 'x'`). */
function staticPassword(node: TSESTree.Node): { node: TSESTree.Node; value: string } | undefined {
  const target = unwrapExpression(node);
  if (target.type === 'LogicalExpression' && (target.operator === '||' || target.operator === '??')) {
    return isEnvRead(target.left) ? staticPassword(target.right) : undefined;
  }
  const parts = getStringParts(target);
  return parts?.complete ? { node: target, value: parts.parts[0] } : undefined;
}

/** In tests, a local or unknown host may carry a password; a remote one, or a Neon-issued password, may not. */
function passwordAllowedInTests(password: string, host: string | undefined): boolean {
  return !isNeonPassword(password) && (host === undefined || classifyHost(host) !== 'remote');
}

/**
 * In scripts and seeds, the developer's own database may carry a password: every host the
 * client names is local, or it names none, and libpq connects to the local socket.
 */
function passwordAllowedInScripts(password: string, target: { hosts: readonly string[]; dynamic: boolean }): boolean {
  return !isNeonPassword(password) && !target.dynamic && target.hosts.every(isLocalHost);
}

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-connection-string',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Postgres connection strings and passwords written in code',
      recommended: 'recommended',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          envVar: {
            type: 'string',
            description: 'Environment variable the suggestion reads the connection string from. Defaults to `settings.neon.envVar` (`DATABASE_URL`).',
          },
        },
      },
    ],
    defaultOptions: [{}],
    messages: {
      hardcodedConnectionString:
        'Hardcoded Postgres connection string `{{url}}` ({{reason}}). Anyone who can read the repository can reach the database, and rotating the password or pointing at another Neon branch needs a code change. Read it from `{{envVar}}` instead.',
      envFallback:
        '`{{url}}` is a fallback for `{{env}}`: when the variable is missing, the app silently connects to this database instead of the one it should use, which can point production at the wrong database. Fail fast instead: use `{{env}}` alone and throw at startup when it is unset.',
      hardcodedPassword:
        'Hardcoded database password in the `{{display}}` options. Anyone who can read the repository can use it, and rotating it (as a Neon password reset does) needs a code change. Put the whole connection string in `{{envVar}}` and pass that instead.',
      useEnv: 'Read the connection string from `{{replacement}}`.',
      removeFallback: 'Remove the fallback and use `{{env}}` alone.',
    },
  },
  create(context: Context, [options]) {
    const sourceCode = context.sourceCode;
    // Client options and constructions only exist where a catalog module is named; a file whose text holds no URL or DSN marker has no string that could hold one.
    const mayHaveOptions = mayHaveClientOptions(sourceCode.text);
    const mayHaveStrings = mayContainConnectionString(sourceCode.text);
    if (!mayHaveOptions && !mayHaveStrings) return {};
    const envVar = options.envVar || neonSettings(context).envVar;
    const analyzed = new WeakSet<TSESTree.Node>();
    const isTest = () => contextFileRoles(context).test;
    const isScript = () => contextFileRoles(context).script;

    function replacementFor(root: TSESTree.Node): string | undefined {
      if (fileRuntime(context) !== 'worker') return `process.env.${envVar}`;
      // Workers have no process.env; the env binding of the handler holds the variables.
      return findVariable(sourceCode.getScope(root) as never, 'env') ? `env.${envVar}` : undefined;
    }

    function useEnvSuggestion(root: TSESTree.Node, found: FoundConnection, text: string): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const parent = root.parent;
      const wholeString = text.slice(0, found.start).trim() === '' && text.slice(found.end).trim() === '';
      if (!wholeString || !parent || NO_EXPRESSION_PARENTS.has(parent.type)) return [];
      if (parent.type === 'Property' && parent.key === root) return [];
      const replacement = replacementFor(root);
      if (!replacement) return [];
      const code = parent.type === 'JSXAttribute' ? `{${replacement}}` : replacement;
      return [{ messageId: 'useEnv', data: { replacement }, fix: (fixer) => fixer.replaceText(root, code) }];
    }

    function problemOf(found: FoundConnection, test: boolean, fallback: boolean): string | undefined {
      const assessment = assessCredentials(found.info);
      const remote = assessment.host === 'remote';
      const localScript = assessment.host === 'local' && isScript();
      if (assessment.neonPassword || (assessment.hasPassword && (!test || remote) && !localScript)) return 'it contains a password';
      if (test) return undefined;
      if (remote) return 'it names a remote host';
      return fallback ? 'a fallback' : undefined;
    }

    function checkString(piece: TSESTree.Literal | TSESTree.TemplateLiteral, pieceText: string): void {
      if (!mayContainConnectionString(pieceText)) return;
      const root = stringExpressionRoot(piece);
      if (analyzed.has(root)) return;
      analyzed.add(root);
      const parts = root === piece ? [pieceText] : getStringParts(root)?.parts;
      if (!parts) return;
      const text = joinStaticParts(parts);
      const connections = findConnectionStrings(text);
      if (connections.length === 0) return;
      const fallback = envFallbackOf(root, sourceCode);
      const test = isTest();
      for (const found of connections) {
        const reason = problemOf(found, test, fallback !== undefined);
        if (!reason) continue;
        const url = redact(found.text);
        if (fallback) {
          context.report({
            node: root,
            messageId: 'envFallback',
            data: { url, env: fallback.env },
            suggest: [
              {
                messageId: 'removeFallback',
                data: { env: fallback.env },
                fix: (fixer) => fixer.replaceTextRange(fallback.range as [number, number], fallback.keep),
              },
            ],
          });
        } else {
          context.report({
            node: root,
            messageId: 'hardcodedConnectionString',
            data: { url, reason, envVar },
            suggest: useEnvSuggestion(root, found, text),
          });
        }
        return;
      }
    }

    function reportPassword(node: TSESTree.Node, display: string): void {
      context.report({ node, messageId: 'hardcodedPassword', data: { display, envVar } });
    }

    function checkClientOptions(): void {
      const seen = new Set<TSESTree.ObjectExpression>();
      for (const site of getClientOptionSites(sourceCode)) {
        for (const path of CONNECTION_OPTION_PATHS) {
          const object = optionsObjectAt(site, path);
          if (!object || seen.has(object)) continue;
          seen.add(object);
          let passwordProperty: TSESTree.Property | undefined;
          for (const property of object.properties) {
            const name = property.type === 'Property' ? propertyKeyName(property, site.scope) : undefined;
            if (name && CREDENTIAL_OPTION_KEYS.password.has(name)) passwordProperty = property as TSESTree.Property;
          }
          const password = passwordProperty && staticPassword(passwordProperty.value);
          if (!password || !isRealPassword(password.value)) continue;
          if (isTest() && passwordAllowedInTests(password.value, staticOptionString(object, CREDENTIAL_OPTION_KEYS.host, site.scope))) continue;
          if (isScript() && passwordAllowedInScripts(password.value, siteHosts(site))) continue;
          reportPassword(password.node, site.display);
        }
      }
      // new Sequelize('db', 'user', 'password', { host, dialect })
      for (const construction of getClientConstructions(sourceCode)) {
        const positions = construction.spec.credentialArgs;
        const args = construction.node.arguments;
        if (!positions || args.length <= positions.password) continue;
        const password = staticPassword(args[positions.password]);
        if (!password || !isRealPassword(password.value)) continue;
        const scope = sourceCode.getScope(construction.node);
        const settings = resolveObject(args[positions.options], scope);
        if (settings && !isPostgresOptions(settings, scope)) continue;
        if (isTest() && passwordAllowedInTests(password.value, staticOptionString(settings, CREDENTIAL_OPTION_KEYS.host, scope))) continue;
        if (isScript() && passwordAllowedInScripts(password.value, connectionHosts(settings, scope))) continue;
        reportPassword(password.node, construction.spec.display);
      }
    }

    const optionsCheck = mayHaveOptions
      ? {
          'Program:exit'() {
            checkClientOptions();
          },
        }
      : {};
    if (!mayHaveStrings) return optionsCheck;

    return {
      ...optionsCheck,
      Literal(node) {
        if (typeof node.value !== 'string' || node.parent.type === 'TSLiteralType') return;
        checkString(node, node.value);
      },
      TemplateLiteral(node) {
        if (node.parent.type === 'TSLiteralType') return;
        checkString(node, joinStaticParts(node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw)));
      },
    };
  },
});
