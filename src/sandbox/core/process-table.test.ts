// The process table from event sequences shaped like real runs (captured from Session under
// real Node: a 2-worker cluster, a crash, a SIGKILL, node --watch, Restart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabEvent } from './events.ts';
import { ProcessTable, buildProcessTable, describeRole, describeState, isKillable, type ProcessRow } from './process-table.ts';

const T = 1_795_840_814_452;
const run = (t: number): LabEvent => ({ type: 'session', t: T + t, action: 'run' });
const start = (t: number, pid: number, role: 'single' | 'primary' | 'worker' | 'thread'): LabEvent => ({ type: 'start', t: T + t, pid, role });
const listening = (t: number, pid: number): LabEvent => ({ type: 'listening', t: T + t, pid, port: 35055 });
const request = (t: number, pid: number | null, status: number | null = 200, path = '/'): LabEvent => ({
  type: 'request',
  t: T + t,
  pid,
  ms: 9.5,
  status,
  path,
  ...(status === null ? { error: 'connect ECONNREFUSED' } : {}),
});
const exit = (t: number, pid: number | null, code: number | null, signal: string | null = null): LabEvent => ({ type: 'exit', t: T + t, pid, code, signal });

function clusterStartup(primary: number, w1: number, w2: number, at = 0): LabEvent[] {
  return [
    run(at),
    start(at + 61, primary, 'primary'),
    start(at + 132, w1, 'worker'),
    start(at + 140, w2, 'worker'),
    listening(at + 158, w2),
    { type: 'mark', t: T + at + 159, pid: w2, name: 'ready', fields: {} },
    listening(at + 161, w1),
  ];
}

/** A burst answered round-robin by `pids`. */
function burst(t: number, count: number, pids: number[]): LabEvent[] {
  return Array.from({ length: count }, (_, i) => request(t + i, pids[i % pids.length]!));
}

const byPid = (rows: ProcessRow[], pid: number) => rows.filter((r) => r.pid === pid);

test('a 2-worker cluster: three rows, a burst of 20 split between the two workers', () => {
  const rows = buildProcessTable([...clusterStartup(11269, 11282, 11283), ...burst(460, 20, [11283, 11282])]);
  assert.deepEqual(
    rows.map((r) => [r.pid, r.role, r.state]),
    [
      [11269, 'primary', 'starting'],
      [11282, 'worker', 'listening'],
      [11283, 'worker', 'listening'],
    ],
  );
  const workers = rows.filter((r) => r.role === 'worker');
  assert.equal(workers.length, 2);
  assert.deepEqual(
    workers.map((r) => r.requests),
    [10, 10],
  );
  assert.equal(
    workers.reduce((sum, r) => sum + r.requests, 0),
    20,
  );
  assert.equal(rows[0]!.requests, 0);
  assert.equal(describeState(rows[0]!), 'started, not listening'); // a primary never listens itself
  assert.equal(describeState(rows[1]!), 'listening');
  assert.equal(rows[1]!.startedAt, T + 132);
  assert.equal(rows[1]!.listeningAt, T + 161);
  assert.ok(rows.every((r) => r.run === 1 && isKillable(r, 1)));
});

test('kill + refork: the dead worker stays listed as exited, the new pid appears and answers', () => {
  const table = new ProcessTable();
  for (const e of [
    ...clusterStartup(11269, 11282, 11283),
    ...burst(460, 4, [11282, 11283]),
    exit(850, 11283, null, 'SIGKILL'), // the primary's lab.exited() after the reader's Kill
    start(900, 11290, 'worker'),
    listening(915, 11290),
    ...burst(1200, 6, [11282, 11290]),
  ])
    table.apply(e);
  const rows = table.rows;
  assert.deepEqual(
    rows.map((r) => [r.pid, r.state]),
    [
      [11269, 'starting'],
      [11282, 'listening'],
      [11283, 'exited'],
      [11290, 'listening'],
    ],
  );
  const dead = byPid(rows, 11283)[0]!;
  assert.equal(dead.signal, 'SIGKILL');
  assert.equal(dead.exitedAt, T + 850);
  assert.equal(dead.exitedBy, 'marker');
  assert.equal(dead.requests, 2);
  assert.equal(describeState(dead), 'exited (SIGKILL)');
  assert.equal(isKillable(dead, table.run), false);
  assert.equal(byPid(rows, 11290)[0]!.requests, 3);
  assert.equal(byPid(rows, 11282)[0]!.requests, 5);
});

test('no refork: a crashed worker exits with its code and the other one serves alone', () => {
  const rows = buildProcessTable([...clusterStartup(11269, 11282, 11283), request(523, 11282, 200, '/crash'), exit(543, 11282, 1), ...burst(826, 6, [11283])]);
  assert.equal(describeState(byPid(rows, 11282)[0]!), 'exited (code 1)');
  assert.equal(byPid(rows, 11282)[0]!.requests, 1);
  assert.equal(byPid(rows, 11283)[0]!.requests, 6);
  assert.deepEqual(
    rows.filter((r) => r.state !== 'exited').map((r) => r.pid),
    [11269, 11283],
  );
});

