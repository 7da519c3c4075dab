// The WebContainer adapter's calls and its handling of a runtime that hangs, comes late, fails,
// reports errors or cannot kill a process, checked with a recording fake of the documented API:
// no real boot is possible on a machine without stackblitz.com. (The e2e suite drives the same
// adapter against a stand-in backed by real processes: e2e/webcontainer-standin.spec.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebContainer } from '@webcontainer/api';
import { RuntimeUnavailableError } from '../core/runtime.ts';
import type { BootEvent } from '../core/boot-progress.ts';
import { toFileSystemTree, TORN_DOWN_EXIT, WebContainerRuntime } from './webcontainer.ts';
import { isIOS, preflight } from './webcontainer-preflight.ts';

interface FakeProcess {
  push(chunk: string): void;
  end(): void;
  exitWith(code: number): void;
  written: string[];
}

/** A fake of the documented surface. `killable: false` makes kill() a no-op (a busy loop). */
function fakeContainer(options: { killable?: boolean } = {}) {
  const calls: unknown[][] = [];
  const procs: FakeProcess[] = [];
  const listeners: Record<string, Array<(...a: never[]) => void>> = {};
  const wc = {
    fs: {
      rm: async (...a: unknown[]) => void calls.push(['fs.rm', ...a]),
      mkdir: async (...a: unknown[]) => void calls.push(['fs.mkdir', ...a]),
      writeFile: async (...a: unknown[]) => void calls.push(['fs.writeFile', ...a]),
    },
    mount: async (...a: unknown[]) => void calls.push(['mount', ...a]),
    on: (event: string, listener: (...a: never[]) => void) => {
      (listeners[event] ??= []).push(listener);
      return () => (listeners[event] = listeners[event]!.filter((l) => l !== listener));
    },
    spawn: async (...a: unknown[]) => {
      calls.push(['spawn', ...a]);
      let controller!: ReadableStreamDefaultController<string>;
      let resolveExit: (code: number) => void = () => {};
      const written: string[] = [];
      const isVersion = (a[1] as string[])[0] === '--version';
      const output = new ReadableStream<string>({ start: (c) => void (controller = c) });
      const fake: FakeProcess = {
        push: (chunk) => controller.enqueue(chunk),
        end: () => controller.close(),
        exitWith: (code) => resolveExit(code),
        written,
      };
      if (!isVersion) procs.push(fake);
      const exit = new Promise<number>((r) => (resolveExit = r));
      if (isVersion) {
        fake.push('v20.19.1\r\n');
        fake.end();
        fake.exitWith(0);
      }
      return {
        exit,
        output,
        input: new WritableStream<string>({ write: (chunk) => void written.push(chunk) }),
        kill: () => {
          calls.push(['kill']);
          if (options.killable === false) return;
          fake.end();
          fake.exitWith(143);
        },
      };
    },
    teardown: () => void calls.push(['teardown']),
  };
  const emit = (event: string, ...args: unknown[]) => {
    for (const l of listeners[event] ?? []) (l as (...a: unknown[]) => void)(...args);
  };
  return { wc: wc as unknown as WebContainer, calls, procs, emit, listeners };
}

const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));

test('boots once with require-corp COEP and a named workdir, and reads the Node version', async () => {
  const { wc } = fakeContainer();
  const boots: unknown[] = [];
  const rt = new WebContainerRuntime(async (options) => {
    boots.push(options);
    return wc;
  });
  await Promise.all([rt.boot(), rt.boot()]);
  await rt.boot();
  assert.deepEqual(boots, [{ coep: 'require-corp', workdirName: 'lifecycle-lab' }]);
  assert.equal(rt.nodeVersion, 'v20.19.1');
});

test('a boot that never settles: staged progress, "slow" after slowMs, then a retryable timeout naming the hosts', async () => {
  const events: BootEvent[] = [];
  const rt = new WebContainerRuntime(() => new Promise(() => {}), { timeoutMs: 60, slowMs: 20 });
  rt.progress.listen((e) => events.push(e));
  await assert.rejects(rt.boot(), (err: unknown) => {
    assert.ok(err instanceof RuntimeUnavailableError);
    assert.equal(err.retryable, true);
    assert.match(err.message, /did not start within 0.06 s/);
    assert.match(err.message, /stackblitz\.com, \*\.staticblitz\.com, \*\.webcontainer-api\.io/);
    assert.ok(err.remedies.some((r) => /npm start/.test(r)));
    return true;
  });
  assert.deepEqual(events, [
    { type: 'stage', stage: 'loading' },
    { type: 'slow', afterMs: 20 },
  ]);
});

