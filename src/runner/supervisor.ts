// The supervisor: the one process the runner starts inside a page session's OS sandbox (bwrap).
// A process cannot be added to a running bwrap sandbox, so this one spawns and signals processes on
// the runner's behalf (the "container you spawn into" model, as a WebContainer). The example server
// and the request agent both run here, so they share the sandbox's loopback and PID namespace.
// JSON lines on stdin/stdout:
//   in  {"id":1,"op":"spawn","cwd":"/tmp/…/hello","args":["server.js"],"env":{…}}  out {"re":1,"pid":3}
//   in  {"op":"stdin","pid":3,"data":"…"}
//   in  {"id":2,"op":"kill","pid":3,"signal":"SIGTERM"}  out {"re":2,"reached":true}  (group and strays)
//   in  {"id":3,"op":"sweep"}                            out {"re":3,"killed":[…]}   (orphans: parent gone)
//   out {"ev":"data","pid":3,"fd":1,"b64":"…"}  {"ev":"exit","pid":3,"code":0,"signal":null}  {"ev":"closed","pid":3}
//   out {"ev":"cap","count":n} when more than the allowed processes were alive: all were killed.
// Arguments: the most processes the sandbox may hold at once, and the node binary for examples.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { processTable, signal, straysOf } from './tree.ts';

const maxProcesses = Number(process.argv[2]) || 64;
/** The node binary examples run under (a test may pick Node 20); this one's by default. */
const node = process.argv[3] || process.execPath;

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const children = new Map<number, ReturnType<typeof spawn>>();

function start(id: number, cwd: string, args: string[], env: Record<string, string>): void {
  const child = spawn(node, args, { cwd, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
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
  let msg: { id?: number; op?: string; pid?: number; signal?: NodeJS.Signals; cwd?: string; args?: string[]; env?: Record<string, string>; data?: string };
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  const pid = Number(msg.pid);
  switch (msg.op) {
    case 'spawn':
      return start(msg.id!, msg.cwd!, msg.args!, msg.env ?? {});
    case 'stdin':
      return void children.get(pid)?.stdin?.write(msg.data ?? '');
    case 'kill': {
      const sig = msg.signal === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM';
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

// A fork bomb or a runaway spawner: past the cap, everything in the sandbox but this process is killed.
setInterval(() => {
  const examples = processTable().filter((row) => row.pid !== process.pid && row.pid !== 1); // not bwrap's init, not this
  if (examples.length <= maxProcesses) return;
  for (const row of examples) signal(row.pid, 'SIGKILL');
  send({ ev: 'cap', count: examples.length });
}, 200).unref();

// The runner went away: leave, and bwrap's init takes every process of the sandbox with it.
process.stdin.on('end', () => process.exit(0));
