import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ansiRuns, initialAnsiState } from './ansi.ts';

test('colours become classes, and state carries across chunks', () => {
  const state = initialAnsiState();
  assert.deepEqual(ansiRuns('a\x1b[31mred', state), [
    { text: 'a', classes: [] },
    { text: 'red', classes: ['ansi-red'] },
  ]);
  assert.deepEqual(ansiRuns(' still\x1b[0m plain', state), [
    { text: ' still', classes: ['ansi-red'] },
    { text: ' plain', classes: [] },
  ]);
});

test('other escapes are dropped, including the ESC c that node --watch prints', () => {
  const runs = ansiRuns('\x1bcRestarting\x1b[2K\x1b]0;title\x07 done', initialAnsiState());
  assert.equal(runs.map((r) => r.text).join(''), 'Restarting done');
});
