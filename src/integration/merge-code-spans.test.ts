import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Element, ElementContent } from 'astro-expressive-code/hast';
import { mergeSpans } from './merge-code-spans.ts';

const span = (style: string, text: string): Element => ({ type: 'element', tagName: 'span', properties: { style }, children: [{ type: 'text', value: text }] });
const line = (...children: ElementContent[]): Element => ({ type: 'element', tagName: 'div', properties: { className: ['code'] }, children });
const texts = (el: Element) =>
  el.children.map((c) =>
    c.type === 'element'
      ? [c.properties.style ?? c.properties.className, c.children.map((t) => (t.type === 'text' ? t.value : '?')).join('')]
      : ['text', c.type === 'text' ? c.value : ''],
  );

const KW = '--0:#C792EA;--1:#8844AE';
const ID = '--0:#82AAFF;--1:#3B61B0';

test('adjacent spans of one colour become one, and whitespace joins its neighbour', () => {
  const el = line(span(KW, 'const'), span(ID, ' '), span(ID, 'a'), span(ID, 'b'), span(KW, ' '), span(KW, '='));
  mergeSpans(el);
  assert.deepEqual(texts(el), [
    [KW, 'const '],
    [ID, 'ab '],
    [KW, '='],
  ]);
});

test('a leading whitespace span takes the colour of the span after it; other elements are kept as they are', () => {
  const indent: Element = { type: 'element', tagName: 'span', properties: { className: ['indent'] }, children: [{ type: 'text', value: '  ' }] };
  const el = line(indent, span(ID, '  '), span(KW, 'return'));
  mergeSpans(el);
  assert.deepEqual(texts(el), [
    [['indent'], '  '],
    [KW, '  return'],
  ]);
});

test('a span in the text colour of the block becomes bare text, joined with its neighbours', () => {
  const PLAIN = '--0:#D6DEEB;--1:#403F53';
  const el = line(span(KW, 'const'), span(PLAIN, ' a '), span(KW, '='), span(PLAIN, ' b'), span(PLAIN, ';'));
  mergeSpans(el, PLAIN.toLowerCase());
  assert.deepEqual(texts(el), [
    [KW, 'const'],
    ['text', ' a '],
    [KW, '='],
    ['text', ' b;'],
  ]);
});
