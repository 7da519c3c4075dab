import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSharePayload, encodeShare } from './share.ts';
import { splitShareHash } from './share-hash.ts';

test('a share link round-trips the edited files of one sandbox', () => {
  const hash = encodeShare('example-hello', { 'server.js': 'res.end("hi ü ✓")' });
  const { anchor, payload } = splitShareHash(hash);
  assert.equal(anchor, 'example-hello');
  assert.deepEqual(decodeSharePayload(payload!, ['server.js', 'lab.js']), { ok: true, files: { 'server.js': 'res.end("hi ü ✓")' } });
});

test('a plain anchor has no payload', () => {
  assert.deepEqual(splitShareHash('#example-hello'), { anchor: 'example-hello', payload: null });
});

test('a damaged payload is reported', () => {
  const { payload } = splitShareHash(encodeShare('example-hello', { 'server.js': 'x' }));
  const result = decodeSharePayload(payload!.slice(0, 10) + '!!', ['server.js']);
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.error : '', /damaged or incomplete/);
  assert.equal(decodeSharePayload('', ['server.js']).ok, false);
});

test('a payload naming a file the example lacks is refused', () => {
  const { payload } = splitShareHash(encodeShare('example-hello', { '../etc/passwd': 'x' }));
  const result = decodeSharePayload(payload!, ['server.js']);
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.error : '', /does not have/);
});
