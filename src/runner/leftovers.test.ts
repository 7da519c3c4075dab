// Nothing of a sandbox may outlive what started it, running as an orphan of PID 1: not when its
// runner dies without closing its sessions (kill -9, a crash, the OOM killer), and not when bwrap is
// killed in the few milliseconds of its start race (leftovers.ts). Seen in CI: an outer bwrap's
// first process asleep under PID 1 for 14 minutes, and once more in a kill loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { BwrapLauncher, bwrapAvailable } from './bwrap.ts';
import { markedProcesses, sweepLeftovers } from './leftovers.ts';
import { createRunner } from './server.ts';
import { processTable, treeOf } from './tree.ts';
import { isAlive } from '../test/runner-harness.ts';

const skip = !bwrapAvailable() && 'bwrap is not available here';
const SIZES = { maxProcesses: 16, memoryBytes: 1024 * 1024 * 1024, diskBytes: 8 * 1024 * 1024 };
const bwrapUrl = JSON.stringify(new URL('./bwrap.ts', import.meta.url).href);
const treeUrl = JSON.stringify(new URL('./tree.ts', import.meta.url).href);

const parentOf = (pid: number) => processTable().find((row) => row.pid === pid)?.ppid;

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return done();
}

/** Start `script` (an ES module) in a node of its own, and wait for its first line. */
async function runnerProcess(script: string): Promise<{ runner: ChildProcess; line: string }> {
  const runner = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    runner.stdout!.on('data', (b: Buffer) => resolve(String(b).trim()));
    runner.once('exit', (code) => reject(new Error(`the runner ended first (${code})`)));
  });
  return { runner, line };
}

// bwrap held in its start race: it writes --info-fd (a FIFO that is already full) after it has
// cloned the sandbox's first process and set its own parent-death signal, and before it releases
// that process. This is the window a kill must hit by chance in real use.
const HELD_IN_RACE = (box: string) => `
  import { spawn, execFileSync } from 'node:child_process';
  import { constants, mkdtempSync, openSync, writeSync } from 'node:fs';
  import { bwrapArgs, innerArgs } from ${bwrapUrl};
  import { processTable } from ${treeUrl};
  const fifo = mkdtempSync('/tmp/lab-race-') + '/info';
  execFileSync('mkfifo', [fifo]);
  openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // a reader that never reads
  const fill = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  try { for (;;) writeSync(fill, Buffer.alloc(4096)); } catch {}
  const info = openSync(fifo, constants.O_WRONLY); // blocking: bwrap's write waits here
  const sizes = ${JSON.stringify(SIZES)};
  const mark = { runner: process.pid, box: ${JSON.stringify(box)} };
  const inner = innerArgs(sizes, [], process.execPath, null, [], mark);
  const bwrap = spawn('bwrap', ['--info-fd', '3', ...bwrapArgs(sizes, inner, process.execPath, [], mark)], { stdio: ['pipe', 'ignore', 'ignore', info] });
  const childOf = (pid) => processTable().find((row) => row.ppid === pid)?.pid;
  const wait = setInterval(() => { const child = childOf(bwrap.pid); if (child) { clearInterval(wait); setTimeout(() => console.log(bwrap.pid + ' ' + child), 200); } }, 10);
  setInterval(() => {}, 1000);
`;

// What comes next and must stop the leftover: a sandbox of any runner (it sweeps before it starts),
// or a runner starting (`npm start`), which also says so.
const NEXT = {
  'the next sandbox to start': async () => {
    const launcher = new BwrapLauncher('after-race', SIZES);
    launcher.warm();
    return () => launcher.dispose();
  },
  'the next runner to start': async () => {
    const runner = createRunner({ sandbox: true });
    assert.ok(runner.swept >= 1, `the runner says it stopped leftovers (${runner.swept})`);
    return () => runner.close();
  },
};

