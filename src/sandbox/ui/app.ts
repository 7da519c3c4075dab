// The live sandbox, loaded on activation. It wires the buttons, request panel, output and process
// view to one Session, turns the static view into an editor, and keeps edits in localStorage.
// It knows the runtime only through the Runtime interface (src/sandbox/core/runtime.ts).
import agentSource from '../agent/agent.cjs?raw';
import { Session, type SessionStatus } from '../core/session.ts';
import type { ProcessSignal, Runtime } from '../core/runtime.ts';
import { safeLocalStorage } from '../core/persistence.ts';
import { Edits } from './edits.ts';
import { runtimeLabel } from '../core/runtime-choice.ts';
import { ACTIONS, actionSelector, isAction, slotSelector, type Action, type SandboxConfig } from './contract.ts';
import type { Editor } from './editor.ts';
import { OutputView } from './output-view.ts';
import { RequestPanel } from './request-panel.ts';
import { Timeline } from './timeline/timeline.ts';
import { bootProgress, detectLocal, expectedKind, pageRuntime, preference, retryPageRuntime, switchRuntime } from '../runtimes/page-runtime.ts';
import { BootNotice, type NoticeTone } from './boot-notice.ts';
import { h } from './dom.ts';
import { bringIntoView, holdStill } from './keep-in-view.ts';
import { isAvailable, setAvailable } from './availability.ts';
import { RESUME_KEY } from './resume.ts';
import { forgetBootFailure, rememberBootFailure, rememberedBootFailure } from '../runtimes/webcontainer-preflight.ts';
import { processesPanel } from './processes-panel.ts';
import { EditState } from './edit-state.ts';
import { copyButton } from './copy-button.ts';
import { linkTo } from './deep-link.ts';
import { offsetAtPoint, type Point } from './static-caret.ts';
// The sandbox's styles load with it, on activation, not with every guide page.
import sandboxCss from './sandbox.css?url';
import timelineCss from './timeline/timeline.css?url';

// The editor (CodeMirror, about 113 KB gzip, most of this sandbox's code) loads when the reader
// wants to edit: a pointer or focus in the code, or files that differ from the example's. A Run
// alone keeps the painted static view, so pressing Run loads only what running needs.
// JavaScript's grammar is a chunk of its own, loaded with the editor for a sandbox with .js files only.
const JS_PATH = /\.(c|m)?js$/;
/** A module loaded once; a failed load (a dropped connection, a new deploy) is tried again next time. */
function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = null;
      throw err;
    }));
}
const editorModule = loadOnce(() => import('./editor.ts'));
const javascriptModule = loadOnce(() => import('./javascript/language.ts'));
const loadEditor = async (paths: string[]) => {
  const [{ createEditor }, js] = await Promise.all([editorModule(), paths.some((p) => JS_PATH.test(p)) ? javascriptModule() : null]);
  return { createEditor, javascript: js?.javascript ?? null };
};

export interface ActivateOptions {
  /** The button the reader pressed, to run once the sandbox is ready. */
  action?: string;
  /** A share payload from the URL fragment. */
  sharePayload?: string;
  /** Where the reader pressed in the code to activate: the caret goes there. */
  point?: Point;
}

const SAVE_DELAY_MS = 400;
const SANDBOX_PIDS =
  'These PIDs are the sandbox’s own: like a container, it numbers its processes from 1, so they are small and differ from the PIDs your system monitor shows.';

const STATUS_TEXT: Record<SessionStatus, (detail: string) => string> = {
  idle: () => 'Status: not started.',
  booting: (d) => `Status: starting the runtime${d ? `: ${d}` : ''}…`,
  starting: (d) => `Status: starting${d ? `. ${d}` : '…'}`,
  running: (d) => `Status: running${d ? `, ${d}` : ''}.`,
  stopped: (d) => `Status: stopped${d ? ` (${d})` : ''}.`,
  crashed: (d) => `Status: crashed${d ? ` (${d})` : ''}. The output above is kept; fix the code and press Run.`,
  unavailable: (d) => `Status: unavailable. ${d}`,
};

const SIGNAL_NUMBER: Record<ProcessSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15, SIGTTIN: 21, SIGTTOU: 22 };

