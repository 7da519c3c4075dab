// Every example has a transcript recorded from its current files: the page shows it without
// JavaScript, so a stale one would show output the code no longer produces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { listExampleIds, loadExample } from './load.ts';
import { join } from 'node:path';
import { TRANSCRIPTS_PATH } from './load.ts';
import { exampleHash, isRequestEntry, summarizeBurst, type Transcript } from './transcript.ts';
import { stripAnsi } from '../sandbox/core/ansi.ts';
import { seenAt } from '../sandbox/ui/replay-schedule.ts';

for (const id of listExampleIds()) {
  test(`transcript for ${id} exists and matches the example's files`, async () => {
    const path = join(TRANSCRIPTS_PATH, `${id}.json`);
    assert.ok(existsSync(path), `no transcript for ${id}: run npm run record ${id}`);
    const transcript = JSON.parse(readFileSync(path, 'utf8')) as Transcript;
    const example = loadExample(id);
    assert.equal(transcript.id, id);
    assert.equal(transcript.hash, await exampleHash(example), `transcript for ${id} is stale: run npm run record ${id}`);
    assert.match(transcript.node, /^v\d+\.\d+\.\d+/);
    if (example.language === 'python') {
      // Recorded under the pinned environment, by the command the manifest names.
      assert.match(
        transcript.python ?? '',
        /^Python \d+\.\d+\.\d+, fastapi \S+, (\S+ \S+, )*uvicorn \S+, gunicorn \S+/,
        `transcript for ${id} does not say which Python ran it: run npm run record ${id}`,
      );
      assert.equal(transcript.command, example.command.join(' '));
      // Replay plays these: the run's own markers, in time order, from 0.
      const events = transcript.events ?? [];
      assert.ok(
        events.some((e) => e.type === 'start') && events.some((e) => e.type === 'listening'),
        `transcript for ${id} has no events to replay: run npm run record ${id}`,
      );
      assert.equal(Math.min(...events.map((e) => e.t)), 0);
      assert.ok(
        events.every((e, k) => k === 0 || seenAt(e) >= seenAt(events[k - 1]!)),
        'events in the order the run saw them',
      );
    }
    assert.ok(!Number.isNaN(Date.parse(transcript.recordedAt)));
    assert.ok(transcript.output.length > 0, `transcript for ${id} has no output`);
    assert.doesNotMatch(transcript.output, /\x1b\[/, 'ANSI codes are stripped');
    const sent = (example.transcript ?? example.requests.map((_, i) => ({ send: i }))).flatMap((step) =>
      'send' in step ? [example.requests[step.send]!] : [],
    );
    assert.deepEqual(
      transcript.requests.filter(isRequestEntry).map((r) => [r.method, r.path, r.count ?? 1]),
      sent.map((r) => [r.method, r.path, r.count && r.count > 1 ? r.count : 1]),
      `transcript for ${id} sent other requests than its manifest lists: run npm run record ${id}`,
    );
  });
}

test('the hash changes with any file or the manifest, not with key order', async () => {
  const example = loadExample('hello');
  const base = await exampleHash(example);
  assert.match(base, /^[0-9a-f]{64}$/);
  assert.equal(await exampleHash({ ...example, files: Object.fromEntries(Object.entries(example.files).reverse()) }), base);
  assert.notEqual(await exampleHash({ ...example, files: { ...example.files, 'server.js': example.files['server.js'] + '\n' } }), base);
  assert.notEqual(await exampleHash({ ...example, files: { ...example.files, 'lab.js': '' } }), base);
  assert.notEqual(await exampleHash({ ...example, title: 'Other' }), base);
  const crlf = Object.fromEntries(Object.entries(example.files).map(([p, c]) => [p, c.replace(/\n/g, '\r\n')]));
  assert.equal(await exampleHash({ ...example, files: crlf }), base);
});

test('burst summary counts per PID and per status; ANSI codes are stripped', () => {
  const summary = summarizeBurst([
    { ok: true, status: 200, pid: 1 },
    { ok: true, status: 200, pid: 2 },
    { ok: true, status: 500, pid: 1 },
    { ok: false, error: 'refused' },
  ]);
  assert.deepEqual(summary, { count: 4, byPid: { '1': 2, '2': 1 }, byStatus: { '200': 2, '500': 1, error: 1 } });
  assert.equal(stripAnsi('\x1b[2m› node server.js\x1b[22m \x1b[1;31mred\x1b[0m'), '› node server.js red');
  assert.equal(stripAnsi('\x1bcRestarting'), 'Restarting');
});
