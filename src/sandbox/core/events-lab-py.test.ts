// lab.py (content/examples/_shared/lab.py) prints the markers the timeline parses, in lab.js's grammar:
// run its functions under real python3 and parse what it printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseMarker } from './events.ts';

const SHARED = fileURLToPath(new URL('../../../content/examples/_shared/', import.meta.url));
const python = spawnSync('python3', ['--version']).status === 0;

test('parseMarker reads role=master as the primary', () => {
  assert.deepEqual(parseMarker('[lab] start pid=7 role=master', 1), { type: 'start', t: 1, pid: 7, role: 'primary' });
  assert.deepEqual(parseMarker('[lab] start pid=7 role=boss', 1), { type: 'start', t: 1, pid: 7, role: 'single' });
});

test('lab.py prints markers that parseMarker reads', { skip: python ? false : 'python3 is not installed' }, () => {
  const script = [
    'import logging, os, lab',
    'lab.start()',
    'lab.start()  # once per process',
    'lab.listening(8080)',
    'lab.event("lifespan-startup", n="two words")',
    'lab.exited(4242, signal="SIGKILL")',
    'lab.exited(4243, code=0)',
    // uvicorn's supervisor logs a dead worker on this logger (at INFO, the level uvicorn sets); lab
    // prints an exit marker for it
    'logging.getLogger("uvicorn.error").setLevel(logging.INFO)',
    'logging.getLogger("uvicorn.error").info("Child process [4244] died")',
    'print("pid", os.getpid(), flush=True)',
  ].join('\n');
  const r = spawnSync('python3', ['-c', script], { cwd: SHARED, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const pid = Number(lines.pop()!.split(' ')[1]);
  assert.deepEqual(
    lines.map((line) => parseMarker(line, 0)),
    [
      { type: 'start', t: 0, pid, role: 'single' },
      { type: 'listening', t: 0, pid, port: 8080 },
      { type: 'mark', t: 0, pid, name: 'lifespan-startup', fields: { n: 'two_words' } },
      { type: 'exit', t: 0, pid: 4242, code: null, signal: 'SIGKILL' },
      { type: 'exit', t: 0, pid: 4243, code: 0, signal: null },
      { type: 'exit', t: 0, pid: 4244, code: null, signal: null },
    ],
  );
});
