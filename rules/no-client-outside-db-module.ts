import { createRule } from '../src/create-rule';
import { constructionUnits, opensConnections } from '../src/estree/client-lifecycle';
import { contextFileRoles } from '../src/estree/context';
import { runsMigrations } from '../src/estree/migration-shape';
import { mayConstructClients } from '../src/estree/module-tracking';

type Options = [];
type MessageIds = 'clientOutsideDbModule';

export default createRule<Options, MessageIds>({
  name: 'no-client-outside-db-module',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow creating database clients outside the db module',
      recommended: 'strict',
    },
    schema: [],
    defaultOptions: [],
    messages: {
      clientOutsideDbModule:
        '{{display}} creates a database client outside the db module. Every extra pool opens its own connections (Neon caps them per compute), and every extra client repeats the connection settings; import the shared client from the db module instead (`settings.neon.dbModule`, by default `db.*`, `db/*`, `database.*`, `database/index.*`, `prisma.*`, `prisma/index.*`, or the `src/` of a `db` or `database` package).',
    },
  },
  create(context) {
    // File-level gate: a file that constructs no client gets no listeners at all.
    if (!mayConstructClients(context.sourceCode.text)) return {};
    return {
      'Program:exit'() {
        const units = constructionUnits(context.sourceCode);
        if (units.length === 0) return;
        const roles = contextFileRoles(context);
        if (roles.dbModule || roles.migration || roles.test || roles.toolConfig || roles.script) return;
        if (runsMigrations(context.sourceCode)) return;
        // `drizzle(new Pool())` is one client, reported at the outermost construction; `drizzle(pool)` and
        // `new PrismaClient({ adapter: new PrismaPg(pool) })` wrap one built elsewhere; an adapter alone connects nothing.
        for (const unit of units) {
          const { node, spec, driver } = unit.construction;
          if ((spec.kind === 'wrapper' || driver.adapterOption || driver.driverAdapter) && !opensConnections(unit, context.sourceCode)) continue;
          context.report({ node, messageId: 'clientOutsideDbModule', data: { display: spec.display } });
        }
      },
    };
  },
});
