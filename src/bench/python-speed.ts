// The Python side of the local runtime's speed (issue 20), on the py-once-vs-every example:
// - start: Run (runExample in the OS sandbox, as a reader's Run; the environment already built) until
//   the app's listening marker, paired with a bare `python -m uvicorn app:app` started here from the
//   same environment until uvicorn prints "Uvicorn running on": the same moment, seen from outside.
//   Twice per pair: a page's first Run, which starts the page's sandbox too, and a Run again on the
//   same page (Stop, then Run), when the sandbox is up;
// - the environment's first build: a fresh venv with the pinned packages, timed into a temp folder
//   (the one the runner uses is left alone).
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runExample } from '../examples/run.ts';
import { EXAMPLES_DIR } from '../examples/load.ts';
import { freePort } from '../runner/machine-runtime.ts';
import { buildPythonEnv, ensurePython, pythonPlan } from '../runner/python-env.ts';

const EXAMPLE = 'py-once-vs-every';

async function bareUvicorn(python: string, dir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(python, ['-m', 'uvicorn', 'app:app', '--host', '127.0.0.1', '--port', String(port)], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((r) => child.once('exit', r));
  try {
    return await new Promise<number>((resolve, reject) => {
      let seen = '';
      const look = (b: Buffer) => {
        seen += b.toString('utf8');
        if (seen.includes('Uvicorn running on')) resolve(performance.now() - started);
      };
      child.stdout.on('data', look);
      child.stderr.on('data', look);
      child.once('exit', (code) => reject(new Error(`uvicorn exited with ${code} before listening: ${seen.slice(-300)}`)));
      setTimeout(() => reject(new Error('uvicorn did not listen within 30 s')), 30_000).unref();
    });
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}

export interface PythonSpeed {
  /** A page's first Run: the page's sandbox starts with it (a tap on a phone gives no pointer to warm it first). */
  start: number[];
  /** Run again on the same page (Stop, then Run): the page's sandbox is already up. */
  again: number[];
  bare: number[];
  buildMs: number | null;
}

export async function pythonSpeed(runs: number, options: { build: boolean }): Promise<PythonSpeed> {
  const python = await ensurePython(() => {});
  const dir = mkdtempSync(join(tmpdir(), 'lab-bench-py-'));
  try {
    cpSync(join(EXAMPLES_DIR, EXAMPLE), dir, { recursive: true });
    cpSync(join(EXAMPLES_DIR, '_shared', 'lab.py'), join(dir, 'lab.py'));
    const start: number[] = [];
    const again: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push(await bareUvicorn(python, dir));
      const t0 = performance.now();
      const ex = await runExample(EXAMPLE);
      try {
        start.push(performance.now() - t0);
        await ex.session.stop();
        const listened = ex.events('listening').length;
        const t1 = performance.now();
        await ex.session.start();
        await ex.waitFor(() => ex.events('listening').length > listened, 10_000, "the second run's [lab] listening line");
        again.push(performance.now() - t1);
      } finally {
        await ex.close();
      }
    }
    let buildMs: number | null = null;
    const plan = pythonPlan();
    if (options.build && !('why' in plan)) {
      const fresh = mkdtempSync(join(tmpdir(), 'lab-bench-venv-'));
      try {
        const t0 = performance.now();
        await buildPythonEnv(plan.base, join(fresh, 'env'), () => {});
        buildMs = performance.now() - t0;
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    }
    return { start, again, bare, buildMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
