// Loaded with `node --require` into an app under test (see neon-ws-proxy.ts): the app's
// @neondatabase/serverless connects to the test's WebSocket proxy instead of Neon. It resolves the
// same installed copy of the driver as the app, so the settings below are the app's settings.
'use strict';

const { neonConfig } = require('@neondatabase/serverless');

// Node 22 has a global WebSocket, which the driver uses by default; give older Node the same.
globalThis.WebSocket ??= require('ws');

const proxy = process.env.NEON_WS_PROXY;
if (proxy) {
  neonConfig.wsProxy = () => `${proxy}/v2`;
  // Plain ws:// to the local proxy; Neon's is wss://.
  neonConfig.useSecureWebSocket = false;
  // Pipelining sends the password before the server asks for one; the test server trusts local
  // connections and asks for none, so wait for its authentication request instead.
  neonConfig.pipelineConnect = false;
}
