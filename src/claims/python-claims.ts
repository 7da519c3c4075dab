// Runs the Python claims in content/claims/python against real uvicorn and gunicorn.
// Each folder there holds a small app and a claims.json: for every claim, the command to start, the
// steps to drive it (wait for a line, send a request, send a signal) and what the output must show.
// The pinned versions live in requirements.txt; they are installed once into a virtual environment
// that is reused while requirements.txt stays the same.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../examples/load.ts';

export const CLAIMS_DIR = join(ROOT, 'content', 'claims', 'python');
export const REQUIREMENTS = join(CLAIMS_DIR, 'requirements.txt');
export const VERIFIED_PATH = join(CLAIMS_DIR, 'verified.json');

type Step =
  | { wait: string; count?: number; timeoutMs?: number }
  | { request: string; as?: string; status?: number | 'error' }
  | { await: string; status: number | 'error' }
  | { signal: NodeJS.Signals };
type Expectation = { match: string; count?: number; distinctPids?: boolean } | { absent: string } | { order: string[] };

export interface Claim {
  id: string;
  /** The claim in words, as a guide makes it. */
  says: string;
  /** Folder under content/claims/python holding the app. */
  dir: string;
  /** argv: "python …", or a module of the virtual environment run as `python -m` (uvicorn, gunicorn); "{port}" is a free port. */
  command: string[];
  env?: Record<string, string>;
  steps?: Step[];
  /** How the process ends once the steps are done: an exit code, the signal that ended it ("SIGTERM"),
   * "nonzero", or "any" (then it is killed if still alive). */
  exit: number | NodeJS.Signals | 'nonzero' | 'any';
  expect: Expectation[];
}

export function listClaims(): Claim[] {
  return readdirSync(CLAIMS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(CLAIMS_DIR, d.name, 'claims.json')))
    .flatMap((d) => {
      const { claims } = JSON.parse(readFileSync(join(CLAIMS_DIR, d.name, 'claims.json'), 'utf8')) as { claims: Omit<Claim, 'dir'>[] };
      return claims.map((c) => ({ ...c, dir: d.name }));
    });
}

/** The pinned versions, from requirements.txt: { fastapi: "0.142.2", … }. */
export function pinnedVersions(): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const line of readFileSync(REQUIREMENTS, 'utf8').split('\n')) {
    const m = /^([A-Za-z0-9_.-]+)==(\S+)/.exec(line.trim());
    if (m) pins[m[1]!.toLowerCase()] = m[2]!;
  }
  return pins;
}

export function findPython(): string | null {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? 'python3' : null;
}

/** The virtual environment with requirements.txt installed: created on first use, then reused.
 * Its folder is named for requirements.txt's hash, so a changed pin gets a fresh one. */
export function ensureVenv(log: (line: string) => void = () => {}): string {
  const hash = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex').slice(0, 12);
  // In the user's cache rather than node_modules, so that `npm ci` does not throw it away.
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  const venv = process.env.LAB_PYTHON_VENV ?? join(cache, 'lifecycle-lab', `python-claims-${hash}`);
  if (existsSync(join(venv, 'bin', 'python'))) return venv;
  const building = `${venv}.partial`;
  rmSync(building, { recursive: true, force: true });
  log(`creating a virtual environment in ${venv} and installing requirements.txt (once)`);
  const run = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed with ${r.status ?? r.signal}`);
  };
  run('python3', ['-m', 'venv', building]);
  run(join(building, 'bin', 'python'), ['-m', 'pip', 'install', '--quiet', '--retries', '1', '-r', REQUIREMENTS]);
  renameSync(building, venv); // only a complete install counts as present
  return venv;
}

/** What the verified claims ran on: Python's version and the installed versions of the pinned packages. */
export function installedVersions(venv: string): { python: string; packages: Record<string, string> } {
  const names = Object.keys(pinnedVersions());
  const script = `import sys, json, importlib.metadata as m; print(json.dumps({"python": sys.version.split()[0], "packages": {n: m.version(n) for n in ${JSON.stringify(names)}}}))`;
  const r = spawnSync(join(venv, 'bin', 'python'), ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`could not read installed versions: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** GET on a fresh connection: the status, or "error" when the connection fails or closes without a response. */
function get(port: number, path: string): Promise<number | 'error'> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode!));
      res.on('error', () => resolve('error'));
    });
    req.on('error', () => resolve('error'));
    req.on('timeout', () => req.destroy());
  });
}

