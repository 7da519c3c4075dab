// Says what the reader's edits mean right now, next to Reset: "Showing your saved edits" after a
// reload restored them, and "edited: press Restart to apply" (with Restart highlighted) while a
// server that does not watch its files still runs the code it loaded before the edit.
import type { FileTree } from '../core/runtime.ts';
import { diffFiles } from '../core/persistence.ts';
import { h, uid } from './dom.ts';

const RESTORED = 'Showing your saved edits';
const NEEDS_RESTART = 'edited: press Restart to apply';

export class EditState {
  /** A polite live region; empty when there is nothing to say. Its slot in the toolbar keeps the
   * width of its longest message either way (sandbox.css), so the buttons after it never move. */
  readonly element: HTMLElement;
  private readonly restart: HTMLButtonElement;
  /** `node --watch` restarts itself on an edit: nothing to ask of the reader. */
  private readonly watches: boolean;
  /** The files the running process started from, or null when none runs. */
  private loaded: FileTree | null = null;

  constructor(restart: HTMLButtonElement, command: string[]) {
    this.restart = restart;
    this.watches = command.some((arg) => arg === '--watch' || arg.startsWith('--watch='));
    this.element = h('span', { class: 'lab-edit-state', role: 'status', id: uid('lab-edit-state') });
  }

  restored(): void {
    this.say(RESTORED, false);
  }

  /** A process starts (Run, Restart, or a watcher's own restart) from these files. */
  started(files: FileTree): void {
    this.loaded = { ...files };
    this.say('', false);
  }

  stopped(): void {
    this.loaded = null;
    if (this.element.textContent === NEEDS_RESTART) this.say('', false);
  }

  /** The files changed (typing, Reset, a shared version); `edited`: they still differ from the
   * original. Whitespace-only changes do not count. */
  changed(files: FileTree, edited: boolean): void {
    if (!edited && this.element.textContent === RESTORED) this.say('', false);
    if (!this.loaded || this.watches) return;
    const pending = Object.keys(diffFiles(this.loaded, files)).length > 0 || Object.keys(diffFiles(files, this.loaded)).length > 0;
    this.say(pending ? NEEDS_RESTART : '', pending);
  }

  private say(text: string, restartNeeded: boolean): void {
    if (this.element.textContent !== text) this.element.textContent = text;
    this.restart.classList.toggle('lab-attention', restartNeeded);
    if (restartNeeded) this.restart.setAttribute('aria-describedby', this.element.id);
    else this.restart.removeAttribute('aria-describedby');
  }
}
