// Compute once in the primary, send a copy to each worker: Node's closest cousin of gunicorn --preload.
// gunicorn forks: workers inherit the master's memory (copy-on-write). Node has no fork(2):
// cluster.fork() starts a brand-new node process that runs this file from the top, so a worker
// gets the primary's data only as a message over the IPC channel, i.e. a serialized copy.
const PRELOAD = true; // try false, then Restart: each worker computes the table itself

const cluster = require('node:cluster');
const http = require('node:http');
const lab = require('./lab.js');
const { buildTable } = require('./table.js');
const WORKERS = 2;
const port = Number(process.env.PORT) || 3000;

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
  cluster.on('exit', (worker, code, signal) => lab.exited(worker.process.pid, code, signal));

  const table = PRELOAD ? buildTable() : null; // runs once, here, before any worker exists
  for (let i = 0; i < WORKERS; i++) {
    let worker;
    try {
      worker = cluster.fork();
    } catch (err) {
      unavailable(err.message);
    }
    if (PRELOAD) worker.send({ table }); // queued until the worker listens for messages
  }
} else {
  lab.start('worker');
  let table;
  let source;
  const serve = () => {
    http.createServer((req, res) => {
      res.setHeader('x-pid', process.pid);
      res.end(`pid ${process.pid}: table of ${table.size} primes (largest ${table.largest}), ${source}\n`);
    }).listen(port, '127.0.0.1', () => lab.listening(port));
  };
  if (PRELOAD) {
    process.once('message', (message) => {
      table = message.table; // a copy: changing it here changes nothing in the primary or the other worker
      source = `received from the primary (pid ${table.builtBy}) over IPC`;
      console.log(`worker ${process.pid} received the table from pid ${table.builtBy} (a serialized copy)`);
      serve();
    });
  } else {
    table = buildTable();
    source = 'computed in this worker';
    serve();
  }
}