test('node --watch restart: the old pid exited (it printed its own exit marker), a new pid started', () => {
  const rows = buildProcessTable([
    run(0),
    start(313, 11590, 'single'),
    listening(323, 11590),
    request(366, 11590),
    exit(592, 11590, 0, 'SIGTERM'),
    start(845, 11597, 'single'),
    listening(853, 11597),
    request(1888, 11597),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.pid, r.state, r.requests]),
    [
      [11590, 'exited', 1],
      [11597, 'listening', 1],
    ],
  );
  assert.equal(describeState(rows[0]!), 'exited (SIGTERM)');
  assert.equal(rows[1]!.run, 1);
});

test('exit with pid null ends every live row of the current run; Restart starts a new run', () => {
  const table = new ProcessTable();
  for (const e of [
    ...clusterStartup(11269, 11282, 11283),
    exit(855, null, 143),
    { type: 'session', t: T + 1142, action: 'restart' } as LabEvent,
    ...clusterStartup(11303, 11310, 11311, 1145),
    ...burst(1657, 4, [11310, 11311]),
  ])
    table.apply(e);
  const [first, second] = [table.rows.slice(0, 3), table.rows.slice(3)];
  for (const row of first) {
    assert.equal(row.state, 'exited');
    assert.equal(row.exitedBy, 'server');
    assert.equal(row.code, 143);
    assert.equal(row.exitedAt, T + 855);
    assert.equal(describeState(row), 'exited (server ended, code 143)');
  }
  assert.equal(table.run, 2);
  assert.deepEqual(
    second.map((r) => [r.pid, r.run, r.state]),
    [
      [11303, 2, 'starting'],
      [11310, 2, 'listening'],
      [11311, 2, 'listening'],
    ],
  );
  assert.ok(second.every((r) => isKillable(r, table.run)));
  assert.ok(first.every((r) => !isKillable(r, table.run)));
});

test('exit with pid null spares a row of an older run (it is not the current server) and rows already exited', () => {
  const rows = buildProcessTable([run(0), start(1, 10, 'single'), exit(2, 10, 0, 'SIGTERM'), run(5), start(6, 20, 'single'), exit(9, null, 0)]);
  assert.equal(rows[0]!.exitedBy, 'marker');
  assert.equal(rows[0]!.signal, 'SIGTERM');
  assert.equal(rows[1]!.exitedBy, 'server');
});

test('no row is invented: a request without a pid belongs to nobody, a response proves its pid', () => {
  const rows = buildProcessTable([
    run(0),
    request(10, null, null),
    request(20, 4242),
    request(30, 4242),
    { type: 'mark', t: T + 40, pid: 5000, name: 'x', fields: {} },
  ]);
  assert.equal(rows.length, 1);
  assert.deepEqual(
    { pid: rows[0]!.pid, role: rows[0]!.role, state: rows[0]!.state, startedAt: rows[0]!.startedAt, seenAt: rows[0]!.seenAt, requests: rows[0]!.requests },
    { pid: 4242, role: null, state: 'listening', startedAt: null, seenAt: T + 20, requests: 2 },
  );
  assert.equal(describeRole(rows[0]!), 'unknown');
});

test('a start marker of a worker thread counts as a thread of its process, not a new row', () => {
  const rows = buildProcessTable([run(0), start(1, 77, 'single'), start(5, 77, 'thread'), start(6, 77, 'thread'), listening(8, 77), request(20, 77)]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.threads, 2);
  assert.equal(describeRole(rows[0]!), 'single + 2 threads');
});

test('a start marker arriving after other evidence fills in the role; a reused pid gets a new row', () => {
  const rows = buildProcessTable([run(0), listening(3, 9), start(4, 9, 'worker'), exit(10, 9, 1), start(20, 9, 'worker')]);
  assert.equal(rows.length, 2);
  assert.deepEqual([rows[0]!.role, rows[0]!.startedAt, rows[0]!.state], ['worker', T + 4, 'exited']);
  assert.deepEqual([rows[1]!.state, rows[1]!.startedAt], ['starting', T + 20]);
  assert.notEqual(rows[0]!.key, rows[1]!.key);
});

test('a response that arrives after its process exited still counts for that row; a duplicate exit changes nothing', () => {
  const rows = buildProcessTable([run(0), start(1, 5, 'worker'), exit(50, 5, 0, 'SIGTERM'), exit(51, 5, null, 'SIGKILL'), request(10, 5)]);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.requests, 1);
  assert.equal(rows[0]!.signal, 'SIGTERM');
});

test('an exit marker for an unknown pid gives an exited row of unknown role', () => {
  const rows = buildProcessTable([run(0), exit(5, 31, 1)]);
  assert.deepEqual(
    rows.map((r) => [r.pid, r.role, r.state, r.code]),
    [[31, null, 'exited', 1]],
  );
});

test('the table is bounded: the oldest exited rows go first, live rows stay', () => {
  const table = new ProcessTable(5);
  table.apply(run(0));
  table.apply(start(1, 1, 'primary'));
  for (let pid = 100; pid < 120; pid++) {
    table.apply(start(pid, pid, 'worker'));
    table.apply(exit(pid, pid, 1));
  }
  table.apply(start(200, 200, 'worker'));
  assert.equal(table.rows.length, 5);
  assert.deepEqual(
    table.rows.map((r) => r.pid),
    [1, 117, 118, 119, 200],
  );
  assert.equal(table.dropped, 17);
});
