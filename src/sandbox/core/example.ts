// What a live example is, as the page and the runtimes see it. The manifest sits beside the
// example's folder, at content/examples/<id>.json; the folder holds the files that get mounted.
import type { FileTree } from './runtime.ts';
import type { CapabilityId } from './capabilities.ts';

export interface SuggestedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: string;
  /** Send this many at once (a burst) instead of one. */
  count?: number;
  /** Send it with Keep-alive on (the panel's choice is set to match). */
  keepAlive?: boolean;
  /** What the reader should look for, shown beside the button. */
  note?: string;
}

export interface ExampleManifest {
  /** Default sandbox title. */
  title: string;
  /** The file whose tab opens first. */
  open: string;
  /** Node: arguments to `node`, e.g. ["server.js"] or ["--watch", "server.js"]. Python: the whole
   * command, whose first word is uvicorn, gunicorn or python, e.g. ["uvicorn", "app:app", "--workers", "2"]. */
  command: string[];
  /** "python" for a FastAPI example run by uvicorn, gunicorn or python (default "node"). */
  language?: Language;
  /** What it needs from the runtime beyond plain http (core/capabilities.ts); checked in the
   * reader's runtime before the first run. */
  needs?: CapabilityId[];
  /** Requests offered to the reader, in order; the recorder sends them too. */
  requests: SuggestedRequest[];
  /** Milliseconds to wait after the last request before the recorder stops the example (default 300). */
  settleMs?: number;
  /** What the transcript recorder does, in order, when the lesson needs more than the requests in a
   * row (an edit, a restart, a killed worker). Default: send every suggested request in order. */
  transcript?: TranscriptStep[];
}

/** One step of a recorded run. Each is something a reader can do in the sandbox. */
export type TranscriptStep =
  /** Send suggested request number `send` (0-based). */
  | { send: number }
  /** Edit a file: replace the first occurrence of `replace` with `with`, as a reader typing would. */
  | { edit: string; replace: string; with: string }
  /** Press Restart. */
  | { restart: true }
  /** Wait until this many processes have printed a start marker (a restart or a refork happened). */
  | { starts: number }
  /** Wait this many milliseconds. */
  | { wait: number }
  /** Send `signal` to the first live process that printed a start marker with this role, as the
   * Kill button in the processes table does. */
  | { kill: 'worker' | 'primary' | 'single'; signal: 'SIGKILL' | 'SIGTERM' };

export interface Example extends ExampleManifest {
  id: string;
  files: FileTree;
}

export type Language = 'node' | 'python';

/** The helpers examples get beside their own files (content/examples/_shared): lab.js for Node
 * examples, lab.py for Python ones. */
export const SHARED_FILES = ['lab.js', 'lab.py'] as const;

export const SHARED_FILE_BY_LANGUAGE: Record<Language, (typeof SHARED_FILES)[number]> = { node: 'lab.js', python: 'lab.py' };

/** The entry points a Python example's command may start with (the runner validates the rest). */
export const PYTHON_ENTRY_POINTS = ['uvicorn', 'gunicorn', 'python'] as const;

/** True for a Python example's command (its first word is uvicorn, gunicorn or python). */
export function isPythonCommand(command: readonly string[]): boolean {
  return (PYTHON_ENTRY_POINTS as readonly string[]).includes(command[0] ?? '');
}

/** What a runtime that cannot run Python (WebContainer) says instead of starting a Python example. */
export const PYTHON_RUNS_LOCALLY =
  'Python examples run live only when you serve the site yourself (npm start): this in-browser runtime (WebContainer) cannot run uvicorn or gunicorn. Below is a recorded real run.';

/** Shown on every Python sandbox, true on both runtimes. */
export const PYTHON_NOTE =
  'Python runs live when you serve the site yourself (npm start): Run starts this real uvicorn or gunicorn command with the pinned versions. The in-browser runtime (WebContainer) cannot run Python packages; there, the recorded real run below is what you get.';

/** The command line as a reader would type it: "node server.js", "uvicorn app:app --workers 2". */
export function commandText(command: readonly string[]): string {
  return (isPythonCommand(command) ? [...command] : ['node', ...command]).join(' ');
}
