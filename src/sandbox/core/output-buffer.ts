// The output a sandbox keeps: capped, so a chatty or looping server cannot eat the tab's memory.
// When the cap is hit the oldest text goes and `truncated` says how much.

export class OutputBuffer {
  private chunks: string[] = [];
  private length = 0;
  /** Characters dropped from the front since the last clear. */
  dropped = 0;

  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  append(chunk: string): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
    while (this.length > this.limit && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.length -= first.length;
      this.dropped += first.length;
    }
    if (this.length > this.limit) {
      const only = this.chunks[0]!;
      const cut = only.length - this.limit;
      this.chunks[0] = only.slice(cut);
      this.length -= cut;
      this.dropped += cut;
    }
  }

  get truncated(): boolean {
    return this.dropped > 0;
  }

  text(): string {
    return this.chunks.join('');
  }

  clear(): void {
    this.chunks = [];
    this.length = 0;
    this.dropped = 0;
  }
}
