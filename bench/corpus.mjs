#!/usr/bin/env node
// Synthetic corpus of backend TypeScript/JavaScript for the benchmarks.
//
// Deterministic: the same --size and --seed always write the same bytes. The corpus
// is a monorepo of apps (Express, Fastify, Next.js, Hono; pg, Prisma, Drizzle,
// TypeORM, Knex, Sequelize, postgres.js, Kysely, Neon serverless), shaped like
// real backends: most files never mention a driver (utils, types, routes,
// services, middleware, jobs, tests); each app has one env-configured db module,
// a few repositories with SQL, ORM models, migrations and a migration tool config.
// A small, known share of files (--bad-density, default 0.5%: 50 in 10k files)
// carries one BAD pattern each; the manifest written next to the corpus says
// which file, which pattern and which rule should report it.
//
//   node bench/corpus.mjs --size 1000 [--seed 42] [--bad-density 0.005] [--out bench/.corpus/x]

import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const CORPUS_ROOT = join(BENCH_DIR, '.corpus');
// A cached corpus is reused only if this very generator wrote it.
export const GENERATOR_VERSION = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 12);
export const DEFAULT_SEED = 42;
export const DEFAULT_BAD_DENSITY = 0.005;
const FILES_PER_APP = 250;

// ---------------------------------------------------------------- PRNG

/** mulberry32: small, fast, good enough to pick templates; seeded, so the corpus is reproducible. */
export function createRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    weighted(entries) {
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return entries[entries.length - 1][0];
    },
  };
}

// ---------------------------------------------------------------- vocabulary

const ENTITIES = [
  'user', 'order', 'invoice', 'product', 'customer', 'payment', 'session', 'account', 'subscription',
  'shipment', 'cart', 'review', 'coupon', 'inventory', 'notification', 'webhook', 'team', 'project',
  'task', 'comment', 'tag', 'auditLog', 'report', 'refund', 'address', 'plan', 'tenant', 'apiKey',
  'event', 'message', 'invitation', 'membership', 'warehouse', 'supplier', 'category', 'price',
];
const VERBS = ['list', 'get', 'create', 'update', 'archive', 'search', 'count', 'refresh', 'export', 'validate'];
const UTIL_TOPICS = ['strings', 'dates', 'money', 'retry', 'pagination', 'crypto', 'http', 'collections', 'slug', 'env', 'timing', 'ids'];
const STACKS = ['pg', 'prisma', 'drizzle', 'typeorm', 'knex', 'sequelize', 'postgres', 'neon', 'kysely'];
const FRAMEWORKS = ['express', 'fastify', 'next', 'hono'];

const pascal = (s) => s[0].toUpperCase() + s.slice(1);
const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const plural = (s) => (s.endsWith('y') ? `${s.slice(0, -1)}ies` : s.endsWith('s') ? `${s}es` : `${s}s`);
const kebab = (s) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// ---------------------------------------------------------------- module-system rendering

/**
 * Templates are written as ESM TypeScript; `ty(...)` marks type-only text. For
 * JavaScript apps the types are dropped, and CommonJS apps get their imports and
 * exports rewritten to require / module.exports.
 */
