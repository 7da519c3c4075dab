// An Expressive Code plugin that renders fewer elements per code line: adjacent token spans of one
// colour become one span, and a span holding only whitespace joins the span before it (whitespace
// shows no colour). The colours themselves are untouched (Starlight's contrast-adjusted themes).
// Why: the guides' code blocks rendered a span per token, and DOM size is what made the guides'
// Lighthouse blocking time (issue 14). Registered in ec.config.mjs.
import type { ExpressiveCodePlugin } from 'astro-expressive-code';
import type { Element, ElementContent } from 'astro-expressive-code/hast';

const isPlainSpan = (node: ElementContent | undefined): node is Element => node?.type === 'element' && node.tagName === 'span' && !node.properties.className;
const isBlank = (node: Element) => node.children.every((child) => child.type === 'text' && !child.value.trim());
const sameLook = (a: Element, b: Element) => JSON.stringify(a.properties) === JSON.stringify(b.properties);

/** Merge the spans among one element's children, then among each child's. */
export function mergeSpans(parent: Element): void {
  const merged: ElementContent[] = [];
  for (const node of parent.children) {
    const last = merged.at(-1);
    if (isPlainSpan(last) && isPlainSpan(node) && (sameLook(last, node) || isBlank(node))) last.children.push(...node.children);
    else if (isPlainSpan(last) && isPlainSpan(node) && isBlank(last)) {
      node.children.unshift(...last.children);
      merged[merged.length - 1] = node;
    } else merged.push(node);
  }
  parent.children = merged;
  for (const node of merged) {
    if (node.type === 'element') {
      // Text split across spans that now sit in one: join it into one text node.
      node.children = node.children.reduce<ElementContent[]>((out, child) => {
        const prev = out.at(-1);
        if (prev?.type === 'text' && child.type === 'text') prev.value += child.value;
        else out.push(child);
        return out;
      }, []);
      mergeSpans(node);
    }
  }
}

export function mergeCodeSpans(): ExpressiveCodePlugin {
  return {
    name: 'lab: merge code spans',
    hooks: {
      postprocessRenderedLine: ({ renderData }) => mergeSpans(renderData.lineAst),
    },
  };
}
