// ProcessManager.mount makes a sandbox folder hold exactly the given files, writing only what changed.
// These look at the folder on this machine, so they run without the OS sandbox (inside it the files are
// on the sandbox's own filesystem: boundary.test.ts attacks that side).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessManager } from './processes.ts';

test('mount writes only changed files, removes files no longer in the tree, and keeps nothing else', async () => {
  const manager = new ProcessManager({ sandbox: false });
  try {
    await manager.mount('box', { 'server.js': 'one', 'lib/util.js': 'util', 'old.js': 'old' });
    const folder = manager.folder('box');
    const before = statSync(join(folder, 'lib/util.js'));
    writeFileSync(join(folder, 'made-by-the-example.log'), 'x');
    await new Promise((r) => setTimeout(r, 20));
    await manager.mount('box', { 'server.js': 'two', 'lib/util.js': 'util' });
    assert.equal(readFileSync(join(folder, 'server.js'), 'utf8'), 'two');
    const after = statSync(join(folder, 'lib/util.js'));
    assert.equal(after.mtimeMs, before.mtimeMs, 'an unchanged file is not written again');
    assert.equal(existsSync(join(folder, 'old.js')), false);
    assert.equal(existsSync(join(folder, 'made-by-the-example.log')), false);
    await manager.mount('box', { 'server.js': 'two' });
    assert.equal(existsSync(join(folder, 'lib')), false, 'a folder left empty goes too');
  } finally {
    await manager.dispose();
  }
});

test('a symlink planted in the folder is replaced, never written through', async () => {
  const manager = new ProcessManager({ sandbox: false });
  const outside = mkdtempSync(join(tmpdir(), 'lab-mount-outside-'));
  try {
    writeFileSync(join(outside, 'target.js'), 'outside');
    await manager.mount('box', { 'server.js': 'one' });
    const folder = manager.folder('box');
    rmSync(join(folder, 'server.js'));
    symlinkSync(join(outside, 'target.js'), join(folder, 'server.js'));
    symlinkSync(outside, join(folder, 'lib'));
    await manager.mount('box', { 'server.js': 'mine', 'lib/x.js': 'x' });
    assert.equal(readFileSync(join(outside, 'target.js'), 'utf8'), 'outside');
    assert.equal(existsSync(join(outside, 'x.js')), false);
    assert.equal(lstatSync(join(folder, 'server.js')).isSymbolicLink(), false);
    assert.equal(readFileSync(join(folder, 'server.js'), 'utf8'), 'mine');
    assert.equal(lstatSync(join(folder, 'lib')).isDirectory(), true);
  } finally {
    await manager.dispose();
    rmSync(outside, { recursive: true, force: true });
  }
});
