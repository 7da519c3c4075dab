// Lazy init on the first request.
// Coming from FastAPI: /eager is like building a value in lifespan, before the app serves;
// /lazy is like @lru_cache: nothing runs at startup, the first call builds the value and
// every later call in this process reuses it. /racy shows how a lazy cache can run its
// body several times, like a sync lru_cache body under FastAPI's threadpool. /flaky shows
// a first build that fails, and a cache that tries again instead of keeping the failure.
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
// A rejected promise would be cached too, and every later call would get the same failure
// for ever: on failure, forget the promise so that the next call builds again.
// (`a ??= b` assigns b only while a is null or undefined.)
function lazy(fn) {
  let promise = null;
  return () =>
    (promise ??= fn().catch((err) => {
      promise = null;
      throw err;
    }));
}
const getLazy = lazy(() => build('lazy'));

// Flaky: the first attempt fails, as when a config service is briefly down at first use.
let flakyAttempts = 0;
const getFlaky = lazy(async () => {
  flakyAttempts += 1;
  if (flakyAttempts === 1) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    throw new Error('config service unreachable (attempt #1)');
  }
  return build(`flaky (attempt #${flakyAttempts})`);
});

// Racy: the value is stored only after the await. Every request that arrives while the
// first build is still waiting sees null and starts a build of its own.
let racyValue = null;
async function getRacy() {
  if (racyValue === null) racyValue = await build('racy');
  return racyValue;
}

const routes = { '/eager': async () => eager, '/lazy': getLazy, '/racy': getRacy, '/flaky': getFlaky };

const server = http.createServer(async (req, res) => {
  res.setHeader('x-pid', process.pid);
  const route = routes[req.url];
  if (!route) {
    res.statusCode = 404;
    return res.end('try /eager, /lazy, /racy or /flaky\n');
  }
  let value;
  try {
    value = await route();
  } catch (err) {
    res.statusCode = 500;
    return res.end(`process ${process.pid}: ${req.url} failed: ${err.message}\n`);
  }
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
