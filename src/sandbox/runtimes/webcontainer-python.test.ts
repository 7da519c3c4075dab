// WebContainers cannot run uvicorn or gunicorn: the runtime refuses a Python example's command with
// the sentence the sandbox shows, and spawns nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WebContainer } from '@webcontainer/api';
import { WebContainerRuntime } from './webcontainer.ts';
import { PYTHON_RUNS_LOCALLY } from '../core/example.ts';

test('a Python command is refused with the reason, and nothing is spawned', async () => {
  const spawned: unknown[][] = [];
  const wc = { spawn: async (...a: unknown[]) => void spawned.push(a), on: () => () => {} } as unknown as WebContainer;
  const rt = new WebContainerRuntime(async () => wc);
  for (const command of [
    ['uvicorn', 'app:app'],
    ['gunicorn', 'app:app', '-w', '2'],
    ['python', 'app.py'],
  ])
    await assert.rejects(rt.spawn('ex', command, { env: { PORT: '3000' } }), (err: Error) => {
      assert.equal(err.message, PYTHON_RUNS_LOCALLY);
      assert.match(err.message, /npm start/);
      return true;
    });
  assert.deepEqual(spawned, []);
});