test('a boot that finishes after the timeout, with no one waiting, is torn down, not leaked', async () => {
  const { wc, calls } = fakeContainer();
  let finish!: (wc: WebContainer) => void;
  const rt = new WebContainerRuntime(() => new Promise((r) => (finish = r)), { timeoutMs: 20, slowMs: 10 });
  await assert.rejects(rt.boot(), /did not start/);
  finish(wc);
  await tick(20);
  assert.deepEqual(calls.at(-1), ['teardown']);
});

test('Retry waits on the same pending attempt again, and adopts it when it comes late', async () => {
  const { wc, calls } = fakeContainer();
  let finish!: (wc: WebContainer) => void;
  let boots = 0;
  const rt = new WebContainerRuntime(
    () => {
      boots++;
      return new Promise((r) => (finish = r));
    },
    { timeoutMs: 30, slowMs: 10 },
  );
  await assert.rejects(rt.boot(), /did not start/);
  const retry = rt.boot();
  finish(wc);
  await retry;
  assert.equal(boots, 1, 'the library keeps one attempt per page: a retry must not start a second');
  assert.ok(!calls.some((c) => c[0] === 'teardown'));
  await rt.mount('x', {});
  assert.deepEqual(calls.at(-1), ['mount', {}, { mountPoint: 'x' }]);
});

test('a boot that fails is reported, and Retry starts a fresh attempt', async () => {
  const { wc } = fakeContainer();
  let boots = 0;
  const rt = new WebContainerRuntime(async () => {
    if (++boots === 1) throw new Error('Unable to create more instances');
    return wc;
  });
  await assert.rejects(rt.boot(), /failed to start: Unable to create more instances/);
  await rt.boot();
  assert.equal(boots, 2);
});

test('mounts each sandbox in its own folder, writes files there, spawns node with cwd and env', async () => {
  const { wc, calls, procs } = fakeContainer();
  const rt = new WebContainerRuntime(async () => wc);
  await rt.mount('example-hello', { 'server.js': 'a', 'lib/x.js': 'b' });
  await rt.writeFile('example-hello', 'lib/x.js', 'c');
  const proc = await rt.spawn('example-hello', ['server.js'], { env: { PORT: '3001' } });
  const chunks: string[] = [];
  proc.onOutput((c) => chunks.push(c));
  proc.write('{"id":1}\n');
  procs[0]!.push('hello\n');
  await tick();
  assert.deepEqual(chunks, ['hello\n']);
  assert.deepEqual(procs[0]!.written, ['{"id":1}\n']);
  assert.deepEqual(calls.filter((c) => !(c[0] === 'spawn' && (c[2] as string[])[0] === '--version')).slice(0, 6), [
    ['fs.rm', 'example-hello', { recursive: true, force: true }],
    ['fs.mkdir', 'example-hello', { recursive: true }],
    ['mount', { 'server.js': { file: { contents: 'a' } }, lib: { directory: { 'x.js': { file: { contents: 'b' } } } } }, { mountPoint: 'example-hello' }],
    ['fs.mkdir', 'example-hello/lib', { recursive: true }],
    ['fs.writeFile', 'example-hello/lib/x.js', 'c'],
    ['spawn', 'node', ['server.js'], { cwd: 'example-hello', env: { PORT: '3001' } }],
  ]);
  await proc.kill();
  assert.equal(await proc.exit, 143);
  assert.deepEqual(calls.at(-1), ['kill']);
  await rt.dispose();
  assert.deepEqual(calls.at(-1), ['teardown']);
});