function makeDialect(app) {
  const ts = app.lang === 'ts';
  return {
    ts,
    ty: (text) => (ts ? text : ''),
    render(source) {
      let out = source;
      if (!ts) out = out.replace(/^import type .*\n/gm, '');
      if (app.moduleSystem !== 'cjs') return out;
      const exported = [];
      let defaultExport = null;
      out = out
        .replace(/^import \* as (\w+) from ('[^']+');$/gm, 'const $1 = require($2);')
        .replace(/^import (\w+), \{ ([^}]+) \} from ('[^']+');$/gm, 'const $1 = require($3);\nconst { $2 } = require($3);')
        .replace(/^import \{ ([^}]+) \} from ('[^']+');$/gm, (_, names, from) => `const { ${names.replace(/ as /g, ': ')} } = require(${from});`)
        .replace(/^import (\w+) from ('[^']+');$/gm, 'const $1 = require($2);')
        .replace(/^import ('[^']+');$/gm, 'require($1);')
        .replace(/^export default (async function|function|class) (\w+)/gm, (_, kind, name) => {
          defaultExport = name;
          return `${kind} ${name}`;
        })
        .replace(/^export default (.+);$/gm, (_, expr) => {
          defaultExport = expr;
          return '';
        })
        .replace(/^export (async function|function|class|const|let) (\w+)/gm, (_, kind, name) => {
          exported.push(name);
          return `${kind} ${name}`;
        });
      if (defaultExport) out += `\nmodule.exports = ${defaultExport};\n`;
      else if (exported.length > 0) out += `\nmodule.exports = { ${exported.join(', ')} };\n`;
      return `'use strict';\n\n${out}`;
    },
  };
}

// ---------------------------------------------------------------- templates: code that mentions no driver

function utilFile(rng, d, topic) {
  const fns = [];
  const count = rng.int(3, 14);
  for (let i = 0; i < count; i++) {
    const name = `${rng.pick(['to', 'parse', 'format', 'normalize', 'is', 'ensure', 'compute', 'merge'])}${pascal(topic)}${i === 0 ? '' : i}`;
    fns.push(
      rng.pick([
        () => `export function ${name}(input${d.ty(': string')}, fallback${d.ty(' = \'\'')})${d.ty(': string')} {
  if (!input) return fallback;
  const trimmed = input.trim().replace(/\\s+/g, ' ');
  return trimmed.length > ${rng.int(16, 256)} ? trimmed.slice(0, ${rng.int(16, 256)}) + '…' : trimmed;
}`,
        () => `export function ${name}(values${d.ty(': readonly number[]')})${d.ty(': number')} {
  let total = 0;
  for (const value of values) {
    if (Number.isFinite(value)) total += value * ${rng.int(1, 100)};
  }
  return Math.round(total / Math.max(values.length, 1));
}`,
        () => `export async function ${name}${d.ty('<T>')}(fn${d.ty(': () => Promise<T>')}, attempts = ${rng.int(2, 6)})${d.ty(': Promise<T>')} {
  let lastError${d.ty(': unknown')};
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await fn();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, ${rng.int(50, 500)} * 2 ** attempt));
    }
  }
  throw lastError;
}`,
        () => `export const ${name} = (date${d.ty(': Date | string')}, locale = '${rng.pick(['en-US', 'de-DE', 'fr-FR', 'ja-JP'])}')${d.ty(': string')} =>
  new Intl.DateTimeFormat(locale, { dateStyle: '${rng.pick(['short', 'medium', 'long'])}' }).format(new Date(date));`,
        () => `export function ${name}${d.ty('<T extends Record<string, unknown>>')}(items${d.ty(': T[]')}, key${d.ty(': keyof T')})${d.ty(': Map<unknown, T[]>')} {
  const groups = new Map${d.ty('<unknown, T[]>')}();
  for (const item of items) {
    const bucket = groups.get(item[key]) ?? [];
    bucket.push(item);
    groups.set(item[key], bucket);
  }
  return groups;
}`,
        () => `export function ${name}(query${d.ty(': Record<string, string | undefined>')})${d.ty(': { limit: number; offset: number }')} {
  const limit = Math.min(Number(query.limit ?? ${rng.int(10, 50)}), ${rng.int(100, 500)});
  const page = Math.max(Number(query.page ?? 1), 1);
  return { limit, offset: (page - 1) * limit };
}`,
      ])(),
    );
  }
  return d.render(`${fns.join('\n\n')}\n`);
}

function typesFile(rng, d, entity) {
  const E = pascal(entity);
  const fields = Array.from({ length: rng.int(4, 12) }, (_, i) => `  ${rng.pick(['name', 'status', 'amount', 'email', 'note', 'label', 'currency', 'score'])}${i}: ${rng.pick(['string', 'number', 'boolean', 'string | null', 'Date'])};`);
  return `export interface ${E} {
  id: string;
${fields.join('\n')}
  createdAt: Date;
  updatedAt: Date;
}

export type ${E}Status = ${['draft', 'active', 'archived', 'deleted'].slice(0, rng.int(2, 4)).map((s) => `'${s}'`).join(' | ')};

export type Create${E}Input = Omit<${E}, 'id' | 'createdAt' | 'updatedAt'>;
export type Update${E}Input = Partial<Create${E}Input> & { id: string };

export interface ${E}Page {
  items: ${E}[];
  total: number;
  nextCursor?: string;
}

export const ${snake(entity).toUpperCase()}_STATUSES = ['draft', 'active', 'archived'] as const;
`;
}

function serviceFile(rng, d, entity) {
  const E = pascal(entity);
  const methods = Array.from({ length: rng.int(3, 10) }, (_, i) => {
    const verb = VERBS[(i + rng.int(0, 9)) % VERBS.length];
    return `  async ${verb}${E}${i}(input${d.ty(': Record<string, unknown>')})${d.ty(': Promise<unknown>')} {
    const started = Date.now();
    const parsed = this.validate(input);
    if (!parsed.ok) throw new ValidationError(parsed.errors.join(', '));
    const result = await this.repository.${verb}(parsed.value);
    this.logger.info({ op: '${verb}${E}', ms: Date.now() - started });
    ${rng.chance(0.3) ? `await this.events.publish('${entity}.${verb}', { id: parsed.value.id });` : `// the repository returns plain rows; map them to the API shape here`}
    return result;
  }`;
  });
  return d.render(`import { ValidationError } from '../errors';
import { logger } from '../lib/logger';
import { ${E}Repository } from '../repositories/${kebab(entity)}.repository';
${rng.chance(0.4) ? `import { EventBus } from '../lib/events';\n` : ''}
export class ${E}Service {
${d.ts ? `  private readonly logger = logger.child({ service: '${entity}' });\n  private readonly events = new EventBus();\n\n  constructor(private readonly repository: ${E}Repository) {}\n` : `  constructor(repository) {\n    this.repository = repository;\n    this.logger = logger.child({ service: '${entity}' });\n    this.events = { publish: async () => undefined };\n  }\n`}
  validate(input${d.ty(': Record<string, unknown>')}) {
    const errors${d.ty(': string[]')} = [];
    if (typeof input.id !== 'undefined' && typeof input.id !== 'string') errors.push('id must be a string');
    return errors.length ? { ok: false, errors } : { ok: true, errors, value: input };
  }

${methods.join('\n\n')}
}
`);
}

function routeFile(rng, d, app, entity) {
  const E = pascal(entity);
  const base = `/${plural(kebab(entity))}`;
  const verbs = ['get', 'post', 'put', 'patch', 'delete'].slice(0, rng.int(2, 5));
  if (app.framework === 'fastify') {
    return d.render(`import type { FastifyInstance } from 'fastify';
import { ${E}Service } from '../services/${kebab(entity)}.service';
import { ${E}Repository } from '../repositories/${kebab(entity)}.repository';

export default async function ${entity}Routes(app${d.ty(': FastifyInstance')}) {
  const service = new ${E}Service(new ${E}Repository());
${verbs.map((v) => `  app.${v}('${base}${v === 'post' ? '' : '/:id'}', async (request, reply) => {
    const result = await service.${v === 'get' ? 'get' : v === 'post' ? 'create' : v === 'delete' ? 'archive' : 'update'}${E}0({ ...${d.ts ? '(request.params as object)' : 'request.params'}, ...${d.ts ? '(request.body as object)' : 'request.body'} });
    return reply.code(${v === 'post' ? 201 : 200}).send(result);
  });`).join('\n\n')}
}
`);
  }
  if (app.framework === 'hono') {
    return d.render(`import { Hono } from 'hono';
import { ${E}Service } from '../services/${kebab(entity)}.service';
import { ${E}Repository } from '../repositories/${kebab(entity)}.repository';

const service = new ${E}Service(new ${E}Repository());
export const ${entity}Routes = new Hono();

${verbs.map((v) => `${entity}Routes.${v}('${base}${v === 'post' ? '' : '/:id'}', async (c) => {
  const body = ${v === 'get' || v === 'delete' ? '{}' : 'await c.req.json()'};
  const result = await service.${v === 'get' ? 'get' : v === 'post' ? 'create' : v === 'delete' ? 'archive' : 'update'}${E}0({ id: c.req.param('id'), ...body });
  return c.json(result, ${v === 'post' ? 201 : 200});
});`).join('\n\n')}
`);
  }
  // express (and the non-route helpers of next apps)
  return d.render(`import { Router } from 'express';
import type { Request, Response, NextFunction } from 'express';
import { ${E}Service } from '../services/${kebab(entity)}.service';
import { ${E}Repository } from '../repositories/${kebab(entity)}.repository';
import { paginate } from '../lib/pagination';

const service = new ${E}Service(new ${E}Repository());
export const ${entity}Router = Router();

${verbs.map((v) => `${entity}Router.${v}('${base}${v === 'post' ? '' : '/:id'}', async (req${d.ty(': Request')}, res${d.ty(': Response')}, next${d.ty(': NextFunction')}) => {
  try {
    const { limit, offset } = paginate(req.query${d.ty(' as Record<string, string>')});
    const result = await service.${v === 'get' ? 'get' : v === 'post' ? 'create' : v === 'delete' ? 'archive' : 'update'}${E}0({ ...req.params, ...req.body, limit, offset });
    res.status(${v === 'post' ? 201 : 200}).json(result);
  } catch (error) {
    next(error);
  }
});`).join('\n\n')}
`);
}

function nextRouteFile(rng, d, entity) {
  const E = pascal(entity);
  return d.render(`import { NextResponse } from 'next/server';
import type { NextRequest } from 'next/server';
import { ${E}Service } from '@/services/${kebab(entity)}.service';
import { ${E}Repository } from '@/repositories/${kebab(entity)}.repository';
import { requireSession } from '@/lib/auth';

const service = new ${E}Service(new ${E}Repository());

export async function GET(request${d.ty(': NextRequest')}) {
  const session = await requireSession(request);
  const search = Object.fromEntries(request.nextUrl.searchParams);
  const items = await service.list${E}0({ ...search, tenantId: session.tenantId });
  return NextResponse.json(items);
}
${rng.chance(0.7) ? `
export async function POST(request${d.ty(': NextRequest')}) {
  const session = await requireSession(request);
  const body = await request.json();
  const created = await service.create${E}0({ ...body, tenantId: session.tenantId });
  return NextResponse.json(created, { status: 201 });
}
` : ''}`);
}

function nextPageFile(rng, entity) {
  const E = pascal(entity);
  return `import Link from 'next/link';
import { ${E}Service } from '@/services/${kebab(entity)}.service';
import { ${E}Repository } from '@/repositories/${kebab(entity)}.repository';

export const dynamic = 'force-dynamic';

export default async function ${E}Page({ params }: { params: { id: string } }) {
  const service = new ${E}Service(new ${E}Repository());
  const item = (await service.get${E}0({ id: params.id })) as Record<string, string>;
  return (
    <main className="mx-auto max-w-${rng.pick(['2xl', '3xl', '4xl'])} p-6">
      <h1 className="text-xl font-semibold">{item.name0 ?? '${E}'}</h1>
      <dl>
        {Object.entries(item).map(([key, value]) => (
          <div key={key} className="flex gap-2">
            <dt>{key}</dt>
            <dd>{String(value)}</dd>
          </div>
        ))}
      </dl>
      <Link href="/${plural(kebab(entity))}">Back</Link>
    </main>
  );
}
`;
}

function middlewareFile(rng, d) {
  const name = rng.pick(['requireAuth', 'rateLimit', 'requestId', 'cors', 'audit', 'tenantScope', 'validateBody']);
  return d.render(`import type { Request, Response, NextFunction } from 'express';
import { logger } from '../lib/logger';

const WINDOW_MS = ${rng.int(1, 60)} * 1000;
const hits = new Map${d.ty('<string, { count: number; resetAt: number }>')}();

export function ${name}(options${d.ty(': { limit?: number }')} = {}) {
  const limit = options.limit ?? ${rng.int(10, 1000)};
  return (req${d.ty(': Request')}, res${d.ty(': Response')}, next${d.ty(': NextFunction')}) => {
    const key = String(req.headers['x-forwarded-for'] ?? req.ip);
    const now = Date.now();
    const entry = hits.get(key) ?? { count: 0, resetAt: now + WINDOW_MS };
    if (entry.resetAt < now) Object.assign(entry, { count: 0, resetAt: now + WINDOW_MS });
    entry.count += 1;
    hits.set(key, entry);
    if (entry.count > limit) {
      logger.warn({ key, path: req.path, query: req.query }, '${name} rejected');
      res.status(429).json({ error: 'Too many requests' });
      return;
    }
    next();
  };
}
`);
}

function validatorFile(rng, d, entity) {
  const E = pascal(entity);
  const fields = Array.from({ length: rng.int(3, 10) }, (_, i) => `  ${rng.pick(['name', 'email', 'amount', 'note', 'status', 'url'])}${i}: z.${rng.pick(['string().min(1)', 'string().email()', 'number().int().nonnegative()', 'string().url().optional()', "enum(['draft', 'active'])", 'boolean().default(false)'])},`);
  return d.render(`import { z } from 'zod';

export const create${E}Schema = z.object({
${fields.join('\n')}
});

export const update${E}Schema = create${E}Schema.partial().extend({ id: z.string().uuid() });
${d.ts ? `\nexport type Create${E} = z.infer<typeof create${E}Schema>;\n` : ''}`);
}

function jobFile(rng, d, entity) {
  const E = pascal(entity);
  return d.render(`import { Queue, Worker } from 'bullmq';
import { logger } from '../lib/logger';
import { ${E}Service } from '../services/${kebab(entity)}.service';
import { ${E}Repository } from '../repositories/${kebab(entity)}.repository';

const connection = { host: process.env.REDIS_HOST ?? 'localhost', port: Number(process.env.REDIS_PORT ?? 6379) };
export const ${entity}Queue = new Queue('${kebab(entity)}-${rng.pick(['sync', 'export', 'cleanup', 'digest'])}', { connection });

export function start${E}Worker() {
  const service = new ${E}Service(new ${E}Repository());
  return new Worker(
    ${entity}Queue.name,
    async (job) => {
      logger.info({ jobId: job.id }, 'processing ${entity} job');
      await service.refresh${E}0(job.data);
    },
    { connection, concurrency: ${rng.int(1, 8)} },
  );
}
`);
}

function testFile(rng, d, entity) {
  const E = pascal(entity);
  const cases = Array.from({ length: rng.int(3, 12) }, (_, i) => `  it('${rng.pick(['returns', 'rejects', 'maps', 'paginates', 'archives'])} ${entity} case ${i}', async () => {
    repository.${rng.pick(VERBS)}.mockResolvedValue({ id: '${i}', status: 'active' });
    const result = await service.${rng.pick(VERBS)}${E}0({ id: '${i}' });
    expect(result).toBeDefined();
    expect(repository.${rng.pick(VERBS)}).toHaveBeenCalledTimes(${rng.int(0, 2)});
  });`);
  return d.render(`import { describe, it, expect, vi, beforeEach } from 'vitest';
import { ${E}Service } from '../src/services/${kebab(entity)}.service';

describe('${E}Service', () => {
  let repository${d.ty(': any')};
  let service${d.ty(': ' + E + 'Service')};

  beforeEach(() => {
    repository = Object.fromEntries(${JSON.stringify(VERBS)}.map((verb) => [verb, vi.fn()]));
    service = new ${E}Service(repository);
  });

${cases.join('\n\n')}
});
`);
}

function integrationTestFile(rng, d, entity) {
  // Tests create their own pools; the presets relax the rules there.
  return d.render(`import { Pool } from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';

let pool${d.ty(': Pool')};

beforeAll(async () => {
  pool = new Pool({ connectionString: process.env.TEST_DATABASE_URL });
  await pool.query('CREATE TEMP TABLE ${snake(plural(entity))}_fixture (id int)');
});

afterAll(async () => {
  await pool.end();
});

it('reads ${plural(entity)} back', async () => {
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM ${snake(plural(entity))}_fixture');
  expect(rows[0].n).toBe(0);
});
`);
}

function libFile(rng, d, name) {
  const bodies = {
    logger: `import pino from 'pino';

export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', redact: ['req.headers.authorization', 'password'] });
`,
    errors: `export class AppError extends Error {
  constructor(message${d.ty(': string')}, ${d.ts ? 'readonly ' : ''}status = 500) {
    super(message);
    this.name = new.target.name;${d.ts ? '' : '\n    this.status = status;'}
  }
}

export class ValidationError extends AppError {
  constructor(message${d.ty(': string')}) {
    super(message, 400);
  }
}

export class NotFoundError extends AppError {
  constructor(what${d.ty(': string')}) {
    super(\`\${what} not found\`, 404);
  }
}
`,
    events: `import { EventEmitter } from 'node:events';

export class EventBus extends EventEmitter {
  async publish(topic${d.ty(': string')}, payload${d.ty(': unknown')}) {
    this.emit(topic, payload);
    // fs.writeFileSync-style sync calls and cache.sync() below are not schema syncs
    cache.sync();
  }
}

const cache = { entries: new Map(), sync() { this.entries.clear(); } };
`,
    pagination: `export function paginate(query${d.ty(': Record<string, string | undefined>')}) {
  const limit = Math.min(Number(query.limit ?? 20), 100);
  const offset = Math.max(Number(query.offset ?? 0), 0);
  return { limit, offset };
}
`,
    auth: `import { jwtVerify } from 'jose';

const secret = new TextEncoder().encode(process.env.JWT_SECRET);

export async function requireSession(request${d.ty(': { headers: Headers }')}) {
  const token = request.headers.get('authorization')?.replace(/^Bearer /, '');
  if (!token) throw new Error('unauthorized');
  const { payload } = await jwtVerify(token, secret);
  return { userId: String(payload.sub), tenantId: String(payload.tid) };
}
`,
    config: `const required = ['DATABASE_URL', 'JWT_SECRET'] as const;

export const config = {
  port: Number(process.env.PORT ?? 3000),
  databaseUrl: process.env.DATABASE_URL,
  logLevel: process.env.LOG_LEVEL ?? 'info',
  // documentation example, not a credential: postgres://user:password@host/db
  example: 'postgres://<user>:<password>@<host>/<db>',
};

export function assertConfig() {
  for (const key of required) {
    if (!process.env[key]) throw new Error(\`\${key} is not set\`);
  }
}
`.replace(' as const', d.ts ? ' as const' : ''),
  };
  return d.render(bodies[name]);
}

// ---------------------------------------------------------------- templates: code that talks to the database (GOOD)

function dbModule(d, app) {
  const header = `// The one place that connects: DATABASE_URL is Neon's pooled endpoint.\n`;
  const body = {
    pg: `import { Pool } from 'pg';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is not set');

export const pool = new Pool({ connectionString, max: 10, idleTimeoutMillis: 10_000, connectionTimeoutMillis: 10_000 });
pool.on('error', (error) => console.error('idle database client failed', error));

export const closeDb = () => pool.end();
`,
    neon: `import { Pool, neon } from '@neondatabase/serverless';

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is not set');

export const sql = neon(connectionString);
export const pool = new Pool({ connectionString });
pool.on('error', (error) => console.error('idle database client failed', error));
`,
    prisma: `import { PrismaClient } from '@prisma/client';

const globalForPrisma = globalThis${d.ty(' as unknown as { prisma?: PrismaClient }')};
export const prisma = globalForPrisma.prisma ?? new PrismaClient();
if (process.env.NODE_ENV !== 'production') globalForPrisma.prisma = prisma;
`,
    drizzle: `import { drizzle } from 'drizzle-orm/node-postgres';
import { Pool } from 'pg';
import * as schema from './schema';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, idleTimeoutMillis: 10_000 });
pool.on('error', (error) => console.error('idle database client failed', error));
export const db = drizzle(pool, { schema });
`,
    typeorm: `import { DataSource } from 'typeorm';

export const dataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  ssl: true,
  synchronize: false,
  entities: [__dirname + '/entities/*.{ts,js}'],
  migrations: [__dirname + '/migrations/*.{ts,js}'],
});
`,
    knex: `import knex from 'knex';

export const db = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 10, idleTimeoutMillis: 10_000 },
});
`,
    sequelize: `import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize(process.env.DATABASE_URL${d.ty(' as string')}, {
  dialect: 'postgres',
  logging: false,
  pool: { max: 10, idle: 10_000 },
});
`,
    postgres: `import postgres from 'postgres';

export const sql = postgres(process.env.DATABASE_URL${d.ty(' as string')}, { max: 10, idle_timeout: 10, prepare: false });
`,
    kysely: `import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
pool.on('error', (error) => console.error('idle database client failed', error));
export const db = new Kysely${d.ty('<any>')}({ dialect: new PostgresDialect({ pool }) });
`,
  }[app.stack];
  return d.render(header + body);
}

function repositoryFile(rng, d, app, entity) {
  const E = pascal(entity);
  const table = snake(plural(entity));
  const cols = ['id', 'tenant_id', 'status', 'created_at', 'updated_at'].slice(0, rng.int(3, 5)).join(', ');
  const methods = {
    pg: () => `import { pool } from '../db';

export class ${E}Repository {
  async list(filter${d.ty(': { tenantId?: string; limit?: number; offset?: number }')} = {}) {
    const { rows } = await pool.query(
      \`SELECT ${cols}
         FROM ${table}
        WHERE tenant_id = $1 AND deleted_at IS NULL
        ORDER BY created_at DESC
        LIMIT $2 OFFSET $3\`,
      [filter.tenantId, filter.limit ?? 20, filter.offset ?? 0],
    );
    return rows;
  }

  async get(input${d.ty(': { id?: unknown }')}) {
    const { rows } = await pool.query('SELECT ${cols} FROM ${table} WHERE id = $1', [input.id]);
    return rows[0] ?? null;
  }

  async create(input${d.ty(': Record<string, unknown>')}) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query('INSERT INTO ${table} (status) VALUES ($1) RETURNING id', [input.status ?? 'draft']);
      await client.query('INSERT INTO audit_log (entity, entity_id) VALUES ($1, $2)', ['${entity}', rows[0].id]);
      await client.query('COMMIT');
      return rows[0];
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async update(input${d.ty(': Record<string, unknown>')}) {
    await pool.query('UPDATE ${table} SET status = $2, updated_at = now() WHERE id = $1', [input.id, input.status]);
  }

  async archive(input${d.ty(': { id?: unknown }')}) {
    await pool.query('UPDATE ${table} SET deleted_at = now() WHERE id = $1', [input.id]);
  }

  async count() {
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM ${table}');
    return rows[0].n;
  }
}
`,
    neon: () => `import { sql } from '../db';

export class ${E}Repository {
  async list(filter${d.ty(': { tenantId?: string }')} = {}) {
    return sql\`SELECT ${cols} FROM ${table} WHERE tenant_id = \${filter.tenantId} ORDER BY created_at DESC LIMIT 50\`;
  }

  async get(input${d.ty(': { id?: unknown }')}) {
    const rows = await sql\`SELECT ${cols} FROM ${table} WHERE id = \${input.id}\`;
    return rows[0] ?? null;
  }

  async update(input${d.ty(': Record<string, unknown>')}) {
    await sql\`UPDATE ${table} SET status = \${input.status} WHERE id = \${input.id}\`;
  }
}
`,
    postgres: () => `import { sql } from '../db';

export class ${E}Repository {
  async list(filter${d.ty(': { tenantId?: string }')} = {}) {
    return sql\`SELECT ${cols} FROM ${table} WHERE tenant_id = \${filter.tenantId ?? null} LIMIT 50\`;
  }

  async get(input${d.ty(': { id?: unknown }')}) {
    const [row] = await sql\`SELECT ${cols} FROM ${table} WHERE id = \${input.id${d.ty(' as string')}}\`;
    return row ?? null;
  }

  async create(input${d.ty(': Record<string, unknown>')}) {
    return sql.begin(async (tx) => tx\`INSERT INTO ${table} (status) VALUES (\${String(input.status ?? 'draft')}) RETURNING id\`);
  }
}
`,
    prisma: () => `import { prisma } from '../db';

export class ${E}Repository {
  list(filter${d.ty(': { tenantId?: string; limit?: number }')} = {}) {
    return prisma.${entity}.findMany({ where: { tenantId: filter.tenantId }, take: filter.limit ?? 20, orderBy: { createdAt: 'desc' } });
  }

  get(input${d.ty(': { id?: unknown }')}) {
    return prisma.${entity}.findUnique({ where: { id: String(input.id) } });
  }

  create(input${d.ty(': Record<string, unknown>')}) {
    return prisma.${entity}.create({ data: input${d.ty(' as never')} });
  }

  async stats() {
    return prisma.$queryRaw\`SELECT status, count(*) FROM "${pascal(entity)}" GROUP BY status\`;
  }
}
`,
    drizzle: () => `import { and, desc, eq } from 'drizzle-orm';
import { db } from '../db';
import { ${plural(entity)} } from '../schema';

export class ${E}Repository {
  list(filter${d.ty(': { tenantId?: string }')} = {}) {
    return db.select().from(${plural(entity)}).where(eq(${plural(entity)}.tenantId, filter.tenantId ?? '')).orderBy(desc(${plural(entity)}.createdAt)).limit(50);
  }

  get(input${d.ty(': { id?: unknown }')}) {
    return db.select().from(${plural(entity)}).where(and(eq(${plural(entity)}.id, String(input.id))));
  }

  archive(input${d.ty(': { id?: unknown }')}) {
    return db.delete(${plural(entity)}).where(eq(${plural(entity)}.id, String(input.id)));
  }
}
`,
    typeorm: () => `import { dataSource } from '../db';
import { ${E} } from '../entities/${kebab(entity)}.entity';

export class ${E}Repository {
  private readonly repo = dataSource.getRepository(${E});

  list(filter: { tenantId?: string } = {}) {
    return this.repo.find({ where: { tenantId: filter.tenantId }, take: 50, order: { createdAt: 'DESC' } });
  }

  get(input: { id?: unknown }) {
    return this.repo.findOneBy({ id: String(input.id) });
  }

  totals() {
    return dataSource.query('SELECT status, count(*) FROM ${table} GROUP BY status');
  }
}
`,
    knex: () => `import { db } from '../db';

export class ${E}Repository {
  list(filter${d.ty(': { tenantId?: string }')} = {}) {
    return db('${table}').where({ tenant_id: filter.tenantId }).orderBy('created_at', 'desc').limit(50);
  }

  get(input${d.ty(': { id?: unknown }')}) {
    return db('${table}').where({ id: input.id }).first();
  }

  async exists() {
    return db.schema.hasTable('${table}');
  }
}
`,
    sequelize: () => `import { DataTypes } from 'sequelize';
import { sequelize } from '../db';

export const ${E}Model = sequelize.define('${E}', {
  id: { type: DataTypes.UUID, primaryKey: true, defaultValue: DataTypes.UUIDV4 },
  status: { type: DataTypes.STRING, allowNull: false },
}, { tableName: '${table}' });

export class ${E}Repository {
  list() {
    return ${E}Model.findAll({ limit: 50, order: [['createdAt', 'DESC']] });
  }

  get(input${d.ty(': { id?: unknown }')}) {
    return ${E}Model.findByPk(String(input.id));
  }
}
`,
    kysely: () => `import { db } from '../db';

export class ${E}Repository {
  list() {
    return db.selectFrom('${table}').selectAll().orderBy('created_at', 'desc').limit(50).execute();
  }

  get(input${d.ty(': { id?: unknown }')}) {
    return db.selectFrom('${table}').selectAll().where('id', '=', String(input.id)).executeTakeFirst();
  }
}
`,
  };
  const src = methods[app.stack]();
  // TypeORM repositories use class field types; TypeORM apps are always TypeScript.
  return d.render(src);
}

function modelFile(rng, d, app, entity) {
  const E = pascal(entity);
  const table = snake(plural(entity));
  if (app.stack === 'typeorm') {
    return `import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('${table}')
export class ${E} {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id' })
  tenantId!: string;

  @Column({ default: 'draft' })
  status!: string;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
`;
  }
  if (app.stack === 'drizzle') {
    return d.render(`import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const ${plural(entity)} = pgTable('${table}', {
  id: uuid('id').primaryKey().defaultRandom(),
  tenantId: text('tenant_id').notNull(),
  status: text('status').notNull().default('draft'),
  createdAt: timestamp('created_at').notNull().defaultNow(),
});
`);
  }
  return typesFile(rng, d, entity);
}

function migrationFile(rng, d, app, entity, index) {
  const table = snake(plural(entity));
  if (app.stack === 'typeorm') {
    return `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Create${pascal(entity)}${1700000000000 + index} implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`CREATE TABLE "${table}" ("id" uuid PRIMARY KEY DEFAULT gen_random_uuid(), "status" text NOT NULL)\`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "${table}"');
  }
}
`;
  }
  if (app.stack === 'knex') {
    return d.render(`import type { Knex } from 'knex';

export async function up(knex${d.ty(': Knex')}) {
  await knex.schema.createTable('${table}', (table) => {
    table.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    table.text('status').notNullable().defaultTo('draft');
    table.timestamps(true, true);
  });
}

export async function down(knex${d.ty(': Knex')}) {
  await knex.schema.dropTable('${table}');
}
`);
  }
  return d.render(`export async function up(pgm${d.ty(': any')}) {
  pgm.sql(\`
    CREATE TABLE ${table} (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      status text NOT NULL DEFAULT 'draft',
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ${table}_status_idx ON ${table} (status);
  \`);
}

export async function down(pgm${d.ty(': any')}) {
  pgm.sql('DROP TABLE ${table}');
}
`);
}

function toolConfigFile(d, app) {
  switch (app.stack) {
    case 'drizzle':
      return { name: `drizzle.config.${app.lang}`, source: d.render(`import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  schema: './src/schema.${app.lang}',
  out: './drizzle',
  dialect: 'postgresql',
  dbCredentials: { url: process.env.DATABASE_URL_UNPOOLED${d.ty('!')} },
});
`) };
    case 'knex':
      return { name: `knexfile.${app.lang}`, source: d.render(`export default {
  client: 'pg',
  connection: process.env.DATABASE_URL_UNPOOLED,
  migrations: { directory: './migrations' },
};
`) };
    case 'prisma':
      return { name: 'prisma/schema.prisma', source: `datasource db {\n  provider  = "postgresql"\n  url       = env("DATABASE_URL")\n  directUrl = env("DATABASE_URL_UNPOOLED")\n}\n` };
    default:
      return null;
  }
}

function packageJson(app, bad) {
  const deps = {
    pg: { pg: '^8.13.0' }, neon: { '@neondatabase/serverless': '^1.0.0' }, prisma: { '@prisma/client': '^6.0.0' },
    drizzle: { 'drizzle-orm': '^0.44.0', pg: '^8.13.0' }, typeorm: { typeorm: '^0.3.20', pg: '^8.13.0' },
    knex: { knex: '^3.1.0', pg: '^8.13.0' }, sequelize: { sequelize: '^6.37.0', pg: '^8.13.0' },
    postgres: { postgres: '^3.4.0' }, kysely: { kysely: '^0.27.0', pg: '^8.13.0' },
  }[app.stack];
  const migrate = { prisma: 'prisma migrate deploy', drizzle: 'drizzle-kit migrate', typeorm: 'typeorm migration:run -d dist/data-source.js', knex: 'knex migrate:latest', sequelize: 'sequelize-cli db:migrate' }[app.stack] ?? 'node-pg-migrate up';
  const scripts = {
    dev: app.framework === 'next' ? 'next dev' : 'tsx watch src/server.ts',
    build: bad ? 'prisma db push --accept-data-loss && tsc -p .' : app.framework === 'next' ? 'next build' : 'tsc -p .',
    start: app.framework === 'next' ? 'next start' : 'node dist/server.js',
    'db:migrate': migrate,
    test: 'vitest run',
  };
  return `${JSON.stringify({ name: `@acme/${app.name}`, private: true, type: app.moduleSystem === 'cjs' ? 'commonjs' : 'module', scripts, dependencies: { [app.framework === 'next' ? 'next' : app.framework]: '*', ...deps } }, null, 2)}\n`;
}

// ---------------------------------------------------------------- BAD patterns (one per file, known rule)

const PG_URL = 'postgres://app_admin:hunter2-not-real@ep-bench-corpus-000000.us-east-2.aws.neon.tech/neondb';

/** Each BAD pattern: the rule expected to report it and a file template. */
export const BAD_PATTERNS = [
  {
    kind: 'literal-url',
    rule: 'no-hardcoded-connection-string',
    file: (d, area) => ({ path: `src/${area}/database.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { Pool } from 'pg';

export const pool = new Pool({ connectionString: '${PG_URL}' });
pool.on('error', (error) => console.error(error));
`) }),
  },
  {
    kind: 'per-request-client',
    rule: 'no-per-request-client',
    file: (d, area) => ({ path: `src/routes/${area}-report.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { Router } from 'express';
import { Client } from 'pg';

export const ${area}Report = Router();

${area}Report.get('/${area}/report', async (req, res) => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query('SELECT status, count(*) FROM orders GROUP BY status');
  await client.end();
  res.json(rows);
});
`) }),
  },
  {
    kind: 'synchronize-true',
    rule: 'no-schema-sync',
    file: (d, area) => ({ path: `src/${area}/database.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { DataSource } from 'typeorm';

export const ${area}DataSource = new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL,
  entities: [],
  synchronize: true,
});
`) }),
  },
  {
    kind: 'ddl-at-startup',
    rule: 'no-ddl-outside-migrations',
    file: (d, area) => ({ path: `src/${area}/init-db.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { pool } from '../db';

export async function initDb() {
  await pool.query(\`
    CREATE TABLE IF NOT EXISTS ${area}_events (
      id bigserial PRIMARY KEY,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )
  \`);
}
`) }),
  },
  {
    kind: 'missing-release',
    rule: 'require-client-release',
    file: (d, area) => ({ path: `src/repositories/${area}-batch.repository.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { pool } from '../db';

export async function move${pascal(area)}Batch(ids${d.ty(': string[]')}) {
  const client = await pool.connect();
  await client.query('BEGIN');
  await client.query('UPDATE ${area}_items SET moved = true WHERE id = ANY($1)', [ids]);
  await client.query('COMMIT');
  client.release();
}
`) }),
  },
  {
    kind: 'insecure-ssl',
    rule: 'no-insecure-ssl',
    file: (d, area) => ({ path: `src/${area}/database.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, ssl: { rejectUnauthorized: false } });
pool.on('error', (error) => console.error(error));
`) }),
  },
  {
    kind: 'no-error-listener',
    rule: 'require-pool-error-listener',
    file: (d, area) => ({ path: `src/${area}/database.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 5 });

export async function ping() {
  await pool.query('SELECT 1');
}
`) }),
  },
  {
    kind: 'sequelize-sync-alter',
    rule: 'no-schema-sync',
    file: (d, area) => ({ path: `src/${area}/database.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { Sequelize } from 'sequelize';

export const sequelize = new Sequelize(process.env.DATABASE_URL${d.ty(' as string')}, { dialect: 'postgres' });

export async function bootstrap() {
  await sequelize.authenticate();
  await sequelize.sync({ alter: true });
}
`) }),
  },
  {
    kind: 'edge-module-pool',
    rule: 'serverless-client-lifecycle',
    preset: 'neon',
    file: (d, area) => ({ path: `app/api/${area}/route.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { Pool } from '@neondatabase/serverless';

export const runtime = 'edge';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function GET() {
  const { rows } = await pool.query('SELECT id, name FROM ${area}_items LIMIT 20');
  return Response.json(rows);
}
`) }),
  },
  {
    kind: 'pooled-url-in-migration-config',
    rule: 'migrations-use-direct-url',
    preset: 'neon',
    file: (d, area) => ({ path: `tools/${area}/drizzle.config.${d.ts ? 'ts' : 'js'}`, source: d.render(`import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  schema: './src/schema.ts',
  out: './drizzle',
  dialect: 'postgresql',
  dbCredentials: { url: process.env.DATABASE_URL${d.ty('!')} },
});
`) }),
  },
  {
    kind: 'schema-push-in-build',
    rule: 'no-schema-push-in-scripts',
    packageJson: true,
  },
];

