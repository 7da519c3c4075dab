// The OS sandbox's launcher, where the runner and the supervisor inside bwrap meet. A line an
// example prints at once must reach the runner even when the runner is slow to read: then the
// supervisor's "started, pid N" reply and the example's first output lines arrive in one read.
// (Seen in CI under load: a recorded run began at "[lab] listening", without its first lines.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { BwrapLauncher, bwrapAvailable } from './bwrap.ts';
import { treeOf } from './tree.ts';

/** Keep this process from reading anything for `ms`, as a loaded machine does. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

test('bwrap: the first lines of a process that prints at once and exits are kept, however late the runner reads', {
  skip: !bwrapAvailable() && 'bwrap is not available here',
}, async () => {
  // 1 GB, as a session has: without cgroups (an unprivileged runner) it is RLIMIT_DATA, and Node 24
  // cannot reserve its code range under 768 MB ("Fatal process out of memory").
  const launcher = new BwrapLauncher('bwrap-test', { maxProcesses: 16, memoryBytes: 1024 * 1024 * 1024, diskBytes: 16 * 1024 * 1024 });
  const folder = launcher.folder('t');
  try {
    await launcher.mount('t', { 'early.js': "console.log('first line'); console.error('first error'); console.log('second line');\n" });
    // Warm the sandbox, so the spawn below is answered quickly while this process is busy.
    const warm = await launcher.start(folder, ['-e', ''], {}, 'warm');
    await warm.closed;
    for (let attempt = 0; attempt < 3; attempt++) {
      const starting = launcher.start(folder, ['early.js'], {}, `early-${attempt}`);
      busy(1500); // the reply, the output and the exit all wait in the pipe meanwhile
      const proc = await starting;
      let out = '';
      let err = '';
      proc.stdout.on('data', (b: Buffer) => (out += b));
      proc.stderr.on('data', (b: Buffer) => (err += b));
      const exit = await Promise.race([proc.exited, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
      await Promise.race([proc.closed, new Promise((r) => setTimeout(r, 5000))]);
      assert.deepEqual(exit, { code: 0, signal: null }, `attempt ${attempt}: the exit was reported`);
      assert.equal(out, 'first line\nsecond line\n', `attempt ${attempt}: stdout`);
      assert.equal(err, 'first error\n', `attempt ${attempt}: stderr`);
    }
  } finally {
    await launcher.dispose();
  }
});

// A runner that dies without closing its sessions (kill -9, a crash, the OOM killer) must take the
// sandboxes with it: nothing of a session may outlive it, running as an orphan of PID 1. (Seen once
// in CI: an outer bwrap orphaned for 14 minutes; the cause was not found, so this is kept as a guard.)
const RUNNER = (phase: string) => `
  import { BwrapLauncher } from ${JSON.stringify(new URL('./bwrap.ts', import.meta.url).href)};
  const launcher = new BwrapLauncher('orphan-test', { maxProcesses: 16, memoryBytes: 1024 * 1024 * 1024, diskBytes: 8 * 1024 * 1024 });
  if (${JSON.stringify(phase)} === 'starting') {
    launcher.warm();
    setTimeout(() => console.log('ready'), 30);
  } else {
    await launcher.mount('t', { 'server.js': "require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' }); require('node:http').createServer(() => {}).listen(0); console.log('up');\\n" });
    const proc = await launcher.start(launcher.folder('t'), ['server.js'], {}, 'orphan-mark');
    proc.stdout.once('data', () => setTimeout(() => console.log('ready'), 300));
  }
  setInterval(() => {}, 1000);
`;

/** Still running: not gone, and not a zombie (a dead process nobody reaped, as under a PID 1 that does not reap). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

for (const phase of ['starting', 'running'] as const) {
  test(`bwrap: a runner killed with SIGKILL while its sandbox is ${phase} leaves no process of it behind`, {
    skip: !bwrapAvailable() && 'bwrap is not available here',
  }, async () => {
    const runner = spawn(process.execPath, ['--input-type=module', '-e', RUNNER(phase)], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        runner.stdout.on('data', (b: Buffer) => String(b).includes('ready') && resolve());
        runner.once('exit', (code) => reject(new Error(`the runner ended first (${code})`)));
      });
      const session = treeOf(runner.pid!).slice(1); // the runner's descendants
      assert.ok(session.length >= (phase === 'running' ? 6 : 1), `the session's processes were found: ${session}`);
      runner.kill('SIGKILL');
      const until = Date.now() + 10_000;
      while (session.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(session.filter(alive), [], 'processes of the session still running after their runner was killed');
    } finally {
      runner.kill('SIGKILL');
    }
  });
}
