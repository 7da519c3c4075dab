// The Python environment the examples run in: the pinned FastAPI, Starlette, uvicorn and gunicorn of
// content/claims/python/requirements.txt, built on this machine from the package index on first use
// (a waiting Run shows its progress in the example's output), reused after, and mounted read-only into the OS
// sandbox. Nothing from a page reaches pip: the requirements file is the repository's.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { REQUIREMENTS } from '../claims/python-claims.ts';
import { SANDBOX_UID, runnerIsRoot, runsAsSandboxUser } from './sandbox-user.ts';

export interface PythonPlan {
  /** The environment's folder (may not exist yet). */
  venv: string;
  /** The interpreter it is made from. */
  base: string;
  /** Folders to mount read-only so the interpreter works inside the sandbox. */
  mounts: string[];
}

/** Where the environment lives and what it is made from, without building anything. Started as root,
 * the sandbox runs as uid 65534, which cannot enter /root: the environment then lives in a folder it
 * can read, made from an interpreter it can run. Null when no usable python3 is here (the reason in `why`). */
export function pythonPlan(): PythonPlan | { why: string } {
  const hash = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex').slice(0, 12);
  let base: string | undefined;
  let venv: string;
  if (runnerIsRoot()) {
    base = ['/usr/bin/python3', '/usr/local/bin/python3'].find((python) => runsAsSandboxUser(python, ['-c', 'import venv']));
    if (!base)
      return {
        why: `npm start runs as root, so examples run as uid ${SANDBOX_UID}, and no python3 that uid can run was found: install Debian's python3 (apt-get install python3)`,
      };
    venv = process.env.LAB_PYTHON_VENV ?? join('/var/cache/lifecycle-lab', `python-sandbox-${hash}`);
  } else {
    if (spawnSync('python3', ['--version']).status !== 0) return { why: 'python3 was not found on this machine: install Python 3.10 or later' };
    base = 'python3';
    // The same environment as `npm run verify:python` (src/claims/python-claims.ts).
    venv = process.env.LAB_PYTHON_VENV ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'lifecycle-lab', `python-claims-${hash}`);
  }
  const prefix = spawnSync(base, ['-c', 'import sys; print(sys.base_prefix)'], { encoding: 'utf8' }).stdout.trim();
  // The environment's parent folder is mounted, so an environment built after the sandbox started appears in it.
  return { venv, base, mounts: [dirname(venv), prefix].filter((p) => p && p !== '/usr') };
}

function run(cmd: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const relay = (b: Buffer) => {
      for (const line of b.toString('utf8').split('\n')) if (line.trim()) log(line.trim());
    };
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')}… failed with ${code ?? signal}`))));
  });
}

/** Make an environment in `dir` from `base` with the pinned packages (the bench times this too). */
export async function buildPythonEnv(base: string, dir: string, log: (line: string) => void): Promise<void> {
  await run(base, ['-m', 'venv', '--without-pip', dir], log);
  // --without-pip: Debian's python3 has no ensurepip. The pip of the python3 on PATH installs into it (pip 22.3+).
  // Not --quiet: pip's "Collecting …" and "Installing …" lines are the progress a waiting reader sees.
  await run(
    'python3',
    [
      '-m',
      'pip',
      '--python',
      join(dir, 'bin', 'python'),
      'install',
      '--progress-bar',
      'off',
      '--disable-pip-version-check',
      '--retries',
      '1',
      '-r',
      REQUIREMENTS,
    ],
    log,
  );
}

/** One builder at a time across processes (two test files, or a test and `npm start`, may ask at once):
 * a folder made atomically, holding the builder's PID; a lock whose builder is gone is taken over. */
async function lock(path: string, log: (line: string) => void): Promise<() => void> {
  let told = false;
  for (;;) {
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'pid'), String(process.pid));
      return () => rmSync(path, { recursive: true, force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number(readFileOr(join(path, 'pid')));
    if (holder && !alive(holder)) {
      rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (!told) log('waiting for another process that is building the Python environment');
    told = true;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function readFileOr(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A build line as a reader waiting in a page should see it, or null to leave it to the terminal:
 * the runner's own lines, pip's per-package progress without its paths and "(from …)" tails, and
 * every error. pip's warnings (an index that cannot be reached, retries) stay in the terminal.
 */
export function readerLine(line: string): string | null {
  if (/^(ERROR|error:)/.test(line)) return line;
  const pip = /^(Collecting|Processing|Downloading|Installing collected packages|Successfully installed)\b(.*)$/.exec(line);
  if (!pip) return /^(the Python environment|building the Python environment|waiting for another process)/.test(line) ? line : null;
  const rest = pip[2]!.replace(/\s*\(from .*\)$/, '').replace(/\S*\/([^/\s]+)/, '$1');
  return `pip: ${pip[1]}${rest}`;
}

let building: Promise<string> | null = null;
/** Everyone waiting for the build under way hears its lines from the moment they asked (npm start's
 * terminal, and each page whose Run waits for it). */
const hearing = new Set<(line: string) => void>();
const tell = (line: string) => {
  for (const log of hearing) log(line);
};

/** The environment's interpreter, built on first use (a minute or two, once; `log` gets pip's progress). */
export function ensurePython(log: (line: string) => void): Promise<string> {
  const plan = pythonPlan();
  if ('why' in plan) return Promise.reject(new Error(plan.why));
  const python = join(plan.venv, 'bin', 'python');
  if (existsSync(python)) return Promise.resolve(python);
  if (building) log('the Python environment is being built (once on this machine); this Run starts when it is ready');
  hearing.add(log);
  building ??= (async () => {
    mkdirSync(dirname(plan.venv), { recursive: true, mode: 0o755 });
    const release = await lock(`${plan.venv}.lock`, tell);
    try {
      if (existsSync(python)) return python; // another process built it while this one waited
      const partial = `${plan.venv}.partial`;
      rmSync(partial, { recursive: true, force: true });
      tell(`building the Python environment once on this machine (pinned FastAPI, uvicorn, gunicorn from requirements.txt) in ${plan.venv}`);
      const started = Date.now();
      await buildPythonEnv(plan.base, partial, tell);
      renameSync(partial, plan.venv); // only a complete install counts as present
      tell(`the Python environment is ready (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return python;
    } finally {
      release();
    }
  })()
    .catch((err) => {
      throw new Error(
        `the Python packages could not be installed (${err instanceof Error ? err.message : err}): run npm run verify:python to see pip's output`,
      );
    })
    .finally(() => {
      building = null;
      hearing.clear();
    });
  return building;
}
