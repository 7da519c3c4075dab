// An Expressive Code plugin that renders fewer elements per code line: adjacent token spans of one
// colour become one span, a span holding only whitespace joins the span before it (whitespace
// shows no colour), and a span in the block's own text colour (every theme's) becomes bare text.
// The colours themselves are untouched (Starlight's contrast-adjusted themes).
// Why: the guides' code blocks rendered a span per token, and DOM size is what made the guides'
// Lighthouse blocking time (issue 14). Since issue 22 those blocks become plain text
// (plain-code-blocks.ts, which runs after this): fewer spans here are fewer colour runs to paint.
// Registered in ec.config.mjs.
import type { ExpressiveCodePlugin } from 'astro-expressive-code';
import type { Element, ElementContent } from 'astro-expressive-code/hast';

const isPlainSpan = (node: ElementContent | undefined): node is Element => node?.type === 'element' && node.tagName === 'span' && !node.properties.className;
const isBlank = (node: Element) => node.children.every((child) => child.type === 'text' && !child.value.trim());
const sameLook = (a: Element, b: Element) => JSON.stringify(a.properties) === JSON.stringify(b.properties);

/** Adjacent text nodes (from spans now merged or unwrapped) joined into one. */
export const joinText = (children: ElementContent[]) =>
  children.reduce<ElementContent[]>((out, child) => {
    const prev = out.at(-1);
    if (prev?.type === 'text' && child.type === 'text') prev.value += child.value;
    else out.push(child);
    return out;
  }, []);

const styleOf = (node: Element) => String(node.properties.style ?? '').toLowerCase();

/** Merge the spans among one element's children, then among each child's. `plainStyle`: the style
 * of a span coloured like the code block's own text (e.g. `--0:#d6deeb;--1:#403f53`): unwrapped. */
export function mergeSpans(parent: Element, plainStyle?: string): void {
  const merged: ElementContent[] = [];
  for (const node of parent.children) {
    const last = merged.at(-1);
    if (plainStyle && isPlainSpan(node) && styleOf(node) === plainStyle) {
      merged.push(...node.children);
      continue;
    }
    if (isPlainSpan(last) && isPlainSpan(node) && (sameLook(last, node) || isBlank(node))) last.children.push(...node.children);
    else if (isPlainSpan(last) && isPlainSpan(node) && isBlank(last)) {
      node.children.unshift(...last.children);
      merged[merged.length - 1] = node;
    } else merged.push(node);
  }
  parent.children = merged;
  for (const node of merged) {
    if (node.type === 'element') {
      node.children = joinText(node.children);
      mergeSpans(node, plainStyle);
    }
  }
  parent.children = joinText(parent.children);
}

export function mergeCodeSpans(): ExpressiveCodePlugin {
  return {
    name: 'lab: merge code spans',
    hooks: {
      postprocessRenderedLine: ({ renderData, styleVariants, codeBlock }) => {
        // A sandbox file (meta `lab-static`) keeps every colour span: code-runs.ts reads its colours from them.
        const plain = /\blab-static\b/.test(codeBlock.meta)
          ? undefined
          : styleVariants
              .map((v, i) => `--${i}:${v.resolvedStyleSettings.get('codeForeground')}`)
              .join(';')
              .toLowerCase();
        mergeSpans(renderData.lineAst, plain);
      },
    },
  };
}
