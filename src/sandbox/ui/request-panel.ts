// The request panel: Method, Path, Body, Send, "Send 20 requests", a bounded burst (count and
// concurrency), the suggested requests of the example, and the "Response" region.
import type { RequestResult, RequestSpec } from '../core/agent-client.ts';
import type { SuggestedRequest } from '../core/example.ts';
import { summarize } from '../core/burst-summary.ts';
import { burstAnnouncement, renderBurstSummary } from './burst-summary-view.ts';
import { h } from './dom.ts';

export const MAX_BURST = 500;
export const MAX_CONCURRENCY = 50;
/** Single answers kept in the Response region. */
const KEPT_ANSWERS = 4;

export interface RequestActions {
  send(spec: RequestSpec): Promise<RequestResult>;
  burst(spec: RequestSpec, count: number, concurrency: number, onResult: (r: RequestResult) => void): Promise<RequestResult[]>;
}

const clamp = (value: number, min: number, max: number, fallback: number) =>
  Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback;

export class RequestPanel {
  readonly element: HTMLElement;
  private readonly method: HTMLSelectElement;
  private readonly path: HTMLInputElement;
  private readonly body: HTMLTextAreaElement;
  /** Body and its label: shown for the methods that send one (a GET's body is never sent). */
  private readonly bodyRow: HTMLElement;
  private readonly keepAlive: HTMLInputElement;
  private readonly count: HTMLInputElement;
  private readonly concurrency: HTMLInputElement;
  private readonly response: HTMLElement;
  /** The panel's only live region: one sentence per answer and one per burst. The Response region
   * itself is not live, or a burst (its counter and summary) would be read out 22 times. */
  private readonly announcer: HTMLElement;
  private inFlight = 0;
  private readonly actions: RequestActions;

