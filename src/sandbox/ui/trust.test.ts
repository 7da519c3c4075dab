import { test } from 'node:test';
import assert from 'node:assert/strict';
import { confirmationNeeded } from './trust.ts';

const base = { kind: 'local', sandboxed: true, fromLink: true, changed: true, confirmed: false };

test("a link's changed code on the sandboxed local runtime: asked, naming the sandbox", () => {
  assert.match(confirmationNeeded(base)!, /came from a link.*on this machine, inside a sandbox/);
});

test('without a sandbox: any changed code is asked for, naming full rights', () => {
  assert.match(confirmationNeeded({ ...base, sandboxed: false })!, /came from a link.*full rights/);
  assert.match(confirmationNeeded({ ...base, sandboxed: false, fromLink: false })!, /not the original example.*full rights/);
});

test('no question: the original, the browser runtime, own edits in the sandbox, or already confirmed', () => {
  assert.equal(confirmationNeeded({ ...base, changed: false }), null);
  assert.equal(confirmationNeeded({ ...base, sandboxed: false, changed: false }), null);
  assert.equal(confirmationNeeded({ ...base, kind: 'webcontainer' }), null);
  assert.equal(confirmationNeeded({ ...base, fromLink: false }), null);
  assert.equal(confirmationNeeded({ ...base, confirmed: true }), null);
});
