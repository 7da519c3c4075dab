// What a reader sees while the runtime starts, and when it cannot: one calm path for a slow, a
// failed and an impossible boot. The recorded run is offered from the first second, the tone stays
// neutral (a network that blocks StackBlitz is not the reader's error), the label says what is
// really happening, and the developer remedies wait behind a disclosure.
import { RuntimeUnavailableError } from '../core/runtime.ts';
import { STAGE_TEXT, TIMEOUT_PER_SLOW, type BootEvent, type BootProgress } from '../core/boot-progress.ts';
import { h } from './dom.ts';

export type NoticeTone = 'info' | 'warn' | 'error';

/** What the notice needs from its sandbox. */
export interface BootNoticeHost {
  notice(content: Node | null, tone: NoticeTone): void;
  /** The status line's detail while booting. */
  stage(text: string): void;
  /** The runtime label's text. */
  label(text: string): void;
  /** Open the recorded run and bring it into view. */
  showTranscript(): void;
  retry(): void;
  /** Switch to the local runtime; null where this site has none. */
  useLocal: (() => void) | null;
}

export const LABELS = {
  connecting: 'In your browser (WebContainer): connecting…',
  failed: 'In your browser (WebContainer): could not start here',
};

export class BootNotice {
  private readonly host: BootNoticeHost;
  private unlisten: (() => void) | null = null;
  private shown = false;
  /** The "giving up in N s" countdown, while a slow boot is waited for. */
  private ticker: ReturnType<typeof setInterval> | null = null;

  constructor(host: BootNoticeHost) {
    this.host = host;
  }

  /** Follow the page runtime's boot. Nothing is shown until the runtime reports a stage (a local
   * runtime starts in milliseconds and reports none). */
  follow(progress: BootProgress): void {
    this.unlisten = progress.listen((event) => this.onProgress(event));
  }

  private onProgress(event: BootEvent): void {
    if (event.type === 'stage') {
      this.host.stage(STAGE_TEXT[event.stage]);
      if (this.shown) return;
      this.shown = true;
      this.host.label(LABELS.connecting);
      this.host.notice(
        h(
          'div',
          {},
          h('p', {}, 'Starting Node in your browser. The first start downloads the runtime from StackBlitz and can take a while.'),
          this.actions(false),
        ),
        'info',
      );
      return;
    }
    // Slow: say how long it has taken and how long it may still take. The seconds tick in a part that
    // is not read out (the notice is a live region); the sentence around them is read once.
    const deadline = Date.now() + event.afterMs * (TIMEOUT_PER_SLOW - 1);
    const left = h('span', { 'aria-hidden': 'true' });
    const tick = () => {
      left.textContent = ` Giving up in ${Math.max(0, Math.ceil((deadline - Date.now()) / 1000))} s.`;
    };
    tick();
    this.stopTicking();
    this.ticker = setInterval(tick, 1000);
    this.host.notice(
      h(
        'div',
        {},
        h(
          'p',
          {},
          `Still connecting to StackBlitz after ${Math.round(event.afterMs / 1000)} s; it gives up at ${Math.round((event.afterMs * TIMEOUT_PER_SLOW) / 1000)} s.`,
          left,
          ' The recorded run shows what this example prints under Node.',
        ),
        this.actions(false),
      ),
      'info',
    );
  }

  private stopTicking(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** The boot is over, one way or the other. */
  done(): void {
    this.stopTicking();
    this.unlisten?.();
    this.unlisten = null;
    if (this.shown) this.host.notice(null, 'info');
  }

  /** The runtime cannot start (or did not in time): say so calmly, recorded run first. `again`: it
   * failed earlier in this browser session and was not waited for: the retry reads "Try again". */
  failed(err: unknown, again = false): void {
    this.stopTicking();
    this.unlisten?.();
    this.unlisten = null;
    const message = err instanceof Error ? err.message : String(err);
    const causes = err instanceof RuntimeUnavailableError ? err.causes : [];
    const remedies = err instanceof RuntimeUnavailableError ? err.remedies : [];
    const retryable = err instanceof RuntimeUnavailableError ? err.retryable : true;
    this.host.label(LABELS.failed);
    this.host.notice(
      h(
        'div',
        {},
        h('p', {}, message, ' The recorded run below was captured from a real run under Node.'),
        this.actions(retryable, again ? 'Try again' : 'Retry'),
        causes.length || remedies.length
          ? h(
              'details',
              { class: 'lab-remedies' },
              h('summary', {}, 'Why, and what a developer can do'),
              causes.length ? h('p', {}, 'Likely causes:') : null,
              causes.length ? h('ul', {}, ...causes.map((c) => h('li', {}, c))) : null,
              remedies.length ? h('p', {}, 'What to do:') : null,
              remedies.length ? h('ul', {}, ...remedies.map((r) => h('li', {}, r))) : null,
            )
          : null,
      ),
      'warn',
    );
    // After the notice is up: the recorded run opens under it, and both come into view.
    this.host.showTranscript();
  }

  private actions(retry: boolean, retryLabel = 'Retry'): HTMLElement {
    const button = (text: string, onClick: () => void) => {
      const b = h('button', { type: 'button' }, text);
      b.addEventListener('click', onClick);
      return b;
    };
    return h(
      'p',
      { class: 'lab-notice-actions' },
      button('Show the recorded run', () => this.host.showTranscript()),
      retry ? ' ' : null,
      retry ? button(retryLabel, () => this.host.retry()) : null,
      this.host.useLocal ? ' ' : null,
      this.host.useLocal ? button('Run on this machine instead', this.host.useLocal) : null,
    );
  }
}
