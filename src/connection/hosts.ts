import { isPlaceholderHost } from './placeholders';

/**
 * Where a host points.
 *
 * `local` means a database on the developer's machine or private network that
 * no credential leak exposes: loopback (`localhost`, `*.localhost`,
 * `127.0.0.0/8`, `::1`), the unspecified address (`0.0.0.0`, `::`), Docker's
 * host aliases (`host.docker.internal`, `gateway.docker.internal`,
 * `host.containers.internal`), a unix socket directory (`/var/run/postgresql`,
 * `%2Fvar%2Frun%2Fpostgresql`), no host at all (libpq's default socket), and
 * single-label names such as `db` or `postgres`, which only resolve inside a
 * docker-compose or cluster network.
 * `placeholder` is a documentation stand-in or a dynamic hole; everything
 * else is `remote`.
 */
export type HostClass = 'local' | 'placeholder' | 'remote';

const LOCAL_NAMES = new Set([
  'localhost',
  '0.0.0.0',
  '::',
  '::1',
  '0:0:0:0:0:0:0:1',
  'host.docker.internal',
  'gateway.docker.internal',
  'host.containers.internal',
]);

function normalizeHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

export function isLocalHost(host: string): boolean {
  const name = normalizeHost(host);
  if (name === '' || name.startsWith('/') || name.startsWith('%2f')) return true;
  if (LOCAL_NAMES.has(name) || name.endsWith('.localhost')) return true;
  if (/^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name)) return true;
  // A single DNS label (no dot, not an IPv6 literal) never resolves on the public internet.
  return /^[a-z0-9_-]+$/.test(name) && !/^\d+$/.test(name);
}

export function classifyHost(host: string): HostClass {
  if (isPlaceholderHost(host)) return 'placeholder';
  return isLocalHost(host) ? 'local' : 'remote';
}

/** The most exposed class among several hosts (libpq accepts `host=a,b`): remote, then placeholder, then local. */
export function classifyHosts(hosts: readonly string[]): HostClass {
  let result: HostClass = 'local';
  for (const host of hosts) {
    const kind = classifyHost(host);
    if (kind === 'remote') return kind;
    if (kind === 'placeholder') result = kind;
  }
  return result;
}

/** A Neon endpoint: `ep-….neon.tech` (pooled or direct). */
export function isNeonHost(host: string): boolean {
  const name = normalizeHost(host);
  return name === 'neon.tech' || name.endsWith('.neon.tech');
}

/** Neon's pooled (PgBouncer, transaction mode) endpoint: `-pooler` ends the first label. */
export function isNeonPooledHost(host: string): boolean {
  return isNeonHost(host) && normalizeHost(host).split('.')[0].endsWith('-pooler');
}
