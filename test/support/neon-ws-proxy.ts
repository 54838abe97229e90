import net from 'node:net';
import path from 'node:path';

import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Neon's WebSocket proxy, so that the real
 * `@neondatabase/serverless` Pool/Client can talk to a test server. The driver
 * speaks the Postgres protocol inside WebSocket frames; Neon's proxy unwraps
 * them and routes the connection to the endpoint's compute. This one forwards
 * every connection, whatever host the app's URL names, to one PostgreSQL
 * server over TCP, and closes the WebSocket when the server closes the socket
 * (as after `pg_terminate_backend`).
 *
 * A child process under test loads {@link NEON_LOCAL_PRELOAD} with
 * `node --require`, with {@link NeonWsProxy.env} in its environment: the app's
 * own code stays as it is.
 */

/** Points the driver at the proxy named by `NEON_WS_PROXY` (see the file). */
export const NEON_LOCAL_PRELOAD = path.join(__dirname, 'neon-local-preload.cjs');

export interface NeonWsProxy {
  readonly port: number;
  /** what a child process needs in its environment for {@link NEON_LOCAL_PRELOAD} */
  readonly env: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

export function startNeonWsProxy(target: { readonly host: string; readonly port: number }): Promise<NeonWsProxy> {
  const sockets = new Set<net.Socket>();
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (ws: WebSocket) => {
    const tcp = net.connect(target.port, target.host);
    sockets.add(tcp);
    ws.on('message', (data: Buffer) => tcp.write(data));
    ws.on('close', () => tcp.destroy());
    ws.on('error', () => tcp.destroy());
    tcp.on('data', (data) => ws.send(data));
    tcp.on('close', () => {
      sockets.delete(tcp);
      ws.close();
    });
    tcp.on('error', () => ws.terminate());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        env: { NEON_WS_PROXY: `127.0.0.1:${port}` },
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            for (const client of server.clients) client.terminate();
            server.close(() => done());
          }),
      });
    });
  });
}
