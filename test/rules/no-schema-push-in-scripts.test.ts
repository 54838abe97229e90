import json from '@eslint/json';
import { RuleTester, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';

import rule from '../../rules/no-schema-push-in-scripts';

// ESLint's own RuleTester (languages need flat config); it takes the runner's hooks like typescript-eslint's.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const ruleTester = new RuleTester({ plugins: { json }, language: 'json/json' });

function pkg(scripts: Record<string, unknown> | string): string {
  const body = typeof scripts === 'string' ? scripts : JSON.stringify(scripts, null, 2).replace(/\n/g, '\n  ');
  return `{\n  "name": "app",\n  "scripts": ${body}\n}\n`;
}

const PRISMA_INSTEAD = '`prisma migrate dev` locally to write migrations, `prisma migrate deploy` to apply them';

describe('no-schema-push-in-scripts metadata', () => {
  it('belongs to the recommended preset as a JSON rule with a docs URL', () => {
    expect(rule.meta.docs).toMatchObject({ recommended: 'recommended', language: 'json' });
    expect(rule.meta.docs.url).toMatch(/docs\/rules\/no-schema-push-in-scripts\.md$/);
  });
});

ruleTester.run('no-schema-push-in-scripts', rule as unknown as Rule.RuleModule, {
  valid: [
    // developer scripts that nothing in production reaches
    { filename: 'package.json', code: pkg({ dev: 'next dev', 'db:push': 'prisma db push', 'db:reset': 'prisma migrate reset', build: 'next build' }) },
    { filename: 'package.json', code: pkg({ build: 'prisma generate && next build', 'db:dev': 'drizzle-kit push' }) },
    // migrations in production scripts
    { filename: 'package.json', code: pkg({ build: 'prisma migrate deploy && next build', start: 'drizzle-kit migrate && node dist/server.js' }) },
    { filename: 'package.json', code: pkg({ build: 'npm run migrate && tsc', migrate: 'typeorm migration:run -d dist/data-source.js' }) },
    // look-alikes: a `push` of another tool, a `db push` of another CLI, an echo of the name in a hint
    { filename: 'package.json', code: pkg({ deploy: 'git push heroku main', release: 'supabase db push', postinstall: 'husky install' }) },
    { filename: 'package.json', code: pkg({ build: 'next build', 'db:push': 'drizzle-kit push', 'build:docs': 'npm run db:push' }) },
    // a run that targets another workspace package
    { filename: 'package.json', code: pkg({ build: 'pnpm --filter db run db:push', 'db:push': 'prisma db push' }) },
    // unusual JSON must not break the rule
    { filename: 'package.json', code: pkg('"prisma db push"') },
    { filename: 'package.json', code: pkg({ build: 42, start: null, deploy: ['prisma db push'] }) },
    { filename: 'package.json', code: '["prisma db push"]' },
    { filename: 'package.json', code: '"prisma db push"' },
    // nested `scripts` objects are not npm scripts
    { filename: 'package.json', code: '{ "config": { "scripts": { "build": "prisma db push" } } }' },
    // a cycle of scripts ends
    { filename: 'package.json', code: pkg({ build: 'npm run a', a: 'npm run b', b: 'npm run a && tsc' }) },
    // duplicate keys: the last one is what npm runs
    { filename: 'package.json', code: '{ "scripts": { "build": "prisma db push", "build": "prisma migrate deploy" } }' },
    // not a package.json
    { filename: 'tsconfig.json', code: pkg({ build: 'prisma db push' }) },
  ],
  invalid: [
    {
      name: 'prisma db push in build',
      filename: 'package.json',
      code: pkg({ build: 'prisma generate && prisma db push --accept-data-loss && next build' }),
      errors: [
        {
          messageId: 'schemaPushInScript',
          data: { script: 'build', command: 'prisma db push --accept-data-loss', instead: PRISMA_INSTEAD },
          line: 4,
          column: 14,
          endLine: 4,
          endColumn: 82,
        },
      ],
    },
    {
      name: 'drizzle-kit push reached from build through npm run',
      filename: 'package.json',
      code: pkg({ build: 'npm run db:push && next build', 'db:push': 'drizzle-kit push' }),
      errors: [
        {
          messageId: 'schemaPushReachedFromScript',
          data: {
            script: 'db:push',
            command: 'drizzle-kit push',
            root: 'build',
            via: '`npm run db:push`',
            instead: '`drizzle-kit generate` to write migrations, `drizzle-kit migrate` to apply them',
          },
          line: 5,
          column: 16,
        },
      ],
    },
    {
      name: 'a transitive chain through pnpm, yarn and run-s',
      filename: 'package.json',
      code: pkg({ 'vercel-build': 'pnpm db:setup && next build', 'db:setup': 'yarn run db:sync', 'db:sync': 'run-s db:sync:*', 'db:sync:schema': 'npx typeorm-ts-node-commonjs schema:sync -d src/data-source.ts' }),
      errors: [
        {
          messageId: 'schemaPushReachedFromScript',
          data: {
            script: 'db:sync:schema',
            command: 'typeorm schema:sync',
            root: 'vercel-build',
            via: '`pnpm db:setup` → `yarn run db:sync` → `run-s db:sync:*`',
            instead: '`typeorm migration:generate` to write migrations, `typeorm migration:run` to apply them',
          },
          line: 7,
          column: 23,
        },
      ],
    },
    {
      name: 'concurrently npm: shorthand and a pre hook of a reached script',
      filename: 'package.json',
      code: pkg({ start: 'concurrently "npm:serve" "npm:worker"', serve: 'node server.js', preserve: 'prisma migrate reset --force', worker: 'node worker.js' }),
      errors: [{ messageId: 'schemaPushReachedFromScript', data: { script: 'preserve', command: 'prisma migrate reset --force', root: 'start', via: '`concurrently "npm:serve"`', instead: PRISMA_INSTEAD }, line: 6, column: 17 }],
    },
    {
      name: 'postinstall and prepare, with a runner prefix and a shell wrapper',
      filename: 'package.json',
      code: pkg({ postinstall: 'bunx prisma migrate dev --name init', prepare: "sh -c 'npx drizzle-kit push:pg'" }),
      errors: [
        { messageId: 'schemaPushInScript', data: { script: 'postinstall', command: 'prisma migrate dev', instead: PRISMA_INSTEAD }, line: 4, column: 20 },
        { messageId: 'schemaPushInScript', line: 5, column: 16 },
      ],
    },
    {
      name: 'a script named in checkScripts',
      filename: 'package.json',
      code: pkg({ 'ci:deploy': 'prisma db push --force-reset' }),
      options: [{ checkScripts: ['ci:deploy'] }],
      errors: [{ messageId: 'schemaPushInScript', data: { script: 'ci:deploy', command: 'prisma db push --force-reset', instead: PRISMA_INSTEAD }, line: 4, column: 18 }],
    },
    {
      name: 'duplicate keys: the last value is the one reported',
      filename: 'package.json',
      code: '{ "scripts": { "start": "node x", "start": "sequelize db:drop && node x" } }',
      errors: [{ messageId: 'schemaPushInScript', data: { script: 'start', command: 'sequelize db:drop', instead: 'sequelize-cli migrations (`sequelize db:migrate`)' }, line: 1, column: 44 }],
    },
    {
      name: 'a sub-package package.json',
      filename: 'packages/db/package.json',
      code: pkg({ deploy: 'npm run-script push', push: 'npx prisma@5 db push' }),
      errors: [{ messageId: 'schemaPushReachedFromScript', data: { script: 'push', command: 'prisma db push', root: 'deploy', via: '`npm run push`', instead: PRISMA_INSTEAD }, line: 5, column: 13 }],
    },
  ],
});
