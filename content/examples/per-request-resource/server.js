// Pool once, session per request.
// Coming from FastAPI: the pool is what you create in lifespan (once per process). The
// session is what a `yield` dependency hands out: opened before the handler, closed in the
// code after `yield` once the response is done. Making a new pool per request (or never
// closing the session) is the leak this example shows.
const http = require('node:http');
const lab = require('./lab.js');
const { Pool } = require('./pool.js');

lab.start('single');

const pool = new Pool(); // module scope: once per process

const server = http.createServer((req, res) => {
  res.setHeader('x-pid', process.pid);

  if (req.url === '/stats') {
    return res.end(`sessions opened ${pool.opened}, closed ${pool.closed}, still open ${pool.stillOpen}\n`);
  }

  if (req.url === '/leak') {
    // The mistake: open a session and forget to close it.
    const session = pool.openSession();
    return res.end(`session #${session.id} opened and never closed (still open: ${pool.stillOpen})\n`);
  }

  // The dependency pattern: open, and close when the response is over ('close' fires
  // after it is sent, and also when the client goes away early, like a finally block).
  const session = pool.openSession();
  res.on('close', () => session.close());
  res.end(`process ${process.pid} served this request with session #${session.id}\n`);
});

const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => {
  lab.listening(port);
  console.log(`listening on http://127.0.0.1:${port}`);
});
