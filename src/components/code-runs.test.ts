import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeRuns } from './code-runs.ts';

// The shape Expressive Code renders (as in a built guide): a line per .ec-line, an indent span, and
// a span that inherits the light colour (--1) from its parent.
const EC =
  '<div class="expressive-code"><figure class="frame"><figcaption class="header"></figcaption><pre data-language="js"><code>' +
  '<div class="ec-line"><div class="code"><span style="--0:#C792EA;--1:#8844AE">const </span><span style="--0:#82AAFF;--1:#3B61B0">a</span>' +
  '<span style="--0:#C792EA;--1:#8844AE"> = </span><span style="--0:#ECC48D;--1:#984E4D">&#39;&lt;x&gt;&#39;</span><span style="--0:#D6DEEB;--1:#403F53">;</span></div></div>' +
  '<div class="ec-line" style="--ecIndent:2ch"><div class="code"><span class="indent">  </span><span style="--1:#403F53"><span style="--0:#D7DBE0">end</span>' +
  '<span style="--0:#D6DEEB">) {</span></span></div></div>' +
  '<div class="ec-line"><div class="code">\n</div></div>' +
  '<div class="ec-line"><div class="code"><span style="--0:#D6DEEB;--1:#403F53"> </span><span style="--0:#D6DEEB;--1:#403F53">}</span></div></div>' +
  '</code></pre><div class="copy"><button data-code="x"></button></div></figure></div>';

test('codeRuns keeps the text exactly: entities decoded, lines joined, an empty line empty', () => {
  assert.equal(codeRuns(EC).text, "const a = '<x>';\n  end) {\n\n }");
});

test('codeRuns: one run per colour change, whitespace joined to a neighbour, inherited colours resolved', () => {
  const { text, c, r } = codeRuns(EC);
  const runs: Array<[string, string | undefined]> = [];
  let at = 0;
  for (let i = 0; i < r.length; i += 2) {
    runs.push([text.slice(at, at + r[i]!), c[r[i + 1]!]]);
    at += r[i]!;
  }
  assert.equal(at, text.length, 'the runs cover the text');
  assert.deepEqual(runs, [
    ['const ', '#C792EA #8844AE'],
    ['a', '#82AAFF #3B61B0'],
    [' = ', '#C792EA #8844AE'],
    ["'<x>'", '#ECC48D #984E4D'],
    [';\n  ', '#D6DEEB #403F53'],
    ['end', '#D7DBE0 #403F53'],
    [') {\n\n }', '#D6DEEB #403F53'],
  ]);
});

test('codeRuns fails loudly on output it does not understand', () => {
  assert.throws(() => codeRuns('<div>no pre</div>'), /no <pre>/);
});
