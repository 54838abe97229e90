import path from 'node:path';

import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../src';

/**
 * One small file per request-handler kind, linted through the ESLint API as a
 * user would run it: path-based handlers (pages/api, app/**\/page, SvelteKit
 * +server) see real project-relative paths, and the exact findings list proves
 * both the handlers and the look-alikes next to them.
 */
const fixtureRoot = path.resolve(__dirname, '../../fixtures/rules/per-request');

async function lintFixtureTree(): Promise<string[]> {
  const eslint = new ESLint({
    cwd: fixtureRoot,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.{js,ts,tsx}'],
        languageOptions: { parser: tsParser as never, ecmaVersion: 'latest', sourceType: 'module' },
        plugins: { neon: plugin as never },
        rules: {
          'neon/no-per-request-client': 'error',
          'neon/serverless-client-lifecycle': 'error',
        },
      },
    ],
  });
  const results = await eslint.lintFiles(['.']);
  return results.flatMap((result) =>
    result.messages.map((message) => {
      const file = path.relative(fixtureRoot, result.filePath).split(path.sep).join('/');
      return `${file}:${message.line}:${message.ruleId ?? `fatal ${message.message}`}`;
    }),
  ).sort();
}

describe('request handlers across a fixture tree', () => {
  it('reports exactly the per-request constructions', async () => {
    expect(await lintFixtureTree()).toEqual([
      'express/routes.ts:8:neon/no-per-request-client',
      'fastify/server.ts:10:neon/no-per-request-client',
      'helpers/query.ts:5:neon/no-per-request-client',
      'hono/app.ts:16:neon/no-per-request-client',
      'koa/router.js:7:neon/no-per-request-client',
      'lambda/handler.js:4:neon/no-per-request-client',
      'nest/users.controller.ts:8:neon/no-per-request-client',
      'next-app/app/actions.ts:6:neon/no-per-request-client',
      'next-app/app/api/edge/route.ts:6:neon/serverless-client-lifecycle',
      'next-app/app/api/edge/route.ts:9:neon/serverless-client-lifecycle',
      'next-app/app/api/users/route.ts:4:neon/no-per-request-client',
      'next-app/app/users/page.tsx:4:neon/no-per-request-client',
      'next-app/pages/api/legacy.ts:4:neon/no-per-request-client',
      'node-http/server.js:6:neon/no-per-request-client',
      'nuxt/server/api/users.ts:5:neon/no-per-request-client',
      'remix/app/routes/users.tsx:4:neon/no-per-request-client',
      'scripts/backfill.ts:5:neon/no-per-request-client',
      'sveltekit/src/routes/api/+server.ts:4:neon/no-per-request-client',
      'sveltekit/src/routes/blog/+page.server.ts:4:neon/no-per-request-client',
      'trpc/router.ts:9:neon/no-per-request-client',
      'workers/src/index.ts:7:neon/serverless-client-lifecycle',
    ]);
  });
});
