// Path and argument rules of the local runner: files stay inside their sandbox folder, and only
// `node` runs, on files of that folder. Every refusal throws a RefusedError with a reason a reader can read.
import { isAbsolute, resolve, sep } from 'node:path';

export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}

/** Resolve a relative POSIX path inside `base`, refusing absolute paths, `..`, and odd characters. */
export function resolveInside(base: string, path: string): string {
  if (typeof path !== 'string' || path === '') throw new RefusedError('empty path');
  if (path.includes('\0')) throw new RefusedError(`path ${JSON.stringify(path)} contains a NUL byte`);
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith('/') || path.startsWith('\\'))
    throw new RefusedError(`absolute path ${JSON.stringify(path)} refused: paths are relative to the example`);
  const parts = path.split(/[\\/]/);
  if (parts.some((part) => part === '..')) throw new RefusedError(`path ${JSON.stringify(path)} refused: ".." leaves the example's folder`);
  const target = resolve(base, path);
  if (target !== base && !target.startsWith(base + sep)) throw new RefusedError(`path ${JSON.stringify(path)} is outside the example`);
  return target;
}

/** Node flags an example may use. Anything else (--require, --import, -e, --inspect …) is refused. */
const ALLOWED_FLAGS = new Set(['--watch', '--watch-preserve-output', '--enable-source-maps', '--no-warnings', '--trace-warnings']);

/** Whether a file of the example exists: asked of the runner's own record of what it mounted, since the
 * folder itself may be inside the OS sandbox, out of this machine's sight. */
export type HasFile = (path: string) => boolean;

/** Check `node <args>`: allowed flags, then exactly one script inside the folder, then plain arguments. */
export function checkNodeArgs(folder: string, args: string[], has: HasFile): void {
  if (!Array.isArray(args) || args.length === 0) throw new RefusedError('nothing to run: give the script to start');
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    const flag = args[i]!;
    const name = flag.split('=')[0]!;
    if (name === '--watch-path') resolveInside(folder, flag.slice('--watch-path='.length));
    else if (!ALLOWED_FLAGS.has(flag)) throw new RefusedError(`node flag ${JSON.stringify(flag)} is not allowed here`);
    i++;
  }
  const script = args[i];
  if (script === undefined) throw new RefusedError('no script given after the node flags');
  resolveInside(folder, script);
  if (!/\.(c|m)?js$/.test(script)) throw new RefusedError(`only .js, .cjs or .mjs files run here, not ${JSON.stringify(script)}`);
  if (!has(script)) throw new RefusedError(`${script} does not exist in the example`);
}

/** The Python entry points an example may name as its command's first word. */
export const PYTHON_ENTRY_POINTS = ['uvicorn', 'gunicorn', 'python'] as const;

export const isPythonCommand = (args: string[]): boolean => (PYTHON_ENTRY_POINTS as readonly string[]).includes(args[0] ?? '');

// Options of each server, and what their value must look like (null: a flag without a value).
const NUMBER = /^\d{1,6}(\.\d{1,3})?$/;
const WORD = /^[a-z]{1,16}$/;
const UVICORN: Record<string, RegExp | null> = {
  '--workers': NUMBER,
  '--host': /^(127\.0\.0\.1|0\.0\.0\.0|localhost|::1?)$/,
  '--port': NUMBER,
  '--lifespan': /^(on|off|auto)$/,
  '--timeout-graceful-shutdown': NUMBER,
  '--limit-max-requests': NUMBER,
  '--limit-concurrency': NUMBER,
  '--timeout-keep-alive': NUMBER,
  '--log-level': WORD,
  '--no-access-log': null,
};
const GUNICORN: Record<string, RegExp | null> = {
  '-w': NUMBER,
  '--workers': NUMBER,
  '-k': /^uvicorn\.workers\.UvicornWorker$/,
  '--worker-class': /^uvicorn\.workers\.UvicornWorker$/,
  '-b': /^(127\.0\.0\.1|0\.0\.0\.0|localhost):\d{1,5}$/,
  '--bind': /^(127\.0\.0\.1|0\.0\.0\.0|localhost):\d{1,5}$/,
  '--preload': null,
  '-t': NUMBER,
  '--timeout': NUMBER,
  '--graceful-timeout': NUMBER,
  '--max-requests': NUMBER,
  '--max-requests-jitter': NUMBER,
  '--log-level': WORD,
  '--access-logfile': /^-$/,
  '--keep-alive': NUMBER,
  '-c': /^[\w.-]{1,64}\.py$/,
  '--config': /^[\w.-]{1,64}\.py$/,
};
/** An app as `module:attribute`, where the module is a file of the example. */
const APP = /^([A-Za-z_][\w]{0,63}(?:\.[A-Za-z_]\w{0,63}){0,3}):([A-Za-z_]\w{0,63})$/;

/**
 * Check a Python example's command, given as its manifest names it: `uvicorn <module:app> [options]`,
 * `gunicorn <module:app> [options]` or `python <file.py> [plain arguments]`. Returns the interpreter's
 * arguments (`-m uvicorn …` for the servers: a venv's console scripts carry its build path).
 */
export function checkPythonArgs(folder: string, args: string[], has: HasFile): string[] {
  const [entry, ...rest] = args;
  if (entry === 'python') {
    const script = rest[0];
    if (script === undefined || script.startsWith('-')) throw new RefusedError('python runs one .py file of the example here: no interpreter options');
    resolveInside(folder, script);
    if (!/\.py$/.test(script)) throw new RefusedError(`only .py files run here, not ${JSON.stringify(script)}`);
    if (!has(script)) throw new RefusedError(`${script} does not exist in the example`);
    return rest;
  }
  const options = entry === 'uvicorn' ? UVICORN : entry === 'gunicorn' ? GUNICORN : null;
  if (!options) throw new RefusedError(`${JSON.stringify(entry ?? '')} is not an entry point here: uvicorn, gunicorn or python`);
  let app: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('-')) {
      if (app !== undefined) throw new RefusedError(`${entry} takes one app here; ${JSON.stringify(arg)} is a second`);
      const m = APP.exec(arg);
      if (!m || !has(`${m[1]!.replaceAll('.', '/')}.py`))
        throw new RefusedError(`app ${JSON.stringify(arg)} refused: name a module:attribute of the example's own .py files`);
      app = arg;
      continue;
    }
    const at = arg.indexOf('=');
    const name = at === -1 ? arg : arg.slice(0, at);
    const inline = at === -1 ? undefined : arg.slice(at + 1);
    if (!(name in options)) throw new RefusedError(`${entry} option ${JSON.stringify(name)} is not allowed here`);
    const rule = options[name]!;
    if (rule === null) {
      if (inline !== undefined) throw new RefusedError(`${entry} option ${name} takes no value`);
      continue;
    }
    const value = inline ?? rest[++i];
    if (value === undefined || !rule.test(value))
      throw new RefusedError(`${entry} option ${name} refused: ${JSON.stringify(value ?? '')} is not a value it takes here`);
    if ((name === '-c' || name === '--config') && !has(value)) throw new RefusedError(`${value} does not exist in the example`);
  }
  if (app === undefined) throw new RefusedError(`${entry} needs the app to serve, as module:attribute (app:app)`);
  return ['-m', entry as string, ...rest];
}
