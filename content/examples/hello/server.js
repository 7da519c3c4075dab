// A plain Node HTTP server. Module scope runs once, when the process starts;
// the callback passed to createServer runs once per request.
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');
console.log(`startup: module code ran in process ${process.pid}`);
let requests = 0; // lives as long as this process

const server = http.createServer((req, res) => {
  requests += 1;
  console.log(`request #${requests}: ${req.method} ${req.url}`);
  res.setHeader('x-pid', process.pid);
  res.end(`Hello from process ${process.pid}. This process has answered ${requests} request(s).\n`);
});

const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => {
  lab.listening(port);
  console.log(`listening on http://127.0.0.1:${port}`);
});
