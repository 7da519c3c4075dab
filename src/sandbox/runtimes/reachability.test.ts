// The quick reachability check beside a WebContainer boot, against real sockets on this machine:
// a refused connection is reported after the grace time, unless the boot settled meanwhile; an
// answer, or no answer yet (a slow network), says nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { GRACE_MS, PROBE_MS, quickReachability } from './reachability.ts';
import { stackblitzPage, WEBCONTAINER_API_VERSION } from './webcontainer-boot.ts';

const never = () => new Promise<never>(() => {});
/** What the check said within `ms`, or null. */
const within = (check: Promise<string>, ms: number) => Promise.race([check, new Promise<null>((r) => setTimeout(() => r(null), ms))]);

async function closedPort(): Promise<number> {
  const server = createTcpServer().listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

test('a refused connection is reported, with the host and how fast it failed, once the grace time has passed', async () => {
  const port = await closedPort();
  const started = Date.now();
  const said = await within(quickReachability(`http://127.0.0.1:${port}/`, never), GRACE_MS + 2000);
  assert.match(said ?? '', new RegExp(`^this browser could not reach 127\\.0\\.0\\.1:${port} \\(a quick check failed after \\d+\\.\\d s\\)$`));
  assert.ok(Date.now() - started >= GRACE_MS, 'not before the boot had its grace time');
});

test('a boot that settles within the grace time overrules a failed check', async () => {
  const port = await closedPort();
  const booted = new Promise((r) => setTimeout(r, 200));
  assert.equal(
    await within(
      quickReachability(`http://127.0.0.1:${port}/`, () => booted),
      GRACE_MS + 1000,
    ),
    null,
  );
});

test('a host that answers says nothing', async (t) => {
  const server = createServer((_req, res) => res.end('ok'));
  t.after(() => server.close());
  assert.equal(await within(quickReachability(await listen(server), never), GRACE_MS + 1000), null);
});

test('a host that accepts but does not answer in time is slow, not blocked: nothing is said', async (t) => {
  const server = createServer(() => {}); // never answers
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  assert.equal(await within(quickReachability(await listen(server), never), PROBE_MS + GRACE_MS + 1000), null);
});

test('the check asks StackBlitz for the page the boot embeds, with the same query and the pinned API version', () => {
  const pinned = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).dependencies['@webcontainer/api'];
  assert.equal(WEBCONTAINER_API_VERSION, pinned);
  assert.equal(stackblitzPage(), `https://stackblitz.com/headless?coep=require-corp&version=${pinned}`);
  assert.equal(stackblitzPage('k1'), `https://stackblitz.com/headless?client_id=k1&coep=require-corp&version=${pinned}`);
});
