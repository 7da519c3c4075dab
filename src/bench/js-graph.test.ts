import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attribute, referencedScripts, type PageScript } from './js-graph.ts';

const site = 'http://127.0.0.1:1/';
const js = (name: string, source: string): PageScript => ({ url: `${site}_astro/${name}`, source, gzip: 100 });

test('referencedScripts reads static imports, import() and Vite dependency lists', () => {
  const source =
    'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["_astro/app.X.js","_astro/preload.Y.js","_astro/app.css"])))=>i.map(i=>d[i]);' +
    'import{t as e}from"./preload.Y.js";import"../b.js";e(()=>import(`./app.X.js`),__vite__mapDeps([0,1]));import(`${o}pagefind.js`)';
  assert.deepEqual(referencedScripts(source, `${site}_astro/entry.js`, site).sort(), [`${site}_astro/app.X.js`, `${site}_astro/preload.Y.js`, `${site}b.js`]);
});

test('attribute: a chunk shared with the rest of the page is not the sandbox share', () => {
  const scripts = [
    js('sandbox.js', 'import{t}from"./preload.js";import"./mine.js";customElements.get(`lab-sandbox`)||customElements.define(`lab-sandbox`,m)'),
    js('mine.js', ''),
    js('preload.js', ''),
    js('search.js', 'import{t}from"./preload.js"'),
    js('late.js', ''),
  ];
  const result = attribute(scripts, [`${site}_astro/sandbox.js`, `${site}_astro/search.js`], site);
  const names = (list: PageScript[]) => list.map((s) => s.url.slice(site.length + 7)).sort();
  assert.deepEqual(names(result.sandbox), ['mine.js', 'sandbox.js']);
  assert.deepEqual(names(result.shared), ['preload.js']);
  assert.deepEqual(names(result.other), ['search.js']);
  assert.deepEqual(names(result.unreached), ['late.js']);
});
