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

test('an edit that only changes whitespace is not saved', () => {
  const code = { 'server.js': 'const a = 1;\nhandle(a);\n' };
  const storage = new MemoryStorage();
  // A Tab pressed in the editor, a blank line, trailing spaces: nothing to keep.
  for (const text of ['\tconst a = 1;\nhandle(a);\n', 'const a = 1;\n\nhandle(a);  \n', 'const  a = 1;\n  handle(a);']) {
    assert.deepEqual(saveEdits(storage, 'hello', 'h1', code, { 'server.js': text }), { ok: true });
    assert.equal(storage.getItem(storageKey('hello')), null, JSON.stringify(text));
  }
  // Whitespace that joins or splits words is a real change, and a real edit keeps its whitespace.
  assert.deepEqual(diffFiles(code, { 'server.js': 'consta = 1;\nhandle(a);\n' }), {
    'server.js': 'consta = 1;\nhandle(a);\n',
  });
  saveEdits(storage, 'hello', 'h1', code, { 'server.js': '\tconst a = 2;\nhandle(a);\n' });
  assert.deepEqual(loadEdits(storage, 'hello')?.files, { 'server.js': '\tconst a = 2;\nhandle(a);\n' });
});
