// The request panel: Method, Path, Body, Send, "Send 20 requests", a bounded burst (count and
// concurrency), the suggested requests of the example, and the "Response" region.
import type { RequestResult, RequestSpec } from '../core/agent-client.ts';
import type { SuggestedRequest } from '../core/example.ts';
import { summarize } from '../core/burst-summary.ts';
import { h } from './dom.ts';

export const MAX_BURST = 500;
export const MAX_CONCURRENCY = 50;

export interface RequestActions {
  send(spec: RequestSpec): Promise<RequestResult>;
  burst(spec: RequestSpec, count: number, concurrency: number, onResult: (r: RequestResult) => void): Promise<RequestResult[]>;
}

const clamp = (value: number, min: number, max: number, fallback: number) => (Number.isFinite(value) ? Math.min(max, Math.max(min, Math.round(value))) : fallback);

export class RequestPanel {
  readonly element: HTMLElement;
  private readonly method: HTMLSelectElement;
  private readonly path: HTMLInputElement;
  private readonly body: HTMLTextAreaElement;
  private readonly count: HTMLInputElement;
  private readonly concurrency: HTMLInputElement;
  private readonly response: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];
  private readonly actions: RequestActions;

  constructor(uid: string, suggestions: SuggestedRequest[], actions: RequestActions) {
    this.actions = actions;
    const id = (name: string) => `${uid}-${name}`;
    this.method = h('select', { id: id('method') }, ...['GET', 'POST', 'PUT', 'DELETE'].map((m) => h('option', { value: m }, m)));
    this.path = h('input', { id: id('path'), type: 'text', value: '/', spellcheck: 'false', autocomplete: 'off' });
    this.body = h('textarea', { id: id('body'), rows: 2, spellcheck: 'false', placeholder: 'Sent with POST, PUT and DELETE' });
    this.count = h('input', { id: id('count'), type: 'number', min: 1, max: MAX_BURST, value: 20 });
    this.concurrency = h('input', { id: id('concurrency'), type: 'number', min: 1, max: MAX_CONCURRENCY, value: 5 });
    const send = this.button('Send', () => this.sendOne());
    const send20 = this.button('Send 20 requests', () => this.sendBurst(20));
    const sendN = this.button('Send burst', () => this.sendBurst(Number(this.count.value)));
    send.classList.add('lab-primary');
    this.response = h('div', { class: 'lab-response', role: 'region', 'aria-label': 'Response', 'aria-live': 'polite', tabindex: 0 }, h('p', { class: 'lab-muted' }, 'No request sent yet.'));

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
      h('h4', { class: 'lab-panel-title' }, 'Send requests'),
      suggested,
      h(
        'div',
        { class: 'lab-request-line' },
        h('label', { for: id('method') }, 'Method'),
        this.method,
        h('label', { for: id('path') }, 'Path'),
        this.path,
        send,
      ),
      h('div', { class: 'lab-request-body' }, h('label', { for: id('body') }, 'Body'), this.body),
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
    );
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
    this.buttons.push(b);
    return b;
  }

  private spec(): RequestSpec {
    const method = this.method.value;
    return { method, path: this.path.value.trim() || '/', body: method === 'GET' ? null : this.body.value };
  }

  private async useSuggestion(s: SuggestedRequest): Promise<void> {
    this.method.value = s.method;
    this.path.value = s.path;
    this.body.value = s.body ?? '';
    if (s.count) await this.sendBurst(s.count);
    else await this.sendOne();
  }

  private busy(on: boolean): void {
    for (const b of this.buttons) b.disabled = on;
    this.response.setAttribute('aria-busy', String(on));
  }

  async sendOne(): Promise<void> {
    const spec = this.spec();
    this.busy(true);
    try {
      this.showSingle(spec, await this.actions.send(spec));
    } finally {
      this.busy(false);
    }
  }

  async sendBurst(requested: number): Promise<void> {
    const count = clamp(requested, 1, MAX_BURST, 20);
    const concurrency = clamp(Number(this.concurrency.value), 1, MAX_CONCURRENCY, 5);
    this.count.value = String(count);
    this.concurrency.value = String(concurrency);
    const spec = this.spec();
    this.busy(true);
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
      this.busy(false);
    }
  }

  private showSingle(spec: RequestSpec, r: RequestResult): void {
    if (!r.ok) {
      this.response.replaceChildren(h('p', { class: 'lab-error' }, `${spec.method} ${spec.path}: ${r.error ?? 'no response'}`));
      return;
    }
    const headers = Object.entries(r.headers ?? {}).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : v}`);
    this.response.replaceChildren(
      h(
        'p',
        { class: 'lab-response-line' },
        h('strong', { class: `lab-status-code s${String(r.status)[0]}xx` }, String(r.status)),
        ` ${spec.method} ${spec.path} · ${(r.ms ?? 0).toFixed(1)} ms · `,
        r.pid ? `answered by PID ${r.pid}` : 'PID unknown (the server sent no x-pid header)',
      ),
      h('details', {}, h('summary', {}, `Headers (${headers.length})`), h('pre', {}, headers.join('\n'))),
      h('pre', { class: 'lab-response-body' }, r.body ?? ''),
    );
  }

  private showBurst(spec: RequestSpec, results: RequestResult[]): void {
    const s = summarize(results);
    const last = [...results].reverse().find((r) => r.ok);
    const parts: Array<Node | null> = [
      h('p', { class: 'lab-response-line' }, h('strong', {}, `${s.count} × ${spec.method} ${spec.path}`), s.p50 === null ? ' · no answers' : ` · p50 ${s.p50.toFixed(1)} ms · p95 ${(s.p95 ?? s.p50).toFixed(1)} ms`),
      h(
        'table',
        { class: 'lab-summary' },
        h('caption', {}, 'Answered per process'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'PID'), h('th', { scope: 'col' }, 'Responses'))),
        h('tbody', {}, ...s.perPid.map((p) => h('tr', {}, h('td', {}, p.pid === null ? 'unknown' : String(p.pid)), h('td', {}, String(p.count))))),
      ),
      h('p', {}, 'Statuses: ', s.statuses.map((st) => `${st.status} ×${st.count}`).join(', ')),
      last ? h('pre', { class: 'lab-response-body' }, `Last body: ${last.body ?? ''}`) : null,
      s.errors ? h('p', { class: 'lab-error' }, `${s.errors} without a response. First error: ${results.find((r) => !r.ok)?.error ?? 'unknown'}`) : null,
    ];
    this.response.replaceChildren(...parts.filter((p): p is Node => p !== null));
  }
}
