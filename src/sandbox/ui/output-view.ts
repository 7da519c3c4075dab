// The "Output" log: streamed text with ANSI colours, redrawn at most once per frame, and capped
// (the session's OutputBuffer decides what is kept; this view shows the same and says what was dropped).
import { ansiRuns, initialAnsiState } from './ansi.ts';
import type { OutputBuffer } from '../core/output-buffer.ts';

export class OutputView {
  readonly element: HTMLPreElement;
  private readonly note: HTMLElement;
  private pending: string[] = [];
  private scheduled = false;
  private shownDropped = 0;
  private state = initialAnsiState();
  private readonly buffer: () => OutputBuffer | null;

  constructor(buffer: () => OutputBuffer | null) {
    this.buffer = buffer;
    this.element = document.createElement('pre');
    this.element.className = 'lab-output';
    this.element.setAttribute('role', 'log');
    this.element.setAttribute('aria-label', 'Output');
    this.element.tabIndex = 0;
    // Shown by CSS while the log is empty, so the box is not a blank mystery before Run.
    this.element.dataset.placeholder = 'Nothing printed yet. What the processes print appears here.';
    this.note = document.createElement('p');
    this.note.className = 'lab-output-note';
    this.note.hidden = true;
  }

  get noteElement(): HTMLElement {
    return this.note;
  }

  append(chunk: string): void {
    this.pending.push(chunk);
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.flush());
  }

  private write(text: string): void {
    const fragment = document.createDocumentFragment();
    for (const run of ansiRuns(text, this.state)) {
      if (run.classes.length === 0) fragment.append(run.text);
      else {
        const span = document.createElement('span');
        span.className = run.classes.join(' ');
        span.textContent = run.text;
        fragment.append(span);
      }
    }
    this.element.append(fragment);
  }

  private flush(): void {
    this.scheduled = false;
    const stick = this.element.scrollTop + this.element.clientHeight >= this.element.scrollHeight - 8;
    const buffer = this.buffer();
    if (buffer && buffer.dropped !== this.shownDropped) {
      // The buffer dropped old text: redraw from what it keeps.
      this.shownDropped = buffer.dropped;
      this.element.textContent = '';
      this.state = initialAnsiState();
      this.write(buffer.text());
      this.note.hidden = false;
      this.note.textContent = `Output truncated: the oldest ${buffer.dropped.toLocaleString()} characters were dropped (the sandbox keeps the last ${buffer.limit.toLocaleString()}).`;
    } else this.write(this.pending.join(''));
    this.pending = [];
    if (stick) this.element.scrollTop = this.element.scrollHeight;
  }
}
