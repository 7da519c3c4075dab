// The only sandbox code a guide page loads up front (budget: 5 KB gzip). It makes the static file
// tabs work and loads the real sandbox (editor, runtimes, panels) when the reader activates one:
// a click on any sandbox button or into the code, or a page opened with saved edits or a share link.
import { splitShareHash } from '../core/share-hash.ts';
import { storageKey } from '../core/storage-key.ts';

import { actionSelector, isAction, slotSelector } from './contract.ts';
import type { ActivateOptions } from './app.ts';
import { isAvailable } from './availability.ts';
import { paintCode } from './paint-code.ts';
import { renderWhenOpened } from './lazy-transcript.ts';
import { landOn, targetsSandbox } from './deep-link.ts';
import { takeResume } from './resume.ts';
import { predictPressed } from './predict-form.ts';

// A type-only import above and a dynamic import here: the app's code loads on activation only.
let app: Promise<typeof import('./app.ts')> | null = null;
const loadApp = () => (app ??= import('./app.ts'));

function selectTab(tabs: HTMLButtonElement[], index: number, focus: boolean): void {
  tabs.forEach((tab, i) => {
    const selected = i === index;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    const panel = document.getElementById(tab.getAttribute('aria-controls')!);
    if (panel) panel.hidden = !selected;
    if (selected) paintCode(panel?.querySelector('pre'));
  });
  if (focus) tabs[index]!.focus();
}

function hasSavedEdits(id: string): boolean {
  try {
    return localStorage.getItem(storageKey(id)) !== null;
  } catch {
    return false;
  }
}

class LabSandbox extends HTMLElement {
  private activated = false;
  private ready = false;
  private queued: string | undefined;

  connectedCallback(): void {
    const tabs = [...this.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
    paintCode(this.querySelector('[role="tabpanel"]:not([hidden]) pre'));
    for (const [i, tab] of tabs.entries()) tab.addEventListener('click', () => selectTab(tabs, i, false));
    this.querySelector('[role="tablist"]')?.addEventListener('keydown', (event) => {
      const key = (event as KeyboardEvent).key;
      const current = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
      const next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: tabs.length - 1 }[key];
      if (next === undefined) return;
      event.preventDefault();
      selectTab(tabs, (next + tabs.length) % tabs.length, true);
    });
    const transcript = this.querySelector<HTMLDetailsElement>(slotSelector('transcript'));
    transcript?.removeAttribute('open'); // open without JavaScript only
    if (transcript) renderWhenOpened(transcript);

    this.querySelector('.lab-toolbar')?.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-action]');
      if (!button || this.ready || !isAvailable(button)) return; // once ready, the sandbox's own listeners handle buttons
      // A press while the sandbox is still loading (a click into the code started it) is kept, not lost.
      if (this.activated) this.queued = button.dataset.action;
      else void this.activate({ action: button.dataset.action });
    });
    // A phone's toolbar folds the take-home buttons behind one "Share ▾" disclosure (CSS hides it
    // on a wide one). Esc inside closes it and gives focus back to it.
    const toggle = this.querySelector<HTMLButtonElement>('.lab-take-home-toggle');
    const takeHome = this.querySelector<HTMLElement>('.lab-take-home');
    const fold = (open: boolean) => {
      toggle?.setAttribute('aria-expanded', String(open));
      takeHome?.toggleAttribute('data-open', open);
    };
    toggle?.addEventListener('click', () => fold(toggle.getAttribute('aria-expanded') !== 'true'));
    takeHome?.addEventListener('keydown', (event) => {
      if ((event as KeyboardEvent).key !== 'Escape') return;
      fold(false);
      toggle?.focus();
    });
    // A track step's "predict first" question works before the sandbox loads (predict-form.ts).
    this.addEventListener('click', (event) => {
      const form = (event.target as HTMLElement).closest('[data-lab-predict]')?.closest<HTMLElement>('[data-lab-predict-form]');
      if (form) predictPressed(form);
    });
    // Boot on intent: a pointer or focus on Run loads the sandbox code and boots the page's runtime
    // (WebContainer, or the local runner's socket), not page load; one boot serves the whole page.
    const runButton = this.querySelector(actionSelector('run'));
    const warm = () =>
      void loadApp().then(
        (m) => m.warm(this),
        () => {},
      );
    runButton?.addEventListener('pointerenter', warm, { once: true });
    runButton?.addEventListener('focus', warm, { once: true });
    // Clicking or focusing into the code means the reader wants to edit: load the editor.
    const files = this.querySelector('.lab-files');
    files?.addEventListener('pointerdown', (e) => void this.activate({ point: { x: (e as PointerEvent).clientX, y: (e as PointerEvent).clientY } }), {
      once: true,
    });
    files?.addEventListener('focusin', () => void this.activate({}), { once: true });

    const { anchor, payload } = splitShareHash(location.hash);
    if (anchor === this.id && payload) void this.activate({ sharePayload: payload });
    // Back from "Run on this machine instead": run here, on the runtime the reader switched to.
    else if (takeResume(this.id)) void this.activate({ action: 'run' });
    else if (hasSavedEdits(this.dataset.id ?? '')) void this.activate({});
    // After load: the browser's own scroll to the fragment happens during loading and would undo ours.
    if (targetsSandbox(this)) {
      if (document.readyState === 'complete') landOn(this);
      else window.addEventListener('load', () => landOn(this), { once: true });
    }
    // An in-page link to this sandbox, followed later.
    window.addEventListener('hashchange', () => targetsSandbox(this) && landOn(this));
  }

  async activate(options: ActivateOptions): Promise<void> {
    if (this.activated) return;
    this.activated = true;
    const status = this.querySelector<HTMLElement>(slotSelector('status'));
    if (status && options.action) status.textContent = 'Loading the sandbox…';
    try {
      await (await loadApp()).activate(this, options);
      this.ready = true;
      const queued = this.queued;
      this.queued = undefined;
      if (isAction(queued)) this.querySelector<HTMLButtonElement>(actionSelector(queued))?.click();
    } catch (err) {
      this.activated = false;
      if (status)
        status.textContent = `The sandbox could not load (${err instanceof Error ? err.message : String(err)}). Reload the page to try again; the recorded run below shows real output.`;
    }
  }
}

if (!customElements.get('lab-sandbox')) customElements.define('lab-sandbox', LabSandbox);