/** "you sent SIGTERM to process 9 with Kill, which ended the server: exit code 143 = 128 + 15, how a
 * process reports that SIGTERM ended it". */
function killedDetail(killed: { pid: number; signal: ProcessSignal }, detail: string): string {
  const n = SIGNAL_NUMBER[killed.signal];
  const code = /exit code (\d+)/.exec(detail)?.[1];
  const meaning =
    n && code === String(128 + n) ? `: exit code ${code} = 128 + ${n}, how a process reports that ${killed.signal} ended it` : detail ? `: ${detail}` : '';
  return `you sent ${killed.signal} to process ${killed.pid} with Kill, which ended the server${meaning}`;
}

/** Come back to this sandbox after the page reloads into another runtime, and run it there. */
function resumeAfterReload(anchor: string, reload: () => void): void {
  try {
    sessionStorage.setItem(RESUME_KEY, anchor);
  } catch {
    // Without storage the page still reloads on the new runtime; the reader presses Run.
  }
  history.replaceState(history.state, '', `#${anchor}`);
  reload();
}

class SandboxController {
  private readonly el: HTMLElement;
  private readonly edits: Edits;
  private readonly editors = new Map<string, Editor>();
  private editorsMounted: Promise<void> | null = null;
  private readonly session: Session;
  private saveTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly output: OutputView;
  private readonly timelineHost: HTMLElement;
  private readonly timeline: Timeline;
  /** Shown when the OS sandbox numbers the processes: its PIDs are small, as in a container. */
  private readonly pidNote = h('p', { class: 'lab-pid-note', hidden: true }, SANDBOX_PIDS);
  private readonly requests: RequestPanel;
  private readonly statusEl: HTMLElement;
  private readonly noticeEl: HTMLElement;
  // Made on activation, not in the static markup (every element before activation counts against the DOM budget).
  /** Output, the request panel and Processes; hidden while no runtime can start. */
  private readonly live = h('div', { class: 'lab-live' });
  /** Where the code runs, in the sandbox's header (e2e tests read it by its attribute). */
  private readonly runtimeText = h('span', { 'data-runtime-text': '' });
  private readonly button: (action: Action) => HTMLButtonElement;
  private readonly editState: EditState;

  private readonly config: SandboxConfig;
  /** The reader's last Kill in this run: a server that then ends was stopped by them, not crashed. */
  private killed: { pid: number; signal: ProcessSignal } | null = null;

  constructor(el: HTMLElement, config: SandboxConfig) {
    this.el = el;
    this.config = config;
    this.edits = new Edits(config, safeLocalStorage());
    this.statusEl = el.querySelector(slotSelector('status'))!;
    this.noticeEl = el.querySelector(slotSelector('notice'))!;
    this.button = (action) => el.querySelector<HTMLButtonElement>(actionSelector(action))!;
    // The session exists from activation; its runtime boots on the first Run (a share page's
    // runtime, shared by every sandbox on it).
    this.session = new Session(async () => (await pageRuntime(config.language)).runtime, this.edits.files, {
      dir: config.anchor,
      command: config.command,
      agentSource,
    });
    this.output = new OutputView(() => this.session.output);
    this.timelineHost = h('div', { class: 'lab-timeline-host' });
    this.timeline = new Timeline(this.timelineHost, { onKill: (pid, signal) => this.kill(pid, signal), masterSignals: config.command[0] === 'gunicorn' });
    this.requests = new RequestPanel(config.anchor, config.requests, {
      send: (spec) => this.session.request(spec),
      burst: (spec, count, concurrency, onResult) => this.session.burst(spec, count, concurrency, onResult),
    });
    this.editState = new EditState(this.button('restart'), config.command);
    this.button('reset').after(this.editState.element);
    this.session.subscribe({
      status: (status, detail) => this.setStatus(status, detail),
      output: (chunk) => this.output.append(chunk),
      event: (event) => this.timeline.push(event),
    });
  }