test('output that arrives just after exit is delivered before exit resolves; later output is dropped', async () => {
  const { wc, procs } = fakeContainer();
  const rt = new WebContainerRuntime(async () => wc);
  const proc = await rt.spawn('d', ['server.js']);
  const seen: string[] = [];
  proc.onOutput((c) => seen.push(c));
  void proc.exit.then((code) => seen.push(`exit ${code}`));
  procs[0]!.exitWith(0);
  procs[0]!.push('last line\n');
  await tick(400);
  // The adapter cancelled its reader: the stream refuses more, and nothing more is shown.
  assert.throws(() => procs[0]!.push('too late\n'));
  await tick();
  assert.deepEqual(seen, ['last line\n', 'exit 0']);
});

test('a process that a hard kill cannot stop: the container is torn down and booted again, every process ends saying why', async () => {
  const first = fakeContainer({ killable: false });
  const second = fakeContainer();
  let boots = 0;
  const rt = new WebContainerRuntime(async () => (++boots === 1 ? first.wc : second.wc), { killDeadlineMs: 30 });
  const loop = await rt.spawn('a', ['server.js']);
  const other = await rt.spawn('b', ['server.js']);
  const otherOutput: string[] = [];
  other.onOutput((c) => otherOutput.push(c));
  await loop.kill('SIGTERM');
  assert.equal(await loop.exit, TORN_DOWN_EXIT);
  assert.equal(await other.exit, TORN_DOWN_EXIT);
  assert.match(otherOutput.join(''), /did not stop within 0.03 s .* runtime was restarted/);
  assert.ok(first.calls.some((c) => c[0] === 'teardown'));
  assert.equal(boots, 2);
  await rt.mount('a', {});
  assert.ok(
    second.calls.some((c) => c[0] === 'mount'),
    'later calls use the fresh container',
  );
});

test("the container's error and port events reach the sandboxes", async () => {
  const { wc, emit } = fakeContainer();
  const rt = new WebContainerRuntime(async () => wc);
  const proc = await rt.spawn('a', ['server.js']);
  const out: string[] = [];
  const ports: number[] = [];
  proc.onOutput((c) => out.push(c));
  proc.onListen?.((p) => ports.push(p));
  emit('error', { message: 'out of memory' });
  emit('port', 8000, 'open', 'https://x');
  emit('port', 8000, 'close', 'https://x');
  assert.match(out.join(''), /reported an error: out of memory/);
  assert.deepEqual(ports, [8000]);
});

test('each sandbox gets its own port', async () => {
  const rt = new WebContainerRuntime(async () => fakeContainer().wc);
  assert.notEqual(await rt.allocatePort(), await rt.allocatePort());
});

const desktop = {
  crossOriginIsolated: true,
  hasSharedArrayBuffer: true,
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140',
  platform: 'Linux x86_64',
  maxTouchPoints: 0,
};

test('preflight names what rules WebContainers out; the page service worker is not one of them', () => {
  assert.deepEqual(preflight(desktop), []);
  const problems = preflight({ ...desktop, crossOriginIsolated: false, hasSharedArrayBuffer: false });
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /not cross-origin isolated/);
});

test('the iOS guard: iPhone, and an iPad that says it is a Mac with touch', () => {
  assert.equal(isIOS({ userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)', platform: 'iPhone', maxTouchPoints: 5 }), true);
  assert.equal(isIOS({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 5 }), true);
  assert.equal(isIOS({ userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', platform: 'MacIntel', maxTouchPoints: 0 }), false);
  assert.match(preflight({ ...desktop, platform: 'iPhone' })[0]!, /iPhone or iPad/);
});

test('toFileSystemTree nests paths', () => {
  assert.deepEqual(toFileSystemTree({ 'a/b/c.js': 'x' }), { a: { directory: { b: { directory: { 'c.js': { file: { contents: 'x' } } } } } } });
});

test("a port given to one sandbox as PORT is that sandbox's; another port goes to every sandbox", async () => {
  const { wc, emit } = fakeContainer();
  const rt = new WebContainerRuntime(async () => wc);
  const a = await rt.spawn('a', ['server.js'], { env: { PORT: '3001' } });
  const b = await rt.spawn('b', ['server.js'], { env: { PORT: '3002' } });
  const seen: string[] = [];
  a.onListen?.((p) => seen.push(`a:${p}`));
  b.onListen?.((p) => seen.push(`b:${p}`));
  emit('port', 3002, 'open', '');
  emit('port', 8000, 'open', '');
  assert.deepEqual(seen, ['b:3002', 'a:8000', 'b:8000']);
});
