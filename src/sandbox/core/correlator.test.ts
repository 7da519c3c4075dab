import test from 'node:test';
import assert from 'node:assert/strict';
import { Correlator } from './correlator.ts';

test('answers reach the call that carries their id, in any order', async () => {
  const c = new Correlator<string>();
  const sent: number[] = [];
  const a = c.request((id) => sent.push(id));
  const b = c.request((id) => sent.push(id));
  assert.equal(c.deliver(sent[1]!, 'second'), true);
  assert.equal(c.deliver(sent[0]!, 'first'), true);
  assert.deepEqual(await Promise.all([a, b]), ['first', 'second']);
  assert.equal(c.deliver(sent[0]!, 'late'), false, 'a finished call takes no more answers');
  assert.equal(c.size, 0);
});

test('a call with several answers keeps its id until finished', () => {
  const c = new Correlator<number>();
  const got: number[] = [];
  const id = c.open({ reply: (n) => got.push(n), fail: () => assert.fail('not closed') });
  c.deliver(id, 1);
  c.deliver(id, 2);
  c.finish(id);
  c.deliver(id, 3);
  assert.deepEqual(got, [1, 2]);
});

test('closing fails every waiting call and every later one with the reason', async () => {
  const c = new Correlator<string>();
  let sends = 0;
  const waiting = c.request(() => sends++);
  c.close('the agent stopped');
  await assert.rejects(waiting, /the agent stopped/);
  await assert.rejects(
    c.request(() => sends++),
    /the agent stopped/,
  );
  assert.equal(sends, 1, 'nothing is sent on a closed channel');
});

test('a call with a timeout gives up with its own message, and a late answer is ignored', async () => {
  const c = new Correlator<string>();
  let sent = 0;
  const call = c.request((id) => (sent = id), { ms: 20, message: 'no answer to probe within 20 ms' });
  await assert.rejects(call, /no answer to probe within 20 ms/);
  assert.equal(c.deliver(sent, 'late'), false);
  assert.equal(c.size, 0);
});
