// Loopback checks shared by `npm start` and the local runner: the runner must only ever be
// reachable from this machine, and only through a loopback Host name (DNS rebinding defence).

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The hostname part of a Host header ("localhost:4321", "[::1]:80"), or null when malformed. */
export function hostnameOf(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d+))?$/.exec(hostHeader.trim());
  return match ? match[1]!.replace(/^\[|\]$/g, '') : null;
}
