// Serves a Web-standard app, a module whose default export has `fetch(Request): Response` (Hono,
// Workers-style), on PORT, as @hono/node-server or a Workers runtime would:
//   node serve-fetch.cjs <compiled module>
// node:http request → Request → app.fetch → Response → node:http response. Nothing more.
'use strict';

const http = require('node:http');
const path = require('node:path');

const loaded = require(path.resolve(process.argv[2]));
const app = loaded.default ?? loaded;
if (typeof app.fetch !== 'function') throw new Error(`${process.argv[2]}: the default export has no fetch()`);

async function toRequest(incoming) {
  const chunks = [];
  for await (const chunk of incoming) chunks.push(chunk);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    for (const one of [value].flat()) if (one !== undefined) headers.append(name, one);
  }
  const hasBody = incoming.method !== 'GET' && incoming.method !== 'HEAD';
  return new Request(new URL(incoming.url, `http://${incoming.headers.host}`), {
    method: incoming.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

http
  .createServer(async (incoming, outgoing) => {
    try {
      const response = await app.fetch(await toRequest(incoming));
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    } catch (error) {
      console.error(error);
      outgoing.writeHead(500).end();
    }
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
