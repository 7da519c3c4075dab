// Paints a static file's syntax colours with the CSS Custom Highlight API: ranges over the <pre>'s
// one text node, so the colours cost no elements (see src/components/code-runs.ts for why). Runs in
// the loader (5 KB budget), for the open file at once and for another file when its tab is chosen.
// Where the API is missing, the file stays plain text.
import { CODE_COLOURS_ATTR, decodeColours } from './contract.ts';

const highlights = new Map<string, Highlight>();
let sheet: CSSStyleSheet | null = null;

/** One highlight per colour, with its rule for each theme (Starlight sets data-theme on <html>). */
function highlightFor(colour: string): Highlight {
  let highlight = highlights.get(colour);
  if (highlight) return highlight;
  const name = `lab-code-${highlights.size}`;
  highlight = new Highlight();
  highlights.set(colour, highlight);
  CSS.highlights.set(name, highlight);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  const [dark, light] = colour.split(' ');
  // Scoped to <pre>: a bare ::highlight() rule is tried on every element at every style recalc, which
  // made a guide's recalc 10× slower (about 120 ms on this machine, 30 rules × 1,500 elements).
  sheet.insertRule(`pre::highlight(${name}){color:${dark}}`, sheet.cssRules.length);
  if (light) sheet.insertRule(`:root[data-theme='light'] pre::highlight(${name}){color:${light}}`, sheet.cssRules.length);
  return highlight;
}

export function paintCode(pre: Element | null | undefined): void {
  const data = pre?.getAttribute(CODE_COLOURS_ATTR);
  const text = pre?.firstChild;
  if (!data || !(text instanceof Text) || !('highlights' in CSS)) return;
  pre!.removeAttribute(CODE_COLOURS_ATTR); // painted once
  const { c, r } = decodeColours(data);
  // The runs must cover the text node exactly (a parser that split or trimmed it would shift them).
  if (r.reduce((sum, n, i) => (i % 2 ? sum : sum + n), 0) !== text.length) return;
  let at = 0;
  for (let i = 0; i < r.length; i += 2) {
    const length = r[i]!;
    const colour = c[r[i + 1]!];
    if (colour) {
      const range = new Range();
      range.setStart(text, at);
      range.setEnd(text, at + length);
      highlightFor(colour).add(range);
    }
    at += length;
  }
}
