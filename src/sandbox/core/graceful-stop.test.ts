// The stop sequence with processes whose answers to signals are chosen per test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KillSignal, RuntimeProcess } from './runtime.ts';
import type { AgentClient, RequestResult } from './agent-client.ts';
import { gracefulStop } from './graceful-stop.ts';

/** A process that exits on the signals in `diesOn`; records every kill it sees. */
function proc(diesOn: Array<KillSignal | 'agent-SIGTERM'>) {
  const log: string[] = [];
  let resolve!: (code: number) => void;
  const exit = new Promise<number>((r) => (resolve = r));
  const p: RuntimeProcess = {
    onOutput: () => {},
    exit,
    write: () => {},
    kill: async (signal = 'SIGTERM') => {
      log.push(`kill ${signal}`);
      if (diesOn.includes(signal)) resolve(137);
      await exit;
    },
  };
  const agent = {
    kill: async (pid: number, signal: KillSignal): Promise<RequestResult> => {
      log.push(`agent ${signal} ${pid}`);
      if (diesOn.includes('agent-SIGTERM')) setTimeout(() => resolve(0), 5);
      return { ok: true };
    },
  } as unknown as AgentClient;
  return { p, agent, log };
}

test('hard-kill runtime: SIGTERM goes through the agent, and a server that shuts down is not killed', async () => {
  const { p, agent, log } = proc(['agent-SIGTERM', 'SIGKILL']);
  await gracefulStop({ process: p, signal: 'SIGTERM', killIsHard: true, pid: 42, agent, graceMs: 500 });
  assert.deepEqual(log, ['agent SIGTERM 42']);
  assert.equal(await p.exit, 0);
});

test('hard-kill runtime: a server that ignores SIGTERM is killed after the grace period', async () => {
  const { p, agent, log } = proc(['SIGKILL']);
  const t0 = Date.now();
  await gracefulStop({ process: p, signal: 'SIGTERM', killIsHard: true, pid: 42, agent, graceMs: 50 });
  assert.ok(Date.now() - t0 >= 45);
  assert.deepEqual(log, ['agent SIGTERM 42', 'kill SIGKILL']);
});

test('with no PID known, or a runtime with real signals, the runtime kill gets the signal', async () => {
  const a = proc(['SIGTERM', 'SIGKILL']);
  await gracefulStop({ process: a.p, signal: 'SIGTERM', killIsHard: true, pid: null, agent: a.agent });
  assert.deepEqual(a.log, ['kill SIGTERM']);
  const b = proc(['SIGTERM']);
  await gracefulStop({ process: b.p, signal: 'SIGTERM', killIsHard: false, pid: 42, agent: b.agent });
  assert.deepEqual(b.log, ['kill SIGTERM']);
});