  constructor(uid: string, suggestions: SuggestedRequest[], actions: RequestActions) {
    this.actions = actions;
    const id = (name: string) => `${uid}-${name}`;
    this.method = h('select', { id: id('method') }, ...['GET', 'POST', 'PUT', 'DELETE'].map((m) => h('option', { value: m }, m)));
    this.path = h('input', { id: id('path'), type: 'text', value: '/', spellcheck: 'false', autocomplete: 'off' });
    this.keepAlive = h('input', { id: id('keepalive'), type: 'checkbox' });
    this.body = h('textarea', { id: id('body'), rows: 2, spellcheck: 'false', placeholder: 'Sent with POST, PUT and DELETE' });
    this.count = h('input', { id: id('count'), type: 'number', min: 1, max: MAX_BURST, value: 20 });
    this.concurrency = h('input', { id: id('concurrency'), type: 'number', min: 1, max: MAX_CONCURRENCY, value: 5 });
    this.bodyRow = h('div', { class: 'lab-request-body' }, h('label', { for: id('body') }, 'Body'), this.body);
    const send = this.button('Send', () => this.sendOne());
    const send20 = this.button('Send 20 requests', () => this.sendBurst(20));
    const sendN = this.button('Send burst', () => this.sendBurst(Number(this.count.value)));
    send.classList.add('lab-primary');
    send.dataset.send = ''; // the next action after Run and Restart, kept in view (app.ts showResult)
    this.response = h(
      'div',
      { class: 'lab-response', role: 'region', 'aria-label': 'Response', tabindex: 0 },
      h('p', { class: 'lab-muted' }, 'No request sent yet.'),
    );
    this.announcer = h('p', { class: 'sr-only', role: 'status', 'aria-atomic': 'true' });

    const suggested = suggestions.length
      ? h(
          'div',
          { class: 'lab-suggested' },
          h('span', { class: 'lab-muted' }, 'Try: '),
          ...suggestions.map((s) => {
            const label = `${s.method} ${s.path}${s.count ? ` ×${s.count}` : ''}`;
            const b = this.button(label, () => this.useSuggestion(s));
            b.classList.add('lab-chip');
            if (s.note) b.title = s.note;
            b.setAttribute('aria-label', `Try ${label}${s.note ? `: ${s.note}` : ''}`);
            return b;
          }),
        )
      : null;

    this.element = h(
      'div',
      { class: 'lab-requests' },
      h('p', { class: 'lab-panel-title' }, 'Send requests'),
      suggested,
      h(
        'div',
        { class: 'lab-request-line' },
        h('label', { for: id('method') }, 'Method'),
        this.method,
        h('label', { for: id('path') }, 'Path'),
        this.path,
        send,
        h(
          'span',
          { class: 'lab-keepalive' },
          this.keepAlive,
          h('label', { for: id('keepalive'), title: 'Reuse the connection between requests, as browsers and HTTP client libraries do' }, 'Keep-alive'),
        ),
      ),
      this.bodyRow,
      h(
        'div',
        { class: 'lab-burst' },
        send20,
        h('label', { for: id('count') }, 'Count'),
        this.count,
        h('label', { for: id('concurrency') }, 'At once'),
        this.concurrency,
        sendN,
      ),
      this.response,
      this.announcer,
    );
    this.method.addEventListener('change', () => this.showBody());
    this.showBody();
    this.path.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        void this.sendOne();
      }
    });
  }

  private button(label: string, onClick: () => unknown): HTMLButtonElement {
    const b = h('button', { type: 'button' }, label);
    b.addEventListener('click', () => void onClick());
    return b;
  }

  private spec(): RequestSpec {
    const method = this.method.value;
    return { method, path: this.path.value.trim() || '/', body: method === 'GET' ? null : this.body.value, keepAlive: this.keepAlive.checked };
  }

  private async useSuggestion(s: SuggestedRequest): Promise<void> {
    this.method.value = s.method;
    this.path.value = s.path;
    this.body.value = s.body ?? '';
    this.showBody();
    if (s.keepAlive !== undefined) this.keepAlive.checked = s.keepAlive;
    if (s.count) await this.sendBurst(s.count);
    else await this.sendOne();
  }

  /** A GET sends no body (spec()), so its box is shown only for POST, PUT and DELETE: a phone's
   * panel is a row shorter, and nothing suggests that a GET's body is sent. */
  private showBody(): void {
    this.bodyRow.hidden = this.method.value === 'GET';
  }

  /** Requests may overlap (send /slow, then /fast while it runs): count them instead of locking the panel. */
  private busy(delta: 1 | -1): void {
    this.inFlight += delta;
    this.response.setAttribute('aria-busy', String(this.inFlight > 0));
  }

  async sendOne(): Promise<void> {
    const spec = this.spec();
    this.busy(1);
    try {
      this.showSingle(spec, await this.actions.send(spec));
    } finally {
      this.busy(-1);
    }
  }

  async sendBurst(requested: number): Promise<void> {
    const count = clamp(requested, 1, MAX_BURST, 20);
    const concurrency = clamp(Number(this.concurrency.value), 1, MAX_CONCURRENCY, 5);
    this.count.value = String(count);
    this.concurrency.value = String(concurrency);
    const spec = this.spec();
    this.busy(1);
    const progress = h('p', { class: 'lab-muted' }, `Sending ${count} requests, ${concurrency} at a time…`);
    this.response.replaceChildren(progress);
    let received = 0;
    try {
      const results = await this.actions.burst(spec, count, concurrency, () => {
        received++;
        progress.textContent = `Sending ${count} requests, ${concurrency} at a time… ${received} answered`;
      });
      this.showBurst(spec, results);
    } finally {
      this.busy(-1);
    }
  }

  /** The newest answer goes on top; a few earlier single answers stay below it, so overlapping
   * requests (a /fast sent while /slow runs) can be compared. */
  private showSingle(spec: RequestSpec, r: RequestResult): void {
    this.announcer.textContent = r.ok ? `${r.status} from ${r.pid ? `PID ${r.pid}` : 'an unknown PID'}.` : `No response: ${r.error ?? 'no response'}.`;
    let entry: HTMLElement;
    if (!r.ok) entry = h('div', { class: 'lab-answer' }, h('p', { class: 'lab-error' }, `${spec.method} ${spec.path}: ${r.error ?? 'no response'}`));
    else {
      const headers = Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
      entry = h(
        'div',
        { class: 'lab-answer' },
        h(
          'p',
          { class: 'lab-response-line' },
          h('strong', { class: `lab-status-code s${String(r.status)[0]}xx` }, String(r.status)),
          ` ${spec.method} ${spec.path} · ${(r.ms ?? 0).toFixed(1)} ms · `,
          r.pid ? `answered by PID ${r.pid}` : 'PID unknown (the server sent no x-pid header)',
          spec.keepAlive ? ` · ${r.reused ? 'reused connection' : 'new connection'}${r.headers?.connection === 'close' ? ', closed by the server' : ''}` : '',
        ),
        h('details', {}, h('summary', {}, `Headers (${headers.length})`), h('pre', {}, headers.join('\n'))),
        h('pre', { class: 'lab-response-body' }, r.body ?? ''),
      );
    }
    const earlier = [...this.response.querySelectorAll<HTMLElement>(':scope > .lab-answer')].slice(0, KEPT_ANSWERS - 1);
    for (const old of earlier) old.classList.add('lab-earlier');
    this.response.replaceChildren(entry, ...earlier);
  }

  private showBurst(spec: RequestSpec, results: RequestResult[]): void {
    const summary = summarize(results);
    this.announcer.textContent = burstAnnouncement(summary);
    const last = [...results].reverse().find((r) => r.ok);
    const firstError = results.find((r) => !r.ok)?.error;
    const parts: Array<Node | null> = [
      h('p', { class: 'lab-response-line' }, h('strong', {}, `${results.length} × ${spec.method} ${spec.path}`)),
      renderBurstSummary(summary),
      last ? h('pre', { class: 'lab-response-body' }, `Last body: ${last.body ?? ''}`) : null,
      firstError ? h('p', { class: 'lab-error' }, `First error: ${firstError}`) : null,
    ];
    this.response.replaceChildren(...parts.filter((p): p is Node => p !== null));
  }
}
