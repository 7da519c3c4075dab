import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { findChromium } from './chromium.ts';

/** A folder with files named like browsers: executable ones, and one that only looks like it. */
function folders(t: { after: (fn: () => void) => void }) {
  const root = mkdtempSync(join(tmpdir(), 'lab-chromium-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const file = (dir: string, name: string, mode: number) => {
    mkdirSync(join(root, dir), { recursive: true });
    const path = join(root, dir, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, mode);
    return path;
  };
  return { root, file };
}

const nowhere = '/nonexistent/ms-playwright/chrome';

test('CHROMIUM_PATH wins over a Chromium on PATH', (t) => {
  const { root, file } = folders(t);
  file('bin', 'chromium', 0o755);
  const chosen = file('custom', 'my-chrome', 0o755);
  assert.equal(findChromium({ CHROMIUM_PATH: chosen, PATH: join(root, 'bin') }, nowhere), chosen);
});

test('a CHROMIUM_PATH that names nothing runnable is an error that names it, not another browser', (t) => {
  const { root, file } = folders(t);
  file('bin', 'chromium', 0o755);
  const missing = join(root, 'typo', 'chromium');
  assert.throws(() => findChromium({ CHROMIUM_PATH: missing, PATH: join(root, 'bin') }, nowhere), new RegExp(missing));
  const notExecutable = file('custom', 'chrome', 0o644);
  assert.throws(() => findChromium({ CHROMIUM_PATH: notExecutable }, nowhere), /not an executable file/);
});

test('PATH is searched in order, and a non-executable file is passed over', (t) => {
  const { root, file } = folders(t);
  file('first', 'chromium', 0o644);
  const second = file('second', 'chromium-browser', 0o755);
  file('third', 'chromium', 0o755);
  const PATH = ['first', 'second', 'third'].map((d) => join(root, d)).join(delimiter);
  assert.equal(findChromium({ PATH }, nowhere), second);
});

test("Playwright's own browser when nothing is on PATH, and nothing when it is not installed", (t) => {
  const { root, file } = folders(t);
  const own = file('ms-playwright', 'chrome', 0o755);
  assert.equal(findChromium({ PATH: join(root, 'empty') }, own), own);
  assert.equal(findChromium({ PATH: join(root, 'empty') }, nowhere), undefined);
});
