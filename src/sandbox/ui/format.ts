// How times and durations read in the sandbox UI (timeline, events table, burst summary). Pure, so
// the text that screen readers and tests read is tested.

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds: "14:03:05.120". */
export function formatClock(t: number): string {
  const d = new Date(t);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** A span of time, short: "0 ms", "120 ms", "1.25 s", "12.5 s", "3 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) {
    const s = ms / 1000;
    return `${Number(s.toFixed(s < 10 ? 2 : 1))} s`;
  }
  const min = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return s ? `${min} min ${s} s` : `${min} min`;
}

/** A request's latency as shown to the reader: "3 ms", "0.4 ms", "1.52 s". */
export function formatLatency(ms: number): string {
  if (ms < 1) return `${Number(ms.toFixed(1))} ms`;
  return formatDuration(ms);
}
