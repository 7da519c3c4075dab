// How long a guide takes, for Start here: reading time at 220 words a minute, plus the live
// examples at about a minute per "Try this" step. Counted from the guide's MDX at build time, so
// the promise follows the text when it grows.
const WORDS_PER_MINUTE = 220;
const MINUTES_PER_STEP = 1;

export interface GuideTime {
  words: number;
  readMinutes: number;
  examples: number;
  steps: number;
  exampleMinutes: number;
}

export function guideTime(mdx: string): GuideTime {
  const body = mdx
    .replace(/^---\n[\s\S]*?\n---\n/, '') // frontmatter
    .replace(/^import .*$/gm, '')
    .replace(/<\/?[A-Z][^>]*>/g, ' '); // components (their children stay: they are read)
  const words = body.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
  const examples = (mdx.match(/<Sandbox\b/g) ?? []).length;
  // "Try this" steps are the numbered items inside <Sandbox>…</Sandbox>.
  const steps = [...mdx.matchAll(/<Sandbox\b[^>]*[^/]>([\s\S]*?)<\/Sandbox>/g)].reduce((n, m) => n + (m[1]!.match(/^\s*\d+\.\s/gm) ?? []).length, 0);
  return { words, readMinutes: Math.round(words / WORDS_PER_MINUTE), examples, steps, exampleMinutes: steps * MINUTES_PER_STEP };
}
