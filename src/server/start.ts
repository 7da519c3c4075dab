// `npm start`: build the site when the build is missing or stale, then serve it with the
// cross-origin isolation headers, and host the local runner so sandboxes can run real node
// processes on this machine when WebContainers cannot start. Loopback only by default.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './build.ts';
import { createSiteHandler } from './site.ts';
import { isLoopbackHost } from '../runner/loopback.ts';
import { SANDBOXED_NOTE, UNSANDBOXED_NOTE, limitsNote } from '../runner/bwrap.ts';
import { sweptNote } from '../runner/leftovers.ts';
import { DEFAULT_SESSION_SIZES } from '../runner/processes.ts';
import { ensurePython } from '../runner/python-env.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'no-build': { type: 'boolean' },
    'no-runner': { type: 'boolean' },
    // Serve another build folder as is (the e2e suite's stand-in build, dist-standin/).
    dist: { type: 'string' },
  },
});
const port = Number(values.port ?? process.env.PORT ?? 4321);
const host = values.host ?? process.env.HOST ?? '127.0.0.1';

if (!values['no-build'] && !values.dist) await ensureBuilt(root);

// The runner executes code sent by pages, so it exists only while the site is served on loopback.
const runnerWanted = !values['no-runner'] && isLoopbackHost(host);
const { createRunner } = await import('../runner/server.ts');
const runner = runnerWanted ? createRunner() : null;
const site = createSiteHandler(new URL(`${values.dist ?? 'dist'}/`, `file://${root}`));

const server = createServer((req, res) => {
  if (runner?.handleHttp(req, res)) return;
  site(req, res);
});
server.on('upgrade', (req, socket, head) => {
  if (!runner?.handleUpgrade(req, socket, head)) socket.destroy();
});

server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(err.code === 'EADDRINUSE' ? `Port ${port} is in use. Try: npm start -- --port ${port + 1}` : err.message);
  process.exit(1);
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  const shown = host.includes(':') ? `[${host}]` : host === '127.0.0.1' ? 'localhost' : host;
  const printed = `http://${shown}:${actual}/`;
  console.log(`Lifecycle Lab is served at ${printed}`);
  if (runner) {
    // The secret gives this browser the right to run examples here; anyone can read the site without it.
    console.log(`Local runtime: on. To run examples on this machine, open:\n  ${runner.right.url(printed)}`);
    console.log(runner.sandboxed ? SANDBOXED_NOTE : UNSANDBOXED_NOTE);
    if (runner.sandboxed) console.log(limitsNote(DEFAULT_SESSION_SIZES));
    if (runner.swept) console.log(sweptNote(runner.swept));
    // Python examples need their environment: built now, once per machine, so that a first Run does not wait for pip.
    ensurePython((line) => console.log(`[python] ${line}`)).then(
      () => {},
      (err: Error) => console.log(`Python examples will show their recorded runs: ${err.message}`),
    );
  } else console.log('Local runtime: off (not on loopback, or --no-runner).');
  console.log('Press Ctrl-C to stop.');
});

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return process.exit(1); // a second Ctrl-C: leave now
  closing = true;
  console.log('\nStopping…');
  server.closeAllConnections();
  await Promise.all([runner?.close(), new Promise((r) => server.close(r))]);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
