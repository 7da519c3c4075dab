// The local runner's wire protocol, shared by the server (src/runner/server.ts) and the page's
// RunnerSocketRuntime (src/sandbox/runtimes/runner-socket.ts). JSON text frames over one WebSocket per page.
// No Node imports: this file is bundled into the browser too.
//
//   page -> runner   { id, op, ...fields }            one request
//   runner -> page   { re: id, ok: true, ...result }  its answer, or { re: id, ok: false, error }
//   runner -> page   { ev: "output", proc, data }     pushed: text a process printed (stdout + stderr)
//   runner -> page   { ev: "exit", proc, code }       pushed: the process and its tree are gone
//   runner -> page   { ev: "listen", proc, port }     pushed: the process's tree listens on this port
//   runner -> page   { ev: "setup", request: id, data } pushed: a line about getting spawn request `id` ready, before
//                                                     its answer (the Python environment's first build on this machine)

import type { KillSignal } from './runtime.ts';

export const RUNNER_PATH = '/__lab/runner';
export const RUNNER_WS_PATH = '/__lab/runner/ws';

/** What GET /__lab/runner answers: how the page reaches this machine's runner. */
export interface RunnerInfo {
  token: string;
  /** Path of the WebSocket endpoint, relative to the site's origin. */
  ws: string;
  /** The Node version examples run under (process.version). */
  node: string;
  /** Examples run inside an OS sandbox (bubblewrap); false: with the user's full rights. */
  sandboxed?: boolean;
  limits?: Partial<RunnerLimits>;
}

export interface RunnerLimits {
  /** Processes one page may have alive at once (servers and agents; their own children are not counted). */
  maxProcesses: number;
  /** Largest message either side may send, in bytes. */
  maxMessageBytes: number;
  /** Output one process may print, in bytes; then it is killed. */
  maxOutputBytes: number;
  /** How long one process may live, in ms; then it is killed. */
  maxLifetimeMs: number;
  /** Output waiting for a page that stopped reading, in bytes; past it, the printing process is killed. */
  maxBufferedBytes: number;
}

export const DEFAULT_LIMITS: RunnerLimits = {
  maxProcesses: 8,
  maxMessageBytes: 1024 * 1024,
  maxOutputBytes: 5 * 1024 * 1024,
  maxLifetimeMs: 30 * 60 * 1000,
  maxBufferedBytes: 8 * 1024 * 1024,
};

export type RunnerRequest =
  | { id: number; op: 'mount'; dir: string; files: Record<string, string> }
  | { id: number; op: 'write'; dir: string; path: string; contents: string }
  | { id: number; op: 'spawn'; dir: string; args: string[]; env: Record<string, string> }
  | { id: number; op: 'stdin'; proc: number; data: string }
  | { id: number; op: 'kill'; proc: number; signal: KillSignal }
  | { id: number; op: 'port' };

export type RunnerOp = RunnerRequest['op'];

export type RunnerReply =
  | { re: number | null; ok: true; node?: string; proc?: number; pid?: number; port?: number }
  | { re: number | null; ok: false; error: string };

export type RunnerPush =
  | { ev: 'output'; proc: number; data: string }
  | { ev: 'exit'; proc: number; code: number }
  | { ev: 'listen'; proc: number; port: number }
  | { ev: 'setup'; request: number; data: string };

export type RunnerMessage = RunnerReply | RunnerPush;

/** A request the runner refuses to read, with the reason sent back to the page. */
export class ProtocolError extends Error {
  /** The request's id when it could be read, so the page can match the refusal. */
  readonly re: number | null;

  constructor(message: string, re: number | null = null) {
    super(message);
    this.re = re;
    this.name = 'ProtocolError';
  }
}

/** A sandbox folder name: one safe path segment. */
export const DIR_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Environment variable names a page may set (PORT and the like). */
export const ENV_NAME_PATTERN = /^[A-Z_][A-Z0-9_]*$/;
/** The only names a page may set: an allowlist, since a denylist always misses one (BASH_ENV, GLIBC_TUNABLES, TMPDIR…). */
const ENV_ALLOWED = /^(PORT|NODE_ENV|DEBUG|DATABASE_URL|APP_[A-Z0-9_]+)$/;
const MAX_ENV_VARS = 16;
const MAX_ENV_NAME = 64;
const MAX_ENV_VALUE = 256;
const MAX_ARGS = 32;
const MAX_ARG_LENGTH = 1024;
const MAX_FILES = 500;
const MAX_PATH_LENGTH = 256;

const OPS = new Set<string>(['mount', 'write', 'spawn', 'stdin', 'kill', 'port']);

type Fields = Record<string, unknown>;

function str(msg: Fields, key: string, re: number, maxLength = Infinity): string {
  const value = msg[key];
  if (typeof value !== 'string') throw new ProtocolError(`"${key}" must be a string`, re);
  if (value.length > maxLength) throw new ProtocolError(`"${key}" is too long (at most ${maxLength} characters)`, re);
  return value;
}

