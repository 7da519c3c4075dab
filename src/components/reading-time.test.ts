import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { guideTime } from './reading-time.ts';

test('words, examples and their steps are counted from the MDX', () => {
  const mdx = `---\ntitle: A guide\n---\nimport Sandbox from 'x';\n\nOne two three.\n\n<Sandbox example="a">\n\n<Steps>\n\n1. Press **Run**.\n2. Press Send.\n\n</Steps>\n\n</Sandbox>\n\n<Sandbox example="b" />\n\n\`\`\`js\nconst four = 4;\n\`\`\`\n`;
  const t = guideTime(mdx);
  assert.equal(t.examples, 2);
  assert.equal(t.steps, 2);
  assert.equal(t.exampleMinutes, 2);
  // One two three. 1. Press Run. 2. Press Send. const four = 4; ("1." and "2." count as words, "=" does not).
  assert.equal(t.words, 13);
});

test('the guides: 2,000 words and up, so far more than "about ten minutes" of reading with the examples', () => {
  const dir = new URL('../../content/docs/guides/', import.meta.url);
  for (const file of readdirSync(dir)) {
    const t = guideTime(readFileSync(new URL(file, dir), 'utf8'));
    assert.ok(t.words > 1500, `${file}: ${t.words} words`);
    assert.ok(t.examples >= 2 && t.steps >= t.examples, `${file}: ${t.examples} examples, ${t.steps} steps`);
    assert.ok(t.readMinutes + t.exampleMinutes > 10, `${file}: ${t.readMinutes} + ${t.exampleMinutes} min`);
  }
});
