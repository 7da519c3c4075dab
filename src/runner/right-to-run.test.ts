// The right to run belongs to whoever started the server, in the browser origin they opened the
// printed address in: attacks that once got a token and a WebSocket from a bare local client
// (another OS user, a script, curl, another local server replaying what the browser sent it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RunRight } from './run-right.ts';
import { rawRequest, rightHeader, startRunner, type TestRunner } from '../test/runner-harness.ts';

let t: TestRunner;
before(async () => {
  t = await startRunner();
});
after(() => t.close());

test('attack: a bare client with no Origin and no right asks for the token', async () => {
  const res = await rawRequest(t.port, '/__lab/runner', {});
  assert.equal(res.status, 401);
  assert.doesNotMatch(res.body, new RegExp(t.runner.token));
  assert.match(JSON.parse(res.body).error, /open the address that npm start .*printed, the one that ends in #lab-secret=…/);
});

test('attack: another local server replays the cookie the browser sent it (cookies ignore ports)', async () => {
  // Until 2026-12-06 the right was an HttpOnly cookie, lab-runner-<port>=<value>, Path=/__lab/runner:
  // the browser sent it to /__lab/runner on every localhost port, and this replay got the token (200)
  // and opened the WebSocket (101). The server no longer sets or reads a cookie: any cookie is ignored.
  for (const cookie of [`lab-runner-${t.port}=${t.right}`, `lab-right=${t.right}`, `${t.right}`]) {
    const res = await rawRequest(t.port, '/__lab/runner', { Cookie: cookie });
    assert.equal(res.status, 401, cookie);
    assert.doesNotMatch(res.body, new RegExp(t.runner.token));
    const ws = await rawRequest(t.port, '/__lab/runner/ws', { Cookie: cookie }, true);
    assert.equal(ws.status, 403);
  }
});

test('the printed address is never a door on the server: no cookie, no redirect, for a query secret', async () => {
  const res = await rawRequest(t.port, `/live-examples/?lab-secret=${t.runner.right.secret}`, {});
  assert.equal(res.status, 404); // the test server's site answers every page with 404 'site'
  assert.equal(res.body, 'site');
  assert.equal(res.headers['set-cookie'], undefined);
});

test('attack: another local page (another port) that somehow holds the right is refused by its Origin', async () => {
  const res = await rawRequest(t.port, '/__lab/runner', { Origin: 'http://127.0.0.1:1', ...rightHeader(t.right) });
  assert.equal(res.status, 403);
});

test('attack: a guessed or stale right', async () => {
  const wrong = await rawRequest(t.port, '/__lab/runner', rightHeader('guess'));
  assert.equal(wrong.status, 401);
  assert.match(JSON.parse(wrong.body).error, /not this server’s .*printed this time/);
  assert.doesNotMatch(wrong.body, new RegExp(t.runner.token));
  const empty = await rawRequest(t.port, '/__lab/runner', rightHeader(''));
  assert.equal(empty.status, 401);
});

test('the right, presented as X-Lab-Right, gives the token; the token opens the WebSocket', async () => {
  const info = await rawRequest(t.port, '/__lab/runner', { 'Sec-Fetch-Site': 'same-origin', ...rightHeader(t.right) });
  assert.equal(info.status, 200);
  assert.equal(info.headers['cache-control'], 'no-store');
  assert.equal(JSON.parse(info.body).token, t.runner.token);
  const ws = await rawRequest(t.port, `/__lab/runner/ws?token=${t.runner.token}`, { Origin: `http://127.0.0.1:${t.port}` }, true);
  assert.equal(ws.status, 101);
});

test('the printed address carries the secret in its fragment, which never reaches a server', () => {
  const right = new RunRight('s3cret_-');
  const printed = new URL(right.url('http://localhost:4321/docs/'));
  assert.equal(printed.href, 'http://localhost:4321/docs/#lab-secret=s3cret_-');
  assert.equal(printed.search, '');
  assert.equal(new URLSearchParams(printed.hash.slice(1)).get('lab-secret'), 's3cret_-');
});
