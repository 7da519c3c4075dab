import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clearEdits, diffFiles, loadEdits, saveEdits } from './persistence.ts';
import { storageKey } from './storage-key.ts';
import { MemoryStorage } from '../../test/memory-storage.ts';

const original = { 'server.js': 'a', 'lab.js': 'b' };

test('saves only changed files, with the base hash, and loads them back', () => {
  const storage = new MemoryStorage();
  assert.deepEqual(saveEdits(storage, 'hello', 'h1', original, { ...original, 'server.js': 'edited' }), { ok: true });
  const saved = loadEdits(storage, 'hello');
  assert.equal(saved?.base, 'h1');
  assert.deepEqual(saved?.files, { 'server.js': 'edited' });
});

test('saving the original removes the entry', () => {
  const storage = new MemoryStorage();
  saveEdits(storage, 'hello', 'h1', original, { ...original, 'server.js': 'x' });
  saveEdits(storage, 'hello', 'h1', original, original);
  assert.equal(storage.getItem(storageKey('hello')), null);
});

test('a full storage is reported, not thrown', () => {
  const storage = new MemoryStorage();
  storage.quota = 5;
  const result = saveEdits(storage, 'hello', 'h1', original, { ...original, 'server.js': 'a long edit' });
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.error : '', /storage for this site is full.*stay in the editor/);
});

test('no storage at all is reported, not thrown', () => {
  const result = saveEdits(null, 'hello', 'h1', original, { ...original, 'server.js': 'x' });
  assert.equal(result.ok, false);
  assert.match(!result.ok ? result.error : '', /does not allow storage/);
  assert.equal(loadEdits(null, 'hello'), null);
  assert.deepEqual(clearEdits(null, 'hello'), { ok: true });
});

test('corrupt entries are ignored', () => {
  const storage = new MemoryStorage();
  storage.setItem(storageKey('hello'), '{not json');
  assert.equal(loadEdits(storage, 'hello'), null);
  storage.setItem(storageKey('hello'), JSON.stringify({ base: 'h', files: { 'a.js': 42 } }));
  assert.equal(loadEdits(storage, 'hello'), null);
});

test('diffFiles lists added and changed files only', () => {
  assert.deepEqual(diffFiles(original, { ...original, 'lab.js': 'c', 'new.js': 'n' }), { 'lab.js': 'c', 'new.js': 'n' });
});
