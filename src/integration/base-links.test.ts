import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rebaseHtml, withBase } from './base-links.ts';

test('root-relative links get the base path; others are left alone', () => {
  assert.equal(withBase('/guides/deployment/#sources', '/lifecycle-lab/'), '/lifecycle-lab/guides/deployment/#sources');
  assert.equal(withBase('/guides/deployment/', '/'), '/guides/deployment/');
  assert.equal(withBase('https://nodejs.org/api/cluster.html', '/lifecycle-lab/'), 'https://nodejs.org/api/cluster.html');
  assert.equal(withBase('//cdn.example/x', '/lifecycle-lab/'), '//cdn.example/x');
  assert.equal(withBase('#anchor', '/lifecycle-lab/'), '#anchor');
  assert.equal(withBase('/lifecycle-lab/guides/', '/lifecycle-lab/'), '/lifecycle-lab/guides/');
});

test('a built page gets the base on its root-relative links only', () => {
  const html = '<a href="/start-here/">a</a><a class="x" href="/repo/guides/">b</a><link href="https://x.test/y"><a href="#top">c</a>';
  assert.equal(
    rebaseHtml(html, '/repo/'),
    '<a href="/repo/start-here/">a</a><a class="x" href="/repo/guides/">b</a><link href="https://x.test/y"><a href="#top">c</a>',
  );
});
