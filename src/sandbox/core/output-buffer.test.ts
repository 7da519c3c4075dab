import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutputBuffer } from './output-buffer.ts';

test('keeps the newest text within the limit and counts what it dropped', () => {
  const buffer = new OutputBuffer(10);
  buffer.append('abcdef');
  assert.equal(buffer.truncated, false);
  buffer.append('ghijkl');
  assert.equal(buffer.text(), 'cdefghijkl');
  assert.equal(buffer.dropped, 2);
  buffer.append('0123456789ABC');
  assert.equal(buffer.text(), '3456789ABC');
  assert.equal(buffer.dropped, 15);
  assert.equal(buffer.truncated, true);
});

test('a flood stays bounded', () => {
  const buffer = new OutputBuffer(1000);
  for (let i = 0; i < 10_000; i++) buffer.append(`line ${i}\n`);
  assert.ok(buffer.text().length <= 1000);
  assert.match(buffer.text(), /line 9999\n$/);
});
