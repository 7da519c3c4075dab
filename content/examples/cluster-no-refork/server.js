// Kill a worker and the pool shrinks: node:cluster does NOT replace dead workers by itself.
// gunicorn's arbiter and uvicorn's --workers supervisor (since 0.30) refork for you; in Node you
// write that yourself in cluster.on('exit') (next example), or let PM2 do it.
const cluster = require('node:cluster');
const http = require('node:http');
const lab = require('./lab.js');

const WORKERS = 2;

if (cluster.isPrimary) {
  lab.start('primary');
  // Say so if this runtime cannot run node:cluster, instead of waiting silently.
  const unavailable = (why) => {
    console.error(`node:cluster is not available here (${why}). This example needs real worker processes:`);
    console.error('switch the sandbox to "local Node", or run it with Node on your own machine.');
    process.exit(1);
  };
  let online = 0;
  cluster.on('online', () => online++);
  setTimeout(() => online === 0 && unavailable('no worker came online within 5 s'), 5000).unref();
  try {
    for (let i = 0; i < WORKERS; i++) cluster.fork();
  } catch (err) {
    unavailable(err.message);
  }

  cluster.on('exit', (worker, code, signal) => {
    lab.exited(worker.process.pid, code, signal);
    const left = Object.keys(cluster.workers).length;
    console.log(`primary: worker ${worker.process.pid} died (${signal || `code ${code}`}); not replaced, ${left} worker(s) left`);
    if (left === 0) console.log('primary: no workers left and nothing else to do, so the primary exits too');
  });
} else {
  lab.start('worker');
  const server = http.createServer((req, res) => {
    res.setHeader('x-pid', process.pid);
    if (req.url === '/crash') {
      // Leave the pool first (else a connection the primary hands over at the moment of death is
      // lost: its client waits until it times out), answer, then die with code 1 as a crash would.
      server.close();
      res.end(`worker ${process.pid} exits with code 1 now\n`, () => process.exit(1));
    } else {
      res.end(`worker ${process.pid} answered ${req.url}\n`);
    }
  });
  const port = Number(process.env.PORT) || 3000;
  server.listen(port, '127.0.0.1', () => lab.listening(port));
}
