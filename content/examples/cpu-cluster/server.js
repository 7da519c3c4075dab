// The same /slow and /fast, served by 2 worker processes. While one worker computes, the other
// serves: the primary hands connections to the workers in turn (round robin, not knowing which is
// busy). This is what `uvicorn --workers 2` or gunicorn give a CPU-bound Python app: more
// processes, since more threads would not help under the GIL.
const cluster = require('node:cluster');
const http = require('node:http');
const lab = require('./lab.js');

const WORKERS = 2;
const SLOW_MS = 1500; // every busy loop here is bounded

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
  try {
    for (let i = 0; i < WORKERS; i++) cluster.fork(); // a new node process running this file
  } catch (err) {
    unavailable(err.message);
  }
} else {
  lab.start('worker');
  const server = http.createServer((req, res) => {
    res.setHeader('x-pid', process.pid);
    if (req.url === '/slow') {
      console.log(`/slow: worker ${process.pid} starts ${SLOW_MS} ms of CPU work`);
      const end = Date.now() + SLOW_MS;
      while (Date.now() < end) {
        // stands in for real work; this worker's event loop is stuck until the deadline
      }
      console.log(`/slow: worker ${process.pid} is free again`);
      res.end(`/slow: worker ${process.pid} computed for ${SLOW_MS} ms\n`);
    } else if (req.url === '/fast') {
      res.end(`/fast: worker ${process.pid} answered at once\n`);
    } else {
      res.end('try GET /slow, and GET /fast while it runs\n');
    }
  });
  const port = Number(process.env.PORT) || 3000;
  server.listen(port, '127.0.0.1', () => lab.listening(port)); // workers share the primary's port
}
