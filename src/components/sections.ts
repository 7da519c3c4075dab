// A page's text, cut into one <section class="lab-section"> per h2 (and one for what comes before
// the first). The sections carry `content-visibility: auto` (src/styles/lab.css), so the browser
// styles, lays out and paints only the ones near the screen. A guide is 14,000 to 22,000 px tall on
// a phone, and laying all of it out as it arrived was most of its Lighthouse blocking time
// (issue 22). The cut is by h2 because that is where a reader jumps to, and a section is big enough
// for the browser's bookkeeping to stay small.
//
// It works on the rendered HTML (MarkdownContent.astro) because Astro's Markdown processor takes no
// rehype plugins. The HTML is Astro's own, well formed: a scan of its tags finds the top level, and
// the text is cut there, never rewritten. Anything the scan cannot follow is left as it came.

export const SECTION_CLASS = 'lab-section';
/** Set by render-near.ts on a section the reader has come near: it stays rendered from then on. */
export const NEAR_CLASS = 'lab-near';

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
// Elements whose content is text, not markup: a "<" inside them opens no tag.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title']);
// A comment, or a tag with its attributes (quoted values may hold ">").
const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;

/** An h2, bare or in Starlight's wrapper with its anchor link. */
function startsSection(name: string, attrs: string): boolean {
  if (name === 'h2') return true;
  return name === 'div' && /\bclass="(?=[^"]*\bsl-heading-wrapper\b)(?=[^"]*\blevel-h2\b)/.test(attrs);
}

/** Offsets where a top-level h2 starts, or null if the markup cannot be followed. */
export function sectionStarts(html: string): number[] | null {
  const starts: number[] = [];
  let depth = 0;
  const token = new RegExp(TOKEN.source, 'g');
  for (let m = token.exec(html); m; m = token.exec(html)) {
    const [whole, close, rawName = '', attrs = ''] = m;
    if (whole.startsWith('<!--')) continue;
    const name = rawName.toLowerCase();
    if (close) {
      if (--depth < 0) return null;
      continue;
    }
    if (depth === 0 && startsSection(name, attrs)) starts.push(m.index);
    if (VOID.has(name) || attrs.endsWith('/')) continue;
    depth++;
    if (RAW_TEXT.has(name)) {
      const end = html.toLowerCase().indexOf(`</${name}`, token.lastIndex);
      if (end < 0) return null;
      token.lastIndex = end;
    }
  }
  return depth === 0 ? starts : null;
}

/** The HTML with each h2 and what follows it (up to the next) in a section; unchanged without an h2. */
export function intoSections(html: string): string {
  const starts = sectionStarts(html);
  if (!starts?.length) return html;
  const cuts = [0, ...starts, html.length];
  let out = '';
  for (let i = 0; i + 1 < cuts.length; i++) {
    const part = html.slice(cuts[i], cuts[i + 1]);
    out += i === 0 && !part.trim() ? part : `<section class="${SECTION_CLASS}">${part}</section>`;
  }
  return out;
}
