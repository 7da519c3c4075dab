// Which TCP ports a process tree listens on, read from /proc (Linux): the runner's equivalent of
// WebContainer's `port` event. A reader's code may ignore PORT (the Node.js docs' cluster example
// listens on 8000); the session follows the server to the port it really uses
// (src/sandbox/core/port-discovery.ts). Where there is no /proc, nothing is reported and the
// session relies on PORT and on [lab] listening markers.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { treeOf } from './tree.ts';

/** Socket inodes open in these processes. */
function socketInodes(pids: number[]): Set<string> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to read
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match) inodes.add(match[1]!);
      } catch {
        // closed meanwhile
      }
    }
  }
  return inodes;
}

/** Listening TCP sockets (state 0A) in the network namespace of `pid`: inode -> port. */
function listeningSockets(pid: number): Map<string, number> {
  const sockets = new Map<string, number>();
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '0A' || !cols[1] || !cols[9]) continue;
      sockets.set(cols[9], Number.parseInt(cols[1].split(':')[1] ?? '', 16));
    }
  }
  return sockets;
}

/** Ports the tree under `root` listens on now. */
export function listeningPorts(root: number): number[] {
  return [...ownPorts(root, listeningSockets(root))].sort((a, b) => a - b);
}

/** Of these listening sockets, the ports of those that processes of the tree under `root` hold. */
function ownPorts(root: number, sockets: Map<string, number>): Set<number> {
  const ports = new Set<number>();
  if (sockets.size === 0) return ports;
  const inodes = socketInodes(treeOf(root));
  for (const [inode, port] of sockets) if (inodes.has(inode) && port > 0) ports.add(port);
  return ports;
}

/**
 * Report each new listening port of the tree under `root` once, until `exit` resolves. Looks often
 * while a server is starting, then rarely (a port opened later, say by a worker forked on demand,
 * is still found). Each look reads only the socket tables; the process tree is walked only when a
 * socket that was not there before is listening.
 */
export function watchListening(root: number, exit: Promise<unknown>, onPort: (port: number) => void, fastMs = 150, slowMs = 2000, fastForMs = 30_000): void {
  const seenPorts = new Set<number>();
  const seenSockets = new Set<string>();
  const started = Date.now();
  let over = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  void exit.then(() => {
    over = true;
    clearTimeout(timer);
  });
  const look = () => {
    if (over) return;
    const fresh = new Map([...listeningSockets(root)].filter(([inode]) => !seenSockets.has(inode)));
    for (const port of ownPorts(root, fresh)) {
      if (seenPorts.has(port)) continue;
      seenPorts.add(port);
      onPort(port);
    }
    for (const inode of fresh.keys()) seenSockets.add(inode);
    timer = setTimeout(look, Date.now() - started < fastForMs ? fastMs : slowMs);
    timer.unref?.();
  };
  look();
}
