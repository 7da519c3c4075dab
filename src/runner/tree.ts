// Children that left their process group. Each example's node leads its own group, and killing
// the group reaches cluster workers and forked children; a child spawned with `detached: true`
// (or that called setsid) is outside it, so it is found by parent PID and signalled by its own.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

interface Row {
  pid: number;
  ppid: number;
  pgid: number;
  /** When it started, in clock ticks since boot (Linux; 0 where only ps answers). */
  started: number;
  /** Dead, waiting for a parent to reap it (a PID 1 that does not reap keeps these for good). */
  zombie: boolean;
}

/** pid, parent and process group of every process on this machine (or in this PID namespace). */
export function processTable(): Row[] {
  const rows: Row[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    // No /proc (macOS, BSD): ask ps.
    try {
      const out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8', timeout: 2000 });
      for (const line of out.split('\n')) {
        const [pid, ppid, pgid] = line.trim().split(/\s+/).map(Number);
        if (pid && ppid !== undefined && pgid !== undefined) rows.push({ pid, ppid, pgid, started: 0, zombie: false });
      }
    } catch {
      // Nothing more to learn; the process group kill still applies.
    }
    return rows;
  }
  for (const name of names) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command name (in parentheses, may hold spaces): state ppid pgrp ... starttime (field 22).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      rows.push({ pid: Number(name), ppid: Number(fields[1]), pgid: Number(fields[2]), started: Number(fields[19]), zombie: fields[0] === 'Z' });
    } catch {
      // the process ended while we looked
    }
  }
  return rows;
}

/** `root` and every process below it, by parent PID. */
export function treeOf(root: number): number[] {
  const children = childrenByParent(processTable());
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const child of children.get(tree[i]!) ?? []) if (!tree.includes(child.pid)) tree.push(child.pid);
  return tree;
}

function childrenByParent(rows: Row[]): Map<number, Row[]> {
  const children = new Map<number, Row[]>();
  for (const row of rows) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row]);
  return children;
}

/** Descendants of `leader` (which leads its own process group) that are no longer in that group. */
export function straysOf(leader: number): number[] {
  const rows = processTable();
  const children = childrenByParent(rows);
  const strays: number[] = [];
  const seen = new Set<number>([leader]);
  const queue = [leader];
  while (queue.length) {
    for (const child of children.get(queue.shift()!) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      if (child.pgid !== leader) strays.push(child.pid);
      queue.push(child.pid);
    }
  }
  return strays;
}

/** Processes whose environment holds `name=value`: a marker every process of one tree inherits, even
 * one that left its group and whose parent exited (double fork). Linux only (/proc/<pid>/environ);
 * a process that clears its environment escapes it, which the OS sandbox (bwrap) does not allow. */
export function markedWith(name: string, value: string): number[] {
  const needle = `${name}=${value}\0`;
  const found: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return found;
  }
  for (const pid of names) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (`\0${environ}`.includes(`\0${needle}`)) found.push(Number(pid));
    } catch {
      // gone, or another user's
    }
  }
  return found;
}

/** Send a signal; false when the process (or group, for a negative pid) is gone. */
export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}
