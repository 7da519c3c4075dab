// Every capability probe observes its capability under real Node (this machine's, through the same
// Runtime interface the browser uses), and the cache keeps a result for the browser session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MachineRuntime } from '../../runner/machine-runtime.ts';
import { EXAMPLE_NODE } from '../../examples/run.ts';
import { MemoryStorage } from '../../test/memory-storage.ts';
import { CAPABILITY_IDS, CapabilityCache, formatReport, probe } from './capabilities.ts';

test('each probe observes its capability under real Node', async () => {
  const runtime = new MachineRuntime({ node: EXAMPLE_NODE });
  try {
    for (const id of CAPABILITY_IDS) {
      const result = await probe(runtime, id);
      assert.equal(result.ok, true, `${id}: ${result.detail}`);
      assert.ok(result.ms > 0);
    }
  } finally {
    await runtime.dispose();
  }
});

test('a probe that cannot run is a result, not an exception: cluster missing', async () => {
  const runtime = new MachineRuntime({ node: EXAMPLE_NODE });
  try {
    // The probe's own program, run where cluster's fork is replaced by a throw: the verdict says so.
    const broken = {
      ...runtime,
      kind: runtime.kind,
      boot: () => runtime.boot(),
      allocatePort: () => runtime.allocatePort(),
      mount: (dir: string, files: Record<string, string>) =>
        runtime.mount(dir, { ...files, 'probe.js': `require('node:cluster').fork = () => { throw new Error('cluster is missing') };\n${files['probe.js']}` }),
      writeFile: runtime.writeFile.bind(runtime),
      spawn: runtime.spawn.bind(runtime),
      dispose: () => runtime.dispose(),
    };
    const result = await probe(broken, 'cluster');
    assert.equal(result.ok, false);
    assert.match(result.detail, /no verdict/);
  } finally {
    await runtime.dispose();
  }
});

test('the cache keeps a result per runtime kind for the session', async () => {
  const storage = new MemoryStorage();
  const cache = new CapabilityCache(storage, 'webcontainer');
  cache.set({ id: 'cluster', ok: false, detail: 'x', ms: 5 });
  assert.deepEqual(cache.get('cluster'), { id: 'cluster', ok: false, detail: 'x', ms: 5 });
  assert.equal(new CapabilityCache(storage, 'local').get('cluster'), null);
  const report = formatReport([{ id: 'cluster', ok: false, detail: 'x', ms: 5 }], { runtime: 'webcontainer' });
  assert.match(report, /runtime: webcontainer\n\nNOT observed {2}node:cluster round-robin {2}\(5 ms\) {2}x/);
});
