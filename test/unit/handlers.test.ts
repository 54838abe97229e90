import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { enclosingRequestScope, requestScopeThroughCalls } from '../../src/estree/handlers';
import { withRuleContext } from '../support/inline-rule';

/** Every `probe()` call of the file, answered with the kind of request scope around it. */
function scopesOf(code: string, filename = 'src/server.ts', throughCalls = false): (string | undefined)[] {
  return withRuleContext(
    code,
    (context) => {
      const probes: TSESTree.CallExpression[] = [];
      const stack: TSESTree.Node[] = [context.sourceCode.ast];
      const keys = context.sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'probe') probes.push(node);
        for (const key of keys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[key];
          for (const item of Array.isArray(child) ? child : [child]) {
            if (item && typeof item === 'object' && 'type' in item) stack.push(item as TSESTree.Node);
          }
        }
      }
      probes.sort((a, b) => a.range[0] - b.range[0]);
      return probes.map((probe) => {
        const scope = throughCalls ? requestScopeThroughCalls(probe, context) : enclosingRequestScope(probe, context);
        return scope && (scope.via ? `${scope.handlerKind} via ${scope.via}` : scope.handlerKind);
      });
    },
    { filename },
  );
}

describe('enclosingRequestScope: handler kinds', () => {
  it.each([
    ['Express route', `app.get('/users', async (req, res) => { probe(); });`, 'src/server.ts', 'route'],
    ['Express route with middleware', `router.post('/users', auth, function (req, res) { probe(); });`, 'src/server.ts', 'route'],
    ['route path from a const', `const PATH = '/users'; api.put(PATH, (req, res) => { probe(); });`, 'src/server.ts', 'route'],
    ['template path', 'app.get(`${prefix}/users`, (req, res) => { probe(); });', 'src/server.ts', 'route'],
    ['middleware', `app.use((req, res, next) => { probe(); next(); });`, 'src/server.ts', 'route'],
    ['named same-file handler', `async function list(req, res) { probe(); }\napp.get('/users', list);`, 'src/server.ts', 'route'],
    ['Express route() chain', `app.route('/book').get((req, res) => { probe(); });`, 'src/server.ts', 'route'],
    ['Koa-router named route', `router.get('user', '/users/:id', async (ctx) => { probe(); });`, 'src/server.ts', 'route'],
    ['Hono on()', `app.on('GET', '/hello', (c) => { probe(); return c.text('x'); });`, 'src/server.ts', 'route'],
    ['Elysia chain', `new Elysia().get('/', () => { probe(); }).listen(3000);`, 'src/server.ts', 'route'],
    ['Fastify route()', `fastify.route({ method: 'GET', url: '/', handler: async (request) => { probe(); } });`, 'src/server.ts', 'route'],
    ['Fastify options handler', `fastify.get('/', { handler: async () => { probe(); } });`, 'src/server.ts', 'route'],
    ['Fastify options then handler', `fastify.get('/', { schema }, async () => { probe(); });`, 'src/server.ts', 'route'],
    ['http.createServer', `import http from 'node:http'; http.createServer((req, res) => { probe(); });`, 'src/server.ts', 'node-http'],
    ['named createServer', `import { createServer } from 'https'; createServer(opts, (req, res) => { probe(); });`, 'src/server.ts', 'node-http'],
    ['required createServer', `const http = require('http'); http.createServer(function (req, res) { probe(); });`, 'src/server.js', 'node-http'],
    ['Next.js route function', `export async function GET(request) { probe(); }`, 'app/api/users/route.ts', 'next-route'],
    ['Next.js route const', `export const POST = async (request) => { probe(); };`, 'src/anywhere.ts', 'next-route'],
    ['Next.js wrapped route', `export const DELETE = withAuth(async (request) => { probe(); });`, 'app/api/route.ts', 'next-route'],
    ['export specifier', `async function handle() { probe(); }\nexport { handle as PATCH };`, 'app/api/route.ts', 'next-route'],
    ['pages/api default export', `export default async function handler(req, res) { probe(); }`, 'pages/api/users.ts', 'pages-api'],
    ['src/pages/api default arrow', `export default async (req, res) => { probe(); };`, 'src/pages/api/users/[id].ts', 'pages-api'],
    ['Vercel api/ CommonJS', `module.exports = async (req, res) => { probe(); };`, 'api/users.js', 'pages-api'],
    ['server action file', `'use server';\nexport async function createUser(data) { probe(); }`, 'app/actions.ts', 'server-action'],
    ['server action in body', `export default function Page() { async function save() { 'use server'; probe(); } }`, 'src/form.tsx', 'server-action'],
    ['server component page', `export default async function Page() { probe(); return null; }`, 'app/users/page.tsx', 'next-page'],
    ['root page', `export default async function Page() { probe(); return null; }`, 'app/page.tsx', 'next-page'],
    ['layout', `export default async function Layout({ children }) { probe(); return children; }`, 'src/app/layout.tsx', 'next-page'],
    ['Lambda ESM const', `export const handler = async (event) => { probe(); };`, 'src/lambda.ts', 'lambda'],
    ['Lambda ESM function', `export async function handler(event, context) { probe(); }`, 'src/lambda.ts', 'lambda'],
    ['Lambda exports.handler', `exports.handler = async (event) => { probe(); };`, 'src/lambda.js', 'lambda'],
    ['Lambda module.exports.handler', `module.exports.handler = async function (event) { probe(); };`, 'src/lambda.js', 'lambda'],
    ['Lambda module.exports object', `async function handler(event) { probe(); }\nmodule.exports = { handler };`, 'src/lambda.js', 'lambda'],
    ['Lambda middy', `export const handler = middy(async (event) => { probe(); }).use(cors());`, 'src/lambda.ts', 'lambda'],
    ['Netlify function', `export default async (req, context) => { probe(); };`, 'netlify/functions/hello.ts', 'pages-api'],
    ['Workers fetch method', `export default { async fetch(request, env, ctx) { probe(); } };`, 'src/index.ts', 'workers'],
    ['Workers satisfies', `export default { fetch: async (request, env) => { probe(); } } satisfies ExportedHandler;`, 'src/index.ts', 'workers'],
    ['Workers scheduled', `const worker = { async scheduled(event, env, ctx) { probe(); } };\nexport default worker;`, 'src/index.ts', 'workers'],
    ['service worker syntax', `addEventListener('fetch', (event) => { probe(); });`, 'src/index.js', 'workers'],
    ['Remix loader', `export async function loader({ request }) { probe(); }`, 'app/routes/users.tsx', 'remix'],
    ['Remix action const', `export const action = async ({ request }) => { probe(); };`, 'app/routes/users.tsx', 'remix'],
    ['SvelteKit +server GET', `export async function GET({ url }) { probe(); }`, 'src/routes/api/+server.ts', 'sveltekit'],
    ['SvelteKit fallback', `export const fallback = async ({ request }) => { probe(); };`, 'src/routes/api/+server.ts', 'sveltekit'],
    ['SvelteKit load', `export const load = async () => { probe(); };`, 'src/routes/+page.server.ts', 'sveltekit'],
    ['SvelteKit actions', `export const actions = { default: async ({ request }) => { probe(); } };`, 'src/routes/+page.server.ts', 'sveltekit'],
    ['SvelteKit hooks handle', `export async function handle({ event, resolve }) { probe(); }`, 'src/hooks.server.ts', 'sveltekit'],
    ['Nuxt auto-imported', `export default defineEventHandler(async (event) => { probe(); });`, 'server/api/users.ts', 'h3'],
    ['h3 imported eventHandler', `import { eventHandler } from 'h3'; eventHandler((event) => { probe(); });`, 'src/app.ts', 'h3'],
    ['h3 object syntax', `export default defineEventHandler({ handler: async (event) => { probe(); } });`, 'server/api/x.ts', 'h3'],
    ['tRPC query', `const r = router({ list: publicProcedure.query(async () => { probe(); }) });`, 'src/trpc.ts', 'trpc'],
    ['tRPC input mutation', `const r = t.router({ add: t.procedure.input(z.string()).mutation(async ({ input }) => { probe(); }) });`, 'src/trpc.ts', 'trpc'],
    ['tRPC subscription', `protectedProcedure.subscription(() => { probe(); });`, 'src/trpc.ts', 'trpc'],
    [
      'NestJS controller method',
      `import { Controller, Get } from '@nestjs/common';\n@Controller('users') class Users { @Get() async list() { probe(); } }`,
      'src/users.controller.ts',
      'nestjs',
    ],
    [
      'NestJS GraphQL query',
      `import { Query, Resolver } from '@nestjs/graphql';\n@Resolver() class R { @Query(() => String) hello() { probe(); } }`,
      'src/r.resolver.ts',
      'nestjs',
    ],
    ['nested function in a handler', `app.get('/', (req, res) => { const load = () => { probe(); }; load(); });`, 'src/server.ts', 'route'],
  ])('%s', (_name, code, filename, expected) => {
    expect(scopesOf(code, filename)).toEqual([expected]);
  });
});

