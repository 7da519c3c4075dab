// "What works in your browser": runs every capability probe (core/capabilities.ts) in the page's
// runtime when the reader asks, fills in the table, keeps the results for the sandboxes of this
// browser session, and offers a plain-text report for a bug report.
import { CAPABILITIES, CAPABILITY_IDS, CapabilityCache, formatReport, probe, type ProbeResult } from '../core/capabilities.ts';
import { runtimeLabel } from '../core/runtime-choice.ts';
import { bootProgress, pageRuntime } from '../runtimes/page-runtime.ts';
import { TIMEOUT_PER_SLOW } from '../core/boot-progress.ts';
import { WebContainerRuntime } from '../runtimes/webcontainer.ts';
import { RunnerSocketRuntime } from '../runtimes/runner-socket.ts';
import { rememberBootFailure, WEBCONTAINER_HOSTS } from '../runtimes/webcontainer-preflight.ts';

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
    const startedAt = new Date();
    // A slow boot says how long it has waited and when it gives up, not only "Starting…".
    const unlisten = bootProgress.listen((event) => {
      if (event.type === 'slow')
        status.textContent = `Starting the runtime: still connecting to StackBlitz after ${Math.round(event.afterMs / 1000)} s; it gives up at ${Math.round((event.afterMs * TIMEOUT_PER_SLOW) / 1000)} s.`;
    });
    try {
      const { runtime } = await pageRuntime().finally(unlisten);
      // Under npm start the checks run in the local runtime: the table says so, not "this browser's".
      this.querySelector('caption')!.textContent =
        runtime.kind === 'local' ? 'What works in the local runtime on this machine' : "What works in this browser's runtime";
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
      // A runtime that does not start is itself the finding: a report to copy, and every row says why
      // it was not checked.
      const message = err instanceof Error ? err.message : String(err);
      rememberBootFailure(message);
      status.textContent = `The runtime could not start: ${message} Copy report gives what failed, when, and where.`;
      this.context = {
        failed: `the runtime did not start: ${message}`,
        'started at': startedAt.toISOString(),
        'failed at': new Date().toISOString(),
        'hosts tried': WEBCONTAINER_HOSTS.join(', '),
        browser: navigator.userAgent,
        online: String(navigator.onLine),
        'cross-origin isolated': String(globalThis.crossOriginIsolated === true),
      };
      for (const cell of this.querySelectorAll<HTMLElement>('[data-cell="observed"]')) cell.textContent = 'not checked: the runtime did not start';
      this.field<HTMLButtonElement>('data-diag-copy').disabled = false;
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
