// The onboarding track against the real guides and examples: every step names an example its guide
// embeds, asks for requests and edits that example can take, and completes when performed under real
// Node through the same Session the sandbox uses (and not when a part is skipped).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guideSource, loadTrack, stepsForExample } from './load.ts';
import { loadExample } from '../examples/load.ts';
import { runExample, type RunningExample } from '../examples/run.ts';
import { editMatches, StepWatcher, type TrackStep } from '../sandbox/core/track.ts';

const track = loadTrack();

test('every step names an example its guide embeds, and requests and edits that example can take', () => {
  assert.ok(track.length >= 5);
  for (const guide of track) {
    const source = guideSource(guide.slug);
    assert.ok(guide.steps.length > 0, `${guide.slug} has steps`);
    for (const step of guide.steps) {
      assert.match(source, new RegExp(`<Sandbox example="${step.example}"`), `${guide.slug} embeds ${step.example}`);
      // Each requirement ticks one of the numbered "Try this" steps inside that sandbox, in order.
      const tryThis = new RegExp(`<Sandbox example="${step.example}"[^>]*>([\\s\\S]*?)</Sandbox>`).exec(source)?.[1] ?? '';
      const items = tryThis.split('\n').filter((line) => /^\d+\. /.test(line)).length;
      const ticked = step.requires.map((r) => r.item);
      assert.ok(items > 0, `${step.id}: its sandbox in ${guide.slug} has numbered Try this steps`);
      assert.ok(
        ticked.every((n, i) => Number.isInteger(n) && n >= 1 && n <= items && n >= (ticked[i - 1] ?? 1)),
        `${step.id}: items ${ticked.join(',')} are Try this steps 1-${items}, in order`,
      );
      const example = loadExample(step.example);
      const paths = new Set(example.requests.map((r) => r.path));
      for (const r of step.requires) {
        if ('request' in r) assert.ok(paths.has(r.request), `${step.id}: ${r.request} is one of the example's suggested requests`);
        if ('edit' in r) {
          assert.ok(r.edit in example.files, `${step.id}: ${r.edit} exists`);
          assert.equal(editMatches(r, example.files), false, `${step.id}: the original does not already satisfy the edit`);
        }
      }
    }
  }
});

test('every guide on the track has a plausible time', () => {
  for (const guide of track) assert.ok(guide.minutes >= 5 && guide.minutes <= 60, `${guide.slug}: ${guide.minutes} min`);
});

function step(example: string): TrackStep {
  const found = stepsForExample(example, track)[0];
  assert.ok(found, `a track step uses ${example}`);
  return found.step;
}

/** Feed the watcher everything the session did so far, then every event as it happens. */
function watch(ex: RunningExample, watcher: StepWatcher): void {
  for (const event of ex.session.events.list()) watcher.push(event);
  ex.session.subscribe({ event: (e) => watcher.push(e) });
}

test('startup-vs-request: predicting, running and sending 21 requests completes it; the run shows "once"', async (t) => {
  const s = step('once-vs-every');
  const files = loadExample('once-vs-every').files;
  const watcher = new StepWatcher(s, () => files);
  watcher.predict('per request');
  const ex = await runExample('once-vs-every', { t });
  watch(ex, watcher);
  await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(watcher.done, false, 'one request is not the step');
  await ex.session.burst({ method: 'GET', path: '/' }, 20, 5);
  assert.equal(watcher.done, true);
  assert.deepEqual(watcher.observe(), { runs: 1, requests: 21, workers: 1, outcome: 'once' });
});

test('reload-and-shutdown: the edit counts only once node --watch runs it', async (t) => {
  const s = step('watch-restart');
  const ex = await runExample('watch-restart', { t });
  let files = { ...ex.example.files };
  const watcher = new StepWatcher(s, () => files);
  watch(ex, watcher);
  await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(watcher.met, 2);
  files = { ...files, 'message.js': files['message.js']!.replace('first version', 'edited version') };
  await ex.session.request({ method: 'GET', path: '/' });
  assert.equal(watcher.met, 2, 'typed but not yet run: a request to the old process does not pass the edit');
  await ex.session.writeFile('message.js', files['message.js']!);
  await ex.waitFor(() => ex.events('start').length === 2, 10_000, 'node --watch to restart');
  assert.equal(watcher.met, 3);
  await ex.waitFor(() => ex.events('listening').length === 2, 10_000, 'the new process to listen');
  const after = await ex.session.request({ method: 'GET', path: '/' });
  assert.match(after.body ?? '', /edited version/);
  assert.equal(watcher.done, true);
});

test('forking-vs-spawning: child.js runs per request, and skipping /spawn leaves the step open', async (t) => {
  const s = step('child-process');
  const ex = await runExample('child-process', { t });
  const watcher = new StepWatcher(s, () => ex.example.files);
  watch(ex, watcher);
  watcher.predict('once');
  // The prediction came after Run here: the step wants a run made after it.
  await ex.session.request({ method: 'GET', path: '/fork' });
  assert.equal(watcher.met, 0);
  await ex.session.restart();
  await ex.session.request({ method: 'GET', path: '/fork' });
  await ex.session.request({ method: 'GET', path: '/fork' });
  assert.equal(watcher.done, false);
  await ex.session.request({ method: 'GET', path: '/spawn' });
  assert.equal(watcher.done, true);
  // The child's start marker may print just after its answer.
  await ex.waitFor(() => watcher.observe()?.runs === 3, 5000, 'three children in this run');
  assert.deepEqual(watcher.observe(), { runs: 3, requests: 3, workers: 1, outcome: 'per request' });
});
