// The cut of a page's text into one section per h2 (sections.ts), on HTML shaped like what Astro
// and Starlight render: the text comes out unchanged apart from the section tags, and only top-level
// headings cut it. e2e/sections.spec.ts checks the built pages in a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intoSections, sectionStarts } from './sections.ts';

const H2 = (id: string) =>
  `<div class="sl-heading-wrapper level-h2"><h2 id="${id}">${id}</h2><a class="sl-anchor-link" href="#${id}"><span aria-hidden="true" class="sl-anchor-icon"><svg width="16" height="16" viewBox="0 0 24 24"><path fill="currentcolor" d="M1 2"/></svg></span></a></div>`;
const strip = (html: string) => html.replaceAll('<section class="lab-section">', '').replaceAll('</section>', '');

test('each top-level h2 opens a section that runs to the next; the text before the first has its own', () => {
  const html = `<p>Short answer.</p>\n${H2('one')}\n<p>a</p><ul><li>b</li></ul>\n${H2('two')}<p>c</p>`;
  const out = intoSections(html);
  assert.equal(
    out,
    `<section class="lab-section"><p>Short answer.</p>\n</section><section class="lab-section">${H2('one')}\n<p>a</p><ul><li>b</li></ul>\n</section><section class="lab-section">${H2('two')}<p>c</p></section>`,
  );
  assert.equal(strip(out), html);
});

test('headings inside other elements (tabs, asides, a sandbox) do not cut, nor do tags in scripts, comments or attributes', () => {
  const html = [
    H2('first'),
    '<starlight-tabs><div role="tabpanel"><h2 id="in-tab">in a tab</h2><div class="sl-heading-wrapper level-h2"><h2>x</h2></div></div></starlight-tabs>',
    '<script type="application/json" data-config>{"a":"</div><h2>"}</script>',
    '<!-- <h2>commented</h2> </div> -->',
    '<p title="a > b <h2>">text<br>more<img src="x.png" alt=""></p>',
    '<style>.x > h2 { color: red }</style>',
    '<svg><circle r="1"/><path d="M0 0"/></svg>',
    H2('second'),
    '<p>end</p>',
  ].join('\n');
  const starts = sectionStarts(html);
  assert.deepEqual(starts, [0, html.indexOf(H2('second'))]);
  assert.equal(strip(intoSections(html)), html);
});

test('a page without an h2, or markup the scan cannot follow, is left as it came', () => {
  assert.equal(intoSections('<p>only text</p><h3>small</h3>'), '<p>only text</p><h3>small</h3>');
  for (const broken of [`${H2('a')}</div><p>x</p>`, `${H2('a')}<div><p>x</p>`, `${H2('a')}<script>never closed`]) {
    assert.equal(sectionStarts(broken), null);
    assert.equal(intoSections(broken), broken);
  }
});
