import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRuntime, parsePreference } from './runtime-choice.ts';

const base = { preference: 'auto' as const, webcontainerProblems: [], webcontainerFailed: false, localAvailable: true };

test('automatic: WebContainer where it can work', () => {
  assert.deepEqual(chooseRuntime(base), { kind: 'webcontainer', forced: false });
});

test('automatic: local when WebContainer is ruled out or failed and a runner exists', () => {
  assert.deepEqual(chooseRuntime({ ...base, webcontainerProblems: ['not isolated'] }), { kind: 'local', forced: false });
  assert.deepEqual(chooseRuntime({ ...base, webcontainerFailed: true }), { kind: 'local', forced: false });
});

test('automatic: nothing, with a reason, when neither can run', () => {
  const choice = chooseRuntime({ ...base, webcontainerProblems: ['not isolated'], localAvailable: false });
  assert.equal(choice.kind, null);
  assert.match('reason' in choice ? choice.reason : '', /not isolated/);
});

test('automatic, for a Python sandbox: the local runner whenever there is one (WebContainer cannot run it), else as for Node', () => {
  assert.deepEqual(chooseRuntime({ ...base, python: true }), { kind: 'local', forced: false });
  assert.deepEqual(chooseRuntime({ ...base, python: true, localAvailable: false }), { kind: 'webcontainer', forced: false });
  assert.deepEqual(chooseRuntime({ ...base, python: true, preference: 'webcontainer' }), { kind: 'webcontainer', forced: true });
});

test('a forced runtime is used as is, without fallback', () => {
  assert.deepEqual(chooseRuntime({ ...base, preference: 'webcontainer', webcontainerFailed: true }), { kind: 'webcontainer', forced: true });
  assert.deepEqual(chooseRuntime({ ...base, preference: 'local', localAvailable: false }), { kind: 'local', forced: true });
});

test('the URL parameter wins over the stored switch; junk means automatic', () => {
  assert.equal(parsePreference('?runtime=local', 'webcontainer'), 'local');
  assert.equal(parsePreference('', 'webcontainer'), 'webcontainer');
  assert.equal(parsePreference('?runtime=bogus', null), 'auto');
});