// ---------------------------------------------------------------- the corpus

/** Weights of the ordinary files of an app (after its fixed files). */
function ordinaryKinds(app) {
  const kinds = [
    ['util', 16], ['lib', 4], ['types', app.lang === 'ts' ? 10 : 0], ['service', 14], ['route', 13],
    ['middleware', 4], ['validator', 5], ['job', 4], ['test', 13], ['integration-test', 0.5],
    ['repository', 3], ['model', app.stack === 'typeorm' || app.stack === 'drizzle' ? 2 : 0], ['migration', 1],
  ];
  if (app.framework === 'next') kinds.push(['next-route', 6], ['next-page', app.lang === 'ts' ? 3 : 0]);
  return kinds;
}

function makeApp(index, frameworkOffset) {
  const stack = STACKS[index % STACKS.length];
  // Consecutive apps cycle through the frameworks, so even a small corpus has all of them.
  const framework = FRAMEWORKS[(index + frameworkOffset) % FRAMEWORKS.length];
  // A quarter of the apps are JavaScript (half of them CommonJS); TypeORM's decorators need TypeScript.
  const lang = index % 4 === 1 && stack !== 'typeorm' ? 'js' : 'ts';
  const moduleSystem = lang === 'js' && index % 8 === 1 ? 'cjs' : 'esm';
  return { index, name: `${ENTITIES[index % ENTITIES.length]}-${['api', 'service', 'backend', 'worker'][index % 4]}-${index}`, stack, framework, lang, moduleSystem };
}

