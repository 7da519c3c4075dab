// Staged progress of getting a sandbox running, shared by the runtime (which knows when the
// runtime loads and starts) and the UI (which shows it). A cold WebContainer boot downloads the
// runtime from StackBlitz and may take many seconds: the reader sees each stage, is told when it
// is slow, and is never left watching a silent spinner.

/** loading: the runtime is fetched from StackBlitz; starting: its first process runs;
 * mounting: the example's files are written; node: the example's server is started. */
export type BootStage = 'loading' | 'starting' | 'mounting' | 'node';

export const STAGE_TEXT: Record<BootStage, string> = {
  loading: 'loading the runtime from StackBlitz',
  starting: 'starting',
  mounting: 'mounting the files',
  node: 'starting node',
};

/** The WebContainer adapter gives up after 30 s and calls a boot slow at 8 s (webcontainer.ts; the
 * test build's ?wcboot= keeps that ratio): from a slow event's afterMs, the deadline is known. */
export const TIMEOUT_PER_SLOW = 30 / 8;

export type BootEvent = { type: 'stage'; stage: BootStage } | { type: 'slow'; afterMs: number };

/** A small emitter that replays the latest stage to a late listener (a sandbox activated mid-boot). */
export class BootProgress {
  private readonly listeners = new Set<(event: BootEvent) => void>();
  private last: BootEvent | null = null;

  emit(event: BootEvent): void {
    if (event.type === 'stage') this.last = event;
    for (const listener of this.listeners) listener(event);
  }

  listen(listener: (event: BootEvent) => void): () => void {
    this.listeners.add(listener);
    if (this.last) listener(this.last);
    return () => this.listeners.delete(listener);
  }

  /** Forget the stage: the next boot starts from the beginning. */
  reset(): void {
    this.last = null;
  }
}
