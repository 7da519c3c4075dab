// Stop a sandbox's server the way a process manager does: SIGTERM first, so the example's
// shutdown handler runs, then a hard kill after a deadline. Where the runtime's kill() is always
// hard (WebContainer: it takes no signal), the SIGTERM goes through the request agent, which calls
// process.kill(pid) inside the runtime. The runtime's own kill() handles what comes after a hard
// kill that does not work (see runtimes/webcontainer.ts: the container is torn down).
import type { AgentClient } from './agent-client.ts';
import type { KillSignal, RuntimeProcess } from './runtime.ts';

/** How long a server may take to shut down after SIGTERM before it is killed. */
export const GRACE_MS = 3000;

export interface StopPlan {
  process: RuntimeProcess;
  signal: KillSignal;
  /** The runtime's kill() ignores the signal. */
  killIsHard: boolean;
  /** The server's own PID inside the runtime (from its first [lab] start marker), when known. */
  pid: number | null;
  agent: AgentClient | null;
  graceMs?: number;
}

/** Resolves once the process has exited. */
export async function gracefulStop(plan: StopPlan): Promise<void> {
  const { process: proc } = plan;
  if (plan.signal === 'SIGTERM' && plan.killIsHard && plan.pid !== null && plan.agent) {
    const sent = await plan.agent.kill(plan.pid, 'SIGTERM');
    if (sent.ok && (await exitsWithin(proc, plan.graceMs ?? GRACE_MS))) return;
    await proc.kill('SIGKILL');
  } else {
    await proc.kill(plan.signal);
  }
  await proc.exit;
}

function exitsWithin(proc: RuntimeProcess, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    proc.exit.then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
