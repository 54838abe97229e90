import { createRule } from '../src/create-rule';
import { contextFileRoles } from '../src/estree/context';
import { getClientConstructions } from '../src/estree/module-tracking';

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
        '{{display}} creates a database client outside the db module. Every extra pool or client opens its own connections (Neon caps them per compute) and repeats the connection settings; import the shared client from the db module instead (`settings.neon.dbModule`, by default `db.*`, `db/index.*`, `database.*` or `prisma.*`).',
    },
  },
  create(context) {
    return {
      'Program:exit'() {
        const roles = contextFileRoles(context);
        if (roles.dbModule || roles.migration || roles.test || roles.toolConfig) return;
        const constructions = getClientConstructions(context.sourceCode);
        for (const { node, spec } of constructions) {
          // `drizzle(new Pool())` is one client: report the outermost construction only.
          const nested = constructions.some(
            (outer) => outer.node !== node && outer.node.range[0] <= node.range[0] && node.range[1] <= outer.node.range[1],
          );
          if (!nested) context.report({ node, messageId: 'clientOutsideDbModule', data: { display: spec.display } });
        }
      },
    };
  },
});
