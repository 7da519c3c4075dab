// The plugin through the real Expressive Code engine: a block of a page's text comes out as one
// <pre> of its exact text with colour runs, with the frame, title and copy button kept; a sandbox's
// file (meta lab-static) keeps its highlighted lines for StaticCode.astro.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExpressiveCode } from 'astro-expressive-code';
import { selectAll, toHtml } from 'astro-expressive-code/hast';
import { CODE_COLOURS_ATTR, PLAIN_CODE_CLASS, decodeColours } from '../sandbox/ui/contract.ts';
import { mergeCodeSpans } from './merge-code-spans.ts';
import { plainCodeBlocks } from './plain-code-blocks.ts';

const CODE = 'from fastapi import FastAPI\n\n# Module scope: once per process.\napp = FastAPI()\n\n@app.get("/")\nasync def root():\n\treturn {"a": 1 < 2}\n';

async function render(meta = 'title="main.py"') {
  const ec = new ExpressiveCode({ plugins: [mergeCodeSpans(), plainCodeBlocks()] });
  const { renderedGroupAst } = await ec.render({ code: CODE, language: 'python', meta });
  return renderedGroupAst;
}

test('a code block of the text is one <pre> holding the code as text, with its colours in runs that cover it', async () => {
  const ast = await render();
  const [pre, ...more] = selectAll('pre', ast);
  assert.equal(more.length, 0);
  assert.ok((pre!.properties.className as string[]).includes(PLAIN_CODE_CLASS));
  assert.equal(pre!.children.length, 1, 'no element inside the <pre>');
  const text = pre!.children[0]!.type === 'text' ? pre!.children[0]!.value : '';
  assert.equal(text, CODE.trimEnd());
  const { c, r } = decodeColours(String(pre!.properties[CODE_COLOURS_ATTR]));
  assert.equal(
    r.filter((_, i) => i % 2 === 0).reduce((a, b) => a + b, 0),
    text.length,
    'the runs cover the text exactly',
  );
  // "from", "import", "async" and "def" share the keyword colour, in both themes.
  let at = 0;
  const coloured: Record<string, string | undefined> = {};
  for (let i = 0; i < r.length; i += 2) {
    coloured[text.slice(at, at + r[i]!).trim()] = c[r[i + 1]!];
    at += r[i]!;
  }
  assert.match(coloured.from ?? '', /^#[0-9A-F]{6} #[0-9A-F]{6}$/i, 'a dark and a light colour');
  assert.equal(coloured.import, coloured.from);
});

test("the frame, its title and the copy button (with the whole code) stay Expressive Code's", async () => {
  const html = toHtml(await render());
  assert.match(html, /<figcaption class="header"><span class="title">main\.py<\/span><\/figcaption>/);
  assert.match(html, /<button[^>]*data-code="from fastapi import FastAPI/);
  assert.doesNotMatch(html, /ec-line/);
});

test('a sandbox file (meta lab-static) keeps its highlighted lines, which StaticCode.astro reads', async () => {
  const html = toHtml(await render('lab-static'));
  assert.match(html, /class="ec-line"/);
  assert.doesNotMatch(html, new RegExp(PLAIN_CODE_CLASS));
});
