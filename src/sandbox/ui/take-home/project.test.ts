import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curlCommand, projectFiles, readme, homeNote } from './project.ts';
import { loadExample } from '../../../examples/load.ts';
import { freePort } from '../../../runner/machine-runtime.ts';

test('curl commands for one request, a burst and a body', () => {
  assert.equal(curlCommand({ method: 'GET', path: '/' }), 'curl -s http://127.0.0.1:3000/');
  assert.equal(curlCommand({ method: 'GET', path: '/slow?sigterm' }), "curl -s 'http://127.0.0.1:3000/slow?sigterm'");
  assert.equal(curlCommand({ method: 'GET', path: '/', count: 20 }), 'for i in $(seq 20); do curl -s http://127.0.0.1:3000/ & done; wait');
  assert.equal(curlCommand({ method: 'POST', path: '/x', body: "it's" }), `curl -s -X POST --data 'it'\\''s' http://127.0.0.1:3000/x`);
});

test('the README runs the sandbox command with plain node and lists every suggested request', () => {
  const example = loadExample('watch-restart');
  const text = readme(example);
  assert.match(text, /```sh\nnode --watch --watch-preserve-output server\.js\n```/);
  assert.equal(text.match(/^curl -s http:\/\/127\.0\.0\.1:3000\/$/gm)?.length, example.requests.length);
});

test('the taken-home files run with plain node, and the README curl commands get answers', async (t) => {
  if (!execFileSync('sh', ['-c', 'command -v curl || true']).toString().trim()) return t.skip('no curl on this machine');
  const example = loadExample('once-vs-every');
  const dir = mkdtempSync(join(tmpdir(), 'lab-home-'));
  try {
    for (const [path, text] of Object.entries(projectFiles(example, example.files))) writeFileSync(join(dir, path), text);
    const port = await freePort();
    const server = spawn(process.execPath, example.command, { cwd: dir, env: { ...process.env, PORT: String(port) } });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (d: Buffer) => d.toString().includes('listening on') && resolve());
        server.on('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const commands = readme(example).match(/^(curl .*|for i .*)$/gm) ?? [];
      assert.equal(commands.length, 2);
      const out = execFileSync('sh', ['-c', commands.map((c) => c.replaceAll(':3000', `:${port}`)).join('\n')]).toString();
      assert.equal(out.match(/has answered \d+ request/g)?.length, 21);
    } finally {
      server.kill();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the README says Node 20, as the site does, and no request note asks for a sandbox button', async () => {
  const { readdirSync, readFileSync } = await import('node:fs');
  const text = readme({ id: 'hello', title: 'Hello', command: ['server.js'], requests: [] });
  assert.match(text, /With Node 20 or later/);
  assert.doesNotMatch(text, /Node 22/);
  // Every note of every example, as it reads in a README at home.
  const notes = readdirSync('content/examples')
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(`content/examples/${f}`, 'utf8')) as { requests?: Array<{ note?: string }> }).requests ?? [])
    .flatMap((r) => (r.note ? [homeNote(r.note)] : []));
  assert.ok(notes.length > 20);
  for (const note of notes) assert.doesNotMatch(note, /\b(Press|press) (Run|Restart|Stop|it)\b|\bRestart\b(?! it \()|\bKill\b|processes table/, note);
  assert.equal(homeNote('Refused: the server is gone. Press Run to start it again.'), 'Refused: the server is gone. Start it again with the command above.');
  assert.equal(
    homeNote('Now set PRELOAD = false and Restart: "computing table" appears twice.'),
    'Now set PRELOAD = false and restart it (Ctrl-C, then the command again): "computing table" appears twice.',
  );
});

test('a Python example goes home with lab.py, the verified pins in requirements.txt and a README that runs its command', async () => {
  const { readFileSync } = await import('node:fs');
  const { pinnedVersions, REQUIREMENTS } = await import('../../../claims/python-claims.ts');
  // As src/components/Sandbox.astro passes them.
  const pins = Object.entries(pinnedVersions()).map(([name, v]) => `${name}==${v}`);
  const pinned = readFileSync(REQUIREMENTS, 'utf8')
    .split('\n')
    .filter((line) => /==/.test(line) && !line.startsWith('#'));
  const commands = {
    'py-uvicorn-workers': 'uvicorn app:app --workers 2 --port 3000',
    'py-gunicorn-workers': 'PORT=3000 gunicorn app:app -w 2 -k uvicorn.workers.UvicornWorker',
    'py-run-main': 'PORT=3000 python app.py',
  };
  for (const [id, command] of Object.entries(commands)) {
    const example = loadExample(id);
    assert.equal(example.language, 'python');
    const files = projectFiles({ ...example, pins }, example.files);
    assert.ok('lab.py' in files && 'app.py' in files, `${id}: ${Object.keys(files)}`);
    assert.ok(!('package.json' in files), id);
    assert.deepEqual(files['requirements.txt']?.trimEnd().split('\n'), pinned);
    const text = files['README.md']!;
    assert.match(text, /Python 3\.10 or later/);
    assert.ok(
      text.includes('```sh\npython3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt\n' + command + '\n```'),
      `${id}:\n${text}`,
    );
    assert.doesNotMatch(text, /\bnode\b|npm|Node built-ins/i);
    assert.equal(text.match(/^(curl .*|for i .*)$/gm)?.length, example.requests.length);
  }
  // py-run-main's app.py reads PORT, which the README sets.
  assert.match(loadExample('py-run-main').files['app.py']!, /os\.environ\.get\("PORT"/);
  assert.throws(() => projectFiles({ ...loadExample('py-run-main') }, {}), /pins/);
});
