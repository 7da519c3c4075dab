// Threads share one process. The main thread starts two worker_threads from this same file.
// Each thread gets its own V8 isolate, event loop and module cache, so the module code below runs
// once per thread (3 times in all), yet process.pid is the same everywhere: no new process exists.
// (Python's threads share one interpreter and its globals; these threads share nothing but the
// process, and talk by messages.)
const { Worker, isMainThread, parentPort, threadId } = require('node:worker_threads');
const http = require('node:http');
const lab = require('./lab.js');

lab.start(isMainThread ? 'single' : 'thread');
console.log(`module scope evaluated: thread ${threadId}, pid ${process.pid}`);

if (isMainThread) {
  // The main thread owns the socket and hands each request to the threads in turn.
  const threads = [new Worker(__filename), new Worker(__filename)];
  const waiting = new Map(); // request id -> response, until a thread answers
  let nextId = 0;
  for (const thread of threads) {
    thread.on('message', ({ id, text }) => {
      waiting.get(id)?.end(text);
      waiting.delete(id);
    });
    thread.on('error', (err) => console.error(`thread ${thread.threadId} failed: ${err.message}`));
  }

  const server = http.createServer((req, res) => {
    const id = nextId++;
    res.setHeader('x-pid', process.pid);
    waiting.set(id, res);
    threads[id % threads.length].postMessage({ id, url: req.url });
  });
  const port = Number(process.env.PORT) || 3000;
  server.listen(port, '127.0.0.1', () => lab.listening(port));
} else {
  // A worker thread: do the work for one request and post the answer back.
  let handled = 0; // this thread's own counter: module globals are not shared between threads
  parentPort.on('message', ({ id, url }) => {
    handled += 1;
    parentPort.postMessage({ id, text: `${url} answered by thread ${threadId} in pid ${process.pid} (this thread's request #${handled})\n` });
  });
}
