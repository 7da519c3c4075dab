// The spawner: the first process of a session's examples sandbox (the inner bwrap: its own user and
// PID namespace, no capabilities, the session's files read-only). It starts and signals the example
// processes on the runner's behalf, so the example server and the request agent share one loopback
// and one PID namespace (cluster round-robin, Kill). It is inside the examples' reach: everything it
// says is checked and bounded by the supervisor and the runner, and no limit depends on it (the
// kernel holds those). JSON lines on stdin/stdout:
//   in  {"id":1,"op":"spawn","cwd":"/lab/hello","program":"node","args":["server.js"],"env":{…}}  out {"re":1,"pid":3}
//   in  {"op":"stdin","pid":3,"data":"…"}
//   in  {"id":2,"op":"kill","pid":3,"signal":"SIGTERM"}  out {"re":2,"reached":true}  (group and strays)
//   in  {"id":3,"op":"sweep"}                            out {"re":3,"killed":[…]}   (orphans: parent gone)
//   out {"ev":"data","pid":3,"fd":1,"b64":"…"}  {"ev":"exit","pid":3,"code":0,"signal":null}  {"ev":"closed","pid":3}
// Argument: JSON { "node": "/path/to/node", "python": "/path/to/venv/bin/python" | null, "runner": <PID>, "box": "…" }
// (runner and box: the mark by which a leftover of this sandbox is found from outside, leftovers.ts).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { processTable, signal, straysOf } from './tree.ts';

const programs = JSON.parse(process.argv[2] ?? '{}') as { node?: string; python?: string | null };

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const children = new Map<number, ReturnType<typeof spawn>>();

function start(id: number, cwd: string, program: string, args: string[], env: Record<string, string>): void {
  const file = program === 'python' ? programs.python : programs.node;
  if (!file) return void send({ re: id, error: `${program} is not available in this sandbox` });
  const child = spawn(file, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  child.once('error', (err) => send({ re: id, error: err.message }));
  const pid = child.pid;
  if (pid === undefined) return;
  children.set(pid, child);
  send({ re: id, pid });
  child.stdin.on('error', () => {});
  child.stdout.on('data', (b: Buffer) => send({ ev: 'data', pid, fd: 1, b64: b.toString('base64') }));
  child.stderr.on('data', (b: Buffer) => send({ ev: 'data', pid, fd: 2, b64: b.toString('base64') }));
  child.once('exit', (code, sig) => {
    signal(-pid, 'SIGKILL'); // what the leader left in its group (workers) goes with it
    send({ ev: 'exit', pid, code, signal: sig });
  });
  child.once('close', () => {
    children.delete(pid);
    send({ ev: 'closed', pid });
  });
}

/** Processes whose parent is gone: in this PID namespace they are re-parented to PID 1 (bwrap's init). */
function orphans(): number[] {
  return processTable()
    .filter((row) => row.ppid === 1 && row.pid !== process.pid)
    .map((row) => row.pid);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let msg: {
    id?: number;
    op?: string;
    pid?: number;
    signal?: NodeJS.Signals;
    cwd?: string;
    program?: string;
    args?: string[];
    env?: Record<string, string>;
    data?: string;
  };
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  const pid = Number(msg.pid);
  switch (msg.op) {
    case 'spawn':
      return start(msg.id!, msg.cwd!, msg.program ?? 'node', msg.args!, msg.env ?? {});
    case 'stdin':
      return void children.get(pid)?.stdin?.write(msg.data ?? '');
    case 'kill': {
      const sig = (['SIGKILL', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGTTIN', 'SIGTTOU', 'SIGUSR1', 'SIGUSR2'] as const).find((s) => s === msg.signal) ?? 'SIGTERM';
      const strays = straysOf(pid);
      const reached = signal(-pid, sig);
      for (const stray of strays) signal(stray, sig);
      return send({ re: msg.id, reached });
    }
    case 'sweep': {
      const killed = orphans().filter((p) => signal(p, 'SIGKILL'));
      return send({ re: msg.id, killed });
    }
  }
});

// The supervisor went away: leave, and bwrap's init takes every process of the sandbox with it.
process.stdin.on('end', () => process.exit(0));
