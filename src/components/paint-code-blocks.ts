// Every page's sidebar runs this (Sidebar.astro): it paints the syntax colours of the code blocks in
// the page's text, which the build wrote as plain text plus colour runs (src/integration/plain-code-blocks.ts).
// A sandbox's own files are painted by its loader, one tab at a time.
import { PLAIN_CODE_CLASS } from '../sandbox/ui/contract.ts';
import { paintCode } from '../sandbox/ui/paint-code.ts';

for (const pre of document.querySelectorAll(`pre.${PLAIN_CODE_CLASS}`)) paintCode(pre);
