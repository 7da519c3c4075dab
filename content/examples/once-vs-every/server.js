// Startup once, handler every time.
// Coming from FastAPI: module scope here is like the top of main.py (or the code before
// `yield` in a lifespan function), and the createServer callback is like a path operation:
// it runs again for every request. Module scope runs once per process, however many
// requests arrive.
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');

// A simulated expensive init (think: loading a model or building a lookup table).
const began = Date.now();
let primes = 0;
for (let n = 2; n < 300_000; n++) {
  let prime = true;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) { prime = false; break; }
  if (prime) primes += 1;
}
console.log(`startup: found ${primes} primes in ${Date.now() - began} ms (process ${process.pid})`);

// Also module scope: one counter per process, shared by every request it serves.
let answered = 0;

const server = http.createServer((req, res) => {
  // Per request: this body runs for each request, the startup work above does not.
  answered += 1;
  console.log(`handler: request #${answered} ${req.method} ${req.url}`);
  res.setHeader('x-pid', process.pid);
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`process ${process.pid} has answered ${answered} request(s) (startup ran once: ${primes} primes ready)\n`);
});

const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => {
  lab.listening(port);
  console.log(`listening on http://127.0.0.1:${port}`);
});
