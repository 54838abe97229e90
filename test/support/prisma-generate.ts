import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../../node_modules/.bin');

/**
 * `prisma generate`, offline, of `schema` (a whole schema.prisma) in `folder`.
 * Prisma 6's CLI fetches engines from binaries.prisma.sh before any command,
 * except with a query-compiler generator (`engineType = "client"`) and a
 * prisma.config.ts that gives migrations a driver adapter: the schema must
 * carry that generator setting, and the config's adapter is never called.
 * Returns the CLI's output when it fails.
 */
export function generatePrismaClient(folder: string, schema: string, databaseUrl = 'postgresql://generate@localhost/only'): { status: number | null; output: string } {
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, 'schema.prisma'), schema);
  fs.writeFileSync(
    path.join(folder, 'prisma.config.ts'),
    "import { defineConfig } from 'prisma/config';\n\n" +
      "export default defineConfig({ experimental: { adapter: true }, engine: 'js', adapter: () => Promise.reject(new Error('generate only')) });\n",
  );
  const result = spawnSync(path.join(BIN, 'prisma'), ['generate', '--config', 'prisma.config.ts', '--schema', 'schema.prisma'], {
    cwd: folder,
    encoding: 'utf8',
    // The datasource reads DATABASE_URL; unset, the CLI falls back to the default engine (and its download). Nothing connects.
    env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
