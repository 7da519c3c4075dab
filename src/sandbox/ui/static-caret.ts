// Where a click landed in a file's static view, as an offset into the file's text: the reader
// clicked to edit that spot, so the editor that replaces the view puts the caret there (and not at
// the top of the file, which would also scroll the page away from where they were reading).
// The static <pre> holds the file's text as its one text node (StaticCode.astro), so offsets match.
export interface Point {
  x: number;
  y: number;
}

export function offsetAtPoint(pre: Element | null | undefined, { x, y }: Point): number | undefined {
  const text = pre?.firstChild;
  if (!text) return undefined;
  if ('caretPositionFromPoint' in document) {
    const position = document.caretPositionFromPoint(x, y);
    return position?.offsetNode === text ? position.offset : undefined;
  }
  // Safari before 17.4 has only the older, non-standard call.
  const range = (document as Document).caretRangeFromPoint?.(x, y);
  return range?.startContainer === text ? range.startOffset : undefined;
}
