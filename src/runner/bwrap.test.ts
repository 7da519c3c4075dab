// The OS sandbox's launcher, where the runner and the supervisor inside bwrap meet. A line an
// example prints at once must reach the runner even when the runner is slow to read: then the
// supervisor's "started, pid N" reply and the example's first output lines arrive in one read.
// (Seen in CI under load: a recorded run began at "[lab] listening", without its first lines.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BwrapLauncher, bwrapAvailable } from './bwrap.ts';

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
