// Run a job once, not once per worker: the primary does it, the workers only serve.
// Coming from Python: this is a migration in gunicorn's on_starting hook, or `alembic upgrade head`
// before `uvicorn --workers 2` starts. node:cluster runs this file from the top in every process,
// so anything at module scope runs 3 times (primary + 2 workers); only code behind
// `if (cluster.isPrimary)` runs once.
const cluster = require('node:cluster');
const http = require('node:http');
const lab = require('./lab.js');

const WORKERS = 2;
const port = Number(process.env.PORT) || 3000;
const role = cluster.isPrimary ? 'primary' : 'worker';
let migrations = 0; // how many times migrate() has run in this process
lab.start(role);
console.log(`module scope runs in pid ${process.pid} (${role}): code here runs in every process`);

if (cluster.isPrimary) {
  // 1. The one-time job, before any worker exists: a migration, a cache warm-up.
  const schema = migrate();
  // 2. A scheduled job, in the primary only: with one timer per worker, it would fire WORKERS times.
  let runs = 0;
  setInterval(() => {
    runs += 1;
    console.log(`scheduled job run ${runs} in pid ${process.pid} (primary)`);
  }, 1000);
  // 3. Only now the workers. Each gets the result in its environment.
  cluster.on('exit', (worker, code, signal) => lab.exited(worker.process.pid, code, signal));
  for (let i = 0; i < WORKERS; i++) {
    try {
      cluster.fork({ SCHEMA_VERSION: schema, MIGRATED_BY: process.pid });
    } catch (err) {
      console.log(`node:cluster is not available here (${err.message}): run this example with local Node`);
      process.exit(1);
    }
  }
} else {
  http
    .createServer((req, res) => {
      res.setHeader('x-pid', process.pid);
      res.end(`worker ${process.pid}: schema v${process.env.SCHEMA_VERSION}, migrated once by the primary (pid ${process.env.MIGRATED_BY}) before this worker started\n`);
    })
    .listen(port, '127.0.0.1', () => lab.listening(port));
}

function migrate() {
  // Stands in for real work against a database. In production, also take a lock (say a Postgres
  // advisory lock) if several machines or containers could start at once.
  migrations += 1;
  const where = cluster.isPrimary ? 'before any worker is forked' : 'in a worker, after the fork';
  console.log(`migration: run ${migrations} in pid ${process.pid} (${role}), ${where}`);
  lab.event('migrated', { schema: 2, run: migrations });
  return 2;
}
