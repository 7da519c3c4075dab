// A module is evaluated once per process.
// Coming from FastAPI: `from .config import settings` in two files runs config.py once
// (sys.modules). Node's require() works the same way, per process, through require.cache.
// Deleting the cache entry and requiring again is Node's importlib.reload(): the module
// runs again and makes a new object, while earlier importers keep the old one.
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');

const config = require('./config.js'); // evaluates config.js (first require)
const routes = require('./routes.js'); // requires config.js again: cached, not evaluated

const server = http.createServer((req, res) => {
  res.setHeader('x-pid', process.pid);
  const same = config === routes.configSeenByRoutes();

  if (req.url === '/reload') {
    delete require.cache[require.resolve('./config.js')];
    const fresh = require('./config.js'); // evaluated again
    return res.end(
      `config.js evaluated again: new object loaded at ${fresh.loadedAt}; same as the old one: ${fresh === config}\n` +
        `server.js and routes.js still hold the old object (loaded at ${config.loadedAt})\n`,
    );
  }

  res.end(`process ${process.pid}: server.js and routes.js got the same config object: ${same} (loaded at ${config.loadedAt})\n`);
});

const port = Number(process.env.PORT) || 3000;
server.listen(port, '127.0.0.1', () => {
  lab.listening(port);
  console.log(`listening on http://127.0.0.1:${port}`);
});