function count(text: string, pattern: string): RegExpMatchArray[] {
  return [...text.matchAll(new RegExp(pattern, 'gm'))];
}

// Generous: spawning Python workers takes seconds on a loaded 2-core machine, and a wait ends as soon
// as the line appears.
const WAIT_MS = 45_000;

/** Runs one claim; resolves with its output, or rejects with what did not hold (and the output). */
export async function runClaim(claim: Claim, venv: string): Promise<string> {
  const work = mkdtempSync(join(tmpdir(), `claim-${claim.id}-`));
  cpSync(join(CLAIMS_DIR, claim.dir), work, { recursive: true });
  const port = await freePort();
  const [cmd, ...args] = claim.command.map((a) => a.replaceAll('{port}', String(port)));
  // uvicorn and gunicorn run as `python -m …`: the venv's bin/ scripts name its original path, and
  // the venv is built under another name and then renamed.
  const argv = cmd === 'python' ? args : ['-m', cmd!, ...args];
  let output = '';
  // detached: the claim's processes form their own group, so that every process it started can be
  // ended through the group of the one PID started here.
  // PYTHONUNBUFFERED stays unset (empty counts as unset): unbuffered, print() writes its text and its
  // newline in two writes, and two workers' lines interleave on the shared pipe ("as appmodule ran in
  // pid …"). Buffered, every print(…, flush=True) in the claims' apps is one write, and one write of a
  // line to a pipe is never split. uvicorn and gunicorn log to stderr, which Python line-buffers.
  const child: ChildProcess = spawn(join(venv, 'bin', 'python'), argv, {
    cwd: work,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(port), PYTHONUNBUFFERED: '', PYTHONDONTWRITEBYTECODE: '1', PYTHONWARNINGS: '', ...claim.env },
  });
  child.on('error', (err) => (output += `\nspawn failed: ${err.message}\n`));
  const pid = child.pid!;
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  let ended: number | NodeJS.Signals | undefined; // exit code, or the signal that ended it
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      ended = code ?? signal!;
      resolve();
    }),
  );
  const fail = (why: string) => new Error(`${claim.id}: ${why}\n--- output ---\n${output}`);
  const until = async (predicate: () => boolean, ms: number, what: string) => {
    const deadline = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > deadline) throw fail(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const pending = new Map<string, Promise<number | 'error'>>();
  try {
    for (const step of claim.steps ?? []) {
      if ('wait' in step) {
        const n = step.count ?? 1;
        await until(() => count(output, step.wait).length >= n, step.timeoutMs ?? WAIT_MS, `${n}× /${step.wait}/`);
      } else if ('request' in step) {
        const result = get(port, step.request);
        if (step.as) pending.set(step.as, result);
        else if (step.status !== undefined && (await result) !== step.status) throw fail(`GET ${step.request} gave ${await result}, expected ${step.status}`);
      } else if ('await' in step) {
        const got = await pending.get(step.await);
        if (got !== step.status) throw fail(`${step.await} gave ${got}, expected ${step.status}`);
      } else if ('signal' in step) {
        process.kill(pid, step.signal);
      }
    }
    if (claim.exit !== 'any') {
      await until(() => ended !== undefined, WAIT_MS, 'the process to exit');
      const ok = claim.exit === 'nonzero' ? ended !== 0 : ended === claim.exit;
      if (!ok) throw fail(`ended with ${ended}, expected ${claim.exit}`);
    }
  } finally {
    // End whatever is left of the group (workers a killed master left behind, or a restart loop).
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // the group is already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    rmSync(work, { recursive: true, force: true });
  }
  for (const e of claim.expect) {
    if ('absent' in e) {
      if (count(output, e.absent).length) throw fail(`/${e.absent}/ was printed`);
    } else if ('order' in e) {
      const at = e.order.map((p) => output.search(new RegExp(p, 'm')));
      if (at.some((i) => i < 0) || at.some((i, k) => k > 0 && i < at[k - 1]!)) throw fail(`not in this order: ${e.order.join(' → ')}`);
    } else {
      const found = count(output, e.match);
      if (e.count === undefined ? found.length === 0 : found.length !== e.count) {
        throw fail(`/${e.match}/ printed ${found.length} time(s), expected ${e.count ?? 'at least 1'}`);
      }
      const pids = new Set(found.map((m) => /pid (\d+)/.exec(m[0])?.[1]));
      if (e.distinctPids && pids.size !== found.length) throw fail(`/${e.match}/: ${pids.size} distinct PIDs in ${found.length} lines`);
    }
  }
  return output;
}