function dir(msg: Fields, re: number): string {
  const value = str(msg, 'dir', re, 64);
  if (!DIR_PATTERN.test(value)) throw new ProtocolError(`folder name ${JSON.stringify(value)} refused: use lowercase letters, digits and "-"`, re);
  return value;
}

function path(value: unknown, re: number): string {
  if (typeof value !== 'string' || value === '') throw new ProtocolError('a file path must be a non-empty string', re);
  if (value.length > MAX_PATH_LENGTH) throw new ProtocolError(`file path is too long (at most ${MAX_PATH_LENGTH} characters)`, re);
  return value; // absolute and ".." paths are refused where they are resolved (paths.ts), with their own reasons
}

function procId(msg: Fields, re: number): number {
  const value = msg.proc;
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new ProtocolError('"proc" must be a process number from spawn', re);
  return value as number;
}

function plainObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function env(value: unknown, re: number): Record<string, string> {
  if (value === undefined) return {};
  if (!plainObject(value)) throw new ProtocolError('"env" must be an object of strings', re);
  const entries = Object.entries(value);
  if (entries.length > MAX_ENV_VARS) throw new ProtocolError(`too many environment variables (at most ${MAX_ENV_VARS})`, re);
  const out: Record<string, string> = {};
  for (const [name, val] of entries) {
    if (name.length > MAX_ENV_NAME || !ENV_NAME_PATTERN.test(name))
      throw new ProtocolError(`environment variable name ${JSON.stringify(name)} refused: use A-Z, 0-9 and _`, re);
    if (!ENV_ALLOWED.test(name))
      throw new ProtocolError(`environment variable ${name} may not be set from the page (allowed: PORT, NODE_ENV, DEBUG, DATABASE_URL, APP_*)`, re);
    if (typeof val !== 'string' || val.length > MAX_ENV_VALUE || val.includes('\0'))
      throw new ProtocolError(`environment variable ${name} must be a string of at most ${MAX_ENV_VALUE} characters`, re);
    out[name] = val;
  }
  return out;
}

/** Parse and check one request from the page. Throws a ProtocolError that says what is wrong. */
export function parseRequest(text: string): RunnerRequest {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    throw new ProtocolError('malformed message: not JSON');
  }
  if (!plainObject(msg)) throw new ProtocolError('malformed message: expected a JSON object');
  const id = msg.id;
  if (!Number.isSafeInteger(id) || (id as number) < 0) throw new ProtocolError('malformed message: "id" must be a non-negative integer');
  const re = id as number;
  const op = msg.op;
  if (typeof op !== 'string' || !OPS.has(op)) throw new ProtocolError(`unknown op ${JSON.stringify(op)}`, re);
  switch (op) {
    case 'port':
      return { id: re, op };
    case 'mount': {
      const files = msg.files;
      if (!plainObject(files)) throw new ProtocolError('"files" must be an object of path -> contents', re);
      const entries = Object.entries(files);
      if (entries.length > MAX_FILES) throw new ProtocolError(`too many files (at most ${MAX_FILES})`, re);
      const out: Record<string, string> = {};
      for (const [p, contents] of entries) {
        if (typeof contents !== 'string') throw new ProtocolError(`contents of ${JSON.stringify(p)} must be a string`, re);
        out[path(p, re)] = contents;
      }
      return { id: re, op, dir: dir(msg, re), files: out };
    }
    case 'write':
      return { id: re, op, dir: dir(msg, re), path: path(msg.path, re), contents: str(msg, 'contents', re) };
    case 'spawn': {
      const args = msg.args;
      if (!Array.isArray(args) || args.length === 0 || args.length > MAX_ARGS)
        throw new ProtocolError(`"args" must be a list of 1 to ${MAX_ARGS} strings: node's flags, then the script`, re);
      for (const arg of args)
        if (typeof arg !== 'string' || arg.length > MAX_ARG_LENGTH || arg.includes('\0'))
          throw new ProtocolError(`every argument must be a string of at most ${MAX_ARG_LENGTH} characters`, re);
      return { id: re, op, dir: dir(msg, re), args: args as string[], env: env(msg.env, re) };
    }
    case 'stdin':
      return { id: re, op, proc: procId(msg, re), data: str(msg, 'data', re) };
    case 'kill': {
      const signal = msg.signal ?? 'SIGTERM';
      if (signal !== 'SIGTERM' && signal !== 'SIGKILL') throw new ProtocolError(`signal ${JSON.stringify(signal)} refused: only SIGTERM or SIGKILL`, re);
      return { id: re, op, proc: procId(msg, re), signal };
    }
  }
  throw new ProtocolError(`unknown op ${JSON.stringify(op)}`, re);
}

/** Best-effort id of a message too large to parse, so its refusal can still be matched. */
export function peekId(text: string): number | null {
  const match = /^\s*\{\s*"id"\s*:\s*(\d{1,15})\s*[,}]/.exec(text.slice(0, 64));
  return match ? Number(match[1]) : null;
}

/** Human-readable byte count: 1 MB, 512 KB, 300 bytes. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}
