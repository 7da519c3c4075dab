// Placeholder wiring for the processes panel; replaced by the timeline module.
import type { LabEvent } from '../core/events.ts';
import { h } from './dom.ts';

export class ProcessView {
  readonly element: HTMLElement = h('div', { class: 'lab-processes' });
  private readonly onKill: (pid: number, signal: 'SIGTERM' | 'SIGKILL') => void;
  constructor(onKill: (pid: number, signal: 'SIGTERM' | 'SIGKILL') => void) {
    this.onKill = onKill;
  }
  update(_events: LabEvent[]): void {
    void this.onKill;
  }
}
