// Path and argument rules of the local runner: files stay inside their sandbox folder, and only
// `node` runs, on files of that folder. Every refusal throws a RefusedError with a reason a reader can read.
import { existsSync } from 'node:fs';
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

/** Check `node <args>`: allowed flags, then exactly one script inside the folder, then plain arguments. */
export function checkNodeArgs(folder: string, args: string[]): void {
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
  const path = resolveInside(folder, script);
  if (!/\.(c|m)?js$/.test(script)) throw new RefusedError(`only .js, .cjs or .mjs files run here, not ${JSON.stringify(script)}`);
  if (!existsSync(path)) throw new RefusedError(`${script} does not exist in the example`);
}
