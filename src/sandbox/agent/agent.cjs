// The request agent: a tiny Node process that runs inside the runtime, next to the example's server.
// The host page cannot fetch() a server inside a WebContainer, so every request the reader sends goes
// through this process instead, on both runtimes. It speaks JSON lines on stdin/stdout:
//   in:  {"id":1,"op":"request","port":3000,"method":"GET","path":"/","body":null,"timeoutMs":10000,"keepAlive":false}
//   out: {"id":1,"ok":true,"status":200,"headers":{...},"body":"...","pid":1234,"start":<epoch ms>,"ms":2.1,"reused":false}
//   in:  {"id":2,"op":"burst", ...request fields, "count":20,"concurrency":5}
//   out: one {"id":2,"seq":k,...result} per request, then {"id":2,"done":true}
//   in:  {"id":3,"op":"kill","pid":1234,"signal":"SIGTERM"}   out: {"id":3,"ok":true}
//   in:  {"id":4,"op":"probe","port":3000}                     out: {"id":4,"ok":true,"listening":true}
// "pid" is the server's x-pid response header (the examples set it), or null.
'use strict';
const http = require('node:http');
const net = require('node:net');
const readline = require('node:readline');

const MAX_BODY = 64 * 1024; // bytes of a response body kept; the rest is dropped with a note
const MAX_BURST = 500;
const MAX_CONCURRENCY = 50;

// By default no keep-alive: every request is a new connection, so the cluster primary can hand it
// to any worker (as separate clients would). With "keepAlive": true, a request reuses an idle
// connection left by an earlier keep-alive request, as browsers, proxies and HTTP client libraries
// do; a graceful shutdown has to deal with such connections (the graceful-shutdown example).
const agent = new http.Agent({ keepAlive: false });
const keepAliveAgent = new http.Agent({ keepAlive: true });

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

function describeError(err, port) {
  if (err.code === 'ECONNREFUSED') return `not running: nothing is listening on port ${port}`;
  if (err.code === 'ECONNRESET') return 'the server closed the connection without answering';
  if (err.code === 'TIMEOUT') return err.message;
  return err.message || String(err);
}

function request({ port, method = 'GET', path = '/', body = null, timeoutMs = 10000, keepAlive = false }) {
  const start = Date.now();
  const t0 = process.hrtime.bigint();
  return new Promise((resolve) => {
    const done = (result) => resolve({ start, ms: Number(process.hrtime.bigint() - t0) / 1e6, ...result });
    const req = http.request(
      { host: '127.0.0.1', port, method, path: String(path).startsWith('/') ? path : `/${path}`, agent: keepAlive ? keepAliveAgent : agent },
      (res) => {
        const chunks = [];
        let size = 0;
        let truncated = false;
        res.on('data', (chunk) => {
          if (size < MAX_BODY) chunks.push(chunk.subarray(0, MAX_BODY - size));
          else truncated = true;
          size += chunk.length;
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8') + (truncated || size > MAX_BODY ? `\n… (${size} bytes, truncated)` : '');
          const pid = Number(res.headers['x-pid']);
          done({ ok: true, status: res.statusCode, headers: res.headers, body: text, pid: Number.isInteger(pid) ? pid : null, reused: req.reusedSocket });
        });
        res.on('error', (err) => done({ ok: false, error: describeError(err, port) }));
      },
    );
    req.setTimeout(timeoutMs, () => {
      const err = new Error(`no response within ${timeoutMs / 1000} s (is the server stuck in a loop?)`);
      err.code = 'TIMEOUT';
      req.destroy(err);
    });
    req.on('error', (err) => done({ ok: false, error: describeError(err, port) }));
    if (body != null && body !== '' && method !== 'GET' && method !== 'HEAD') req.end(String(body));
    else req.end();
  });
}

