// Refork in cluster.on('exit'): the few lines that make a node:cluster primary a supervisor,
// like gunicorn's arbiter or uvicorn's --workers (0.30+), which replace dead workers for you.
// The replacement is a new process: its module code runs again, with fresh globals.
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

  const deaths = []; // times of recent deaths: a worker that dies at once must not refork forever
  cluster.on('exit', (worker, code, signal) => {
    lab.exited(worker.process.pid, code, signal);
    deaths.push(Date.now());
    if (deaths.filter((t) => t > Date.now() - 10_000).length > 5) {
      console.log('primary: more than 5 workers died within 10 s; not reforking any more (fix the code, then Restart)');
      return;
    }
    const replacement = cluster.fork();
    console.log(`primary: worker ${worker.process.pid} died (${signal || `code ${code}`}); forked worker ${replacement.process.pid} to replace it`);
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
