// The Python entry points a page may start (issue 20): uvicorn, gunicorn and python, each with an
// allowlist of options, as node's arguments have one. Then the same sandbox as Node: the environment
// is read-only inside, and Stop takes gunicorn's master and workers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { MachineRuntime } from './machine-runtime.ts';
import { RefusedError, checkPythonArgs } from './paths.ts';
import { bwrapAvailable } from './bwrap.ts';

const files = new Set(['app.py', 'gunicorn.conf.py', 'pkg/api.py']);
const has = (path: string) => files.has(path);
const check = (args: string[]) => checkPythonArgs('/lab/ex', args, has);

test('the manifest commands of the Python examples pass, as python -m …', () => {
  assert.deepEqual(check(['uvicorn', 'app:app', '--workers', '2']), ['-m', 'uvicorn', 'app:app', '--workers', '2']);
  assert.deepEqual(check(['gunicorn', 'app:app', '-w', '2', '-k', 'uvicorn.workers.UvicornWorker', '--preload', '--max-requests=5']), [
    '-m',
    'gunicorn',
    'app:app',
    '-w',
    '2',
    '-k',
    'uvicorn.workers.UvicornWorker',
    '--preload',
    '--max-requests=5',
  ]);
  assert.deepEqual(check(['gunicorn', 'pkg.api:app', '-c', 'gunicorn.conf.py']), ['-m', 'gunicorn', 'pkg.api:app', '-c', 'gunicorn.conf.py']);
  assert.deepEqual(check(['python', 'app.py', 'x']), ['app.py', 'x']);
});

test('hostile Python commands are refused with a reason', () => {
  const refused: Array<[string[], RegExp]> = [
    [['python', '-c', 'import os'], /no interpreter options/],
    [['python', '-m', 'pdb', 'app.py'], /no interpreter options/],
    [['python', '/etc/passwd'], /absolute path/],
    [['python', '../other/app.py'], /leaves the example/],
    [['python', 'missing.py'], /does not exist/],
    [['python3', 'app.py'], /not an entry point/],
    [['pip', 'install', 'x'], /not an entry point/],
    [['uvicorn', 'app:app', '--reload'], /not allowed/],
    [['uvicorn', 'app:app', '--app-dir', '/'], /not allowed/],
    [['uvicorn', 'app:app', '--env-file', '/root/.env'], /not allowed/],
    [['uvicorn', 'app:app', '--uds', '/tmp/s'], /not allowed/],
    [['uvicorn', 'os:system'], /module:attribute of the example/],
    [['uvicorn', 'app:app', 'app:other'], /one app/],
    [['uvicorn', '--workers', '2'], /needs the app/],
    [['uvicorn', 'app:app', '--workers', '2; rm -rf /'], /not a value/],
    [['uvicorn', 'app:app', '--host', '10.0.0.1'], /not a value/],
    [['gunicorn', 'app:app', '-k', 'sync'], /not a value/],
    [['gunicorn', 'app:app', '-c', '/etc/gunicorn.py'], /not a value/],
    [['gunicorn', 'app:app', '-c', 'other.py'], /does not exist/],
    [['gunicorn', 'app:app', '--check-config'], /not allowed/],
    [['gunicorn', 'app:app', '--pythonpath', '/root'], /not allowed/],
    [['gunicorn', 'app:app', '-e', 'PYTHONSTARTUP=/x'], /not allowed/],
    [['gunicorn', 'app:app', '--preload=yes'], /takes no value/],
  ];
  for (const [args, reason] of refused)
    assert.throws(
      () => check(args),
      (err: unknown) => err instanceof RefusedError && reason.test(err.message),
      args.join(' '),
    );
});

const python = spawnSync('python3', ['--version']).status === 0;

test('sandboxed, the Python environment is read-only and Stop takes gunicorn’s master and workers', {
  skip: (!python || !bwrapAvailable()) && 'needs python3 and bwrap',
  timeout: 600_000,
}, async () => {
  const runtime = new MachineRuntime();
  try {
    await runtime.mount('py', {
      'app.py': `import os, sys
from fastapi import FastAPI
try:
    open(os.path.join(sys.prefix, 'planted.py'), 'w')
    print('WROTE the environment', flush=True)
except OSError as e:
    print('environment refused:', e.__class__.__name__, flush=True)
app = FastAPI()
`,
    });
    const proc = await runtime.spawn('py', ['gunicorn', 'app:app', '-w', '2', '-k', 'uvicorn.workers.UvicornWorker'], { env: { PORT: '8000' } });
    let out = '';
    proc.onOutput((t) => (out += t));
    const deadline = Date.now() + 60_000;
    while ((out.match(/environment refused/g) ?? []).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(out, /WROTE/);
    assert.equal((out.match(/environment refused: OSError/g) ?? []).length, 2, out);
    assert.ok(runtime.processes.hostPids().length >= 3, 'master and two workers');
    await proc.kill('SIGTERM');
    assert.deepEqual(runtime.processes.hostPids(), []);
  } finally {
    await runtime.dispose();
  }
});
