// A big object in every worker: memory grows with the worker count.
// Coming from Python: a 40 MB "model" loaded at import, then `uvicorn --workers N`. Every worker
// process loads its own copy. node:cluster starts fresh processes (no fork(2), so nothing is shared
// copy-on-write either): N workers hold N copies.
const cluster = require('node:cluster');
const http = require('node:http');
const lab = require('./lab.js');

const WORKERS = 2; // try 4, then Restart: the total grows by one model per worker
const MODEL_MB = 40;
const MB = 1024 * 1024;
const mb = (bytes) => Math.round(bytes / MB);
const port = Number(process.env.PORT) || 3000;

if (cluster.isPrimary) {
  lab.start('primary');
  // Each worker reports its resident memory (RSS) once it has loaded the model and listens.
  const rss = new Map();
  cluster.on('message', (worker, message) => {
    rss.set(worker.process.pid, message.rss);
    console.log(`worker ${worker.process.pid}: rss ${mb(message.rss)} MB`);
    if (rss.size === WORKERS) {
      const total = [...rss.values()].reduce((a, b) => a + b, 0);
      console.log(`${WORKERS} workers x ${MODEL_MB} MB model: workers' rss adds up to ${mb(total)} MB (primary alone: ${mb(process.memoryUsage().rss)} MB)`);
    }
  });
  cluster.on('exit', (worker, code, signal) => lab.exited(worker.process.pid, code, signal));
  for (let i = 0; i < WORKERS; i++) {
    try {
      cluster.fork();
    } catch (err) {
      console.log(`node:cluster is not available here (${err.message}): run this example with local Node`);
      process.exit(1);
    }
  }
} else {
  lab.start('worker');
  // Stands in for model weights loaded at startup. Filled with data, so the pages are really
  // resident (an untouched zeroed allocation may not be counted in RSS yet).
  const model = Buffer.alloc(MODEL_MB * MB, 1);
  http
    .createServer((req, res) => {
      res.setHeader('x-pid', process.pid);
      const { rss } = process.memoryUsage();
      res.end(`worker ${process.pid}: model ${mb(model.length)} MB, rss ${mb(rss)} MB\n`);
    })
    .listen(port, '127.0.0.1', () => {
      lab.listening(port);
      process.send({ rss: process.memoryUsage().rss });
    });
}
