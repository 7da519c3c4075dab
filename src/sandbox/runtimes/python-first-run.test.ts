// A reader's first Python Run on a machine waits for the local runner to build the Python
// environment (pip, a minute or two on a slow network, once). The page must say what it waits for,
// line by line, and then run; two pages that ask at once share one build and both hear it.
// A real build from the package index into a fresh folder (LAB_PYTHON_VENV), through a real runner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PREPARING, Session } from '../core/session.ts';
import { loadExample } from '../../examples/load.ts';
import { AGENT_SOURCE } from '../../examples/run.ts';
import { pythonPlan } from '../../runner/python-env.ts';
import { pageRuntime, startRunner, type TestRunner } from '../../test/runner-harness.ts';

const folder = mkdtempSync(join(tmpdir(), 'lab-first-python-'));
chmodSync(folder, 0o755); // a root runner's examples run as uid 65534, which must be able to read it
process.env.LAB_PYTHON_VENV = join(folder, 'venv');
const plan = pythonPlan();
let t: TestRunner;
before(async () => (t = await startRunner()));
after(async () => {
  await t.close();
  rmSync(folder, { recursive: true, force: true });
});

async function page(): Promise<{ session: Session; output: () => string; details: string[]; close: () => Promise<void> }> {
  const { runtime } = await pageRuntime(t);
  const example = loadExample('py-once-vs-every');
  const session = new Session(runtime, example.files, { dir: 'py-once', command: example.command, agentSource: AGENT_SOURCE });
  let text = '';
  const details: string[] = [];
  session.subscribe({ output: (chunk) => (text += chunk), status: (_status, detail) => details.push(detail) });
  return {
    session,
    output: () => text,
    details,
    close: async () => {
      await session.dispose();
      await runtime.dispose();
    },
  };
}

test('a first Python Run shows the environment being built, then runs; a second page asking meanwhile shares the build', {
  skip: 'why' in plan && plan.why,
  timeout: 600_000,
}, async () => {
  const first = await page();
  const second = await page();
  try {
    await Promise.all([first.session.start(), second.session.start()]);
    for (const [name, p] of [
      ['first', first],
      ['second', second],
    ] as const) {
      assert.equal(p.session.status, 'running', `${name} page: ${p.output()}`);
      assert.ok(p.details.includes(PREPARING), `${name} page: the status said what it waited for (${p.details.join(' | ')})`);
      assert.match(p.output(), /the Python environment is ready \(\d+\.\d s\)/, `${name} page heard the end of the build`);
      const res = await p.session.request({ method: 'GET', path: '/' });
      assert.equal(res.status, 200, res.error);
    }
    // One page started the build and heard it begin, with pip's own lines; the other joined it.
    const outputs = [first.output(), second.output()];
    assert.equal(outputs.filter((o) => o.includes('building the Python environment once on this machine')).length, 1, outputs.join('\n----\n'));
    assert.equal(outputs.filter((o) => o.includes('the Python environment is being built')).length, 1, outputs.join('\n----\n'));
    assert.ok(
      outputs.some((o) => /pip: Installing collected packages/.test(o)),
      'pip’s progress lines reached the page',
    );
    assert.ok(
      outputs.every((o) => !/WARNING|Looking in indexes/.test(o)),
      'pip’s warnings stay in the terminal',
    );
  } finally {
    await first.close();
    await second.close();
  }
  // Built once: the next Run says nothing about it.
  const third = await page();
  try {
    await third.session.start();
    assert.equal(third.session.status, 'running');
    assert.doesNotMatch(third.output(), /Python environment/);
    assert.ok(!third.details.includes(PREPARING));
  } finally {
    await third.close();
  }
});
