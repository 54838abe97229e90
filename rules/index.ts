// One entry per file in this folder, in alphabetical order; test/plugin.test.ts checks it against the folder.
import migrationsUseDirectUrl from './migrations-use-direct-url';
import noClientOutsideDbModule from './no-client-outside-db-module';
import noDdlOutsideMigrations from './no-ddl-outside-migrations';
import noHardcodedConnectionString from './no-hardcoded-connection-string';
import noInsecureSsl from './no-insecure-ssl';
import noPerRequestClient from './no-per-request-client';
import noSchemaPushInScripts from './no-schema-push-in-scripts';
import noSchemaSync from './no-schema-sync';
import requireClientRelease from './require-client-release';
import requirePoolErrorListener from './require-pool-error-listener';
import serverlessClientLifecycle from './serverless-client-lifecycle';

export const rules = {
  'migrations-use-direct-url': migrationsUseDirectUrl,
  'no-client-outside-db-module': noClientOutsideDbModule,
  'no-ddl-outside-migrations': noDdlOutsideMigrations,
  'no-hardcoded-connection-string': noHardcodedConnectionString,
  'no-insecure-ssl': noInsecureSsl,
  'no-per-request-client': noPerRequestClient,
  'no-schema-push-in-scripts': noSchemaPushInScripts,
  'no-schema-sync': noSchemaSync,
  'require-client-release': requireClientRelease,
  'require-pool-error-listener': requirePoolErrorListener,
  'serverless-client-lifecycle': serverlessClientLifecycle,
};
