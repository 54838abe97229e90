/** Types of postgres.mjs: a throw-away PostgreSQL server for the tests and the demo. */

export type PostgresSource = 'external' | 'system' | 'embedded';

export interface PostgresServer {
  readonly source: PostgresSource;
  /** superuser URL of the maintenance database, e.g. `postgres://postgres@127.0.0.1:54012/postgres` */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly user: string;
  /** folder of the server binaries; the embedded package ships only `postgres`, `initdb` and `pg_ctl` */
  readonly binDir: string | undefined;
  /** absolute path of a client tool (`pg_dump`, `psql`, ...) from `binDir` or PATH, or undefined when there is none */
  tool(name: string): string | undefined;
  /** creates an empty database (a random name unless given) and returns its URL; dropped by `stop()` on an external server */
  createDatabase(name?: string): Promise<string>;
  /** stops the server and removes its data folder; safe to call twice */
  stop(): Promise<void>;
}

export interface ServerBinaries {
  readonly binDir: string;
  readonly postgres: string;
  readonly initdb: string;
}

export function choosePostgresSource(env: NodeJS.ProcessEnv, hasSystemBinaries: () => boolean): PostgresSource;
export function findSystemBinaries(): ServerBinaries | undefined;
export function findEmbeddedBinaries(): ServerBinaries;
export function startPostgres(options?: { source?: PostgresSource }): Promise<PostgresServer>;
