// Who the OS sandbox runs as on this machine. Started by a user, bwrap runs as that user and maps it to
// an unprivileged uid inside. Started as root (containers, CI), bwrap would map the sandbox to host
// root: no capabilities, but root's files and root-only kernel knobs (a red team wrote
// /proc/sys/kernel/core_pattern that way). So a root runner starts the sandbox as uid 65534 (nobody)
// instead, and root is never root inside.
import { spawnSync } from 'node:child_process';

export const SANDBOX_UID = 65534;
export const SANDBOX_GID = 65534;

export const runnerIsRoot = (): boolean => process.getuid?.() === 0;

/** The command, prefixed to run as the sandbox user when this process is root. */
export function asSandboxUser(command: string[]): string[] {
  return runnerIsRoot() ? ['setpriv', `--reuid=${SANDBOX_UID}`, `--regid=${SANDBOX_GID}`, '--clear-groups', '--', ...command] : command;
}

/** The command runs (exit 0) as the sandbox user: it can reach and execute everything it needs. */
export function runsAsSandboxUser(file: string, args: string[]): boolean {
  const [cmd, ...rest] = asSandboxUser([file, ...args]);
  return spawnSync(cmd!, rest, { stdio: 'ignore', timeout: 10_000, env: { PATH: '/usr/bin:/bin' } }).status === 0;
}
