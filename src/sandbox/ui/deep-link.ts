// Landing on a link to a sandbox (#example-<id>, or a share link #example-<id>~<payload>): scroll
// to it and move focus to its region, so keyboard and screen reader users start where the link
// points. Only when the fragment names a sandbox: a heading link keeps the browser's own behaviour,
// and a page opened without a fragment never has its focus moved.
import { splitShareHash } from '../core/share-hash.ts';

/** Does the current fragment point at this sandbox? */
export const targetsSandbox = (el: HTMLElement, hash = location.hash): boolean => hash !== '' && splitShareHash(hash).anchor === el.id;

export function landOn(el: HTMLElement): void {
  const region = el.querySelector<HTMLElement>('section') ?? el;
  // tabindex=-1: focusable from script, not added to the Tab order.
  if (!region.hasAttribute('tabindex')) region.tabIndex = -1;
  el.scrollIntoView({ block: 'start' });
  region.focus({ preventScroll: true });
}

/** The page's link to one sandbox, on whatever base path and query (?runtime=) the page has. */
export function linkTo(anchor: string, href = location.href): string {
  const url = new URL(href);
  url.hash = anchor;
  return url.href;
}
