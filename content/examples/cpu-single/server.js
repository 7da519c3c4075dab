// One process, one thread running JavaScript: while a handler computes, nothing else runs.
// Not another request, not a timer. (Python's GIL gives threads the same problem for CPU work,
// which is why CPU-bound servers use several processes: see the next example.)
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');
const SLOW_MS = 1500; // every busy loop here is bounded

// CPU-bound work: keep the thread busy until the deadline. No await, so the event loop is stuck.
function busyFor(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // stands in for real work: hashing, parsing, resizing images
  }
}

const server = http.createServer((req, res) => {
  res.setHeader('x-pid', process.pid);
  if (req.url === '/slow') {
    console.log(`/slow: pid ${process.pid} starts ${SLOW_MS} ms of CPU work`);
    busyFor(SLOW_MS);
    console.log(`/slow: pid ${process.pid} is free again`);
    res.end(`/slow: pid ${process.pid} computed for ${SLOW_MS} ms\n`);
  } else if (req.url === '/fast') {
    res.end(`/fast: pid ${process.pid} answered at once\n`);
  } else {
    res.end('try GET /slow, and GET /fast while it runs\n');
  }
});
const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => lab.listening(port));
