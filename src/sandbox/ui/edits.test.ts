import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Edits } from './edits.ts';
import { MemoryStorage } from '../../test/memory-storage.ts';
import { splitShareHash } from '../core/share-hash.ts';

const config = { id: 'hello', anchor: 'example-hello', hash: 'h1', files: { 'server.js': 'original', 'lab.js': 'helper' }, paths: ['server.js', 'lab.js'] };

test('typing marks files dirty once, saves them, and a reload restores them', () => {
  const storage = new MemoryStorage();
  const edits = new Edits(config, storage);
  edits.set('server.js', 'edited');
  assert.deepEqual(edits.takeDirty(), ['server.js']);
  assert.deepEqual(edits.takeDirty(), []);
  assert.deepEqual(edits.save(), { ok: true });
  const again = new Edits(config, storage);
  assert.equal(again.restore(), null);
  assert.equal(again.files['server.js'], 'edited');
});

test('a changed original is reported, and the edits are kept', () => {
  const storage = new MemoryStorage();
  const edits = new Edits(config, storage);
  edits.set('server.js', 'edited');
  edits.save();
  const later = new Edits({ ...config, hash: 'h2' }, storage);
  assert.match(later.restore() ?? '', /changed since you edited it/);
  assert.equal(later.files['server.js'], 'edited');
});

test('reset brings back the original and forgets the saved edits', () => {
  const storage = new MemoryStorage();
  const edits = new Edits(config, storage);
  edits.set('server.js', 'edited');
  edits.save();
  edits.reset();
  assert.equal(edits.files['server.js'], 'original');
  assert.equal(new Edits(config, storage).restore(), null);
  assert.equal(storage.length, 0);
});

test("a share link round-trips, and says when it would replace the reader's own edits", async () => {
  const author = new Edits(config, new MemoryStorage());
  author.set('server.js', 'shared version');
  const link = await author.shareLink('http://localhost:4321/live-examples/');
  const { anchor, payload } = splitShareHash(new URL(link).hash);
  assert.equal(anchor, 'example-hello');

  const fresh = new Edits(config, new MemoryStorage());
  const opened = await fresh.openShare(payload!);
  assert.deepEqual(opened, { ok: true, files: { 'server.js': 'shared version', 'lab.js': 'helper' }, replacesOwnEdits: false });

  const busy = new Edits(config, new MemoryStorage());
  busy.set('server.js', 'my own version');
  const conflict = await busy.openShare(payload!);
  assert.equal(conflict.ok && conflict.replacesOwnEdits, true);
  assert.equal(busy.files['server.js'], 'my own version', 'nothing is replaced before the reader chooses');
});

test('a full storage keeps the edits in memory and says so', () => {
  const storage = new MemoryStorage();
  storage.quota = 3;
  const edits = new Edits(config, storage);
  edits.set('server.js', 'a long edit');
  const result = edits.save();
  assert.equal(result.ok, false);
  assert.equal(edits.files['server.js'], 'a long edit');
});

test("a link's files are shown but not saved until the reader runs or edits them; then they need a confirmation on local", async () => {
  const storage = new MemoryStorage();
  const edits = new Edits(config, storage);
  edits.adopt({ 'server.js': 'original', 'lab.js': 'require("fs").readFileSync(process.env.HOME + "/secret")' });
  assert.equal(storage.length, 0, 'nothing from the link is saved on load');
  assert.deepEqual(edits.changed(), ['lab.js']);
  assert.match(edits.confirmation({ kind: 'local', sandboxed: true })!, /came from a link/);
  edits.confirm();
  assert.equal(edits.confirmation({ kind: 'local', sandboxed: true }), null);
  edits.claim();
  assert.equal(new Edits(config, storage).restore(), null);
  assert.equal(storage.length, 1, 'kept once claimed');
  edits.reset();
  assert.equal(edits.fromLink, false);
});

test('a runtime whose sandboxed flag is a getter (RunnerSocketRuntime) is read right', () => {
  class SandboxedRuntime {
    readonly kind = 'local';
    get sandboxed() {
      return true;
    }
  }
  const edits = new Edits(config, new MemoryStorage());
  edits.set('server.js', 'my own edit');
  assert.equal(edits.confirmation(new SandboxedRuntime()), null, 'own edits run sandboxed without a question');
});