for (const [next, start] of Object.entries(NEXT)) {
  test(`leftovers: bwrap killed in its start race leaves its first process asleep under PID 1; ${next} stops it`, { skip }, async () => {
    const box = `race-${process.pid}`;
    const { runner, line } = await runnerProcess(HELD_IN_RACE(box));
    const [bwrap, first] = line.split(' ').map(Number) as [number, number];
    let stop: (() => Promise<void>) | null = null;
    try {
      runner.kill('SIGKILL'); // bwrap dies with it (--die-with-parent), before it released its first process
      assert.ok(await until(() => !isAlive(bwrap), 5000), 'bwrap died with its runner');
      await new Promise((r) => setTimeout(r, 500));
      // The race, reproduced: this is what was seen in CI.
      assert.ok(isAlive(first), 'the sandbox’s first process outlived bwrap (the start race did not reproduce)');
      assert.notEqual(parentOf(first), bwrap);
      assert.ok(
        markedProcesses().some((p) => p.pid === first && p.box === box),
        'the leftover carries its sandbox’s mark',
      );
      stop = await start();
      assert.ok(await until(() => !isAlive(first), 5000), `the leftover ${first} is still running after ${next}`);
    } finally {
      runner.kill('SIGKILL');
      await stop?.();
      try {
        process.kill(first, 'SIGKILL');
      } catch {}
    }
  });
}

test('leftovers: a live runner’s starting sandbox is not swept by another, only by its own runner once it ended', { skip }, async () => {
  // This process is the runner here: it stays alive, so its sandbox is no one else's to stop.
  const box = `own-${process.pid}`;
  const script = HELD_IN_RACE(box).replace('runner: process.pid', `runner: ${process.pid}`);
  const { runner, line } = await runnerProcess(script);
  const [bwrap, first] = line.split(' ').map(Number) as [number, number];
  try {
    runner.kill('SIGKILL');
    assert.ok(await until(() => !isAlive(bwrap), 5000), 'bwrap died');
    assert.ok(!sweepLeftovers().includes(first), 'a sweep for dead runners stopped a process whose runner is alive');
    assert.ok(isAlive(first), 'the sandbox’s first process is still there');
    assert.deepEqual(sweepLeftovers(box), [first], 'its runner, told that sandbox ended, stops it');
    assert.ok(await until(() => !isAlive(first), 5000));
  } finally {
    runner.kill('SIGKILL');
    try {
      process.kill(first, 'SIGKILL');
    } catch {}
  }
});

// A real runner, killed at several points of its sandbox's start (the inner sandbox included) and
// while an example runs (with a detached grandchild).
const RUNNER = (phase: 'starting' | 'running', delayMs: number) => `
  import { BwrapLauncher } from ${bwrapUrl};
  const launcher = new BwrapLauncher('orphan-test', ${JSON.stringify(SIZES)});
  if (${JSON.stringify(phase)} === 'starting') {
    launcher.warm();
    setTimeout(() => console.log('ready'), ${delayMs});
  } else {
    await launcher.mount('t', { 'server.js': "require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }); require('node:http').createServer(() => {}).listen(0); console.log('up');\\n" });
    const proc = await launcher.start(launcher.folder('t'), ['server.js'], {}, 'orphan-mark');
    proc.stdout.once('data', () => setTimeout(() => console.log('ready'), 300));
  }
  setInterval(() => {}, 1000);
`;

const KILLS = [...[0, 5, 10, 20, 40, 80, 160, 320].map((ms) => ({ phase: 'starting' as const, ms })), { phase: 'running' as const, ms: 0 }];

for (const { phase, ms } of KILLS) {
  test(`leftovers: a runner killed with SIGKILL ${phase === 'starting' ? `${ms} ms into its sandbox's start` : 'while an example runs'} leaves no process of it behind`, {
    skip,
  }, async () => {
    const { runner } = await runnerProcess(RUNNER(phase, ms));
    let next: BwrapLauncher | null = null;
    try {
      const seen = new Set(treeOf(runner.pid!).slice(1)); // the runner's descendants
      if (phase === 'running') assert.ok(seen.size >= 6, `the session's processes were found: ${[...seen]}`);
      runner.kill('SIGKILL');
      // Whatever carries its mark, now or while the kills ripple down, counts as the session's too.
      const end = Date.now() + 1000;
      while (Date.now() < end) {
        for (const p of markedProcesses()) if (p.runner === runner.pid) seen.add(p.pid);
        await new Promise((r) => setTimeout(r, 20));
      }
      // Nothing is left once a next sandbox has started (the sandbox's own ways out take up to 2 s).
      next = new BwrapLauncher('after-kill', SIZES);
      next.warm();
      await until(() => ![...seen].some(isAlive), 10_000);
      assert.deepEqual([...seen].filter(isAlive), [], 'processes of the session still running after their runner was killed');
    } finally {
      runner.kill('SIGKILL');
      await next?.dispose();
    }
  });
}
