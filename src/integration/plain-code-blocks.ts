// An Expressive Code plugin that renders a code block in the guides' text as one <pre> of plain text,
// as a sandbox's static file already is (src/components/StaticCode.astro): the colours Expressive
// Code chose go into the <pre>'s data-colours attribute (code-runs.ts), and a small script paints
// them with the CSS Custom Highlight API (src/components/paint-code-blocks.ts, run by every page's sidebar), which adds no elements.
// Why: Expressive Code writes two divs per line and a span per token. On "Startup vs request" its
// 13 blocks were 713 of the page's 1,828 elements, over the 1,500 budget, and DOM size is what makes
// a guide's Lighthouse blocking time. The frame, title and copy button stay Expressive Code's.
// Without the Highlight API (or JavaScript) the code reads as plain text in the block's own colour.
// Registered in ec.config.mjs.
import type { ExpressiveCodePlugin } from 'astro-expressive-code';
import { type Element, type ElementContent, select, toHtml } from 'astro-expressive-code/hast';
import { codeRuns } from '../components/code-runs.ts';
import { joinText } from './merge-code-spans.ts';
import { CODE_COLOURS_ATTR, PLAIN_CODE_CLASS, encodeColours } from '../sandbox/ui/contract.ts';

/** An indented line of a wrapped block (styled in src/styles/lab.css). */
const HANGING_CLASS = 'lab-hang';

/** Turn the block's <pre> into text plus colour runs, in place. The text read back must be the code's. */
export function plainPre(pre: Element, code: string): void {
  const { text, c, r } = codeRuns(toHtml(pre));
  // The block's code as Expressive Code holds it (tabs already expanded where it expands them); the
  // rendered lines hold no trailing newline.
  if (text !== code.replace(/\n+$/, '')) throw new Error(`plain-code-blocks: the text read back differs from the code block:\n${text}\n---\n${code}`);
  const className = (pre.properties.className as string[] | undefined) ?? [];
  pre.properties = { ...pre.properties, className: [...className, PLAIN_CODE_CLASS], [CODE_COLOURS_ATTR]: encodeColours({ c, r }) };
  // (A first empty line would be dropped by the HTML parser: then the runs no longer match the text,
  // and paint-code.ts leaves the block unpainted rather than colour the wrong characters.)
  pre.children = className.includes('wrap') ? hangingLines(text) : [{ type: 'text', value: text }];
}

/** A wrapped block's text, with each indented line in a span that hangs its continuation lines at
 * the line's indent, as Expressive Code's lines do (in Python the indent is the code's structure).
 * One element per indented line; the other lines stay bare text. */
function hangingLines(text: string): ElementContent[] {
  const nodes = text.split('\n').flatMap((line, i): ElementContent[] => {
    const newline: ElementContent[] = i > 0 ? [{ type: 'text', value: '\n' }] : [];
    const indent = /^ */.exec(line)![0].length;
    if (indent === 0 || indent === line.length) return [...newline, { type: 'text', value: line }];
    const hanging: ElementContent = {
      type: 'element',
      tagName: 'span',
      properties: { className: [HANGING_CLASS], style: `--ecIndent:${indent}ch` },
      children: [{ type: 'text', value: line }],
    };
    return [...newline, hanging];
  });
  return joinText(nodes); // the bare lines and their newlines as one text node between spans
}

export function plainCodeBlocks(): ExpressiveCodePlugin {
  return {
    name: 'lab: plain code blocks',
    hooks: {
      postprocessRenderedBlock: ({ codeBlock, renderData }) => {
        // A sandbox's file (meta `lab-static`): StaticCode.astro reads the highlighted lines itself.
        if (/\blab-static\b/.test(codeBlock.meta)) return;
        const pre = select('pre', renderData.blockAst);
        if (pre) plainPre(pre, codeBlock.code);
      },
    },
  };
}
