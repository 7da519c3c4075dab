// The editor's cut-down JavaScript grammar (javascript.grammar) against @lezer/javascript's own: the
// same tree and the same highlighting for every example's JavaScript and for a tour of the syntax;
// and the committed parser is what the grammar generates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildParserFile } from '@lezer/generator';
import { classHighlighter, highlightTree } from '@lezer/highlight';
import type { LRParser } from '@lezer/lr';
import { parser as upstream } from '@lezer/javascript';
import { parser } from './parser.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../../../', import.meta.url));

/** Every JavaScript file of the examples (content/examples/<id>/…), and the agent the sandbox runs beside them. */
function exampleSources(): Array<[string, string]> {
  const dir = join(root, 'content/examples');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c|m)?js$/.test(f) && !f.includes('node_modules'));
  return [...files.map((f) => join('content/examples', f)), 'src/sandbox/agent/agent.cjs'].map((f) => [f, readFileSync(join(root, f), 'utf8')]);
}

/** Syntax the examples do not use (yet), and a reader may type. */
const TOUR = `#!/usr/bin/env node
'use strict';
import fs, { readFile as rf } from 'node:fs';
import * as path from 'node:path';
export { rf as readIt };
export default class Server extends Base {
  #count = 0;
  static instances = new Set();
  static { Server.ready = true; }
  accessor label = 'x';
  get count() { return this.#count; }
  set count(v) { this.#count = v; }
  async *lines(stream) { for await (const chunk of stream) yield* chunk.split('\\n'); }
  #bump() { return ++this.#count; }
}
label: for (let i = 0, j = 10; i < j; i++) { if (i % 2) continue label; else break label; }
for (const key in obj) delete obj[key];
const { a, b: [c, ...d] = [], ...rest } = options ?? {};
({ a, b } = other);
[x, y] = [y, x];
const re = /[/\\]]+\\d{2,}$/giu, n = 0x1f_ffn + 1e-3 ** 2;
const t = tag\`one \${nested ? \`two \${three}\` : four} five\`;
const f = async (a = 1, { b }, ...c) => await a?.[b]?.(c);
const g = function* named() { yield new.target; };
x ||= y; x &&= z; x ??= w; x >>>= 2;
const big = { p0: 0, p1: 1, p2: 2, p3: 3, p4: 4, p5: 5, p6: 6, p7: 7, p8: 8, p9: 9, p10: 10, p11: 11, p12: 12, p13: 13,
  p14: 14, p15: 15, p16: 16, p17: 17, p18: 18, p19: 19, p20: 20, p21: 21, p22: 22, p23: 23, p24: 24, p25: 25, p26: 26,
  p27: 27, p28: 28, p29: 29, p30: 30, p31: 31, p32: 32, p33: 33, p34: 34, p35: 35, p36: 36, p37: 37, p38: 38, p39: 39 };
switch (typeof value) { case 'string': throw new TypeError(\`bad \${value}\`); default: debugger; }
try { JSON.parse(s); } catch { void 0; } finally { console.log(import.meta.url, await import('./x.js')); }
with (scope) { value instanceof Map || 'key' in value; }
do x--; while (x > 0)
let noSemicolons = 1
const after = noSemicolons
`;

function highlights(p: LRParser, text: string): string[] {
  const out: string[] = [];
  highlightTree(p.parse(text), classHighlighter, (from, to, classes) => out.push(`${from}-${to} ${classes}`));
  return out;
}

test('every example parses and highlights as with @lezer/javascript', () => {
  const sources = exampleSources();
  assert.ok(sources.length > 20, `found ${sources.length} example files`);
  for (const [file, text] of sources) {
    assert.equal(parser.parse(text).toString(), upstream.parse(text).toString(), file);
    assert.deepEqual(highlights(parser, text), highlights(upstream, text), file);
  }
});

test('a tour of JavaScript syntax parses and highlights as with @lezer/javascript, without errors', () => {
  const tree = parser.parse(TOUR).toString();
  assert.equal(tree, upstream.parse(TOUR).toString());
  assert.doesNotMatch(tree, /⚠/);
  assert.deepEqual(highlights(parser, TOUR), highlights(upstream, TOUR));
});

test('a large object literal stays an object, not a destructuring pattern (the dynamic precedence on Property)', () => {
  const props = Array.from({ length: 60 }, (_, i) => `p${i}: v${i}`).join(', ');
  const text = `const handlers = { ${props} };`;
  const tree = parser.parse(text).toString();
  assert.match(tree, /^Script\(VariableDeclaration\(const,VariableDefinition,Equals,ObjectExpression\(/);
  assert.equal(tree, upstream.parse(text).toString());
});

test('parser.ts and parser.terms.ts are what javascript.grammar generates', () => {
  const grammar = readFileSync(join(here, 'javascript.grammar'), 'utf8');
  const built = buildParserFile(grammar, { fileName: 'javascript.grammar', typeScript: true });
  assert.equal(readFileSync(join(here, 'parser.ts'), 'utf8'), built.parser, 'regenerate parser.ts (the command is in javascript.grammar)');
  assert.equal(readFileSync(join(here, 'parser.terms.ts'), 'utf8'), built.terms, 'regenerate parser.terms.ts');
});
