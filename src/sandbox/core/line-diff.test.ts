import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineDiff } from './line-diff.ts';

const show = (before: string, after: string) =>
  lineDiff(before, after)
    .map((l) => l.op + l.text)
    .join('|');

test('unchanged text: every line kept', () => {
  assert.equal(show('a\nb', 'a\nb'), ' a| b');
});

test('a changed line: removed, then added, between kept lines', () => {
  assert.equal(show('a\nb\nc', 'a\nB\nc'), ' a|-b|+B| c');
});

test('lines added at the end and removed at the start', () => {
  assert.equal(show('x\na\nb', 'a\nb\nrequire("fs").readFileSync("/etc/passwd")'), '-x| a| b|+require("fs").readFileSync("/etc/passwd")');
});

test('the whole file replaced', () => {
  assert.equal(show('a\nb', 'c'), '-a|-b|+c');
});

test('applying the diff gives back both texts', () => {
  const before = 'one\ntwo\nthree\nfour\nfive';
  const after = 'zero\none\nthree\n3.5\nfive\nsix';
  const lines = lineDiff(before, after);
  const side = (skip: string) =>
    lines
      .filter((l) => l.op !== skip)
      .map((l) => l.text)
      .join('\n');
  assert.equal(side('+'), before);
  assert.equal(side('-'), after);
});

test('huge files fall back to all removed, all added', () => {
  const big = Array.from({ length: 3000 }, (_, i) => `line ${i}`).join('\n');
  const lines = lineDiff(big, `${big}\nextra`);
  assert.equal(lines.length, 6001);
});
