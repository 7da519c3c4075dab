// Runs a live example under real Node, through the same Session the sandbox uses in the page.
// The example tests and the transcript recorder start examples only through here.
import { readFileSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { MachineRuntime } from '../runner/machine-runtime.ts';
import { Session } from '../sandbox/core/session.ts';
import type { LabEvent, Role } from '../sandbox/core/events.ts';
import { loadExample } from './load.ts';
import type { Example } from '../sandbox/core/example.ts';

/**
 * The node the examples run under in tests: LAB_EXAMPLE_NODE=/path/to/node (CI runs them under
 * Node 20, WebContainer's default, as well as this one). The tests themselves need Node >= 22.6
 * (they are TypeScript); the examples only need the node they are spawned with.
 */
export const EXAMPLE_NODE = process.env.LAB_EXAMPLE_NODE || process.execPath;

export const AGENT_SOURCE = readFileSync(new URL('../sandbox/agent/agent.cjs', import.meta.url), 'utf8');

export interface RunningExample {
  example: Example;
  session: Session;
  runtime: MachineRuntime;
  /** Output so far, as text. */
  output(): string;
  /** Events so far of one type. */
  events<T extends LabEvent['type']>(type: T): Extract<LabEvent, { type: T }>[];
  /** Exits of the process `node` started (pid null), not the worker exits a primary reports. */
  serverExits(): Extract<LabEvent, { type: 'exit' }>[];
  /** PIDs of the processes that printed a start marker with this role, in start order. */
  pids(role: Role): number[];
  /** Resolve once `predicate` holds for the session (polls every 25 ms), or reject after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Have close() run `cleanup` first, before the example stops (the last one added runs first): for
   * what runs inside the example's runtime and must end before it, as a test's client (src/test/sandbox-client.ts). */
  beforeClose(cleanup: () => Promise<void>): void;
  /** Stop the example and remove its folder. Once: a second call waits for the first and does nothing more. */
  close(): Promise<void>;
}

export interface RunOptions {
  /** Files that replace or add to the example's own. */
  files?: Record<string, string>;
  sandbox?: boolean;
  /** The test this example runs for: it is closed once the test ends, passed or failed (t.after). */
  t?: TestContext;
}

export async function runExample(id: string, options: RunOptions = {}): Promise<RunningExample> {
  const example = loadExample(id);
  // In the OS sandbox when bwrap works here, as the local runner runs them. The sandbox's loopback is
  // its own: a test that needs a client of its own runs it beside the server (src/test/sandbox-client.ts).
  // Only the bench passes sandbox: false, for a fetch() from its own process to compare with.
  const runtime = new MachineRuntime({ node: EXAMPLE_NODE, sandbox: options.sandbox });
  const session = new Session(runtime, { ...example.files, ...options.files }, { dir: id, command: example.command, agentSource: AGENT_SOURCE });
  const cleanups: Array<() => Promise<void>> = [];
  let closing: Promise<void> | undefined;
  const running: RunningExample = {
    example,
    session,
    runtime,
    output: () => session.output.text(),
    events: (type) => session.events.list().filter((e) => e.type === type) as never,
    serverExits: () => running.events('exit').filter((e) => e.pid === null),
    pids: (role) =>
      running
        .events('start')
        .filter((s) => s.role === role)
        .map((s) => s.pid),
    waitFor: async (predicate, timeoutMs = 5000, what = 'condition') => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n--- output ---\n${session.output.text()}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    beforeClose: (cleanup) => void cleanups.push(cleanup),
    close: () =>
      (closing ??= (async () => {
        try {
          for (const cleanup of [...cleanups].reverse()) await cleanup();
        } finally {
          await session.dispose();
          await runtime.dispose();
        }
      })()),
  };
  // Registered before start(), so a start that hangs until the test's timeout is stopped as well.
  options.t?.after(() => running.close());
  try {
    await session.start();
    // The runtime can see the port open before the server's own lines have been read: they come on
    // another channel. Tests read the markers at once (the first start event's PID), so when the
    // server listens and prints a listening marker (content/examples/_shared/lab.js), wait for it;
    // the start marker is printed before it.
    const files = Object.values({ ...example.files, ...options.files }).join('\n');
    // A Python example's lab.py prints it from uvicorn's own log line.
    if (session.status === 'running' && (files.includes('lab.listening(') || example.language === 'python'))
      await running.waitFor(() => running.events('listening').length > 0, 10_000, "the server's [lab] listening line");
  } catch (err) {
    await running.close();
    throw err;
  }
  return running;
}

/** Start an example with one edit to one of its files (the first occurrence of `replace` becomes `by`),
 * as a reader typing would; throws when the text to replace is not in the file. */
export async function runEditedExample(
  id: string,
  file: string,
  replace: string,
  by: string,
  options: Omit<RunOptions, 'files'> = {},
): Promise<RunningExample> {
  const source = loadExample(id).files[file];
  if (source === undefined || !source.includes(replace)) throw new Error(`${id}/${file} does not contain ${JSON.stringify(replace)}`);
  return runExample(id, { ...options, files: { [file]: source.replace(replace, by) } });
}
