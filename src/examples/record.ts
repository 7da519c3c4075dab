// The transcript recorder: `npm run record [ids...]` runs each example under real Node, or a Python
// example under real uvicorn or gunicorn from the pinned environment (through
// runExample, the same Session the sandbox uses), sends its manifest's suggested requests in order,
// and writes content/transcripts/<id>.json. With no ids it records every example.
// Transcripts are never written by hand: src/examples/transcripts.test.ts fails when one is
// missing or older than its example's files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listExampleIds, TRANSCRIPTS_PATH } from './load.ts';
import { runExample, type RunningExample } from './run.ts';
import { stripAnsi } from '../sandbox/core/ansi.ts';
import {
  KEPT_BURST_RESPONSES,
  commandLine,
  exampleHash,
  summarizeBurst,
  toTranscriptResponse,
  isRequestEntry,
  type Transcript,
  type TranscriptEntry,
  type TranscriptRequest,
} from './transcript.ts';
import type { SuggestedRequest, TranscriptStep } from '../sandbox/core/example.ts';
import type { LabEvent } from '../sandbox/core/events.ts';
import { seenAt } from '../sandbox/ui/replay-schedule.ts';
import { ensureVenv, installedVersions } from '../claims/python-claims.ts';

/** "Python 3.11.7, fastapi 0.142.2, …": what a Python example ran under (the pinned environment). */
function pythonVersions(): string {
  const { python, packages } = installedVersions(ensureVenv());
  return [`Python ${python}`, ...Object.entries(packages).map(([name, version]) => `${name} ${version}`)].join(', ');
}

/** The run's lifecycle events in the order they happened, times in ms from the first, for a
 * Replay at the real pace (src/sandbox/ui/replay-schedule.ts). */
function replayableEvents(events: readonly LabEvent[]): LabEvent[] {
  const t0 = Math.min(...events.map((e) => e.t));
  // Sorted by when each was seen (a request when it ended): the agent's and the output's channels can
  // deliver a few ms out of that order. Stable, so events seen at the same ms keep their order.
  return events.map((e) => ({ ...e, t: Math.round((e.t - t0) * 10) / 10 })).sort((a, b) => seenAt(a) - seenAt(b));
}

/** Requests of a burst in flight at once. */
export const BURST_CONCURRENCY = 5;
const DEFAULT_SETTLE_MS = 300;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Session.start() returns once the port accepts connections, which for a cluster is when the first
 * worker listens. Wait until every worker that announced itself is listening and the output has
 * been quiet for a moment, so the first suggested request meets the whole server. Never throws:
 * an example that never settles is recorded as it is.
 */
async function waitUntilSettled(ex: RunningExample, quietMs = 250, maxMs = 5000): Promise<void> {
  const deadline = Date.now() + maxMs;
  const workersListening = () => {
    const listening = new Set(ex.events('listening').map((e) => e.pid));
    return ex.events('start').every((e) => e.role !== 'worker' || listening.has(e.pid));
  };
  let lastLength = -1;
  let quietSince = Date.now();
  while (Date.now() < deadline) {
    const length = ex.output().length;
    if (length !== lastLength) {
      lastLength = length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= quietMs && workersListening()) return;
    await sleep(25);
  }
}

/** Send one suggested request (a burst when it has a count) and describe what came back. */
async function sendSuggested(ex: RunningExample, suggested: SuggestedRequest): Promise<TranscriptRequest> {
  const spec = { method: suggested.method, path: suggested.path, body: suggested.body ?? null, keepAlive: suggested.keepAlive };
  const entry: Omit<TranscriptRequest, 'responses'> = { method: suggested.method, path: suggested.path };
  if (suggested.body !== undefined) entry.body = suggested.body;
  if (suggested.count !== undefined && suggested.count > 1) {
    const results = await ex.session.burst(spec, suggested.count, Math.min(BURST_CONCURRENCY, suggested.count));
    return { ...entry, count: suggested.count, responses: results.slice(0, KEPT_BURST_RESPONSES).map(toTranscriptResponse), summary: summarizeBurst(results) };
  }
  return { ...entry, responses: [toTranscriptResponse(await ex.session.request(spec))] };
}

/** Carry out one scripted step; returns the transcript entry it adds, if any. `files` holds the
 * example's files as edited so far. */
