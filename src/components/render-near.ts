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
import { NEAR_CLASS, SECTION_CLASS } from './sections.ts';

const SECTIONS = `.sl-markdown-content > .${SECTION_CLASS}`;

/** The section at the middle of the screen: what the reader is looking at. */
function sectionOnScreen(sections: Iterable<Element>): Element | undefined {
  const middle = innerHeight / 2;
  for (const section of sections) {
    const { top, bottom } = section.getBoundingClientRect();
    if (top <= middle && bottom > middle) return section;
  }
  return undefined;
}

/** Render these sections, and all before them, for good, keeping the one on screen where it is. A
 * section above the screen that renders takes its real height instead of 2,000 px, and the
 * browser's scroll anchoring does not make up for it (Chromium 156: after a jump, the text on screen
 * moved down by the difference), so the page is scrolled by what the section on screen moved. */
function render(sections: Element[]): void {
  const all = [...document.querySelectorAll(SECTIONS)];
  // Every section before these too: the browser anchors scrolling only on content outside
  // `content-visibility: auto`, so the text above the reader must be rendered for good for the
  // page to stay still when something there changes height (a sandbox closing its recorded run).
  const last = Math.max(...sections.map((section) => all.indexOf(section)));
  const todo = all.slice(0, last + 1).filter((section) => !section.classList.contains(NEAR_CLASS));
  if (!todo.length) return;
  const anchor = sectionOnScreen(all);
  const before = anchor?.getBoundingClientRect().top;
  for (const section of todo) section.classList.add(NEAR_CLASS);
  if (!anchor || before === undefined) return;
  const moved = anchor.getBoundingClientRect().top - before;
  if (Math.abs(moved) >= 1) window.scrollBy({ top: moved, behavior: 'instant' });
}

/** Render every section, if `target` is in the text (a jump is about to land there). */
function renderAllFor(target: Element | null): void {
  const all = document.querySelectorAll(SECTIONS);
  if (target?.closest(SECTIONS) && all.length) render([all[all.length - 1]!]);
}

function targetOf(hash: string): Element | null {
  if (hash.length < 2) return null;
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return null; // a malformed escape in the address
  }
}

const sections = document.querySelectorAll(SECTIONS);
if (sections.length > 1) {
  // Arrived through a link with a fragment: the browser keeps its target in view while the page
  // loads, so rendering now is in time.
  renderAllFor(targetOf(location.hash));
  // A link on this page (the table of contents, an example's title): before the browser scrolls.
  document.addEventListener(
    'click',
    (event) => {
      const link = (event.target as Element | null)?.closest?.('a[href*="#"]');
      if (link instanceof HTMLAnchorElement && link.pathname === location.pathname && link.origin === location.origin) renderAllFor(targetOf(link.hash));
    },
    { capture: true },
  );
  window.addEventListener('hashchange', () => renderAllFor(targetOf(location.hash)));
  // End goes to the bottom of the page: its length must be the real one first.
  document.addEventListener('keydown', (event) => {
    if (event.key === 'End' && !(event.target as Element | null)?.closest?.('input, textarea, select, [contenteditable]')) renderAllFor(sections[0]!);
  });

  if ('IntersectionObserver' in window) {
    const near = new IntersectionObserver(
      (entries) => {
        const coming = entries.filter((entry) => entry.isIntersecting).map((entry) => entry.target);
        for (const section of coming) near.unobserve(section);
        render(coming);
      },
      { rootMargin: '200% 0px' },
    );
    for (const section of sections) near.observe(section);
  }
}
