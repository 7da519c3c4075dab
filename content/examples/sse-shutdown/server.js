// An open event stream holds up shutdown. server.close() stops accepting and waits for every open
// connection to end, but a Server-Sent Events (or WebSocket) connection never ends by itself.
// Coming from Python: uvicorn waits for it too, unless --timeout-graceful-shutdown is set;
// gunicorn kills the worker after graceful_timeout.
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');
const TICK_MS = 500;
const DEADLINE_MS = 3000; // how long shutdown waits for streams before cutting them
const streams = new Set();

const server = http.createServer((req, res) => {
  res.setHeader('x-pid', process.pid);
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname !== '/events') return res.end(`pid ${process.pid} is serving; open GET /events?sigterm\n`);
  // ?sigterm: also send this process SIGTERM 1 s from now, as `kill <pid>` or a deploy would.
  if (url.searchParams.has('sigterm')) setTimeout(() => process.kill(process.pid, 'SIGTERM'), 1000);
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  streams.add(res);
  console.log(`stream opened (${streams.size} open)`);
  let n = 0;
  const timer = setInterval(() => {
    n += 1;
    res.write(`data: tick ${n}\n\n`);
    console.log(`tick ${n} sent${shuttingDown ? ' (still open during shutdown)' : ''}`);
  }, TICK_MS);
  res.on('close', () => {
    clearInterval(timer);
    streams.delete(res);
    console.log(`stream closed after ${n} tick(s) (${streams.size} open)`);
  });
});
const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => lab.listening(port));

let shuttingDown = false;
process.once('SIGTERM', () => {
  shuttingDown = true;
  const started = Date.now();
  console.log(`got SIGTERM: close() stops accepting; ${streams.size} stream(s) still open, and close() waits for them`);
  server.close(() => {
    console.log(`close() called back after ${Date.now() - started} ms: exiting with code 0`);
    process.exit(0);
  });
  // The deadline: without it, this process would wait as long as a client keeps its stream open.
  setTimeout(() => {
    console.log(`deadline of ${DEADLINE_MS} ms: closeAllConnections() cuts ${streams.size} stream(s)`);
    server.closeAllConnections();
  }, DEADLINE_MS).unref();
});
