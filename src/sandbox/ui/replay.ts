// Replay: plays a Python sandbox's recorded run (its transcript's events) at the real pace through the
// same processes table and timeline a live run uses. It is what a reader gets on the deployed site,
// where WebContainers cannot run uvicorn or gunicorn. Markup: Sandbox.astro (data-lab-replay). This
// module is small; the Timeline and its styles load on the first press.
import type { LabEvent } from '../core/events.ts';

const PLAYING = 'Replaying the recorded run at its real pace (pauses over 1.5 s shortened). These are the events of one real run, not a live server.';

async function start(box: HTMLElement, button: HTMLButtonElement, status: HTMLElement): Promise<void> {
  const state = box as HTMLElement & { labReplay?: { play(): void; stop(): void; playing: boolean } };
  if (state.labReplay?.playing) {
    state.labReplay.stop();
    button.textContent = 'Replay the recorded run';
    status.textContent = 'Replay stopped.';
    return;
  }
  const events = JSON.parse(box.querySelector('script[data-lab-replay-events]')?.textContent ?? '[]') as LabEvent[];
  const [{ Timeline }, { ReplaySchedule }, css] = await Promise.all([
    import('./timeline/timeline.ts'),
    import('./replay-schedule.ts'),
    import('./timeline/timeline.css?url'),
  ]);
  if (!document.querySelector(`link[data-lab-timeline-css]`)) {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = css.default;
    link.dataset.labTimelineCss = '';
    document.head.append(link);
  }
  const host = box.querySelector<HTMLElement>('[data-lab-replay-host]')!;
  host.hidden = false;
  // A fresh table and timeline for each replay: no Kill buttons, nothing here is running.
  const timeline = new Timeline(host);
  const replay = new ReplaySchedule(events, (e) => timeline.push(e), {
    done: () => {
      button.textContent = 'Replay again';
      status.textContent = 'Replay finished: every event of the recorded run is in the table and timeline.';
    },
  });
  state.labReplay = replay;
  button.textContent = 'Stop replay';
  status.textContent = PLAYING;
  replay.play();
}

function wire(root: ParentNode): void {
  for (const box of root.querySelectorAll<HTMLElement>('[data-lab-replay]')) {
    if (box.dataset.labReplayWired) continue;
    box.dataset.labReplayWired = '';
    const button = box.querySelector<HTMLButtonElement>('button[data-lab-replay-button]')!;
    const status = box.querySelector<HTMLElement>('[data-lab-replay-status]')!;
    button.addEventListener('click', () => {
      start(box, button, status).catch((err: unknown) => {
        status.textContent = `Replay could not load: ${err instanceof Error ? err.message : String(err)}. Press it again to retry.`;
      });
    });
  }
}

wire(document);
