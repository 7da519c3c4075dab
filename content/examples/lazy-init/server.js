// Lazy init on the first request.
// Coming from FastAPI: /eager is like building a value in lifespan, before the app serves;
// /lazy is like @lru_cache: nothing runs at startup, the first call builds the value and
// every later call in this process reuses it. /racy shows how a lazy cache can run its
// body several times, like a sync lru_cache body under FastAPI's threadpool.
const http = require('node:http');
const lab = require('./lab.js');

lab.start('single');

let builds = 0;
// Pretend to fetch something slow (a config service, a model file): half a second of waiting.
async function build(name) {
  builds += 1;
  const n = builds;
  console.log(`building ${name} value (build #${n})`);
  await new Promise((resolve) => setTimeout(resolve, 500));
  return `${name} value from build #${n}`;
}

// Eager: built once, at startup, before the server listens (see the bottom of the file).
let eager;

// Lazy: cache the promise, not the value. Concurrent first callers share one build.
// (`a ??= b` assigns b only while a is null or undefined.)
let lazyPromise = null;
const getLazy = () => (lazyPromise ??= build('lazy'));

// Racy: the value is stored only after the await. Every request that arrives while the
// first build is still waiting sees null and starts a build of its own.
let racyValue = null;
async function getRacy() {
  if (racyValue === null) racyValue = await build('racy');
  return racyValue;
}

const routes = { '/eager': async () => eager, '/lazy': getLazy, '/racy': getRacy };

const server = http.createServer(async (req, res) => {
  res.setHeader('x-pid', process.pid);
  const route = routes[req.url];
  if (!route) {
    res.statusCode = 404;
    return res.end('try /eager, /lazy or /racy\n');
  }
  const value = await route();
  res.end(`process ${process.pid}: ${req.url} got the ${value} (${builds} builds so far)\n`);
});

const port = Number(process.env.PORT) || 3000;
build('eager').then((value) => {
  eager = value;
  server.listen(port, '127.0.0.1', () => {
    lab.listening(port);
    console.log(`listening on http://127.0.0.1:${port}`);
  });
});
