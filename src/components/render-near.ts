// The text's sections (sections.ts) render for good once the reader comes near one.
//
// On its own, `content-visibility: auto` renders a section only as it is about to enter the screen,
// at the 2,000 px it counted as until then. A section that renders while it is already partly on
// screen takes its real height there and moves what is below it; one that renders below the reader
// near the end of the page can shorten the page and move the reader's place. So:
// - reading on: a section renders for good (.lab-near) once the reader is within two screens of it,
//   so it has its real height before it arrives, and so do all the sections before it;
// - a jump (a link to a heading or an example, from another page or this one; End): every section
//   renders before the browser scrolls, so the target stays where the link put it and the page
//   keeps its length. Such a page costs what it did before sections; a plain visit does not.
import { splitShareHash } from '../sandbox/core/share-hash.ts';
import { keepPlace } from '../sandbox/ui/keep-in-view.ts';
import { NEAR_CLASS, SECTION_CLASS } from './sections.ts';

const SECTIONS = `.sl-markdown-content > .${SECTION_CLASS}`;
const sections = [...document.querySelectorAll(SECTIONS)];

/** The section at the middle of the screen: what the reader is looking at. */
function sectionOnScreen(): Element | undefined {
  const middle = innerHeight / 2;
  return sections.find((section) => {
    const { top, bottom } = section.getBoundingClientRect();
    return top <= middle && bottom > middle;
  });
}

/** Render the sections up to index `last` for good, keeping the one on screen where it is.
 * All those before too: the browser anchors scrolling only on content outside
 * `content-visibility: auto`, so the text above the reader must be rendered for good for the page to
 * stay still when something there changes height (a sandbox closing its recorded run). And a section
 * above the screen that renders takes its real height instead of 2,000 px, which the browser's scroll
 * anchoring does not make up for (Chromium 156: after a jump, the text on screen moved down by the
 * difference): keepPlace scrolls by what the section on screen moved. */
function render(last: number): void {
  const todo = sections.slice(0, last + 1).filter((section) => !section.classList.contains(NEAR_CLASS));
  if (!todo.length) return;
  const mark = () => {
    for (const section of todo) section.classList.add(NEAR_CLASS);
  };
  const anchor = sectionOnScreen();
  if (anchor) keepPlace(anchor, mark);
  else mark();
}

const renderAll = () => render(sections.length - 1);

/** A jump is about to land on `target`: if it is in the text, render all of it first. */
function beforeJumpTo(target: Element | null): void {
  if (target?.closest(SECTIONS)) renderAll();
}

/** What a fragment points at: a heading, or a sandbox, also through a share link (#example-…~code). */
function targetOf(hash: string): Element | null {
  const { anchor } = splitShareHash(hash);
  return anchor ? document.getElementById(anchor) : null;
}

if (sections.length > 1) {
  // Arrived through a link with a fragment: the browser keeps its target in view while the page
  // loads, so rendering now is in time.
  beforeJumpTo(targetOf(location.hash));
  // A link on this page (the table of contents, an example's title): before the browser scrolls.
  document.addEventListener(
    'click',
    (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href*="#"]');
      if (link instanceof HTMLAnchorElement && link.pathname === location.pathname && link.origin === location.origin) beforeJumpTo(targetOf(link.hash));
    },
    { capture: true },
  );
  window.addEventListener('hashchange', () => beforeJumpTo(targetOf(location.hash)));
  // End goes to the bottom of the page: its length must be the real one first.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'End' && !(event.target as Element | null)?.closest?.('input, textarea, select, [contenteditable]')) renderAll();
  });

  const near = new IntersectionObserver(
    (entries) => {
      const coming = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
      for (const section of coming) near.unobserve(section);
      if (coming.length) render(Math.max(...coming.map((section) => sections.indexOf(section))));
    },
    { rootMargin: '200% 0px' },
  );
  for (const section of sections) near.observe(section);
}
