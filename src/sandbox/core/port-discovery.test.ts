import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PortDiscovery, type PortChange } from './port-discovery.ts';

test('a server on another port than PORT is followed there, once', () => {
  const changes: PortChange[] = [];
  const d = new PortDiscovery(3001, (c) => changes.push(c));
  d.fromRuntime(8000);
  d.fromRuntime(3002); // another sandbox's server on a shared WebContainer
  assert.equal(d.port, 8000);
  assert.deepEqual(changes, [{ port: 8000, asked: 3001, source: 'runtime' }]);
});

test('a server that listens where it was asked stays there, whatever else it opens', () => {
  const changes: PortChange[] = [];
  const d = new PortDiscovery(3001, (c) => changes.push(c));
  d.fromEvent({ type: 'listening', t: 0, pid: 5, port: 3001 });
  d.fromRuntime(9229);
  assert.equal(d.port, 3001);
  assert.deepEqual(changes, []);
});

test('a listening marker with a port counts as well', () => {
  const d = new PortDiscovery(3001, () => {});
  d.fromEvent({ type: 'listening', t: 0, pid: 5, port: 8000 });
  assert.equal(d.port, 8000);
});
