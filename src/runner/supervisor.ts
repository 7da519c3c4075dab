// The supervisor: the one process the runner starts in a page session's OS sandbox (the outer bwrap:
// its own user, mount, network, IPC and UTS namespaces, an unprivileged uid, no capabilities).
// It does the session's file work here, on the session's own size-limited filesystem (LAB_ROOT),
// which only it can write: the runner never touches a path the examples could change, as a
// WebContainer mounts files inside its own box. It starts the examples' sandbox (the inner bwrap:
// a user and PID namespace of their own, LAB_ROOT read-only) with the spawner inside, and passes
// process requests to it. The examples cannot see, signal or trace this process (another PID
// namespace, a parent user namespace), and what the spawner says is bounded and checked here.
// JSON lines on stdin/stdout, as the spawner's (spawner.ts), plus:
//   in  {"id":1,"op":"mount","dir":"hello","files":{"server.js":"…"}}   out {"re":1}
//   in  {"id":2,"op":"write","dir":"hello","path":"server.js","contents":"…"}   out {"re":2}
//   out {"ev":"spawner-gone"} when the examples' sandbox ended (the runner then ends this one).
// Argument: JSON { "root": "/lab", "inner": ["bwrap", …, "node", "spawner.ts", …], "runner": <its PID>, "box": "…" }
// (runner and box: the mark by which a leftover of this sandbox is found from outside, leftovers.ts).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { boundedLines } from './bounded-lines.ts';
import { syncTree, writeInside } from './file-tree.ts';
import { resolveInside } from './paths.ts';
import { MAX_EVENT_LINE, parseSpawnerLine } from './sandbox-events.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as { root: string; inner: string[]; runner: number };

function send(message: object): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

const [command, ...args] = config.inner;
const spawner = spawn(command!, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin' } });
spawner.stdin.on('error', () => {});
spawner.stderr.resume(); // bwrap's own complaints; an example's output never comes this way
boundedLines(spawner.stdout, MAX_EVENT_LINE, (line) => {
  const message = parseSpawnerLine(line);
  if (message) send(message);
});
spawner.once('exit', () => {
  send({ ev: 'spawner-gone' });
  process.exit(0);
});

function fileWork(msg: { id?: number; op?: string; dir?: unknown; path?: unknown; contents?: unknown; files?: unknown }): void {
  try {
    const folder = resolveInside(config.root, String(msg.dir));
    if (folder.slice(config.root.length + 1).includes('/')) throw new Error('a sandbox folder is one name');
    if (msg.op === 'mount') syncTree(folder, (msg.files ?? {}) as Record<string, string>);
    else writeInside(folder, String(msg.path), String(msg.contents));
    send({ re: msg.id, ok: true });
  } catch (err) {
    send({ re: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let msg: { id?: number; op?: string };
  try {
    msg = JSON.parse(line);
  } catch {
    return;
  }
  if (msg.op === 'mount' || msg.op === 'write') fileWork(msg);
  else spawner.stdin.write(`${line}\n`);
});

// The runner went away: leave, and take the examples' sandbox along (it also dies with this
// process, by --die-with-parent). Three signs, any one of which is enough: this sandbox's bwrap is
// killed with the runner (--die-with-parent: this process gets SIGKILL), the runner's pipe closes,
// or bwrap gets another parent. The last is for a runner killed before its bwrap had set its own
// parent-death signal: bwrap then lives on under PID 1 and starts this process all the same.
// (What is killed before this process exists is swept from outside: leftovers.ts.)
function leave(): never {
  spawner.kill('SIGKILL');
  process.exit(0);
}
process.stdin.on('end', leave);
/** A process's parent, from this machine's /proc (the outer sandbox shares the runner's PID namespace). */
const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').at(-1)!.split(' ')[1]);
setInterval(() => {
  try {
    if (parentOf(process.ppid) !== config.runner) leave(); // the runner started bwrap, which started this process
  } catch {
    leave(); // bwrap itself is gone
  }
}, 2000).unref();
