// The output a sandbox keeps: capped, so a chatty or looping server cannot eat the tab's memory.
// When the cap is hit the oldest text goes and `truncated` says how much.

export class OutputBuffer {
  private chunks: string[] = [];
  private length = 0;
  /** Characters dropped from the front so far. */
  dropped = 0;

  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  append(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    // Drop whole chunks from the front while that is enough, then cut into the first one.
    while (this.length > this.limit) {
      const excess = this.length - this.limit;
      const first = this.chunks[0]!;
      if (first.length <= excess) this.chunks.shift();
      else this.chunks[0] = first.slice(excess);
      const removed = Math.min(first.length, excess);
      this.length -= removed;
      this.dropped += removed;
    }
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  text(): string {
    return this.chunks.join('');
  }
}
