// What a session learns from its server's output and from the runtime, one row per case: when it
// counts as listening, where requests go, which PID a graceful stop signals, and what is reported.
// The process is a plain object here: the sessions over real processes are tested in
// session.test.ts and port-discovery.session.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RuntimeProcess } from './runtime.ts';
import { ServerWatch } from './server-watch.ts';

const ASKED = 4001;

/** A server process that prints the given chunks, reports the given listening ports, then exits. */
function serverThat(steps: Array<{ out: string } | { listen: number } | { exit: number }>) {
  let output: (chunk: string) => void = () => {};
  let listen: (port: number) => void = () => {};
  let exit: (code: number) => void = () => {};
  const proc: RuntimeProcess = {
    onOutput: (l) => (output = l),
    onListen: (l) => (listen = l),
    exit: new Promise<number>((r) => (exit = r)),
    write: () => {},
    kill: async () => {},
  };
  const play = async () => {
    for (const step of steps) {
      if ('out' in step) output(step.out);
      else if ('listen' in step) listen(step.listen);
      else exit(step.exit);
      await new Promise((r) => setImmediate(r));
    }
  };
  return { proc, play };
}

interface Row {
  name: string;
  steps: Array<{ out: string } | { listen: number } | { exit: number }>;
  current?: boolean;
  listens: boolean;
  port: number;
  pid: number | null;
  moved?: number;
  events?: string[];
}

const rows: Row[] = [
  {
    name: 'the marker on the asked port',
    steps: [{ out: '[lab] start pid=9 role=single\n' }, { out: `[lab] listening pid=9 port=${ASKED}\n` }],
    listens: true,
    port: ASKED,
    pid: 9,
    events: ['start', 'listening'],
  },
  {
    name: 'a marker split across two chunks, with colour codes',
    steps: [{ out: '\x1b[32m[lab] listen' }, { out: `ing pid=9 port=${ASKED}\x1b[0m\nhello\n` }],
    listens: true,
    port: ASKED,
    pid: null,
    events: ['listening'],
  },
  { name: 'a marker without a port', steps: [{ out: '[lab] listening pid=9\n' }], listens: true, port: ASKED, pid: null },
  { name: 'the runtime saw the asked port open, no marker', steps: [{ out: 'up\n' }, { listen: ASKED }], listens: true, port: ASKED, pid: null, events: [] },
  { name: 'code that ignores PORT, found by the runtime', steps: [{ listen: 8000 }], listens: true, port: 8000, pid: null, moved: 8000 },
  {
    name: 'code that ignores PORT, said by its marker',
    steps: [{ out: '[lab] listening pid=9 port=8000\n' }],
    listens: true,
    port: 8000,
    pid: null,
    moved: 8000,
  },
  {
    name: 'a second port after the asked one moves nothing (a debug port)',
    steps: [{ listen: ASKED }, { listen: 9229 }],
    listens: true,
    port: ASKED,
    pid: null,
  },
  {
    name: 'a last marker printed without a newline, read at exit',
    steps: [{ out: `[lab] listening pid=9 port=${ASKED}` }, { exit: 0 }],
    listens: true,
    port: ASKED,
    pid: null,
  },
  { name: 'output that is not a marker', steps: [{ out: 'listening on 4001\n' }, { exit: 1 }], listens: false, port: ASKED, pid: null, events: [] },
  {
    name: 'a replaced server: no PID taken and no move reported, its events still kept',
    steps: [{ out: '[lab] start pid=9 role=single\n' }, { listen: 8000 }],
    current: false,
    listens: true,
    port: 8000,
    pid: null,
    events: ['start'],
  },
  {
    name: 'only the first start marker gives the PID (workers print theirs)',
    steps: [{ out: '[lab] start pid=9 role=primary\n[lab] start pid=10 role=worker\n' }],
    listens: false,
    port: ASKED,
    pid: 9,
  },
];

for (const row of rows) {
  test(`server watch: ${row.name}`, async () => {
    const { proc, play } = serverThat(row.steps);
    const events: string[] = [];
    const moves: number[] = [];
    let printed = '';
    let exited: number | null = null;
    const watch = new ServerWatch(proc, ASKED, {
      now: () => 0,
      current: () => row.current ?? true,
      output: (chunk) => (printed += chunk),
      event: (event) => events.push(event.type),
      moved: (change) => moves.push(change.port),
      exit: (code) => (exited = code),
    });
    let listened = false;
    void watch.listening.then(() => (listened = true));
    await play();
    await new Promise((r) => setImmediate(r));
    assert.equal(listened, row.listens, 'listening');
    assert.equal(watch.port, row.port, 'port');
    assert.equal(watch.pid, row.pid, 'pid');
    assert.deepEqual(moves, row.moved === undefined ? [] : [row.moved], 'moves reported');
    if (row.events) assert.deepEqual(events, row.events, 'events');
    // Every chunk reaches the output as printed, markers included.
    assert.equal(printed, row.steps.flatMap((s) => ('out' in s ? [s.out] : [])).join(''));
    const exit = row.steps.find((s) => 'exit' in s);
    assert.equal(exited, exit && 'exit' in exit ? exit.exit : null, 'exit reported');
  });
}
