// Request/reply bookkeeping for a line- or message-based channel: give each call an id, route the
// answers that carry it back to the caller, and fail everything still waiting when the channel
// closes. The request agent's client, the local runtime's WebSocket client and the runner's test
// client all speak this way.

export interface Waiter<M> {
  /** One answer for this id (a burst gets several; the caller says when it is done). */
  reply(message: M): void;
  /** The channel closed before the call was done. */
  fail(reason: string): void;
}

export class Correlator<M> {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter<M>>();
  /** Why the channel closed, once it has: every later call fails with it at once. */
  closed: string | null = null;

  /** Reserve an id for a call. When the channel is already closed, the waiter fails at once. */
  open(waiter: Waiter<M>): number {
    const id = this.nextId++;
    if (this.closed !== null) waiter.fail(this.closed);
    else this.waiting.set(id, waiter);
    return id;
  }

  /** Route an answer to its caller. False when no call waits for this id (late, or not ours). */
  deliver(id: number, message: M): boolean {
    const waiter = this.waiting.get(id);
    waiter?.reply(message);
    return waiter !== undefined;
  }

  /** The call is done: later answers with its id are ignored. */
  finish(id: number): void {
    this.waiting.delete(id);
  }

  /**
   * One call, one answer, as a promise. `send` writes the request; a close rejects with its reason.
   * With `timeout`, a call with no answer in time is given up and rejects with its message.
   */
  request(send: (id: number) => void, timeout?: { ms: number; message: string }): Promise<M> {
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const id = this.open({
        reply: (message) => {
          clearTimeout(timer);
          this.finish(id);
          resolve(message);
        },
        fail: (reason) => {
          clearTimeout(timer);
          reject(new Error(reason));
        },
      });
      if (this.closed !== null) return;
      if (timeout)
        timer = setTimeout(() => {
          this.finish(id);
          reject(new Error(timeout.message));
        }, timeout.ms);
      send(id);
    });
  }

  /** The channel is gone: fail every call still waiting, and every later one. */
  close(reason: string): void {
    if (this.closed !== null) return;
    this.closed = reason;
    const waiting = [...this.waiting.values()];
    this.waiting.clear();
    for (const waiter of waiting) waiter.fail(reason);
  }

  get size(): number {
    return this.waiting.size;
  }
}
