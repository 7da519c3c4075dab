// A bounded history of events: the most recent `limit`, in the order they were emitted, and a
// count of the older ones let go. A long session (a loop of bursts) cannot grow the page's memory.
// The Session keeps one; the timeline keeps the part it draws.

export const DEFAULT_HISTORY_LIMIT = 2000;

export class EventHistory<T> {
  private items: T[] = [];
  private droppedBefore = 0;
  /** Bumped on every change, so a renderer can tell whether anything moved. */
  version = 0;
  readonly limit: number;

  constructor(limit = DEFAULT_HISTORY_LIMIT) {
    if (!(limit >= 1)) throw new RangeError('history limit must be at least 1');
    this.limit = limit;
  }

  push(item: T): void {
    this.items.push(item);
    // Trim in chunks, so a steady stream costs O(1) per event rather than a splice each time.
    if (this.items.length >= this.limit + Math.max(1, this.limit >> 3)) this.trim();
    this.version++;
  }

  private trim(): void {
    const excess = this.items.length - this.limit;
    if (excess <= 0) return;
    this.items.splice(0, excess);
    this.droppedBefore += excess;
  }

  /** The kept events, oldest first: at most `limit`. */
  list(): readonly T[] {
    this.trim();
    return this.items;
  }

  /** Events let go since the last clear. */
  get dropped(): number {
    return this.droppedBefore + Math.max(0, this.items.length - this.limit);
  }

  get size(): number {
    return Math.min(this.items.length, this.limit);
  }

  clear(): void {
    this.items = [];
    this.droppedBefore = 0;
    this.version++;
  }
}
