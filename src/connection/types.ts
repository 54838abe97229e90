/** What a Postgres URL or key=value DSN says, decoded. Absent fields were not given. */
export interface ConnectionInfo {
  readonly kind: 'url' | 'dsn';
  readonly user?: string;
  readonly password?: string;
  /** every host named (libpq accepts several); empty means libpq's default, the local socket */
  readonly hosts: readonly string[];
  readonly port?: string;
  readonly database?: string;
  /** the remaining parameters: URL query or DSN keywords (`sslmode`, `options`, ...) */
  readonly params: ReadonlyMap<string, string>;
}
