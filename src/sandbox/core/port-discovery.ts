// Which port a sandbox's server really listens on. The sandbox gives it PORT, but a reader's own
// code may ignore that: the cluster example from the Node.js docs, pasted as-is, listens on 8000.
// Two sources say where a server listens, and either is enough:
// - the runtime (WebContainer's `port` event; on the local runtime, the runner reads the
//   listening sockets of the process tree), through RuntimeProcess.onListen;
// - a `[lab] listening port=N` marker the example prints.
// The session asks this module for the port to use and is told once when it changes.
import type { LabEvent } from './events.ts';

export interface PortChange {
  port: number;
  /** The port the sandbox asked for with PORT. */
  asked: number;
  source: 'runtime' | 'marker';
}

export class PortDiscovery {
  private readonly asked: number;
  private current: number;
  private readonly onChange: (change: PortChange) => void;
  /** Ports seen from each source; the asked port wins whenever the server uses it. */
  private readonly seen = new Set<number>();

  constructor(asked: number, onChange: (change: PortChange) => void) {
    this.asked = asked;
    this.current = asked;
    this.onChange = onChange;
  }

  get port(): number {
    return this.current;
  }

  /** A port the runtime saw the server (or one of its processes) open. */
  fromRuntime(port: number): void {
    this.offer(port, 'runtime');
  }

  /** A marker line of the server's output. */
  fromEvent(event: LabEvent): void {
    if (event.type === 'listening' && event.port !== undefined && Number.isInteger(event.port)) this.offer(event.port, 'marker');
  }

  private offer(port: number, source: PortChange['source']): void {
    if (port <= 0 || port > 65535) return;
    this.seen.add(port);
    // A server that listens where it was asked stays there; another port counts only while the
    // asked one is unused (a second port of a well-behaved example, say a debug port, changes nothing).
    // Adopted once: a later port (another sandbox's server on a shared WebContainer) changes nothing.
    if (this.seen.has(this.asked) || this.current !== this.asked) return;
    this.current = port;
    this.onChange({ port, asked: this.asked, source });
  }
}
