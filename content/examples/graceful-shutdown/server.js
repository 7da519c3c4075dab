// Drain in-flight requests on SIGTERM, as uvicorn and gunicorn do on a deploy or a scale-down.
// A SIGTERM listener replaces Node's default (exit at once, cutting requests off mid-way).
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');
const SLOW_MS = 2000;
const DEADLINE_MS = 5000; // drain at most this long, then cut what is left and exit
// Set to false to see server.close() alone: a keep-alive client (tick Keep-alive) then holds the
// shutdown open until the deadline ends it with code 1.
const DRAIN_KEEP_ALIVE = true;
let draining = false;
const open = new Set(); // responses not finished yet

const server = http.createServer((req, res) => {
  open.add(res);
  res.on('close', () => {
    open.delete(res); // finished, or the client went away
    // Its connection may now be idle but kept alive: close it rather than wait for the client.
    if (draining && DRAIN_KEEP_ALIVE) server.closeIdleConnections();
  });
  // A request that arrives during the drain on a connection that is still open gets served,
  // and told that this connection ends with it.
  if (draining && DRAIN_KEEP_ALIVE) res.setHeader('connection', 'close');
  res.setHeader('x-pid', process.pid);
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/slow') {
    // ?sigterm: also send this process SIGTERM 0.5 s from now, as `kill <pid>` or an orchestrator would.
    if (url.searchParams.has('sigterm')) setTimeout(() => process.kill(process.pid, 'SIGTERM'), 500);
    console.log(`/slow started in pid ${process.pid}, ${SLOW_MS} ms to go`);
    setTimeout(() => res.end(`/slow finished after ${SLOW_MS} ms in pid ${process.pid}\n`), SLOW_MS);
  } else {
    res.end(`pid ${process.pid} is serving; try GET /slow?sigterm\n`);
  }
});
const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => lab.listening(port));

// once: a second SIGTERM gets Node's default again and ends the process at once.
process.once('SIGTERM', () => {
  draining = true;
  // A keep-alive client reuses a connection after its response. Responses still in flight
  // answer with `Connection: close`, so Node closes each connection once its response is sent.
  if (DRAIN_KEEP_ALIVE) for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
  // close() stops accepting and closes the connections idle right now, nothing more: a connection
  // busy now stays open after its response unless told otherwise (above). The callback runs once
  // every connection has closed.
  server.close(() => {
    console.log('all requests finished: exiting with code 0');
    process.exit(0);
  });
  // Logged after close(), which has already shut the listening socket: whoever reads this line and
  // connects is refused. Logged before it, a client that is quick enough could still get in.
  console.log(`got SIGTERM: ${open.size} request(s) in flight; no new connections from now on`);
  // The hard deadline: a request that never finishes must not keep the process alive for ever.
  setTimeout(() => {
    console.log(`still ${open.size} request(s) after ${DEADLINE_MS} ms: closing them and exiting with code 1`);
    server.closeAllConnections();
    process.exit(1);
  }, DEADLINE_MS).unref();
});
