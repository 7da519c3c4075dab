// Paints a static file's syntax colours with the CSS Custom Highlight API: ranges over the <pre>'s
// text, so the colours cost no elements (see src/components/code-runs.ts for why). Runs in the
// loader (5 KB budget), for a sandbox's open file at once and for another file when its tab is
// chosen, and on every page for the code blocks of its text (src/components/paint-code-blocks.ts).
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

/** The <pre>'s text nodes in order: a sandbox file is one; a wrapped code block of the text has a
 * span per indented line (src/integration/plain-code-blocks.ts). */
function textNodes(pre: Element): Text[] {
  const nodes: Text[] = [];
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text);
  return nodes;
}

export function paintCode(pre: Element | null | undefined): void {
  const data = pre?.getAttribute(CODE_COLOURS_ATTR);
  if (!pre || !data || !('highlights' in CSS)) return;
  pre.removeAttribute(CODE_COLOURS_ATTR); // painted once
  const { c, r } = decodeColours(data);
  const nodes = textNodes(pre);
  // The runs must cover the text exactly (a parser that split or trimmed it would shift them).
  if (r.reduce((sum, n, i) => (i % 2 ? sum : sum + n), 0) !== nodes.reduce((sum, node) => sum + node.length, 0)) return;
  // Where a run starts or ends, as (text node, offset). Positions only grow, so the walk goes forward
  // only. A run that would start at a node's very end starts at the next node's beginning instead.
  let node = 0;
  let before = 0; // characters in the nodes before nodes[node]
  const place = (at: number, starts: boolean): [Text, number] => {
    while (at - before > nodes[node]!.length || (starts && at - before === nodes[node]!.length && node < nodes.length - 1)) {
      before += nodes[node++]!.length;
    }
    return [nodes[node]!, at - before];
  };
  let at = 0;
  for (let i = 0; i < r.length; i += 2) {
    const length = r[i]!;
    const colour = c[r[i + 1]!];
    if (colour && length > 0) {
      const range = new Range();
      range.setStart(...place(at, true));
      range.setEnd(...place(at + length, false));
      highlightFor(colour).add(range);
    }
    at += length;
  }
}
