// Sandbox processes that outlived what started them, found and stopped from outside.
// Why this is needed: bubblewrap (0.8) clones a sandbox's first process, sets its own parent-death
// signal, and only then releases that process (an eventfd write). A bwrap killed in between (its
// runner died, or a session was closed while its sandbox was starting) leaves the first process
// asleep on the eventfd for ever, reparented to PID 1, with no parent-death signal of its own and
// nothing inside yet that could notice (seen in CI; leftovers.test.ts reproduces it by holding bwrap
// in that window). Everything else of a session dies with its parent (--die-with-parent) or leaves
// when its pipe closes.
// So every process of a sandbox carries, in its command line (the supervisor's and the spawner's
// JSON argument, kept by bwrap's own argv), its runner's PID and the sandbox's token. A process is
// left over when its runner is gone (or the PID now belongs to a process started after it), or when
// its own runner says the sandbox ended.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { processTable, signal, treeOf } from './tree.ts';

const here = dirname(fileURLToPath(import.meta.url));
/** The programs a sandbox runs, whose JSON argument carries the mark. */
const PROGRAMS = [`${here}/supervisor.ts`, `${here}/spawner.ts`];

/** What a sandbox's processes carry: the runner that started it, and the sandbox's own token. */
export interface SandboxMark {
  runner: number;
  box: string;
}

interface Marked extends SandboxMark {
  pid: number;
  started: number;
  runnerStarted: number | null;
}

function markOf(pid: number): SandboxMark | null {
  let argv: string[];
  try {
    argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return null;
  }
  const at = argv.findIndex((arg) => PROGRAMS.includes(arg));
  if (at < 0) return null;
  try {
    const { runner, box } = JSON.parse(argv[at + 1] ?? '') as Partial<SandboxMark>;
    return typeof runner === 'number' && typeof box === 'string' ? { runner, box } : null;
  } catch {
    return null;
  }
}

/** Every live process on this machine that carries a sandbox's mark (bwrap, its first process, the
 * supervisor, the spawner), with when it and its runner started (null: the runner is gone). */
export function markedProcesses(): Marked[] {
  const rows = processTable().filter((row) => !row.zombie);
  const startedAt = new Map(rows.map((row) => [row.pid, row.started]));
  const found: Marked[] = [];
  for (const row of rows) {
    const mark = markOf(row.pid);
    if (mark) found.push({ pid: row.pid, ...mark, started: row.started, runnerStarted: startedAt.get(mark.runner) ?? null });
  }
  return found;
}

/** The runner is gone, or its PID was reused by a process younger than this one (a sandbox is always younger than its runner). */
const runnerGone = (marked: Marked) => marked.runnerStarted === null || marked.runnerStarted > marked.started;

/**
 * Stop what is left over: the processes of every sandbox whose runner is gone, and those of `ended`
 * (a sandbox of this runner that has ended). Returns the PIDs signalled. Other users' leftovers are
 * out of reach unless this runs as root; they are left for their own runners.
 */
export function sweepLeftovers(ended?: string): number[] {
  const stopped: number[] = [];
  for (const marked of markedProcesses()) {
    if (marked.box !== ended && !runnerGone(marked)) continue;
    // Its descendants too: a supervisor's inner bwrap carries the mark, but a leftover could have started more.
    for (const pid of treeOf(marked.pid)) if (!stopped.includes(pid) && signal(pid, 'SIGKILL')) stopped.push(pid);
  }
  return stopped;
}

/** What `npm start` says when it stopped an earlier runner's leftovers. */
export const sweptNote = (count: number) =>
  `Stopped ${count} sandbox process${count === 1 ? '' : 'es'} that an earlier runner left running when it died (a bubblewrap start race).`;
