// A secret read at import goes stale.
// Coming from FastAPI: `settings = Settings()` at module level (or a key read in lifespan)
// is read once per process. Rotate the secret and that process keeps the old value until
// it restarts. Reading it per request (or refreshing it on a schedule) sees the new one.
// Try it: edit secret.txt, send GET / again, then press Restart and send it once more.
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const lab = require('./lab.js');

lab.start('single');

const SECRET_FILE = path.join(__dirname, 'secret.txt');

// Module scope: read once, when the process starts.
const secretAtImport = fs.readFileSync(SECRET_FILE, 'utf8').trim();
console.log(`read secret.txt once, at startup (process ${process.pid})`);

const server = http.createServer(async (req, res) => {
  res.setHeader('x-pid', process.pid);
  // Per request: read again, every time. (A real server never shows its secret; this demo
  // does, so you can see which copy each read holds.)
  const secretNow = (await fs.promises.readFile(SECRET_FILE, 'utf8')).trim();
  res.end(
    `process ${process.pid}\n` +
      `read at startup:  ${secretAtImport}\n` +
      `read per request: ${secretNow}\n` +
      (secretNow === secretAtImport ? '' : 'the startup copy is stale: restart the process to pick up the new secret\n'),
  );
});

const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => {
  lab.listening(port);
  console.log(`listening on http://127.0.0.1:${port}`);
});
