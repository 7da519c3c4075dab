// "What works in your browser": runs every capability probe (core/capabilities.ts) in the page's
// runtime when the reader asks, fills in the table, keeps the results for the sandboxes of this
// browser session, and offers a plain-text report for a bug report.
import { CAPABILITIES, CAPABILITY_IDS, CapabilityCache, formatReport, probe, type ProbeResult } from '../core/capabilities.ts';
import { runtimeLabel } from '../core/runtime-choice.ts';
import { pageRuntime } from '../runtimes/page-runtime.ts';
import { WebContainerRuntime } from '../runtimes/webcontainer.ts';
import { RunnerSocketRuntime } from '../runtimes/runner-socket.ts';

function sessionStore(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

class DiagnosticsElement extends HTMLElement {
  private results: ProbeResult[] = [];
  private context: Record<string, string> = {};

  connectedCallback(): void {
    this.querySelector('[data-diag-run]')!.addEventListener('click', () => void this.runChecks());
    this.querySelector('[data-diag-copy]')!.addEventListener('click', () => void this.copy());
  }

  private field<T extends Element>(name: string): T {
    return this.querySelector<T>(`[${name}]`)!;
  }

  private async runChecks(): Promise<void> {
    const runButton = this.field<HTMLButtonElement>('data-diag-run');
    const status = this.field<HTMLElement>('data-diag-status');
    runButton.disabled = true;
    this.results = [];
    status.textContent = 'Starting the runtime…';
    try {
      const { runtime } = await pageRuntime();
      const node = runtime instanceof WebContainerRuntime ? runtime.nodeVersion : runtime instanceof RunnerSocketRuntime ? runtime.info.node : null;
      this.context = {
        runtime: runtimeLabel(runtime.kind, runtime.sandboxed),
        node: node ?? 'unknown',
        browser: navigator.userAgent,
        'cross-origin isolated': String(globalThis.crossOriginIsolated === true),
        date: new Date().toISOString(),
      };
      this.field<HTMLElement>('data-diag-runtime').textContent =
        `Runtime: ${runtimeLabel(runtime.kind, runtime.sandboxed)}, Node ${node ?? 'version unknown'}.`;
      const cache = new CapabilityCache(sessionStore(), runtime.kind);
      for (const id of CAPABILITY_IDS) {
        status.textContent = `Checking ${CAPABILITIES[id].name}…`;
        const row = this.querySelector<HTMLElement>(`tr[data-capability="${id}"]`)!;
        row.querySelector('[data-cell="observed"]')!.textContent = 'checking…';
        const result = await probe(runtime, id);
        cache.set(result);
        this.results.push(result);
        row.dataset.observed = String(result.ok);
        row.querySelector('[data-cell="observed"]')!.textContent = result.ok ? 'observed' : 'not observed';
        row.querySelector('[data-cell="ms"]')!.textContent = `${result.ms} ms`;
        row.querySelector('[data-cell="detail"]')!.textContent = result.detail;
      }
      const missing = this.results.filter((r) => !r.ok).length;
      status.textContent = missing ? `Done: ${missing} of ${this.results.length} not observed.` : `Done: all ${this.results.length} observed.`;
      this.field<HTMLButtonElement>('data-diag-copy').disabled = false;
    } catch (err) {
      status.textContent = `The runtime could not start: ${err instanceof Error ? err.message : String(err)}`;
    } finally {
      runButton.disabled = false;
    }
  }

  private async copy(): Promise<void> {
    const report = formatReport(this.results, this.context);
    const status = this.field<HTMLElement>('data-diag-status');
    try {
      await navigator.clipboard.writeText(report);
      status.textContent = 'Report copied.';
    } catch {
      // No clipboard permission: show the text to copy by hand.
      const area = this.field<HTMLTextAreaElement>('data-diag-report');
      area.hidden = false;
      area.value = report;
      area.select();
      status.textContent = 'Copy the report below.';
    }
  }
}

customElements.define('lab-diagnostics', DiagnosticsElement);
