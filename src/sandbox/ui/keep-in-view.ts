// Two reader rules (DESIGN.md, "UI contract"): nothing moves under the pointer, and after Run the
// status and the first output are in view. Activation swaps the static code for an editor and adds
// the live panels below the toolbar; these helpers keep that from moving the page, then bring the
// result into view on purpose. keepPlace also keeps the page still while the text's sections take
// their real height (src/components/render-near.ts).

/** The top of the viewport that the page's sticky header (and, on phones, the "On this page" bar)
 * covers. Starlight states it as the root's scroll-padding-top. */
function coveredTop(): number {
  return Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0;
}

const scrollBy = (top: number) => {
  if (Math.abs(top) >= 1) window.scrollBy({ top, behavior: 'instant' });
};

/** Make a layout change and scroll by what `anchor` moved on screen, so it stays where it was. The
 * browser's own scroll anchoring stays on: the text's sections (render-near.ts) need it for what
 * changes in the next frames (fonts, a sandbox's recorded run); with it off for a frame, a CI run
 * recorded the footer shifting after a jump to a page's last heading. */
export function keepPlace(anchor: Element, change: () => void): void {
  const before = anchor.getBoundingClientRect().top;
  try {
    change();
  } finally {
    scrollBy(anchor.getBoundingClientRect().top - before);
  }
}

/** keepPlace, with scroll anchoring off until the next frame: the browser may anchor on content
 * below the sandbox, and then a sandbox that grows carries the page past itself (seen on phones: the
 * reader was left looking at the next section). */
export function holdStill(anchor: Element, change: () => void): void {
  const root = document.documentElement;
  const previous = root.style.overflowAnchor;
  root.style.overflowAnchor = 'none';
  try {
    keepPlace(anchor, change);
  } finally {
    requestAnimationFrame(() => {
      root.style.overflowAnchor = previous;
    });
  }
}

/** Scroll just enough that everything from the top of `first` to `reach` px into `last` is visible,
 * below the sticky header. When both cannot fit, `first` wins (the status says what is happening). */
export function bringIntoView(first: Element, last: Element, reach: number): void {
  const top = coveredTop();
  const firstTop = first.getBoundingClientRect().top;
  const lastBottom = last.getBoundingClientRect().top + Math.min(reach, last.getBoundingClientRect().height);
  let delta = 0;
  if (lastBottom > window.innerHeight) delta = lastBottom - window.innerHeight + 8;
  if (firstTop - delta < top) delta = firstTop - top;
  scrollBy(delta);
}
