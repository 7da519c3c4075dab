// Two workers, two counters.
// Coming from FastAPI: this is `uvicorn --workers 2`. node:cluster starts new Node
// processes that run this same file from the top, so module scope runs three times (the
// primary and each worker) and every worker has its own globals: its own counter.
const cluster = require('node:cluster');
const http = require('node:http');
const lab = require('./lab.js');

const role = cluster.isPrimary ? 'primary' : 'worker';
lab.start(role);
console.log(`module scope runs in process ${process.pid} (${role})`);

// Worker side: a server with a counter that lives in this process only.
function serve(label) {
  let answered = 0;
  const server = http.createServer((req, res) => {
    answered += 1;
    res.setHeader('x-pid', process.pid);
    res.end(`${label} ${process.pid} has answered ${answered} request(s)\n`);
  });
  const port = Number(process.env.PORT) || 3000;
  // In a worker, listen() asks the primary for the port; the primary accepts connections
  // and hands them to the workers in turn (round-robin, except on Windows).
  server.on('error', (err) => {
    console.log(`${label} ${process.pid} cannot listen (${err.message}): this runtime may not share ports between cluster workers`);
    process.exit(1);
  });
  server.listen(port, '127.0.0.1', () => lab.listening(port));
}

if (cluster.isPrimary) {
  const online = new Set();
  cluster.on('online', (worker) => online.add(worker.id));
  // Node does not replace a dead worker by itself; this primary only reports the exit.
  cluster.on('exit', (worker, code, signal) => {
    lab.exited(worker.process.pid, code, signal);
    if (!online.has(worker.id)) console.log('a worker exited before it came online: node:cluster does not seem to work in this runtime');
  });
  try {
    for (let i = 0; i < 2; i++) cluster.fork();
  } catch (err) {
    // Some runtimes (perhaps WebContainers) lack node:cluster: say so, then serve alone.
    console.log(`node:cluster is not available here (${err.message}); serving from this one process instead`);
    serve('process');
  }
} else {
  serve('worker');
}
