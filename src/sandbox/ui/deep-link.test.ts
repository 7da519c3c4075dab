import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkTo, targetsSandbox } from './deep-link.ts';

const el = { id: 'example-hello' } as HTMLElement;

test('only a fragment naming the sandbox (plain or with a share payload) targets it', () => {
  assert.equal(targetsSandbox(el, '#example-hello'), true);
  assert.equal(targetsSandbox(el, '#example-hello~N4Ig'), true);
  assert.equal(targetsSandbox(el, '#example-hello-world'), false);
  assert.equal(targetsSandbox(el, '#startup-and-shutdown'), false);
  assert.equal(targetsSandbox(el, ''), false);
});

test('a link to a sandbox keeps the base path and query, and replaces any fragment', () => {
  assert.equal(
    linkTo('example-hello', 'https://x.test/docs/live-examples/?runtime=local#example-hello~N4Ig'),
    'https://x.test/docs/live-examples/?runtime=local#example-hello',
  );
  assert.equal(linkTo('example-a', 'http://127.0.0.1:4321/guides/x/'), 'http://127.0.0.1:4321/guides/x/#example-a');
});
