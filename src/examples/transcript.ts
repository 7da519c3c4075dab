// A transcript is what a sandbox shows without JavaScript, or when no runtime can start: one real
// run of the example under real Node, recorded by src/examples/record.ts. This file holds the
// shape of content/transcripts/<id>.json and the example hash that tells when a transcript is stale.
// It is shared by the recorder, the staleness test and the page, so it uses no Node-only APIs
// (the hash uses Web Crypto, present in browsers and in Node).
import { commandText, type Example } from '../sandbox/core/example.ts';
import type { RequestResult } from '../sandbox/core/agent-client.ts';
import type { LabEvent } from '../sandbox/core/events.ts';
import { summarize } from '../sandbox/core/burst-summary.ts';

/** A burst keeps this many responses in full; the rest only count in its summary. */
export const KEPT_BURST_RESPONSES = 3;

export type TranscriptResponse = { status: number; pid: number | null; ms: number; body: string } | { error: string };

export interface BurstSummary {
  /** Requests sent. */
  count: number;
  /** How many responses each process answered, by PID (the x-pid header; "none" when absent). */
  byPid: Record<string, number>;
  /** How many responses had each status ("error" for requests that got no response). */
  byStatus: Record<string, number>;
}

export interface TranscriptRequest {
  method: string;
  path: string;
  body?: string;
  /** Present for a burst: how many requests were sent. */
  count?: number;
  /** Every response of a single request; the first KEPT_BURST_RESPONSES of a burst, in arrival order. */
  responses: TranscriptResponse[];
  /** Present for a burst. */
  summary?: BurstSummary;
}

/** A reader action between requests in a scripted recording (an edit, a restart). */
export interface TranscriptAction {
  action: string;
}

export type TranscriptEntry = TranscriptRequest | TranscriptAction;

export const isRequestEntry = (entry: TranscriptEntry): entry is TranscriptRequest => 'method' in entry;

export interface Transcript {
  id: string;
  /** exampleHash() of the files the run used. */
  hash: string;
  /** process.version of the Node that ran it (the session and request agent, for a Python example). */
  node: string;
  /** For a Python example: the interpreter and packages that ran it, "Python 3.11.7, fastapi 0.142.2, …". */
  python?: string;
  /** ISO date and time of the run. */
  recordedAt: string;
  /** The command line, e.g. "node server.js" or "uvicorn app:app --workers 2". */
  command: string;
  /** Everything the server printed, ANSI codes stripped, with the sandbox's own notes (lines starting "› "). */
  output: string;
  /** The manifest's suggested requests with what came back, in the order sent, and the reader actions
   * between them when the manifest scripts the run. */
  requests: TranscriptEntry[];
  /** The run's lifecycle events (markers, requests, exits), t in ms from the first: what Replay plays
   * through the processes table and timeline. Absent in transcripts recorded before it existed. */
  events?: LabEvent[];
}

/** JSON with object keys sorted at every level, so key order in a manifest does not change the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 (hex) over an example's manifest and files, as loadExample() returns them (shared files
 * included), files sorted by path. CRLF counts as LF, so a Windows checkout gives the same hash.
 */
export async function exampleHash(example: Example): Promise<string> {
  // What an example needs from the runtime does not change what it prints: not part of the hash.
  const { id: _id, files, needs: _needs, ...manifest } = example;
  const sorted = Object.keys(files)
    .sort()
    .map((path) => [path, files[path]!.replace(/\r\n/g, '\n')]);
  const bytes = new TextEncoder().encode(canonicalJson({ manifest, files: sorted }));
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function commandLine(command: string[]): string {
  return commandText(command);
}

export function toTranscriptResponse(result: RequestResult): TranscriptResponse {
  if (!result.ok || result.status === undefined) return { error: result.error ?? 'no response' };
  return { status: result.status, pid: result.pid ?? null, ms: Math.round((result.ms ?? 0) * 10) / 10, body: result.body ?? '' };
}

/** The burst summary a transcript stores, from the same numbers the sandbox shows (core/burst-summary.ts). */
export function summarizeBurst(results: RequestResult[]): BurstSummary {
  const summary = summarize(results);
  const byPid: Record<string, number> = {};
  for (const { pid, count } of summary.perPid) byPid[pid === null ? 'none' : String(pid)] = count;
  const byStatus: Record<string, number> = {};
  for (const { status, count } of summary.statuses) byStatus[String(status)] = count;
  return { count: summary.count, byPid, byStatus };
}
