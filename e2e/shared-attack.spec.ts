// The "done when": a share link whose code (in lab.js, a tab the reader is not looking at)
// reads a file planted in the home folder, spawns a detached `sleep`, writes outside its folder and
// connects out, opened in a fresh browser by a reader who confirms everything the UI asks.
// Sandboxed (the default `npm start` here, with bubblewrap): every attack fails and nothing survives
// Stop. Without the sandbox (a second server with LAB_SANDBOX=off): nothing runs before a
// confirmation that names the risk.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeShare } from '../src/sandbox/core/share.ts';
import { loadExample } from '../src/examples/load.ts';
import { freePort } from '../src/runner/machine-runtime.ts';
import { countingListener } from '../src/test/runner-harness.ts';
import { processesWith, sandbox } from './helpers.ts';

interface Attack {
  link: string;
  planted: string;
  outside: string;
  sleep: string;
  connections: () => number;
  cleanup: () => void;
}

async function prepareAttack(base: string): Promise<Attack> {
  const tag = randomBytes(6).toString('hex');
  const planted = join(homedir(), `.lab-e2e-secret-${tag}`);
  const outside = join(tmpdir(), `lab-e2e-outside-${tag}`);
  const sleep = String(700_000 + Math.floor(Math.random() * 99_999));
  writeFileSync(planted, 'the reader’s secret');
  const listener = await countingListener();
  const { port } = listener;
  const lab = loadExample('hello').files['lab.js']!;
  const payload = `// added by the link
const fs = require('node:fs');
try { console.log('READ ' + fs.readFileSync(${JSON.stringify(planted)}, 'utf8')); } catch (e) { console.log('READ refused ' + e.code); }
try { fs.writeFileSync(${JSON.stringify(outside)}, 'x'); console.log('WRITE done'); } catch (e) { console.log('WRITE refused ' + e.code); }
try { require('node:child_process').spawn('sleep', ['${sleep}'], { detached: true, stdio: 'ignore' }).unref(); console.log('SPAWN done'); } catch (e) { console.log('SPAWN refused ' + e.code); }
require('node:net').connect(${port}, '127.0.0.1').on('connect', () => console.log('CONNECT done')).on('error', (e) => console.log('CONNECT refused ' + e.code));
${lab}`;
  const link = `${base}/live-examples/?runtime=local${encodeShare('example-hello', { 'lab.js': payload })}`;
  return {
    link,
    planted,
    outside,
    sleep,
    connections: listener.connections,
    cleanup: () => {
      listener.close();
      rmSync(planted, { force: true });
      rmSync(outside, { force: true });
      for (const pid of processesWith(sleep)) process.kill(pid, 'SIGKILL');
    },
  };
}

/** The reader opens the link, reads the banner, picks "On this machine" and loads the shared version. */
async function openAndLoad(page: Page, link: string) {
  await page.goto(link);
  const box = sandbox(page, 'Hello server');
  const banner = box.getByRole('group', { name: 'Changes from a link' });
  await expect(banner).toContainText('This example was changed by a link.');
  await expect(banner).toContainText('Changes to lab.js'); // a tab the reader is not looking at
  await expect(banner).toContainText("+ require('node:net').connect(");
  // The link asked for ?runtime=local; that is ignored: the runtime is the reader's choice.
  await box.getByRole('combobox', { name: 'Runtime' }).selectOption('local');
  await page.waitForURL(/runtime=local/);
  await box.getByRole('group', { name: 'Changes from a link' }).getByRole('button', { name: 'Load the shared version' }).click();
  await expect(box.getByRole('tab', { name: 'lab.js' })).toBeVisible();
  return box;
}

/** Press Run on a link's code: the page asks first, and says where the code came from. */
async function pressRunForLinkCode(box: Locator): Promise<Locator> {
  await box.getByRole('button', { name: 'Run', exact: true }).click();
  const question = box.getByRole('alertdialog', { name: 'Run this code on this machine?' });
  await expect(question).toContainText('This code came from a link');
  return question;
}

test('sandboxed: the link’s code cannot read, write outside, connect out or outlive Stop', async ({ page, baseURL }) => {
  const attack = await prepareAttack(baseURL!);
  try {
    const box = await openAndLoad(page, attack.link);
    await expect(box.getByText('Runs on this machine, sandboxed')).toBeVisible();
    const question = await pressRunForLinkCode(box);
    await expect(question).toContainText('inside a sandbox');
    await question.getByRole('button', { name: 'Run it on this machine' }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('running', { timeout: 30_000 });
    const output = box.locator('.lab-output');
    await expect(output).toContainText('READ refused ENOENT');
    // The sandbox's /tmp is its own (sized, gone after Stop): a write there lands inside, never on the host.
    await expect(output).toContainText(/WRITE (refused EROFS|done)/);
    await expect(output).toContainText('CONNECT refused ECONNREFUSED');
    await expect(output).toContainText('SPAWN done');
    expect(attack.connections()).toBe(0);
    expect(existsSync(attack.outside)).toBe(false);
    await expect.poll(() => processesWith(attack.sleep).length).toBe(1); // it started, inside the sandbox
    await box.getByRole('button', { name: 'Stop', exact: true }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('stopped');
    await expect.poll(() => processesWith(attack.sleep), { timeout: 5000 }).toEqual([]);
  } finally {
    attack.cleanup();
  }
});

test('without the sandbox: nothing runs before a confirmation that names the risk', async ({ browser }) => {
  // A second server, as on a machine without bubblewrap (the first one built the site).
  const port = await freePort();
  const server = spawn(process.execPath, ['src/server/start.ts', '--no-build', '--port', String(port)], {
    env: { ...process.env, LAB_SANDBOX: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let printed = '';
  server.stdout!.on('data', (d: Buffer) => (printed += d.toString()));
  const base = `http://localhost:${port}`;
  const attack = await prepareAttack(base);
  try {
    await expect.poll(() => printed, { timeout: 20_000 }).toContain('Press Ctrl-C');
    expect(printed).toContain("Examples run with your user's full rights");
    const secretUrl = /\s(http:\/\/\S+#lab-secret=\S+)/.exec(printed)![1]!;
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(secretUrl); // the address the server printed: the right to run
    const box = await openAndLoad(page, attack.link);
    await expect(box.getByText("Runs on this machine, with your user's full rights")).toBeVisible();
    const question = await pressRunForLinkCode(box);
    await expect(question).toContainText("with your user's full rights: it can read and change your files");
    // Nothing has run while the question waits.
    await page.waitForTimeout(1000);
    expect(attack.connections()).toBe(0);
    expect(existsSync(attack.outside)).toBe(false);
    expect(processesWith(attack.sleep)).toEqual([]);
    await question.getByRole('button', { name: 'Do not run' }).click();
    await expect(box.getByRole('status', { name: 'Status' })).toContainText('not started');
    await page.waitForTimeout(500);
    expect(attack.connections()).toBe(0);
    expect(existsSync(attack.outside)).toBe(false);
    await context.close();
  } finally {
    attack.cleanup();
    server.kill('SIGTERM');
  }
});