describe('enclosingRequestScope: loops', () => {
  it.each([
    ['for-of', `for (const id of ids) { probe(); }`, 'loop'],
    ['while', `while (queue.length) { probe(); queue.pop(); }`, 'loop'],
    ['do-while', `do { probe(); } while (more());`, 'loop'],
    ['for', `for (let i = 0; i < n; i++) { probe(); }`, 'loop'],
    ['forEach callback', `items.forEach(async (item) => { probe(); });`, 'array-iteration'],
    ['map callback', `await Promise.all(items.map(async () => { probe(); }));`, 'array-iteration'],
  ])('%s', (_name, code, expected) => {
    expect(scopesOf(code)).toEqual([expected]);
  });

  it.each([
    ['the iterable of a for-of', `for (const row of probe()) { use(row); }`],
    ['a value that depends on the loop variable', `for (const tenant of tenants) { probe(tenant.url); }`],
    ['a map over per-item values', `const pools = urls.map((url) => probe({ connectionString: url }));`],
    ['a retry loop that breaks', `while (true) { const c = probe(); try { await c.connect(); break; } catch {} }`],
    ['a retry loop that returns', `for (let i = 0; i < 5; i++) { try { return await probe(); } catch {} }`],
  ])('not %s', (_name, code) => {
    expect(scopesOf(code)).toEqual([undefined]);
  });

  it('keeps a loop with a break of a nested loop as a loop', () => {
    expect(scopesOf(`for (const a of as) { probe(); for (const b of bs) { if (b) break; } }`)).toEqual(['loop']);
  });
});

