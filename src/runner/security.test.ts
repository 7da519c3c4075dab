// Edge cases of who may use the local runner, checked on the pure functions (the end-to-end
// refusals are in server.test.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { isLoopbackHostHeader, newToken, refusal, tokenMatches } from './security.ts';

function req(headers: Record<string, string>, remoteAddress = '127.0.0.1'): IncomingMessage {
  return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

test('loopback Host headers', () => {
  for (const host of ['localhost', 'localhost:4321', 'LOCALHOST:80', '127.0.0.1:4321', '127.1.2.3', '[::1]:4321', '[::1]'])
    assert.equal(isLoopbackHostHeader(host), true, host);
  for (const host of [undefined, '', 'localhost.evil.example', 'evil.example', '127.0.0.1.nip.io', '10.0.0.1:80', '[::2]', '0.0.0.0:4321', 'localhost:80:80'])
    assert.equal(isLoopbackHostHeader(host), false, String(host));
});

test('the peer must be this machine', () => {
  assert.equal(refusal(req({ host: 'localhost' }, '::1')), null);
  assert.equal(refusal(req({ host: 'localhost' }, '::ffff:127.0.0.1')), null);
  assert.match(refusal(req({ host: 'localhost' }, '192.168.1.5'))!, /only answers this machine/);
  assert.match(refusal(req({ host: 'localhost' }, '::ffff:192.168.1.5'))!, /only answers this machine/);
});

test('Origin must be the page’s own origin', () => {
  assert.equal(refusal(req({ host: 'localhost:4321', origin: 'http://localhost:4321' })), null);
  assert.equal(refusal(req({ host: 'localhost', origin: 'http://localhost:80' })), null); // default port, normalised
  assert.equal(refusal(req({ host: '[::1]:4321', origin: 'http://[::1]:4321' })), null);
  for (const origin of ['null', 'http://localhost:4322', 'http://127.0.0.1:4321', 'https://evil.example', 'file://', 'chrome-extension://abc', 'not a url'])
    assert.match(refusal(req({ host: 'localhost:4321', origin }))!, /Origin .* refused/, origin);
});

test('Sec-Fetch-Site must be same-origin or none when present', () => {
  assert.equal(refusal(req({ host: 'localhost', 'sec-fetch-site': 'same-origin' })), null);
  assert.equal(refusal(req({ host: 'localhost', 'sec-fetch-site': 'none' })), null);
  for (const site of ['same-site', 'cross-site']) assert.match(refusal(req({ host: 'localhost', 'sec-fetch-site': site }))!, /cross-site request refused/);
});

test('tokens: random, 32 bytes, compared exactly', () => {
  const token = newToken();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(newToken(), token);
  assert.equal(tokenMatches(token, token), true);
  assert.equal(tokenMatches(token.slice(0, -1), token), false);
  assert.equal(tokenMatches(token + 'x', token), false);
  assert.equal(tokenMatches('', token), false);
  assert.equal(tokenMatches(undefined, token), false);
});
