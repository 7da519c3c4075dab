// Limits the kernel holds for one page session, whatever its processes do (a frozen or forged
// supervisor included): processes and memory in a cgroup where this machine lets us make one (cgroup
// v1 controllers writable by root, or a delegated cgroup v2 subtree), else per-process rlimits set
// inside the examples' sandbox. Disk is always held by the sizes of the session's filesystems
// (bwrap.ts). `held` says, in words, which of these hold here; the runner prints it and the README
// lists the cases.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SessionLimits {
  maxProcesses: number;
  memoryBytes: number;
}

export interface Confinement {
  /** Prefix for the sandbox's command: joins the cgroups before anything else starts. */
  prefix: string[];
  env: Record<string, string>;
  /** rlimits to set inside (prlimit arguments), where no cgroup holds a limit. */
  rlimits: string[];
  held: { processes: string; memory: string };
  dispose(): void;
}

interface Group {
  dir: string;
  limits: Record<string, string>;
}

function tryGroups(groups: Group[]): string[] | null {
  const made: string[] = [];
  try {
    for (const group of groups) {
      mkdirSync(group.dir, { recursive: true });
      made.push(group.dir);
      for (const [file, value] of Object.entries(group.limits)) writeFileSync(join(group.dir, file), value);
    }
    return made;
  } catch {
    for (const dir of made.reverse()) removeGroup(dir);
    return null;
  }
}

function removeGroup(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // still holds a process for a moment; the kernel keeps an empty group harmlessly
  }
}

/** cgroup v2: this process's own group, when its subtree is delegated with memory and pids enabled. */
function v2Groups(session: string, limits: SessionLimits, tasks: number): Group[] | null {
  if (!existsSync('/sys/fs/cgroup/cgroup.controllers')) return null;
  const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
  if (!own) return null;
  const parent = join('/sys/fs/cgroup', own);
  const enabled = readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8');
  if (!/\bmemory\b/.test(enabled) || !/\bpids\b/.test(enabled)) return null;
  return [{ dir: join(parent, `lab-${session}`), limits: { 'memory.max': String(limits.memoryBytes), 'memory.swap.max': '0', 'pids.max': String(tasks) } }];
}

/** cgroup v1: the memory and pids hierarchies, writable by root. */
function v1Groups(session: string, limits: SessionLimits, tasks: number): Group[] | null {
  const memory = '/sys/fs/cgroup/memory';
  const pids = '/sys/fs/cgroup/pids';
  if (!existsSync(join(memory, 'memory.limit_in_bytes')) || !existsSync(join(pids, 'cgroup.procs'))) return null;
  return [
    { dir: join(memory, 'lifecycle-lab', session), limits: { 'memory.limit_in_bytes': String(limits.memoryBytes) } },
    { dir: join(pids, 'lifecycle-lab', session), limits: { 'pids.max': String(tasks) } },
  ];
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Tasks a session may hold: the kernel counts threads, and a node process runs about ten. */
export const tasksFor = (maxProcesses: number) => maxProcesses * 8;

export function confine(session: string, limits: SessionLimits): Confinement {
  const tasks = tasksFor(limits.maxProcesses);
  for (const [kind, groups] of [
    ['cgroup v2', safely(() => v2Groups(session, limits, tasks))],
    ['cgroup v1', safely(() => v1Groups(session, limits, tasks))],
  ] as const) {
    const made = groups && tryGroups(groups);
    if (!made) continue;
    return {
      prefix: ['sh', '-c', 'for f in $LAB_CG; do echo $$ > "$f" || exit 97; done; unset LAB_CG; exec "$@"', 'sh'],
      env: { LAB_CG: made.map((dir) => join(dir, 'cgroup.procs')).join(' ') },
      rlimits: [],
      held: { processes: `${tasks} tasks (processes and their threads) per session (${kind})`, memory: `${mb(limits.memoryBytes)} per session (${kind})` },
      dispose: () => {
        for (const dir of made) removeGroup(dir);
      },
    };
  }
  // No cgroup here: RLIMIT_NPROC, counted per user namespace (Linux 5.14+), caps the session's
  // processes; RLIMIT_DATA caps each process's heap, not the session's total.
  return {
    prefix: [],
    env: {},
    rlimits: [`--nproc=${tasks}`, `--data=${limits.memoryBytes}`],
    held: {
      processes: `${tasks} tasks (processes and their threads) per session (rlimit)`,
      memory: `${mb(limits.memoryBytes)} per process, not per session (rlimit; no cgroup available)`,
    },
    dispose: () => {},
  };
}

function safely<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

/** Which limits hold on this machine, in words, found by making (and removing) one session's groups. */
export function limitsHere(limits: SessionLimits): Confinement['held'] {
  const probe = confine(`probe-${process.pid}`, limits);
  probe.dispose();
  return probe.held;
}