describe('enclosingRequestScope: look-alikes are not handlers', () => {
  it.each([
    ['Map#get', `const v = map.get(key, () => { probe(); });`],
    ['headers.get', `headers.get('x-id'); const f = () => { probe(); };`],
    ['redis callback get', `redis.get('session:1', (err, value) => { probe(); });`],
    ['app.get setting read', `const port = app.get('port'); setup(() => { probe(); });`],
    ['drizzle delete', `await db.delete(users).where(() => { probe(); });`],
    ['cache.delete of a function', `function onMessage() { probe(); }\nlisteners.delete(onMessage);`],
    ['pool.query callback', `pool.query('select 1', (err, res) => { probe(); });`],
    ['knex query builder', `knex.query((qb) => { probe(); });`],
    ['Next.js-named function not exported', `async function GET() { probe(); }`],
    ['pages default export outside pages/api', `export default async function handler(req, res) { probe(); }`],
    ['local defineEventHandler', `function defineEventHandler(fn) { return fn; }\ndefineEventHandler(() => { probe(); });`],
    ['Get decorator from elsewhere', `import { Get } from './decorators';\nclass C { @Get() list() { probe(); } }`],
    ['module scope', `probe();`],
    ['setup function', `export function createApp() { probe(); return app; }`],
    ['createServer of another module', `import { createServer } from 'vite'; createServer((x) => { probe(); });`],
    ['fastify plugin registration', `fastify.register(async (instance) => { probe(); });`],
    ['SvelteKit load outside +page.server', `export const load = async () => { probe(); };`],
  ])('%s', (_name, code) => {
    expect(scopesOf(code)).toEqual([undefined]);
  });
});

describe('requestScopeThroughCalls', () => {
  it('follows a same-file helper called from a handler', () => {
    const code = `function getDb() { return probe(); }\napp.get('/', (req, res) => { getDb(); });`;
    expect(scopesOf(code, 'src/server.ts', true)).toEqual(['route via getDb']);
  });

  it('follows an arrow helper two levels deep', () => {
    const code = `const connect = () => probe();\nconst getDb = () => connect();\nexport async function GET() { getDb(); }`;
    expect(scopesOf(code, 'app/route.ts', true)).toEqual(['next-route via connect']);
  });

  it('ignores a helper only called at module scope', () => {
    const code = `function getDb() { return probe(); }\nexport const db = getDb();`;
    expect(scopesOf(code, 'src/server.ts', true)).toEqual([undefined]);
  });
});
