// The WebContainer adapter's calls, checked against the documented API with a recording fake:
// no real boot is possible on a machine without stackblitz.com.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebContainer } from '@webcontainer/api';
import { RuntimeUnavailableError } from '../core/runtime.ts';
import { preflight, toFileSystemTree, WebContainerRuntime } from './webcontainer.ts';

function fakeContainer() {
  const calls: unknown[][] = [];
  let resolveExit: (code: number) => void = () => {};
  const wc = {
    fs: {
      rm: async (...a: unknown[]) => void calls.push(['fs.rm', ...a]),
      mkdir: async (...a: unknown[]) => void calls.push(['fs.mkdir', ...a]),
      writeFile: async (...a: unknown[]) => void calls.push(['fs.writeFile', ...a]),
    },
    mount: async (...a: unknown[]) => void calls.push(['mount', ...a]),
    spawn: async (...a: unknown[]) => {
      calls.push(['spawn', ...a]);
      const written: string[] = [];
      return {
        exit: new Promise<number>((r) => (resolveExit = r)),
        output: new ReadableStream<string>({
          start(c) {
            c.enqueue('hello\n');
            c.close();
          },
        }),
        input: new WritableStream<string>({ write: (chunk) => void written.push(chunk) }),
        kill: () => {
          calls.push(['kill']);
          resolveExit(143);
        },
        written,
      };
    },
    teardown: () => void calls.push(['teardown']),
  };
  return { wc: wc as unknown as WebContainer, calls };
}

test('boots once with require-corp COEP and a named workdir', async () => {
  const { wc } = fakeContainer();
  const boots: unknown[] = [];
  const rt = new WebContainerRuntime(async (options) => {
    boots.push(options);
    return wc;
  });
  await rt.boot();
  await rt.boot();
  assert.deepEqual(boots, [{ coep: 'require-corp', workdirName: 'lifecycle-lab' }]);
});

test('a boot that never settles times out with causes and remedies', async () => {
  const rt = new WebContainerRuntime(() => new Promise(() => {}), 50);
  await assert.rejects(rt.boot(), (err: unknown) => {
    assert.ok(err instanceof RuntimeUnavailableError);
    assert.match(err.message, /did not start within 0.05 s/);
    assert.ok(err.causes.some((c) => /stackblitz\.com/.test(c)));
    assert.ok(err.remedies.some((r) => /npm start/.test(r)));
    return true;
  });
});

test('a boot error is reported as unavailable', async () => {
  const rt = new WebContainerRuntime(async () => {
    throw new Error('Unable to create more instances');
  });
  await assert.rejects(rt.boot(), /failed to start: Unable to create more instances/);
});

test('mounts each sandbox in its own folder, writes files there, spawns node with cwd and env', async () => {
  const { wc, calls } = fakeContainer();
  const rt = new WebContainerRuntime(async () => wc);
  await rt.mount('example-hello', { 'server.js': 'a', 'lib/x.js': 'b' });
  await rt.writeFile('example-hello', 'lib/x.js', 'c');
  const proc = await rt.spawn('example-hello', ['server.js'], { env: { PORT: '3001' } });
  const chunks: string[] = [];
  proc.onOutput((c) => chunks.push(c));
  proc.write('{"id":1}\n');
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(chunks, ['hello\n']);
  assert.deepEqual(calls.slice(0, 6), [
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

test('each sandbox gets its own port', async () => {
  const rt = new WebContainerRuntime(async () => fakeContainer().wc);
  assert.notEqual(await rt.allocatePort(), await rt.allocatePort());
});

test('preflight names what rules WebContainers out', () => {
  assert.deepEqual(preflight({ crossOriginIsolated: true, hasSharedArrayBuffer: true, hasServiceWorker: true }), []);
  const problems = preflight({ crossOriginIsolated: false, hasSharedArrayBuffer: false, hasServiceWorker: true });
  assert.equal(problems.length, 2);
  assert.match(problems[0]!, /not cross-origin isolated/);
});

test('toFileSystemTree nests paths', () => {
  assert.deepEqual(toFileSystemTree({ 'a/b/c.js': 'x' }), { a: { directory: { b: { directory: { 'c.js': { file: { contents: 'x' } } } } } } });
});