/**
 * Builds the corpus in memory: `files` is a list of { path, source } (paths
 * relative to the corpus root), `bad` the injected BAD patterns.
 */
export function buildCorpus({ size, seed = DEFAULT_SEED, badDensity = DEFAULT_BAD_DENSITY }) {
  const rng = createRng(seed);
  const appCount = Math.max(1, Math.round(size / FILES_PER_APP));
  const frameworkOffset = rng.int(0, FRAMEWORKS.length - 1);
  const apps = Array.from({ length: appCount }, (_, i) => makeApp(i, frameworkOffset));
  const files = [];
  const taken = new Set();
  const add = (app, path, source) => {
    let full = `apps/${app.name}/${path}`;
    for (let n = 2; taken.has(full); n++) full = `apps/${app.name}/${path.replace(/(\.[a-z]+)$/, `-${n}$1`)}`;
    taken.add(full);
    files.push({ path: full, source, app: app.index });
    return full;
  };

  const badCount = Math.round(size * badDensity);

  for (const app of apps) {
    const d = makeDialect(app);
    const ext = app.lang;
    const quota = Math.round(size / appCount) + (app.index === appCount - 1 ? size - Math.round(size / appCount) * appCount : 0);
    const before = files.length;
    add(app, 'package.json', packageJson(app, false));
    add(app, `src/db.${ext}`, dbModule(d, app));
    for (const name of ['logger', 'errors', 'events', 'pagination', 'auth', 'config']) {
      if (name === 'config' && !d.ts) continue;
      add(app, `src/lib/${name}.${ext}`, libFile(rng, d, name));
    }
    const tool = toolConfigFile(d, app);
    if (tool && !tool.name.endsWith('.prisma')) add(app, tool.name, tool.source);
    if (app.stack === 'drizzle') add(app, `src/schema.${ext}`, modelFile(rng, d, app, 'user'));
    add(app, `src/server.${ext}`, d.render(`import { logger } from './lib/logger';
${app.framework === 'fastify' ? "import Fastify from 'fastify';\n\nconst app = Fastify({ logger: false });" : app.framework === 'hono' ? "import { Hono } from 'hono';\n\nconst app = new Hono();" : "import express from 'express';\n\nconst app = express();\napp.use(express.json());"}
const port = Number(process.env.PORT ?? 3000);

${app.framework === 'hono' ? 'export default app;' : `app.listen({ port }${app.framework === 'fastify' ? '' : ', () => logger.info({ port }, \'listening\')'});`}
`));
    let migrationIndex = 0;
    const kinds = ordinaryKinds(app);
    while (files.length - before < quota) {
      const kind = rng.weighted(kinds);
      const entity = rng.pick(ENTITIES);
      const kebabEntity = kebab(entity);
      switch (kind) {
        case 'util': add(app, `src/utils/${rng.pick(UTIL_TOPICS)}.${ext}`, utilFile(rng, d, rng.pick(UTIL_TOPICS))); break;
        case 'lib': add(app, `src/lib/${rng.pick(UTIL_TOPICS)}.${ext}`, utilFile(rng, d, rng.pick(UTIL_TOPICS))); break;
        case 'types': add(app, `src/types/${kebabEntity}.ts`, typesFile(rng, d, entity)); break;
        case 'service': add(app, `src/services/${kebabEntity}.service.${ext}`, serviceFile(rng, d, entity)); break;
        case 'route': add(app, `src/routes/${kebabEntity}.routes.${ext}`, routeFile(rng, d, app, entity)); break;
        case 'next-route': add(app, `app/api/${plural(kebabEntity)}/route.${ext}`, nextRouteFile(rng, d, entity)); break;
        case 'next-page': add(app, `app/${plural(kebabEntity)}/[id]/page.tsx`, nextPageFile(rng, entity)); break;
        case 'middleware': add(app, `src/middleware/${rng.pick(['auth', 'rate-limit', 'request-id', 'audit', 'tenant'])}.${ext}`, middlewareFile(rng, d)); break;
        case 'validator': add(app, `src/validators/${kebabEntity}.schema.${ext}`, validatorFile(rng, d, entity)); break;
        case 'job': add(app, `src/jobs/${kebabEntity}.job.${ext}`, jobFile(rng, d, entity)); break;
        case 'test': add(app, `test/${kebabEntity}.service.test.${ext}`, testFile(rng, d, entity)); break;
        case 'integration-test': add(app, `test/integration/${kebabEntity}.int.test.${ext}`, integrationTestFile(rng, d, entity)); break;
        case 'repository': add(app, `src/repositories/${kebabEntity}.repository.${ext}`, repositoryFile(rng, d, app, entity)); break;
        case 'model': add(app, app.stack === 'typeorm' ? `src/entities/${kebabEntity}.entity.ts` : `src/schema/${kebabEntity}.${ext}`, modelFile(rng, d, app, entity)); break;
        case 'migration': {
          migrationIndex += 1;
          const dir = app.stack === 'drizzle' ? 'drizzle' : 'migrations';
          add(app, `${dir}/${String(migrationIndex).padStart(4, '0')}_create_${snake(plural(entity))}.${app.stack === 'typeorm' ? 'ts' : ext}`, migrationFile(rng, d, app, entity, migrationIndex));
          break;
        }
        default: throw new Error(`unknown kind ${kind}`);
      }
    }
  }

  // Replace ordinary files (never the fixed ones) by BAD ones, so the file count stays `size`.
  const bad = [];
  const replaceable = files.map((file, i) => i).filter((i) => /\/src\/(utils|services|routes)\//.test(files[i].path));
  for (let n = 0; n < badCount && replaceable.length > 0; n++) {
    const pattern = BAD_PATTERNS[n % BAD_PATTERNS.length];
    const slot = replaceable.splice(rng.int(0, replaceable.length - 1), 1)[0];
    const app = apps[files[slot].app];
    const d = makeDialect(app);
    taken.delete(files[slot].path);
    files.splice(slot, 1, { path: '', source: '', app: app.index });
    let path;
    if (pattern.packageJson) {
      // A second package of the app (its worker), whose build pushes the schema.
      path = `apps/${app.name}/packages/worker-${n}/package.json`;
      files[slot] = { path, source: packageJson({ ...app, name: `${app.name}-worker-${n}` }, true), app: app.index };
    } else {
      const area = `${ENTITIES[(n * 5) % ENTITIES.length]}${n}`;
      const file = pattern.file(d, area);
      path = `apps/${app.name}/${file.path}`;
      files[slot] = { path, source: file.source, app: app.index };
    }
    taken.add(path);
    bad.push({ path, kind: pattern.kind, rule: pattern.rule, preset: pattern.preset ?? 'recommended' });
  }
  return { files, bad, apps };
}

/** Writes the corpus (reusing it when the same parameters were written before) and returns its directory and manifest. */
export function writeCorpus({ size, seed = DEFAULT_SEED, badDensity = DEFAULT_BAD_DENSITY, out, force = false }) {
  const dir = resolve(out ?? join(CORPUS_ROOT, `synthetic-${size}-s${seed}-d${badDensity}`));
  const manifestPath = `${dir}.manifest.json`;
  if (!force && existsSync(manifestPath) && existsSync(dir)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.generatorVersion === GENERATOR_VERSION) return { dir, manifestPath, manifest };
  }
  const { files, bad, apps } = buildCorpus({ size, seed, badDensity });
  rmSync(dir, { recursive: true, force: true });
  // The corpus stands for a checked-out repository: a workspace root with its own
  // package.json, and a `.git` folder that marks it as its own repository root,
  // so tools that honour .gitignore files up to the repository root (the codemod
  // CLI does) do not apply this repository's `bench/.corpus/` rule to it.
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist/\n.env\n');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'acme-backends', private: true, workspaces: ['apps/*', 'apps/*/packages/*'] }, null, 2)}\n`);
  let bytes = 0;
  let lines = 0;
  const byExtension = {};
  for (const file of files) {
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.source);
    bytes += Buffer.byteLength(file.source);
    lines += file.source.split('\n').length - 1;
    const ext = file.path.slice(file.path.lastIndexOf('.') + 1);
    byExtension[ext] = (byExtension[ext] ?? 0) + 1;
  }
  const driverPattern = /from '(pg|postgres|@prisma\/client|drizzle-orm[^']*|typeorm|knex|sequelize|kysely|@neondatabase\/serverless)'|require\('(pg|postgres|knex|sequelize)'\)/;
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    size,
    seed,
    badDensity,
    files: files.length,
    bytes,
    lines,
    byExtension,
    filesImportingADriver: files.filter((f) => driverPattern.test(f.source)).length,
    apps: apps.map(({ name, stack, framework, lang, moduleSystem }) => ({ name, stack, framework, lang, moduleSystem })),
    bad,
    expectedByRule: bad.reduce((acc, b) => ({ ...acc, [b.rule]: (acc[b.rule] ?? 0) + 1 }), {}),
  };
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, manifestPath, manifest };
}

function parseArgs(argv) {
  const args = { size: 1000, seed: DEFAULT_SEED, badDensity: DEFAULT_BAD_DENSITY, out: undefined, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--size') args.size = Number(argv[++i]);
    else if (arg === '--seed') args.seed = Number(argv[++i]);
    else if (arg === '--bad-density') args.badDensity = Number(argv[++i]);
    else if (arg === '--out') args.out = argv[++i];
    else if (arg === '--force') args.force = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.size) || args.size < 1) throw new Error('--size must be a positive integer');
  return args;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { dir, manifest } = writeCorpus(parseArgs(process.argv.slice(2)));
  console.log(`${dir}: ${manifest.files} files, ${manifest.lines} lines, ${manifest.filesImportingADriver} import a driver, ${manifest.bad.length} BAD patterns`);
}
