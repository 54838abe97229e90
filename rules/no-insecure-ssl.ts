import { findVariable, getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { TLS_OPTION_PATHS } from '../src/catalog';
import { classifyHosts, findConnectionStrings, isLocalHost, joinStaticParts, redact } from '../src/connection';
import { createRule } from '../src/create-rule';
import { getClientOptionSites, getExportedConfigSites, mayHaveClientOptions, mayHaveExportedConfig, siteHosts, type ClientOptionsSite } from '../src/estree/client-options';
import { calledFunction, returnedValues } from '../src/estree/functions';
import { findProperty, findPropertyPath, resolveObject } from '../src/estree/objects';
import { constInitializer, getStringParts, stringExpressionRoot, unwrapExpression } from '../src/estree/static-string';

type Options = [];
type MessageIds = 'rejectUnauthorized' | 'sslDisabled' | 'insecureSslMode' | 'tlsRejectUnauthorized';

type Scope = TSESLint.Scope.Scope;

/** libpq modes that send data in clear text or skip certificate checks (`no-verify` is pg-connection-string's). */
const INSECURE_SSL_MODES: Record<string, string> = {
  disable: 'turns TLS off',
  allow: 'lets the connection fall back to plaintext',
  prefer: 'lets the connection fall back to plaintext',
  'no-verify': 'accepts any server certificate',
};

/** String values of an `ssl` option (postgres.js) that allow plaintext. */
const PLAINTEXT_SSL_VALUES = new Set(['disable', 'allow', 'prefer']);

const TLS_ENV_VAR = 'NODE_TLS_REJECT_UNAUTHORIZED';

function staticValue(node: TSESTree.Node, scope: Scope): unknown {
  return getStaticValue(node as never, scope as never)?.value;
}

/** A client pointed only at the developer's machine (`host: 'localhost'`): plaintext there is a local choice. */
function isLocalOnly(site: ClientOptionsSite): boolean {
  const { hosts } = siteHosts(site);
  return hosts.length > 0 && hosts.every(isLocalHost);
}

function isProcessEnv(node: TSESTree.Node, scope: Scope): boolean {
  const target = unwrapExpression(node);
  if (target.type !== 'MemberExpression' || target.computed || target.property.type !== 'Identifier' || target.property.name !== 'env') return false;
  const object = unwrapExpression(target.object);
  if (object.type !== 'Identifier' || object.name !== 'process') return false;
  const variable = findVariable(scope as never, 'process');
  return !variable || variable.defs.length === 0;
}

export default createRule<Options, MessageIds>({
  name: 'no-insecure-ssl',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Postgres connections that skip TLS or certificate verification',
      recommended: 'recommended',
    },
    schema: [],
    defaultOptions: [],
    messages: {
      rejectUnauthorized:
        '`rejectUnauthorized: false` in the TLS options of `{{display}}` accepts any server certificate, so a man-in-the-middle can read the database password and every query result. Neon uses publicly trusted certificates: use `ssl: true` (or drop `rejectUnauthorized`); for a server with a private CA, pass its certificate as `ca`.',
      sslDisabled:
        '`ssl: {{value}}` in the options of `{{display}}` allows a connection without TLS. Neon requires TLS, and anywhere else the password and data cross the network in clear text. Use `ssl: true` (postgres.js: `ssl: \'verify-full\'`).',
      insecureSslMode:
        '`sslmode={{mode}}` in `{{url}}` {{effect}}: a man-in-the-middle can read the password and data, and Neon requires TLS anyway. Use `sslmode=verify-full` (Neon\'s certificates are publicly trusted, no CA file needed).',
      tlsRejectUnauthorized:
        'Setting `NODE_TLS_REJECT_UNAUTHORIZED` to `0` turns off certificate checks for every TLS connection of the process, the database included: a man-in-the-middle can read the Postgres password and data. Remove it; Neon\'s certificates are publicly trusted, and a private CA belongs in the client\'s `ssl: { ca }`.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // File-level gate: what the listeners below look for (an `sslmode` string, the TLS variable, client options, an exported tool config).
    const text = sourceCode.text;
    if (!text.includes('sslmode') && !text.includes(TLS_ENV_VAR) && !mayHaveClientOptions(text) && !mayHaveExportedConfig(text)) return {};
    const reported = new WeakSet<TSESTree.Node>();
    const analyzedStrings = new WeakSet<TSESTree.Node>();

    function report(node: TSESTree.Node, messageId: MessageIds, data: Record<string, string>): void {
      if (reported.has(node)) return;
      reported.add(node);
      context.report({ node, messageId, data });
    }

    /**
     * `{ rejectUnauthorized: false }`, directly, as a branch of `cond ? {…} : …` / `cond && {…}`, through a
     * same-file `const`, or returned by a same-file helper (`ssl: sslFor(url)`, `this.getSslConfig(mode)`).
     */
    function checkTlsObject(node: TSESTree.Node, site: ClientOptionsSite, depth: number, scope: Scope = site.scope): void {
      const target = unwrapExpression(node);
      if (depth >= 4) return;
      if (target.type === 'ConditionalExpression') {
        checkTlsObject(target.consequent, site, depth + 1, scope);
        checkTlsObject(target.alternate, site, depth + 1, scope);
        return;
      }
      if (target.type === 'LogicalExpression') {
        checkTlsObject(target.left, site, depth + 1, scope);
        checkTlsObject(target.right, site, depth + 1, scope);
        return;
      }
      if (target.type === 'CallExpression') {
        const helper = calledFunction(target, sourceCode);
        for (const value of helper ? returnedValues(helper, sourceCode) : []) checkTlsObject(value, site, depth + 1, sourceCode.getScope(value));
        return;
      }
      const init = target.type === 'Identifier' ? constInitializer(scope, target) : undefined;
      if (init && unwrapExpression(init).type !== 'ObjectExpression') {
        checkTlsObject(init, site, depth + 1, scope);
        return;
      }
      const object = resolveObject(target, scope);
      const property = object && findProperty(object, 'rejectUnauthorized', scope);
      if (property && staticValue(property.value, scope) === false) {
        report(property, 'rejectUnauthorized', { display: site.display });
      }
    }

    function checkTlsValue(property: TSESTree.Property, site: ClientOptionsSite): void {
      const value = staticValue(property.value, site.scope);
      // Plain values only: `ssl: isDev ? false : true` is a deliberate switch, its object branches are checked below.
      if (value === false || (typeof value === 'string' && PLAINTEXT_SSL_VALUES.has(value))) {
        report(property, 'sslDisabled', { display: site.display, value: typeof value === 'string' ? `'${value}'` : 'false' });
        return;
      }
      checkTlsObject(property.value, site, 0);
    }

    function checkClientOptions(): void {
      for (const site of [...getClientOptionSites(sourceCode), ...getExportedConfigSites(sourceCode)]) {
        const properties = TLS_OPTION_PATHS.map((path) => findPropertyPath(site.options, path, site.scope)).filter(
          (property): property is TSESTree.Property => property !== undefined,
        );
        if (properties.length === 0 || isLocalOnly(site)) continue;
        for (const property of properties) checkTlsValue(property, site);
      }
    }

    function checkString(piece: TSESTree.Literal | TSESTree.TemplateLiteral, pieceText: string): void {
      if (!pieceText.includes('sslmode')) return;
      const root = stringExpressionRoot(piece);
      if (analyzedStrings.has(root)) return;
      analyzedStrings.add(root);
      const parts = root === piece ? [pieceText] : getStringParts(root)?.parts;
      if (!parts) return;
      for (const found of findConnectionStrings(joinStaticParts(parts))) {
        const mode = found.info.params.get('sslmode');
        if (mode === undefined || !Object.hasOwn(INSECURE_SSL_MODES, mode) || classifyHosts(found.info.hosts) === 'local') continue;
        report(root, 'insecureSslMode', { mode, url: redact(found.text), effect: INSECURE_SSL_MODES[mode] });
        return;
      }
    }

    const mentionsTlsEnvVar = sourceCode.text.includes(TLS_ENV_VAR);

    return {
      Literal(node) {
        if (typeof node.value === 'string' && node.parent.type !== 'TSLiteralType') checkString(node, node.value);
      },
      TemplateLiteral(node) {
        if (node.parent.type !== 'TSLiteralType') checkString(node, joinStaticParts(node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw)));
      },
      AssignmentExpression(node) {
        if (!mentionsTlsEnvVar || node.operator !== '=' || node.left.type !== 'MemberExpression') return;
        const scope = sourceCode.getScope(node);
        const left = node.left;
        const name = left.computed ? staticValue(left.property, scope) : left.property.type === 'Identifier' ? left.property.name : undefined;
        if (name !== TLS_ENV_VAR || !isProcessEnv(left.object, scope)) return;
        const value = staticValue(node.right, scope);
        if (value === '0' || value === 0) report(node, 'tlsRejectUnauthorized', {});
      },
      'Program:exit'() {
        checkClientOptions();
      },
    };
  },
});
