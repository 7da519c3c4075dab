// The shim's own code, run as a Safari page would run it (no window.chrome, no window.netscape),
// after our settings: it must ask its service worker for require-corp, not credentialless.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { COI_SETTINGS, coiShimHead } from './coi-shim.ts';

const shim = readFileSync(createRequire(import.meta.url).resolve('coi-serviceworker/coi-serviceworker.js'), 'utf8');

function askedForCredentialless(settings: string | null): unknown {
  const messages: Array<{ type: string; value?: unknown }> = [];
  const window: Record<string, unknown> = { crossOriginIsolated: true, isSecureContext: true, location: { reload() {} } };
  const context = vm.createContext({
    window,
    navigator: { serviceWorker: { controller: { postMessage: (m: { type: string }) => messages.push(m) } } },
  });
  if (settings) vm.runInContext(settings, context);
  vm.runInContext(shim, context);
  return messages.find((m) => m.type === 'coepCredentialless')?.value;
}

test('without the setting, the shim picks credentialless for Safari (the bug)', () => {
  assert.equal(askedForCredentialless(null), true);
});

test('with the setting, Safari gets require-corp, which it supports and WebContainer boots with', () => {
  assert.equal(askedForCredentialless(COI_SETTINGS), false);
});

test('the setting comes before the shim in the head, and the shim path carries the base', () => {
  const head = coiShimHead('/repo/');
  assert.equal(head[0]!.content, COI_SETTINGS);
  assert.equal(head[1]!.attrs?.src, '/repo/coi-serviceworker.min.js');
});
