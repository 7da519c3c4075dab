// The right to run belongs to whoever started the server: attacks that once got a token and a
// WebSocket from a bare local client (another OS user, a script, curl) with no Origin header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rawRequest, startRunner, type TestRunner } from '../test/runner-harness.ts';

let t: TestRunner;
before(async () => {
  t = await startRunner();
});
after(() => t.close());

test('attack: a bare client with no Origin and no cookie asks for the token', async () => {
  const res = await rawRequest(t.port, '/__lab/runner', {});
  assert.equal(res.status, 401);
  assert.doesNotMatch(res.body, new RegExp(t.runner.token));
  assert.match(JSON.parse(res.body).error, /open the address that npm start .*printed/);
});

test('attack: a client that learnt the token opens the WebSocket without the cookie', async () => {
  const res = await rawRequest(t.port, `/__lab/runner/ws?token=${t.runner.token}`, {}, true);
  assert.equal(res.status, 403);
});

test('attack: another local page (another port) with the cookie its browser sends along', async () => {
  // Cookies ignore ports, so a page on localhost:<other> makes the browser send ours: Origin refuses it.
  const res = await rawRequest(t.port, '/__lab/runner', { Origin: 'http://127.0.0.1:1', Cookie: t.cookie });
  assert.equal(res.status, 403);
});

test('attack: a guessed secret or a forged cookie', async () => {
  const wrong = await rawRequest(t.port, '/guides/?lab-secret=guess', {});
  assert.equal(wrong.status, 303);
  assert.equal(wrong.headers.location, '/guides/');
  assert.equal(wrong.headers['set-cookie'], undefined);
  const forged = await rawRequest(t.port, '/__lab/runner', { Cookie: `lab-runner-${t.port}=${t.runner.right.secret}` });
  assert.equal(forged.status, 401, 'the cookie is not the printed secret');
});

test('the printed address: the secret becomes an HttpOnly, SameSite=Strict cookie and leaves the address', async () => {
  const res = await rawRequest(t.port, `/live-examples/?runtime=local&lab-secret=${t.runner.right.secret}`, {});
  assert.equal(res.status, 303);
  assert.equal(res.headers.location, '/live-examples/?runtime=local');
  const cookie = res.headers['set-cookie']![0]!;
  assert.match(cookie, /^lab-runner-\d+=[A-Za-z0-9_-]{43}; Path=\/__lab\/runner; HttpOnly; SameSite=Strict$/);
  const info = await rawRequest(t.port, '/__lab/runner', { Cookie: cookie.split(';')[0]! });
  assert.equal(info.status, 200);
  assert.equal(JSON.parse(info.body).token, t.runner.token);
});