  async init(options: ActivateOptions): Promise<void> {
    // Code that only some sandboxes need loads only for them: the track's step view (a sandbox
    // with track steps), the share diff (a link's code), the capability probes (WebContainer, on Run).
    // The track must watch from the first Run, so it is attached before any action is performed.
    if (this.config.track?.length) {
      const { attachTrack } = await import('./track.ts');
      attachTrack(this.el, this.config.track, this.session, () => this.edits.files);
    }
    const warning = this.edits.restore();
    if (warning) this.notice(warning, 'warn');
    else if (this.edits.edited) this.editState.restored();
    if (options.sharePayload) await this.openShare(options.sharePayload);
    // The code the reader is looking at (or pointing into) stays put while the editor and panels mount.
    const files = this.el.querySelector('.lab-files')!;
    holdStill(files, () => this.mountLivePanels());
    // Activated by a click or focus in the code, or holding edits: the editor now. By a button: on intent.
    if (!options.action || this.edits.edited) await this.ensureEditors(options.point);
    else {
      // Not once: an editor that failed to load is tried again on the next press (ensureEditors is cheap once mounted).
      files.addEventListener('pointerenter', () => void loadEditor(this.paths()).catch(() => {}), { once: true });
      files.addEventListener('pointerdown', (event) => void this.ensureEditors(event as PointerEvent));
      files.addEventListener('focusin', () => void this.ensureEditors());
    }
    await this.showRuntime(files);
    for (const action of Object.keys(ACTIONS) as Action[]) {
      const button = this.button(action);
      button.addEventListener('click', () => {
        if (isAvailable(button)) void this.perform(action).catch((err: unknown) => this.actionFailed(action, err));
      });
    }
    const first = options.action;
    if (isAction(first)) await this.perform(first).catch((err: unknown) => this.actionFailed(first, err));
  }

  /** A press that failed, most often because its code did not load: Download and Open in StackBlitz load
   * theirs on the first press, which fails offline or when the site was updated since this page
   * loaded. Said calmly (not the reader's error), never a silent button. */
  private actionFailed(action: Action, err: unknown): void {
    this.notice(
      `${ACTIONS[action]} did not work (${err instanceof Error ? err.message : String(err)}). Check the connection and press it again, or reload the page: the site may have been updated.`,
      'warn',
    );
  }

  // ---- notices and status -------------------------------------------------------------------

  /**
   * The notice area is a polite status region. Only an error is urgent, and comes as an alert inside
   * it; `calm` keeps even an error-toned notice polite (a runtime that is slow or missing something is
   * not the reader's error).
   */
  private notice(message: string | Node | null, tone: NoticeTone = 'info', calm = false): void {
    this.noticeEl.hidden = message === null;
    this.noticeEl.dataset.tone = tone;
    const content = message !== null && tone === 'error' && !calm ? h('div', { role: 'alert' }, message) : message;
    this.noticeEl.replaceChildren(...(content === null ? [] : [content]));
  }

  private setStatus(status: SessionStatus, detail: string): void {
    if (status === 'starting') this.killed = null;
    if (status === 'crashed' && this.killed) {
      // The reader's Kill ended the server: say so, and what the exit code means. Not "fix the code".
      status = 'stopped';
      detail = killedDetail(this.killed, detail);
    }
    this.statusEl.textContent = STATUS_TEXT[status](detail);
    this.el.dataset.state = status;
    if (status === 'starting') this.editState.started(this.edits.files);
    else if (status !== 'running' && status !== 'booting') this.editState.stopped();
    const live = status === 'running' || status === 'starting' || status === 'booting';
    setAvailable(this.button('run'), !live);
    setAvailable(this.button('stop'), live && status !== 'booting');
    setAvailable(this.button('restart'), status !== 'booting' && status !== 'idle' && status !== 'unavailable');
    // With no runtime there is nothing to send requests to: the notice and the recorded run say why.
    this.live.hidden = status === 'unavailable';
  }

  // ---- files, persistence, share ------------------------------------------------------------

  private async openShare(payload: string): Promise<void> {
    const opened = await this.edits.openShare(payload);
    this.el.scrollIntoView({ block: 'start' });
    if (!opened.ok) return this.notice(opened.error, 'error');
    // Someone else's code: shown with a diff, loaded only when the reader chooses (share-banner.ts).
    const load = async () => {
      await this.ensureEditors(); // the static view would show the example's own files
      this.edits.adopt(opened.files);
      for (const [path, editor] of this.editors) editor.setText(this.edits.files[path] ?? '');
      void this.session.replaceFiles(this.edits.files);
      this.editState.changed(this.edits.files, this.edits.edited);
      this.notice('Loaded the version from the link. It is not saved until you run or edit it.');
    };
    const { shareBanner } = await import('./share-banner.ts');
    const banner = shareBanner({
      original: this.edits.original,
      shared: opened.files,
      replacesOwnEdits: opened.replacesOwnEdits,
      onLoad: load,
      onKeep: () => this.notice(null),
    });
    this.notice(banner, 'warn');
  }

