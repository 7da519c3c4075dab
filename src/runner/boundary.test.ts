// The OS sandbox's boundary, attacked as a red team did (issue 19): each test is a probe that worked
// against the runner before the boundary was rebuilt. They run example code through MachineRuntime,
// exactly as a page's Run does, and look at the result from this machine's side.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MachineRuntime } from './machine-runtime.ts';
import { bwrapAvailable } from './bwrap.ts';
import { tasksFor } from './kernel-limits.ts';

const sandboxed = bwrapAvailable();
const skip = !sandboxed && 'bwrap is not available here';

/** Run one script in a fresh session and return what it printed and how it ended. */
async function probe(source: string, options: { files?: Record<string, string>; timeoutMs?: number; runtime?: MachineRuntime } = {}) {
  const runtime = options.runtime ?? new MachineRuntime();
  try {
    await runtime.mount('probe', { 'probe.js': source, ...options.files });
    const proc = await runtime.spawn('probe', ['probe.js']);
    let out = '';
    proc.onOutput((text) => (out += text.replace(/\x1b\[[0-9;]*m/g, '')));
    const timer = setTimeout(() => void proc.kill('SIGKILL'), options.timeoutMs ?? 20_000);
    const code = await proc.exit;
    clearTimeout(timer);
    return { out, code };
  } finally {
    if (!options.runtime) await runtime.dispose();
  }
}

test('attack 1: example code cannot rename its folder, plant a link in it, or write another example’s files', { skip }, async () => {
  const runtime = new MachineRuntime();
  try {
    await runtime.mount('victim', { 'server.js': 'victim' });
    const { out } = await probe(
      `const fs = require('fs');
       const tryIt = (what, f) => { try { f(); console.log(what, 'DONE'); } catch (e) { console.log(what, e.code); } };
       tryIt('rename', () => fs.renameSync(process.cwd(), process.cwd() + '-moved'));
       tryIt('symlink', () => fs.symlinkSync('/etc', 'evil'));
       tryIt('fifo', () => require('child_process').execFileSync('mkfifo', ['server.js']));
       tryIt('other', () => fs.writeFileSync(require('path').join(process.cwd(), '..', 'victim', 'server.js'), 'pwned'));`,
      { runtime },
    );
    assert.match(out, /rename EROFS/);
    assert.match(out, /symlink EROFS/);
    assert.doesNotMatch(out, /other DONE/);
    // The victim's file is as mounted: Run again writes only what the page sent.
    await runtime.mount('victim', { 'server.js': 'victim', 'lib/x.js': 'x' });
    const check = await probe(`console.log(require('fs').readFileSync('../victim/server.js', 'utf8'))`, { runtime });
    assert.match(check.out, /^victim$/m);
  } finally {
    await runtime.dispose();
  }
});

test('attack 2: a FIFO named like an example file and self-links do not stall or loop the runner (no OS sandbox)', async () => {
  const runtime = new MachineRuntime({ sandbox: false });
  try {
    await probe(
      `const fs = require('fs');
       fs.unlinkSync('server.js');
       require('child_process').execFileSync('mkfifo', ['server.js']);
       fs.symlinkSync('.', 'a'); fs.symlinkSync('.', 'b'); fs.mkdirSync('d'); fs.symlinkSync('..', 'd/up');`,
      { runtime, files: { 'server.js': 'one' } },
    );
    const started = Date.now();
    await runtime.mount('probe', { 'probe.js': 'console.log(1)', 'server.js': 'two' });
    assert.ok(Date.now() - started < 5000, 'the mount finished without blocking on the FIFO or walking the links');
    const check = await probe(`const fs = require('fs'); console.log(fs.lstatSync('server.js').isFile(), fs.readdirSync('.').sort().join(','))`, {
      runtime,
      files: { 'server.js': 'two' },
    });
    assert.match(check.out, /true probe\.js,server\.js/);
  } finally {
    await runtime.dispose();
  }
});

test('attack 4: root is never root: no capabilities, not host root, /proc/sys and read-only mounts stay read-only', { skip }, async () => {
  const runtime = new MachineRuntime();
  try {
    const before = readFileSync('/proc/sys/kernel/core_pattern', 'utf8');
    const { out } = await probe(
      `const fs = require('fs');
       console.log(fs.readFileSync('/proc/self/status', 'utf8').match(/^CapEff:.*$/m)[0]);
       // core_pattern gets its own value back: the probe is whether the write is allowed, and a
       // regression must not change this machine's setting (the red team's run did).
       const same = (f) => { try { return fs.readFileSync(f); } catch { return 'x'; } };
       for (const f of ['/proc/sys/kernel/core_pattern', '/usr/lab-probe', '/etc/lab-probe'])
         try { fs.writeFileSync(f, same(f)); console.log('WROTE', f); } catch (e) { console.log('refused', f, e.code); }
       try { require('child_process').execFileSync('mount', ['-o', 'remount,rw', '/usr'], { stdio: 'pipe' }); console.log('REMOUNTED'); } catch { console.log('remount refused'); }
       setTimeout(() => {}, 3000);`,
      { runtime, timeoutMs: 2000 },
    );
    assert.match(out, /CapEff:\s+0{16}/);
    assert.doesNotMatch(out, /WROTE|REMOUNTED/);
    assert.equal(readFileSync('/proc/sys/kernel/core_pattern', 'utf8'), before);
  } finally {
    await runtime.dispose();
  }
});

test('attack 4b: started as root, the examples are not host root', { skip: (skip || process.getuid?.() !== 0) && 'needs bwrap and root' }, async () => {
  const runtime = new MachineRuntime();
  try {
    await runtime.mount('probe', { 'probe.js': 'setTimeout(() => {}, 5000)' });
    const proc = await runtime.spawn('probe', ['probe.js']);
    const host = runtime.processes.launcher.hostPidOf(proc.pid);
    assert.ok(host, 'the example is seen from here');
    const uids = /^Uid:\s+(.*)$/m.exec(readFileSync(`/proc/${host}/status`, 'utf8'))![1]!.split(/\s+/);
    assert.ok(
      uids.every((uid) => uid !== '0'),
      `host uids of the example: ${uids.join(' ')}`,
    );
    await proc.kill('SIGKILL');
  } finally {
    await runtime.dispose();
  }
});

test('attack 5: the supervisor is out of reach, and Stop works even when the spawner is frozen', { skip }, async () => {
  const runtime = new MachineRuntime();
  try {
    const { out } = await probe(
      `const fs = require('fs');
       const seen = fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).map((pid) => { try { return fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').replace(/\\0/g, ' '); } catch { return ''; } });
       console.log('supervisor visible:', seen.some((c) => c.includes('supervisor.ts')));`,
      { runtime },
    );
    assert.match(out, /supervisor visible: false/);
    // Freeze the spawner from inside, then Stop: the runner must still end the process.
    await runtime.mount('probe', {
      'probe.js': `const fs = require('fs');
        for (const pid of fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)))
          try { if (fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').includes('spawner.ts')) process.kill(Number(pid), 'SIGSTOP'); } catch {}
        console.log('froze'); setInterval(() => {}, 1000);`,
    });
    const proc = await runtime.spawn('probe', ['probe.js']);
    let text = '';
    proc.onOutput((t) => (text += t));
    await new Promise((r) => setTimeout(r, 1500));
    const stopped = Promise.race([proc.kill('SIGTERM').then(() => 'stopped'), new Promise((r) => setTimeout(() => r('hung'), 20_000))]);
    assert.equal(await stopped, 'stopped');
  } finally {
    await runtime.dispose();
  }
});

test('attack 5b/6: the process cap holds in the kernel, whatever the spawner does', { skip }, async () => {
  // 32 processes are 256 tasks (tasksFor): threads count, and a node process runs about ten.
  const runtime = new MachineRuntime({ maxProcesses: 32 });
  try {
    await runtime.mount('probe', {
      // First freeze whatever polls for the cap (the old supervisor did), then spawn far past it.
      'probe.js': `const fs = require('fs');
        for (const pid of fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)))
          try { if (/(spawner|supervisor)\\.ts$/.test(fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8').split('\\0')[1])) process.kill(Number(pid), 'SIGSTOP'); } catch {}
        const { spawn } = require('child_process'); let n = 0, failed = 0;
        for (let i = 0; i < 600; i++) try { const c = spawn('sleep', ['30'], { stdio: 'ignore' }); c.on('error', () => failed++); n++; } catch { failed++; }
        setTimeout(() => { console.log('spawned', n, 'failed', failed); }, 2000); setInterval(() => {}, 1000);`,
    });
    const proc = await runtime.spawn('probe', ['probe.js']);
    await new Promise((r) => setTimeout(r, 3000));
    const alive = runtime.processes.hostPids().length;
    assert.ok(alive <= tasksFor(32), `${alive} example processes alive, limit ${tasksFor(32)} tasks`);
    await proc.kill('SIGKILL');
  } finally {
    await runtime.dispose();
  }
});

test('attack 6: memory, /tmp, /dev/shm and unlinked files are capped by the kernel', { skip }, async () => {
  const runtime = new MachineRuntime({ maxDiskBytes: 16 * 1024 * 1024, maxMemoryBytes: 256 * 1024 * 1024 });
  try {
    const { out } = await probe(
      `const fs = require('fs');
       const tmp = require('os').tmpdir(); // where the example may write: its TMPDIR
       const fill = (path) => { const fd = fs.openSync(path, 'w'); const mb = Buffer.alloc(1 << 20, 1); let n = 0; try { for (; n < 200; n++) fs.writeSync(fd, mb); } catch (e) { return n + ' MB then ' + e.code; } finally { fs.closeSync(fd); } return n + ' MB'; };
       // A file unlinked while open is in no folder any more: a cap that counts folders misses it.
       const fd = fs.openSync(tmp + '/unlinked', 'w'); fs.unlinkSync(tmp + '/unlinked');
       try { for (let i = 0; i < 200; i++) fs.writeSync(fd, Buffer.alloc(1 << 20, 1)); console.log('unlinked 200 MB'); } catch (e) { console.log('unlinked', e.code); }
       fs.closeSync(fd);
       console.log('tmp', fill(tmp + '/big'));
       fs.unlinkSync(tmp + '/big');
       console.log('shm', fill('/dev/shm/big'));`,
    );
    assert.match(out, /tmp \d+ MB then ENOSPC/);
    assert.match(out, /unlinked ENOSPC/);
    assert.match(out, /shm \d+ MB then ENOSPC/);
    const held = (runtime.processes.launcher as { held?: { memory: string } }).held;
    if (held && !/per process/.test(held.memory)) {
      const mem = await probe(
        `const keep = []; for (let i = 0; i < 40; i++) keep.push(Buffer.alloc(32 << 20, 1)); console.log('HELD', keep.length * 32, 'MB');`,
        {
          runtime,
        },
      );
      assert.doesNotMatch(mem.out, /HELD 1280 MB/, 'the memory cap stopped the process before it held 1.25 GB');
      assert.notEqual(mem.code, 0);
    }
  } finally {
    await runtime.dispose();
  }
});

test('attack 7: the runner’s environment and descriptors do not reach the examples', { skip }, async () => {
  process.env.LAB_PROBE_SECRET = 'do-not-leak-0451';
  const runtime = new MachineRuntime();
  try {
    const { out } = await probe(
      `const fs = require('fs');
       let leaked = false;
       for (const pid of fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)))
         try { if (fs.readFileSync('/proc/' + pid + '/environ', 'latin1').includes('do-not-leak')) leaked = true; } catch {}
       console.log('leaked', leaked);
       const fds = fs.readdirSync('/proc/self/fd').map((fd) => { try { return fs.readlinkSync('/proc/self/fd/' + fd); } catch { return ''; } });
       console.log('tty', fds.some((l) => /^\\/dev\\/(pts|tty)/.test(l)));`,
      { runtime },
    );
    assert.match(out, /leaked false/);
    assert.match(out, /tty false/);
  } finally {
    delete process.env.LAB_PROBE_SECRET;
    await runtime.dispose();
  }
});

test('attack 5c: forged events through the spawner’s own pipe: an endless line, PIDs never started, a forged exit', { skip }, async () => {
  const runtime = new MachineRuntime();
  try {
    await runtime.mount('probe', {
      // Node's stdio is a socket pair, not reachable through /proc/<pid>/fd; pidfd_getfd (a ptrace-class
      // right over a process of the same uid and namespace) takes the spawner's stdout all the same.
      'forge.py': `import ctypes, json, os, select, sys
libc = ctypes.CDLL(None, use_errno=True)
spawner = next(p for p in os.listdir('/proc') if p.isdigit() and open('/proc/%s/cmdline' % p, 'rb').read().split(b'\\0')[1:2] and open('/proc/%s/cmdline' % p, 'rb').read().split(b'\\0')[1].endswith((b'spawner.ts', b'supervisor.ts')))
pidfd = libc.syscall(434, int(spawner), 0)
fd = libc.syscall(438, pidfd, 1, 0)
if fd < 0: sys.exit('pidfd_getfd failed: errno %d' % ctypes.get_errno())
def put(data):  # the socket is non-blocking (node set it so): write it all, waiting when full
    while data:
        try: data = data[os.write(fd, data):]
        except BlockingIOError: select.select([], [fd], [])
junk = b'A' * (1 << 20)
for _ in range(32): put(junk)  # 32 MB without a newline
put(b'\\n')
for pid in range(500, 5500): put((json.dumps({'ev': 'data', 'pid': pid, 'fd': 1, 'b64': 'Rk9SR0VE'}) + '\\n').encode())
print('forged through fd', fd)
`,
      'probe.js': `const r = require('child_process').spawnSync('python3', ['forge.py'], { encoding: 'utf8' });
        console.log(r.stdout, r.stderr);
        console.log('forged'); setInterval(() => {}, 1000);`,
    });
    const rss = process.memoryUsage().rss;
    const proc = await runtime.spawn('probe', ['probe.js']);
    let out = '';
    proc.onOutput((t) => (out += t));
    const deadline = Date.now() + 20_000;
    while (!/forged\n/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.match(out, /forged through fd \d+/, 'the attack itself worked');
    assert.doesNotMatch(out, /FORGED/);
    const launcher = runtime.processes.launcher as unknown as { early: Map<number, unknown> };
    assert.equal(launcher.early.size, 0, 'nothing held for PIDs that were never started');
    assert.ok(process.memoryUsage().rss - rss < 24 * 1024 * 1024, 'the endless line was not buffered');
    // The session still works: a new process starts and speaks.
    await runtime.mount('ok', { 'ok.js': 'console.log("still here")' });
    const ok = await runtime.spawn('ok', ['ok.js']);
    let said = '';
    ok.onOutput((t) => (said += t));
    await ok.exit;
    assert.match(said, /still here/);
    await proc.kill('SIGKILL');
  } finally {
    await runtime.dispose();
  }
});