async function runStep(ex: RunningExample, step: TranscriptStep, files: Record<string, string>): Promise<TranscriptEntry | null> {
  if ('send' in step) {
    const suggested = ex.example.requests[step.send];
    if (!suggested) throw new Error(`transcript step sends request ${step.send}, which the manifest does not have`);
    return sendSuggested(ex, suggested);
  }
  if ('edit' in step) {
    const current = files[step.edit];
    if (current === undefined || !current.includes(step.replace)) throw new Error(`transcript step: "${step.replace}" is not in ${step.edit}`);
    files[step.edit] = current.replace(step.replace, step.with);
    await ex.session.writeFile(step.edit, files[step.edit]!);
    return { action: `edit ${step.edit}: ${JSON.stringify(step.replace)} → ${JSON.stringify(step.with)}` };
  }
  if ('restart' in step) {
    await ex.session.restart();
    await waitUntilSettled(ex);
    return { action: 'restart' };
  }
  if ('kill' in step) {
    // The first listening process of that role that has not exited (waiting for one, as a reader would).
    const live = () => {
      const exited = new Set(ex.events('exit').map((e) => e.pid));
      const listening = new Set(ex.events('listening').map((e) => e.pid));
      return ex.pids(step.kill).find((p) => !exited.has(p) && listening.has(p));
    };
    await ex.waitFor(() => live() !== undefined, 30_000, `a live ${step.kill} to send ${step.signal} to`);
    const pid = live()!;
    const result = await ex.session.kill(pid, step.signal);
    if (!result.ok) throw new Error(`transcript step: ${step.signal} to ${pid} failed: ${result.error}`);
    return { action: `kill ${step.kill} ${pid} with ${step.signal}` };
  }
  if ('starts' in step) {
    await ex.waitFor(() => ex.events('start').length >= step.starts, 10_000, `${step.starts} start markers`);
    await waitUntilSettled(ex);
    return null;
  }
  await sleep(step.wait);
  return null;
}

export async function recordExample(id: string): Promise<Transcript> {
  const ex = await runExample(id);
  try {
    const { example, session } = ex;
    await waitUntilSettled(ex);
    const steps: TranscriptStep[] = example.transcript ?? example.requests.map((_, i) => ({ send: i }));
    const requests: TranscriptEntry[] = [];
    const files = { ...example.files };
    for (const step of steps) {
      const entry = await runStep(ex, step, files);
      if (entry) requests.push(entry);
    }
    await sleep(example.settleMs ?? DEFAULT_SETTLE_MS);
    await session.stop();
    // Every answer must come from a process of this example; anything else means another server
    // took the port, and the transcript would show someone else's output.
    const own = new Set(ex.events('start').map((e) => e.pid));
    const foreign = requests
      .filter(isRequestEntry)
      .flatMap((r) => r.responses)
      .find((r) => 'pid' in r && r.pid !== null && own.size > 0 && !own.has(r.pid));
    if (foreign && 'pid' in foreign)
      throw new Error(`a response came from process ${foreign.pid}, which is not one of this example's (${[...own].join(', ')})`);
    return {
      id,
      hash: await exampleHash(example),
      node: process.version,
      ...(example.language === 'python' ? { python: pythonVersions() } : {}),
      recordedAt: new Date().toISOString(),
      command: commandLine(example.command),
      output: stripAnsi(ex.output()),
      requests,
      events: replayableEvents(session.events.list()),
    };
  } finally {
    await ex.close();
  }
}

export function writeTranscript(transcript: Transcript): string {
  mkdirSync(TRANSCRIPTS_PATH, { recursive: true });
  const path = join(TRANSCRIPTS_PATH, `${transcript.id}.json`);
  writeFileSync(path, JSON.stringify(transcript, null, 2) + '\n');
  return path;
}

async function main(args: string[]): Promise<number> {
  const known = listExampleIds();
  const ids = args.length > 0 ? args : known;
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length > 0) {
    console.error(`unknown example(s): ${unknown.join(', ')}\nknown: ${known.join(', ')}`);
    return 2;
  }
  let failed = 0;
  for (const id of ids) {
    try {
      const transcript = await recordExample(id);
      const errors = transcript.requests
        .filter(isRequestEntry)
        .flatMap((r) => r.responses)
        .filter((r) => 'error' in r).length;
      writeTranscript(transcript);
      console.log(`recorded ${id}: ${transcript.requests.length} request(s)${errors ? `, ${errors} without a response` : ''}`);
    } catch (err) {
      failed += 1;
      console.error(`could not record ${id}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return failed > 0 ? 1 : 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
