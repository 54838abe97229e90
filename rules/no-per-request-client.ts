import type { TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule';
import {
  constructionUnits,
  isCachedAcrossCalls,
  isClosedLocally,
  opensConnections,
  readsHyperdriveBinding,
  usesEdgeWebSocket,
} from '../src/estree/client-lifecycle';
import { describeRequestScope, requestScopeThroughCalls } from '../src/estree/handlers';
import { mayConstructClients } from '../src/estree/module-tracking';
import { isEdgeOrWorkerFile } from '../src/estree/runtime';

type Options = [];
type MessageIds = 'perRequestClient' | 'perRequestConnection';

export default createRule<Options, MessageIds>({
  name: 'no-per-request-client',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow creating database clients inside request handlers and loops',
      recommended: 'recommended',
      relaxIn: ['tests'],
    },
    schema: [],
    defaultOptions: [],
    messages: {
      perRequestClient:
        "`{{display}}` from '{{module}}' is created inside {{scope}}, so each request (or iteration) opens new database connections: " +
        "under load this exhausts Neon's connection limit (max_connections), pays a TCP + TLS handshake and a possible cold start every time, " +
        'and leaks the connections nobody closes. Create the client once at module scope or in your db module and import it; on the edge, use `neon()` from @neondatabase/serverless.',
      perRequestConnection:
        "`{{display}}` from '{{module}}' is created and closed inside {{scope}}: each request (or iteration) still pays a new connection's " +
        "TCP + TLS handshake and a possible cold start, and concurrent requests can exhaust Neon's max_connections. " +
        'Create one pool at module scope or in your db module and use `pool.query()`; on the edge, use `neon()` from @neondatabase/serverless.',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // File-level gate: a file that constructs no client gets no listeners at all.
    if (!mayConstructClients(sourceCode.text)) return {};
    return {
      Program() {
        const units = constructionUnits(sourceCode);
        if (units.length === 0) return;
        const edgeFile = isEdgeOrWorkerFile(context);
        const isCachedCall = (call: TSESTree.CallExpression): boolean => isCachedAcrossCalls(call, sourceCode);
        for (const unit of units) {
          const node = unit.construction.node;
          if (!opensConnections(unit, sourceCode) || isCachedAcrossCalls(node, sourceCode)) continue;
          // In edge/worker files a WebSocket client must be made per request: serverless-client-lifecycle checks it is closed.
          const webSocket = usesEdgeWebSocket(unit, sourceCode);
          if (webSocket && edgeFile) continue;
          const scope = requestScopeThroughCalls(node, context, isCachedCall);
          if (!scope || readsHyperdriveBinding(unit, sourceCode)) continue;
          const closed = isClosedLocally(unit.construction, sourceCode);
          // DESIGN: a Neon serverless Pool/Client closed in its handler is the documented per-request pattern.
          if (closed && webSocket) continue;
          context.report({
            node,
            messageId: closed ? 'perRequestConnection' : 'perRequestClient',
            data: { display: unit.construction.spec.display, module: unit.construction.module, scope: describeRequestScope(scope) },
          });
        }
      },
    };
  },
});
