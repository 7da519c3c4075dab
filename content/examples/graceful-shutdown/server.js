// Drain in-flight requests on SIGTERM, as uvicorn and gunicorn do on a deploy or a scale-down.
// A SIGTERM listener replaces Node's default (exit at once, cutting requests off mid-way).
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');
const SLOW_MS = 2000;
const DEADLINE_MS = 5000; // drain at most this long, then exit anyway
let inFlight = 0;

const server = http.createServer((req, res) => {
  inFlight += 1;
  res.on('close', () => (inFlight -= 1)); // finished, or the client went away
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
  console.log(`got SIGTERM: ${inFlight} request(s) in flight; no new connections from now on`);
  // close() stops accepting connections and (since Node 19) closes idle keep-alive ones. Its
  // callback runs once the last open connection has finished.
  server.close(() => {
    console.log('all requests finished: exiting with code 0');
    process.exit(0);
  });
  setTimeout(() => {
    console.log(`still ${inFlight} request(s) after ${DEADLINE_MS} ms: exiting anyway with code 1`);
    process.exit(1);
  }, DEADLINE_MS).unref();
});
