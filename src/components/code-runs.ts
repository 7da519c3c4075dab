// Build time: turns Expressive Code's highlighted HTML of one file into plain text plus colour runs.
// Why: a sandbox's static view used to hold every file as highlighted HTML (two divs per line and a
// span per token: up to 4,400 elements on a guide, which made Lighthouse's blocking time). Now each
// file is one <pre> of plain text (readable without JavaScript, indexed by Pagefind), and the loader
// paints the colours with the CSS Custom Highlight API (src/sandbox/ui/paint-code.ts), which adds no
// elements. The colours are the ones Expressive Code chose, so Starlight's contrast-adjusted themes
// stay exactly as they were.
import type { CodeColors } from '../sandbox/ui/contract.ts';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
const decode = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, name: string) =>
    name[0] === '#' ? String.fromCodePoint(Number.parseInt(name.slice(name[1] === 'x' ? 2 : 1), name[1] === 'x' ? 16 : 10)) : (ENTITIES[name] ?? all),
  );

const VOID = new Set(['br', 'img', 'wbr']);

interface Open {
  tag: string;
  /** The colour variables this element sets: --0 (dark theme), --1 (light theme). */
  dark?: string;
  light?: string;
}

/**
 * Reads the <pre> of Expressive Code's output: one `.ec-line` per line, tokens as spans whose
 * inline style sets `--0` (dark theme) and `--1` (light theme); a span may inherit one of them from
 * an outer span, as custom properties do. Adjacent runs of one colour are merged, and whitespace
 * joins the run before it (its colour cannot be seen).
 */
export function codeRuns(ecHtml: string): { text: string } & CodeColors {
  const pre = /<pre\b[^>]*>([\s\S]*)<\/pre>/.exec(ecHtml);
  if (!pre) throw new Error('codeRuns: no <pre> in the Expressive Code output');
  const stack: Open[] = [];
  const colours: string[] = [];
  const runs: Array<{ length: number; colour: number; blank: boolean }> = [];
  let text = '';
  let lines = 0;
  let lineStart = 0;
  const colourOf = () => {
    const dark = stack.findLast((o) => o.dark)?.dark;
    if (!dark) return -1; // uncoloured (not expected from Expressive Code): the <pre>'s own colour
    const light = stack.findLast((o) => o.light)?.light;
    const pair = light ? `${dark} ${light}` : dark;
    const i = colours.indexOf(pair);
    return i >= 0 ? i : colours.push(pair) - 1;
  };
  const append = (chunk: string) => {
    if (!chunk) return;
    text += chunk;
    const blank = /^\s*$/.test(chunk);
    const colour = colourOf();
    const last = runs.at(-1);
    if (last && (blank || last.colour === colour)) last.length += chunk.length;
    else if (last?.blank) Object.assign(last, { length: last.length + chunk.length, colour, blank: false });
    else runs.push({ length: chunk.length, colour, blank });
  };
  for (const m of pre[1]!.matchAll(/<(\/?)([a-z][a-z0-9]*)\b([^>]*)>|([^<]+)/gi)) {
    const [, closing, tagName, attrs = '', chunk] = m;
    if (chunk !== undefined) {
      // An empty line holds a lone newline (to keep its height); the lines are joined with one anyway.
      if (lines > 0 && !(chunk === '\n' && text.length === lineStart)) append(decode(chunk));
      continue;
    }
    const tag = tagName!.toLowerCase();
    if (closing) {
      const at = stack.findLastIndex((o) => o.tag === tag);
      if (at >= 0) stack.length = at;
      continue;
    }
    if (/\bclass="[^"]*\bec-line\b/.test(attrs)) {
      if (lines++ > 0) append('\n');
      lineStart = text.length;
    }
    if (VOID.has(tag) || attrs.trimEnd().endsWith('/')) continue;
    const style = /\bstyle="([^"]*)"/.exec(attrs)?.[1] ?? '';
    stack.push({ tag, dark: /(?:^|;)\s*--0:\s*([^;]+)/.exec(style)?.[1]?.trim(), light: /(?:^|;)\s*--1:\s*([^;]+)/.exec(style)?.[1]?.trim() });
  }
  return { text, c: colours, r: runs.flatMap((run) => [run.length, run.colour]) };
}
