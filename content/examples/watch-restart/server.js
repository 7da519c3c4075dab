// node --watch restarts the whole process, like uvicorn --reload: when server.js or anything it
// requires changes, the watcher sends this process SIGTERM and starts a new one, which runs all
// the module code again. Nothing is patched in place; the new process has a new pid.
// (--watch-preserve-output keeps the old process's lines instead of clearing the screen.)
const http = require('node:http');
const lab = require('./lab.js');
const message = require('./message.js'); // read once, at startup, like any module

lab.start('single');
console.log(`server.js: module scope ran in pid ${process.pid}`);

const server = http.createServer((req, res) => {
  res.setHeader('x-pid', process.pid);
  res.end(`${message} (pid ${process.pid})\n`);
});
const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => lab.listening(port));

// Without this listener SIGTERM would end the process silently. With it, we get to say goodbye.
// (The graceful-shutdown example also waits for requests still in flight.)
process.on('SIGTERM', () => {
  console.log(`pid ${process.pid} got SIGTERM (a restart, or Stop): exiting`);
  lab.exited(process.pid, 0, 'SIGTERM'); // nobody else reports this process's end to the timeline
  process.exit(0);
});