async function burst(msg) {
  const count = Math.max(1, Math.min(MAX_BURST, Number(msg.count) || 1));
  const concurrency = Math.max(1, Math.min(MAX_CONCURRENCY, Number(msg.concurrency) || 1));
  let next = 0;
  async function lane() {
    while (next < count) {
      const seq = next++;
      send({ id: msg.id, seq, ...(await request(msg)) });
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  send({ id: msg.id, done: true });
}

// Whether a LISTEN socket is where a request to 127.0.0.1:port goes (127.0.0.1, 0.0.0.0, :: or
// ::ffff:127.0.0.1, as /proc/net/tcp and tcp6 spell them), in this network namespace's socket tables.
const LOOPBACK_REACHABLE = new Set(['0100007F', '00000000', '0'.repeat(32), '0000000000000000FFFF00000100007F']);

function listeningInTables(port) {
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text;
    try {
      text = require('node:fs').readFileSync(table, 'latin1');
    } catch {
      continue; // no /proc here
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st ...; st 0A is LISTEN
      const cols = line.trim().split(/\s+/);
      const [address, hexPort] = (cols[1] ?? '').split(':');
      if (cols[3] === '0A' && Number.parseInt(hexPort, 16) === Number(port) && LOOPBACK_REACHABLE.has(address)) return true;
    }
  }
  return false;
}

// A probe that connects is one more connection for the server: a cluster primary hands it to a worker
// like any other, and its round robin no longer alternates as the reader's requests expect (the
// cpu-cluster example's /fast went to the worker busy with /slow). So where the socket tables show
// the port listening (Linux: the local runner, in or out of its sandbox), that is the answer. Else it
// connects and hangs up at once: refused, and no connection, while nothing listens.
function probe({ port }) {
  if (listeningInTables(port)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

// On the local runner every process of the page's session carries LAB_SESSION (inherited by children):
// the agent signals only those, never another process of the machine. (In a WebContainer, and where
// there is no /proc, there is nothing else to protect or no way to tell: any PID is allowed.)
function ownProcess(pid) {
  const session = process.env.LAB_SESSION;
  if (!session || !Number.isInteger(pid) || pid <= 0) return !session && Number.isInteger(pid) && pid > 0;
  let environ;
  try {
    environ = require('node:fs').readFileSync(`/proc/${pid}/environ`, 'latin1');
  } catch (err) {
    return err.code === 'ENOENT' && !require('node:fs').existsSync('/proc/self');
  }
  return `\0${environ}`.includes(`\0LAB_SESSION=${session}\0`);
}

async function handle(msg) {
  switch (msg.op) {
    case 'request':
      return send({ id: msg.id, ...(await request(msg)) });
    case 'burst':
      return burst(msg);
    case 'probe':
      return send({ id: msg.id, ok: true, listening: await probe(msg) });
    case 'kill': {
      // The signals of core/runtime.ts PROCESS_SIGNALS; anything else is sent as SIGTERM.
      const signal = ['SIGKILL', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTTIN', 'SIGTTOU'].includes(msg.signal) ? msg.signal : 'SIGTERM';
      if (!ownProcess(Number(msg.pid))) return send({ id: msg.id, ok: false, error: `process ${msg.pid} is not one of this example's processes` });
      try {
        process.kill(Number(msg.pid), signal);
        return send({ id: msg.id, ok: true });
      } catch (err) {
        return send({ id: msg.id, ok: false, error: err.code === 'ESRCH' ? `process ${msg.pid} is not running` : err.message });
      }
    }
    default:
      return send({ id: msg.id, ok: false, error: `unknown op ${JSON.stringify(msg.op)}` });
  }
}

// In a WebContainer, stdin is a pseudo-terminal in cooked mode: it echoes every line back into our
// stdout and edits the input (DEL erases, ^C interrupts). Raw mode turns both off. The page also
// escapes DEL (see agent-client.ts encodeLine), so a line survives even before this runs.
if (process.stdin.isTTY) process.stdin.setRawMode(true);

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let msg;
  try {
    msg = JSON.parse(line);
  } catch {
    return send({ id: null, ok: false, error: 'agent: not JSON' });
  }
  handle(msg).catch((err) => send({ id: msg.id, ok: false, error: String(err?.message) }));
});
// The page going away closes stdin: leave with it.
process.stdin.on('end', () => process.exit(0));
