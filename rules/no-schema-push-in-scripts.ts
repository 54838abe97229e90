import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';

import {
  findSchemaCommands,
  findScriptInvocations,
  MIGRATIONS_INSTEAD,
  scriptPatternMatcher,
  type SchemaCommand,
} from '../src/catalog/schema-commands';
import type { NeonDocs } from '../src/create-rule';
import { REPOSITORY_URL } from '../src/meta';

type Options = [{ checkScripts?: string[] }];
type MessageIds = 'schemaPushInScript' | 'schemaPushReachedFromScript';

/** The parts of @eslint/json's (Momoa) AST this rule reads. */
interface JsonNode {
  readonly type: string;
  readonly loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}
interface JsonString extends JsonNode {
  readonly type: 'String';
  readonly value: string;
}
interface JsonMember extends JsonNode {
  readonly type: 'Member';
  readonly name: JsonString | (JsonNode & { type: 'Identifier'; name: string });
  readonly value: JsonNode;
}
interface JsonObject extends JsonNode {
  readonly type: 'Object';
  readonly members: readonly JsonMember[];
}
interface JsonDocument extends JsonNode {
  readonly type: 'Document';
  readonly body: JsonNode;
}

interface JsonRuleContext {
  readonly options: readonly unknown[];
  readonly filename: string;
  readonly physicalFilename?: string;
  report(descriptor: { node: JsonNode; messageId: MessageIds; data: Record<string, string> }): void;
}

/**
 * Scripts that run on install, build, start or deploy: npm lifecycle scripts
 * and the ones hosting platforms run (Vercel `vercel-build`, Heroku
 * `heroku-postbuild`, Google App Engine `gcp-build`), plus the usual
 * production entry points.
 */
const PRODUCTION_SCRIPTS: readonly string[] = [
  'preinstall',
  'install',
  'postinstall',
  'prepare',
  'prepublishOnly',
  'prepack',
  'prebuild',
  'build',
  'postbuild',
  'prestart',
  'start',
  'poststart',
  'predeploy',
  'deploy',
  'postdeploy',
  'release',
  'vercel-build',
  'heroku-prebuild',
  'heroku-postbuild',
  'gcp-build',
  'start:prod',
  'start:production',
  'build:prod',
  'build:production',
];

/** A script and how it was reached: the chain of scripts from a production script. */
interface Reach {
  readonly chain: readonly string[];
  readonly via: readonly string[];
}

function memberName(member: JsonMember): string {
  return member.name.type === 'String' ? member.name.value : member.name.name;
}

/** The root `scripts` object's string entries; later duplicate keys win, as in `JSON.parse`. */
function scriptEntries(document: JsonDocument): Map<string, JsonMember & { value: JsonString }> {
  const scripts = new Map<string, JsonMember & { value: JsonString }>();
  if (document.body.type !== 'Object') return scripts;
  const root = document.body as JsonObject;
  const scriptsMember = [...root.members].reverse().find((member) => memberName(member) === 'scripts');
  if (scriptsMember?.value.type !== 'Object') return scripts;
  for (const member of (scriptsMember.value as JsonObject).members) {
    const name = memberName(member);
    scripts.delete(name);
    if (member.value.type === 'String') scripts.set(name, member as JsonMember & { value: JsonString });
  }
  return scripts;
}

/** Every script a production script starts, directly or through other scripts, with the first chain found (breadth first). */
function reachableScripts(scripts: ReadonlyMap<string, JsonMember & { value: JsonString }>, roots: readonly string[]): Map<string, Reach> {
  const reached = new Map<string, Reach>();
  const names = [...scripts.keys()];
  const queue: string[] = [];
  const visit = (name: string, reach: Reach) => {
    if (reached.has(name) || !scripts.has(name)) return;
    reached.set(name, reach);
    queue.push(name);
  };
  for (const root of roots) visit(root, { chain: [root], via: [] });
  while (queue.length > 0) {
    const name = queue.shift()!;
    const reach = reached.get(name)!;
    for (const invocation of findScriptInvocations(scripts.get(name)!.value.value, (candidate) => scripts.has(candidate))) {
      const matches = scriptPatternMatcher(invocation.pattern);
      for (const target of names.filter(matches)) {
        // npm runs `preX` and `postX` around `npm run X`.
        for (const hooked of [`pre${target}`, target, `post${target}`]) {
          visit(hooked, { chain: [...reach.chain, hooked], via: [...reach.via, invocation.display] });
        }
      }
    }
  }
  return reached;
}

const messages: Record<MessageIds, string> = {
  schemaPushInScript:
    "The `{{script}}` script runs `{{command}}`, which changes the database schema without a migration on every install, build or deploy. On Neon that is a preview branch or production: whatever schema this commit has is forced onto it, data can be dropped, and there is no history to review or roll back. Keep push/reset for local development scripts and apply migrations here: {{instead}}.",
  schemaPushReachedFromScript:
    "The `{{script}}` script runs `{{command}}`, and it is reached from `{{root}}` via {{via}}, so it changes the database schema without a migration on every install, build or deploy. On Neon that is a preview branch or production: whatever schema this commit has is forced onto it, data can be dropped, and there is no history to review or roll back. Keep push/reset for local development scripts and apply migrations here: {{instead}}.",
};

const docs: NeonDocs & { url: string } = {
  description: 'Disallow schema push, sync and reset commands in package.json scripts that run on build, start or deploy',
  recommended: 'recommended',
  language: 'json',
  url: `${REPOSITORY_URL}/blob/main/docs/rules/no-schema-push-in-scripts.md`,
};

/**
 * Runs on package.json through @eslint/json (`language: 'json/json'`), so it
 * is a plain ESLint rule object rather than a typescript-eslint `createRule`.
 */
const rule = {
  meta: {
    type: 'problem',
    docs,
    languages: ['json/json', 'json/jsonc', 'json/json5'],
    schema: [
      {
        type: 'object',
        properties: {
          checkScripts: {
            type: 'array',
            items: { type: 'string' },
            description: 'More script names that run in production or CI deploys (added to the built-in lifecycle and platform scripts).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ checkScripts: [] }],
    messages,
  },
  create(context: JsonRuleContext) {
    if (path.basename(context.physicalFilename ?? context.filename) !== 'package.json') return {};
    const [options] = context.options as Options;
    const roots = [...PRODUCTION_SCRIPTS, ...(options?.checkScripts ?? [])];
    return {
      Document(document: JsonDocument) {
        const scripts = scriptEntries(document);
        if (scripts.size === 0) return;
        for (const [name, reach] of reachableScripts(scripts, roots)) {
          const member = scripts.get(name)!;
          const found: SchemaCommand | undefined = findSchemaCommands(member.value.value)[0];
          if (!found) continue;
          const data = { script: name, command: found.display, instead: MIGRATIONS_INSTEAD[found.tool] };
          if (reach.via.length === 0) {
            context.report({ node: member.value, messageId: 'schemaPushInScript', data });
          } else {
            const via = reach.via.map((step) => `\`${step}\``).join(' → ');
            context.report({ node: member.value, messageId: 'schemaPushReachedFromScript', data: { ...data, root: reach.chain[0], via } });
          }
        }
      },
    };
  },
};

export default rule as unknown as TSESLint.RuleModule<MessageIds, Options> & { meta: { docs: typeof docs } };