  /** Say what happened, or why saving failed (storage full or disabled: the edits stay in the editor). */
  private reportSave(result: { ok: true } | { ok: false; error: string }, message?: string): void {
    if (!result.ok) this.notice(result.error, 'warn');
    else if (message) this.notice(message);
  }

  /** Typing: after a short pause, write the changed files to the runtime (a running `node --watch`
   * restarts on it; a plain server sees it on Restart) and save them. */
  private onEdit(path: string, text: string): void {
    this.edits.set(path, text);
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.flushEdits(), SAVE_DELAY_MS);
  }

  private flushEdits(): void {
    this.saveTimer = null;
    for (const path of this.edits.takeDirty()) void this.session.writeFile(path, this.edits.files[path] ?? '');
    this.reportSave(this.edits.save());
    this.editState.changed(this.edits.files, this.edits.edited);
  }

  /** Load the editor and mount it once; the static view stays until it is ready. `point`: where the
   * reader pressed in the code, mapped now, while the static text is there to map it. */
  private ensureEditors(point?: Point): Promise<void> {
    if (this.editorsMounted) return this.editorsMounted;
    const panel = this.el.querySelector('[role="tabpanel"]:not([hidden])');
    const offset = point && offsetAtPoint(panel?.querySelector('pre') ?? null, point);
    // The press's height in the code box, not on the screen: the page may scroll while the editor
    // mounts (holdStill scrolls it back afterwards), and the box moves with it.
    const caret = offset === undefined ? undefined : { offset, y: point!.y - panel!.getBoundingClientRect().top };
    this.editorsMounted = loadEditor(this.paths()).then(
      async (editor) => {
        // Let the press that asked for the editor finish first: with the editor's code already loaded,
        // this would run between pointerdown and mousedown, before the press focuses the code, and the
        // caret would be lost to <body>.
        await new Promise((resolve) => setTimeout(resolve));
        holdStill(this.el.querySelector('.lab-files')!, () => this.mountEditors(editor, caret));
      },
      (err: unknown) => {
        this.editorsMounted = null; // tried again on the next click into the code
        this.notice(
          `The editor could not load (${err instanceof Error ? err.message : String(err)}). The code above is the example's: click into it to try again, or reload the page.`,
          'warn',
        );
      },
    );
    return this.editorsMounted;
  }

  /** The sandbox's files, as its panels name them. */
  private paths(): string[] {
    return [...this.el.querySelectorAll<HTMLElement>('[role="tabpanel"][data-path]')].map((panel) => panel.dataset.path!);
  }

  /** `caret`: the offset the reader pressed at in the visible file, and how far below the top of
   * the code box that press was. */
  private mountEditors({ createEditor, javascript }: Awaited<ReturnType<typeof loadEditor>>, caret?: { offset: number; y: number }): void {
    // The reader clicked or tabbed into the code to activate: the caret goes there. Asked before the
    // static code (which held focus) is replaced, or focus would already have dropped to <body>.
    const visible = this.el.querySelector<HTMLElement>('[role="tabpanel"]:not([hidden])');
    const focusInCode = visible?.contains(document.activeElement) ?? false;
    for (const panel of this.el.querySelectorAll<HTMLElement>('[role="tabpanel"][data-path]')) {
      const path = panel.dataset.path!;
      const host = h('div', { class: 'lab-editor' });
      const scrolled = panel.scrollTop; // the static view scrolls inside itself, as the editor does
      panel.replaceChildren(host);
      panel.classList.remove('lab-static-code');
      panel.removeAttribute('tabindex'); // the editor inside takes focus now
      const editor = createEditor(host, path, this.edits.files[path] ?? '', (text) => this.onEdit(path, text), JS_PATH.test(path) ? javascript : null);
      host.append(copyButton(() => editor.view.state.doc.toString()));
      editor.view.scrollDOM.scrollTop = scrolled;
      this.editors.set(path, editor);
    }
    this.el.dataset.editing = ''; // the edit state's line is held from now on (sandbox.css)
    const editor = visible && focusInCode ? this.editors.get(visible.dataset.path!) : undefined;
    if (!editor) return;
    if (caret) {
      const anchor = Math.min(caret.offset, editor.view.state.doc.length);
      editor.view.dispatch({ selection: { anchor } });
      // The editor wraps lines a little differently (it has line numbers): scroll it so the line the
      // reader pressed on is where they pressed.
      const at = editor.view.coordsAtPos(anchor);
      if (at) editor.view.scrollDOM.scrollTop += (at.top + at.bottom) / 2 - visible!.getBoundingClientRect().top - caret.y;
    }
    editor.view.focus();
  }

  // ---- live panels ---------------------------------------------------------------------------

  private mountLivePanels(): void {
    const live = this.live;
    this.noticeEl.after(live);
    // Run or Restart, then read the Output and Send: those three are one screen (issue 22), so the
    // request panel comes right under the Output, and the guide's steps (with the track's ticks)
    // under the requests they suggest, never between the toolbar and the output.
    const steps = this.el.querySelector<HTMLElement>(slotSelector('try'));
    live.replaceChildren(
      h(
        'div',
        { class: 'lab-columns' },
        h('div', { class: 'lab-output-wrap' }, h('p', { class: 'lab-panel-title' }, 'Output'), this.output.noteElement, this.output.element),
        this.requests.element,
        steps,
      ),
      processesPanel(h('div', {}, this.pidNote, this.timelineHost)),
    );
  }

  private async showRuntime(anchor: Element): Promise<void> {
    const kind = await expectedKind(this.config.language);
    const select = h(
      'select',
      { 'aria-label': 'Runtime' },
      // The text beside it says where the code runs; the options say the rule, so the two do not echo.
      h('option', { value: 'auto' }, 'Choose automatically'),
      h('option', { value: 'webcontainer' }, 'Always WebContainer'),
      h('option', { value: 'local' }, 'Always local Node'),
    );
    select.value = preference();
    select.addEventListener('change', () => switchRuntime(select.value as never));
    const sandboxed = kind === 'local' ? (await detectLocal())?.sandboxed : undefined;
    this.runtimeText.textContent = kind ? runtimeLabel(kind, sandboxed) : 'No runtime can start here';
    const label = h('span', { class: 'lab-runtime' }, this.runtimeText, ' ', select);
    holdStill(anchor, () => this.el.querySelector('.lab-head')!.append(label));
  }

  // ---- actions -------------------------------------------------------------------------------

  private async perform(action: Action): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.flushEdits();
    }
    switch (action) {
      case 'run':
        return this.run();
      case 'stop':
        return this.session.stop();
      case 'restart':
        if (!this.session.running) return this.run();
        this.showResult();
        return this.session.restart().catch(() => {});
      case 'reset':
        return this.reset();
      case 'share':
        return this.share();
      case 'link':
        return this.copy(linkTo(this.config.anchor), 'Link to this example copied.', 'Copy this link to the example: ', 'Link to this example');
      // Take it home: each loads its library only now, on the first press.
      case 'stackblitz':
        return this.openInStackBlitz();
      case 'download':
        await (await import('./take-home/download.ts')).downloadProject(this.config, this.edits.files);
        return this.notice(
          this.config.language === 'python'
            ? 'Downloaded a .zip of these files, with requirements.txt (the pinned versions) and a README on running them with uvicorn or gunicorn.'
            : 'Downloaded a .zip of these files, with a README on running them with plain Node.',
        );
    }
  }

  /** Open the files on stackblitz.com in a new tab; offline, or where StackBlitz did not load in this
   * browser session, say so first instead of opening a tab that cannot load. */
  private async openInStackBlitz(force = false): Promise<void> {
    const earlier = rememberedBootFailure();
    const known = force
      ? null
      : !navigator.onLine
        ? 'This browser is offline, so a StackBlitz tab would not load.'
        : earlier
          ? `StackBlitz did not load here earlier in this browser session (the in-browser runtime failed at ${new Date(earlier.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}), so a new StackBlitz tab would most likely stay blank.`
          : null;
    if (known) {
      const open = h('button', { type: 'button' }, 'Open anyway');
      const download = h('button', { type: 'button' }, 'Download the files instead');
      open.addEventListener('click', () => void this.openInStackBlitz(true));
      download.addEventListener('click', () => void this.perform('download'));
      this.notice(h('div', {}, h('p', {}, known), h('p', { class: 'lab-notice-actions' }, download, ' ', open)), 'warn');
      download.focus();
      return;
    }
    (await import('./take-home/stackblitz.ts')).openInStackBlitz(this.config, this.edits.files, this.config.open);
  }

  private async run(retry = false): Promise<void> {
    this.setStatus('booting', '');
    this.showResult();
    const local = (await detectLocal()) !== null && preference() !== 'local';
    // The page reloads on the local runtime: it comes back to this sandbox and runs it (loader.ts).
    const useLocal = local ? () => resumeAfterReload(this.config.anchor, () => switchRuntime('local')) : null;
    const boot = new BootNotice({
      notice: (content, tone) => this.notice(content, tone, true),
      stage: (text) => this.el.dataset.state === 'booting' && this.setStatus('booting', text),
      label: (text) => (this.runtimeText.textContent = text),
      showTranscript: () => this.showTranscript(),
      retry: () => {
        forgetBootFailure(); // the reader asks to wait for it once more
        void this.run(true);
      },
      useLocal,
    });
    boot.follow(bootProgress);
    // Whether this run tried to boot WebContainer (it reports stages), and whether a failure was
    // already remembered for this browser session (then it failed at once, without waiting).
    let attempted = false;
    const unlisten = bootProgress.listen(() => (attempted = true));
    const known = rememberedBootFailure() !== null || !navigator.onLine;
    try {
      const page = await (retry ? retryPageRuntime(this.config.language) : pageRuntime(this.config.language)).finally(unlisten);
      boot.done();
      if (page.fellBack) rememberBootFailure(page.fellBack);
      this.runtimeText.textContent = runtimeLabel(page.runtime.kind, page.runtime.sandboxed);
      this.pidNote.hidden = page.runtime.sandboxed !== true;
      if (page.fellBack) this.notice(`WebContainer could not start (${page.fellBack}), so this example runs on this machine with the local runner.`, 'warn');
      if (await this.lacksCapabilities(page.runtime, useLocal)) return;
      const question = this.edits.confirmation(page.runtime);
      if (question && !(await this.ask(question))) return this.setStatus('idle', '');
    } catch (err) {
      if (attempted) rememberBootFailure(err instanceof Error ? err.message : String(err));
      boot.failed(err, attempted && known);
      this.setStatus('unavailable', 'no runtime could start here; the recorded run is shown below');
      return;
    }
    if (this.edits.fromLink) this.reportSave(this.edits.claim());
    await this.session.start().catch(() => {});
    // The runtime turned the command down (WebContainer and a Python example): the status says why; the recorded run shows it.
    if (this.el.dataset.state === 'unavailable') this.showTranscript();
  }

  /** After Run or Restart: the toolbar with its status, the top of the Output (where the first lines
   * appear) and the next action (Send) on one screen when they fit; else (a short window) the
   * toolbar and the Output. */
  private showResult(): void {
    const toolbar = this.statusEl.parentElement!;
    const send = this.live.hidden ? null : this.requests.element.querySelector<HTMLElement>('button[data-send]');
    const room = window.innerHeight - (Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0);
    if (send && send.getBoundingClientRect().bottom - toolbar.getBoundingClientRect().top + 8 <= room)
      bringIntoView(toolbar, send, send.getBoundingClientRect().height);
    else bringIntoView(toolbar, this.output.element, this.output.element.getBoundingClientRect().height);
  }

  /** Before the first run in the browser's runtime: does it do what the example needs? (The local
   * runtime is real Node, tested with every example: not probed.) True when it does not, and says so. */
  private async lacksCapabilities(runtime: Runtime, useLocal: (() => void) | null): Promise<boolean> {
    const needs = this.config.needs ?? [];
    if (runtime.kind === 'local' || !needs.length) return false;
    const { missingCapabilities, missingNotice, CAPABILITIES } = await import('./capability-check.ts');
    const missing = await missingCapabilities(runtime, needs, (id) =>
      this.setStatus('booting', `checking that ${CAPABILITIES[id].name} works here (once per browser session)`),
    );
    if (!missing.length) return false;
    this.runtimeText.textContent = `In your browser (WebContainer): lacks ${missing.map((m) => CAPABILITIES[m.id].name).join(', ')}`;
    this.notice(missingNotice(missing, { showTranscript: () => this.showTranscript(), useLocal, files: this.edits.files }), 'warn', true);
    this.showTranscript();
    this.setStatus('unavailable', 'this runtime lacks what the example needs; the recorded run is shown below');
    return true;
  }

  /** Ask before running code on this machine (trust.ts says when); resolves with the reader's answer. */
  private ask(question: string): Promise<boolean> {
    return new Promise((resolve) => {
      const yes = h('button', { type: 'button' }, 'Run it on this machine');
      const no = h('button', { type: 'button' }, 'Do not run');
      yes.addEventListener('click', () => {
        this.edits.confirm();
        this.notice(null);
        resolve(true);
      });
      no.addEventListener('click', () => {
        this.notice('Not run. Press Reset for the original example.');
        resolve(false);
      });
      this.notice(h('div', { role: 'alertdialog', 'aria-label': 'Run this code on this machine?' }, h('p', {}, question), h('p', {}, yes, ' ', no)), 'warn');
      // The safe answer has the focus: a second press of Enter (or Space) must not run someone else's code.
      no.focus();
    });
  }

  /** Open the recorded run right under the notice that explains it, and bring the notice and the
   * start of the run into view (never only the run's end: the reader reads the why first). */
  private showTranscript(): void {
    const transcript = this.el.querySelector<HTMLDetailsElement>(slotSelector('transcript'));
    if (!transcript) return;
    transcript.open = true;
    if (this.live.nextElementSibling !== transcript) this.live.after(transcript);
    bringIntoView(this.noticeEl.hidden ? transcript : this.noticeEl, transcript, 160);
  }

  private async reset(): Promise<void> {
    const result = this.edits.reset();
    for (const [path, editor] of this.editors) editor.setText(this.edits.files[path] ?? '');
    await this.session.replaceFiles(this.edits.files);
    this.editState.changed(this.edits.files, false);
    this.reportSave(result, 'Restored the original files.');
  }

  private async share(): Promise<void> {
    const link = await this.edits.shareLink(location.href);
    await this.copy(link, 'Link copied. It carries your edits of this example.', 'Copy this link (it carries your edits): ', 'Share link');
  }

  /** Copy a link, or show it selected for the reader to copy where the clipboard is refused. */
  private async copy(link: string, copied: string, manual: string, label: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(link);
      this.notice(copied);
    } catch {
      const input = h('input', { type: 'text', readonly: true, value: link, 'aria-label': label, class: 'lab-share-input' });
      this.notice(h('span', {}, manual, input));
      input.select();
    }
  }

  private kill(pid: number, signal: ProcessSignal) {
    this.killed = { pid, signal };
    return this.session.kill(pid, signal);
  }
}

let styles: Promise<unknown> | null = null;

function loadStyles(): Promise<unknown> {
  return (styles ??= Promise.all(
    [sandboxCss, timelineCss].map(
      (href) =>
        new Promise<void>((resolve) => {
          const link = h('link', { rel: 'stylesheet', href });
          // A stylesheet that fails to load leaves the sandbox unstyled, not broken.
          link.addEventListener('load', () => resolve());
          link.addEventListener('error', () => resolve());
          document.head.append(link);
        }),
    ),
  ));
}

export async function activate(el: HTMLElement, options: ActivateOptions): Promise<void> {
  await loadStyles();
  const controller = new SandboxController(el, configOf(el));
  await controller.init(options);
}

function configOf(el: HTMLElement): SandboxConfig {
  return JSON.parse(el.querySelector(`script${slotSelector('config')}`)!.textContent!) as SandboxConfig;
}

/** The reader is about to press Run in `el` (pointer or focus on it): boot its runtime now, so Run
 * finds it ready. A runtime that cannot start fails here quietly and again, with its message, on Run. */
export function warm(el: HTMLElement): void {
  void pageRuntime(configOf(el).language).catch(() => {});
}
