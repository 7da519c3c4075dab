// Where everything on the timeline goes, as plain numbers: lanes, marks, request bars, session
// lines, ticks. No DOM here, so the geometry is unit-tested under Node; timeline-svg.ts only draws
// what this returns.
//
// Time runs left to right, but idle stretches longer than `gapMs` are cut out and drawn as a
// narrow break labelled with their length. A sandbox session is bursts of activity (a start, a
// burst of requests, a kill) separated by seconds of reading; on a linear axis the bursts would
// be specks. Within a stretch of activity the scale is linear.
import type { LabEvent } from '../../core/events.ts';
import { describeExit, describeRole, type ProcessRow } from '../../core/process-table.ts';
import { describeEvent, statusClass, type StatusClass } from './format.ts';
import { formatDuration, formatLatency } from '../format.ts';

export type ZoomMode = 'fit' | 'follow';

export interface LayoutOptions {
  /** The visible width in px; 'fit' squeezes everything into it. */
  width: number;
  mode: ZoomMode;
  /** Scale of 'follow' mode. Default 1 px per ms. */
  pxPerMs?: number;
  /** Idle stretches longer than this (ms) are cut out. Default 1000. */
  gapMs?: number;
}

export type PointKind = 'start' | 'thread' | 'listening' | 'mark';

export interface PointMark {
  kind: PointKind;
  x: number;
  title: string;
}
export interface RequestBar {
  x: number;
  y: number;
  w: number;
  cls: StatusClass;
  title: string;
  /** Requests this bar stands for: more than one when it is a burst's single mark. */
  count: number;
}
export interface LaneLayout {
  key: string;
  pid: number | null;
  label: string;
  /** Top of the lane (its label row). */
  y: number;
  height: number;
  /** The y of the lifeline and of the point marks. */
  lifeY: number;
  /** The process's life span on screen; null for the lane of unattributed events. */
  life: { x0: number; x1: number; fromBefore: boolean; alive: boolean; listening: boolean } | null;
  points: PointMark[];
  bars: RequestBar[];
  exit: { x: number; label: string; clean: boolean; title: string } | null;
}
export interface SessionLine {
  x: number;
  label: string;
  title: string;
  kind: 'run' | 'stop' | 'restart' | 'edit' | 'exit';
}
export interface Tick {
  x: number;
  label: string;
}
export interface Break {
  x: number;
  width: number;
  label: string;
  title: string;
}

export interface TimelineLayout {
  width: number;
  height: number;
  /** Time of the first event drawn; ticks count from it. */
  t0: number;
  t1: number;
  lanes: LaneLayout[];
  lines: SessionLine[];
  ticks: Tick[];
  breaks: Break[];
  /** Request bars drawn, all lanes. */
  requests: number;
  /** The scale inside stretches of activity. */
  pxPerMs: number;
}

export const GEOMETRY = {
  left: 8,
  right: 64, // room for an exit label after the last cross
  axis: 38, // two rows: ticks, then session labels (12 px text)
  label: 16,
  life: 14,
  track: 6,
  trackGap: 1,
  laneGap: 6,
  maxTracks: 4,
  minBar: 2,
  bottom: 4,
  /** Requests of one process this close together (px) are one burst... */
  burstGap: 3,
  /** ...drawn as one mark with a count when there are at least this many. */
  burstMin: 3,
} as const;

interface Segment {
  t0: number;
  t1: number;
  x0: number;
}

/** Stretches of activity: each event is an instant, a request spans its duration. */
export function activitySegments(events: readonly LabEvent[], gapMs: number): { t0: number; t1: number }[] {
  const spans = events.map((e) => [e.t, e.type === 'request' ? e.t + Math.max(0, e.ms) : e.t] as const).sort((a, b) => a[0] - b[0]);
  const out: { t0: number; t1: number }[] = [];
  for (const [a, b] of spans) {
    const last = out[out.length - 1];
    if (last && a - last.t1 <= gapMs) last.t1 = Math.max(last.t1, b);
    else out.push({ t0: a, t1: b });
  }
  return out;
}

/** A round step (1, 2 or 5 times a power of ten, in ms) at least `minMs` long. */
export function niceStep(minMs: number): number {
  const base = 10 ** Math.floor(Math.log10(Math.max(minMs, 1e-3)));
  for (const m of [1, 2, 5, 10]) if (base * m >= minMs) return base * m;
  return base * 10;
}

/** Text width estimate for the 12 px labels (no DOM to measure with). */
const textWidth = (s: string) => s.length * 7.2;

export function layoutTimeline(events: readonly LabEvent[], rows: readonly ProcessRow[], options: LayoutOptions): TimelineLayout {
  const G = GEOMETRY;
  const gapMs = options.gapMs ?? 1000;
  const stretches = activitySegments(events, gapMs);
  if (stretches.length === 0) {
    return { width: options.width, height: 0, t0: 0, t1: 0, lanes: [], lines: [], ticks: [], breaks: [], requests: 0, pxPerMs: options.pxPerMs ?? 1 };
  }
  const t0 = stretches[0]!.t0;
  const t1 = stretches[stretches.length - 1]!.t1;
  const n = stretches.length;
  const busy = stretches.reduce((sum, s) => sum + (s.t1 - s.t0), 0);

  // Horizontal scale: fit everything into the width, or a fixed scale that grows to the right.
  let gapPx = 40;
  let pad = 8;
  let k = options.pxPerMs ?? 1;
  if (options.mode === 'fit') {
    const usable = Math.max(0, options.width - G.left - G.right);
    gapPx = n > 1 ? clamp((0.3 * usable) / (n - 1), 6, 40) : 0;
    pad = clamp((0.1 * usable) / n, 2, 8);
    const remaining = usable - (n - 1) * gapPx - 2 * n * pad;
    k = busy > 0 && remaining > 0 ? remaining / busy : 0;
  }
  const segments: Segment[] = [];
  const breaks: Break[] = [];
  let x = G.left;
  stretches.forEach((s, i) => {
    if (i > 0) {
      const idle = s.t0 - stretches[i - 1]!.t1;
      breaks.push({ x, width: gapPx, label: gapPx >= 30 ? `≈${formatDuration(idle)}` : '', title: `${formatDuration(idle)} without events (not to scale)` });
      x += gapPx;
    }
    segments.push({ t0: s.t0, t1: s.t1, x0: x + pad });
    x += 2 * pad + (s.t1 - s.t0) * k;
  });
  const contentRight = x;
  const width = Math.max(options.width, Math.ceil(contentRight + G.right));

  const xOf = (t: number): number => {
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (segments[mid]!.t0 <= t) lo = mid;
      else hi = mid - 1;
    }
    const seg = segments[lo]!;
    return seg.x0 + (clamp(t, seg.t0, seg.t1) - seg.t0) * k;
  };

  // Ticks: each stretch's start, then round steps inside it where there is room.
  const ticks: Tick[] = [];
  let lastTickEnd = -Infinity;
  // Break labels sit in the same row as tick labels: a tick whose label would run into one is left out.
  const taken = breaks
    .filter((b) => b.label)
    .map((b) => [b.x + b.width / 2 - textWidth(b.label) / 2 - 4, b.x + b.width / 2 + textWidth(b.label) / 2 + 4] as const);
  const addTick = (tx: number, offset: number) => {
    const label = formatDuration(offset);
    const end = tx + 2 + textWidth(label);
    if (tx < lastTickEnd + 8 || taken.some(([a, b]) => tx < b && end > a)) return;
    ticks.push({ x: tx, label });
    lastTickEnd = tx + textWidth(label);
  };
  const step = k > 0 ? niceStep(80 / k) : Infinity;
  for (const seg of segments) {
    addTick(seg.x0, seg.t0 - t0);
    if (!Number.isFinite(step)) continue;
    for (let off = Math.ceil((seg.t0 - t0) / step) * step; off <= seg.t1 - t0; off += step) addTick(xOf(t0 + off), off);
  }

  // Lanes: the rows alive during the window, in the table's order, then one for unattributed events.
  const inWindow = rows.filter((r) => r.seenAt <= t1 && (r.exitedAt ?? Infinity) >= t0);
  const byPid = new Map<number, ProcessRow[]>();
  for (const row of inWindow) byPid.set(row.pid, [...(byPid.get(row.pid) ?? []), row]);
  const rowAt = (pid: number | null, t: number): ProcessRow | undefined => {
    const candidates = pid === null ? undefined : byPid.get(pid);
    if (!candidates) return undefined;
    return candidates.findLast((r) => Math.min(r.seenAt, r.startedAt ?? Infinity) <= t) ?? candidates[0];
  };
  const lanePoints = new Map<string, PointMark[]>();
  const laneBars = new Map<string, Omit<RequestBar, 'y'>[]>();
  const OTHER = 'unattributed';
  const lines: SessionLine[] = [];
  let requests = 0;
  for (const e of events) {
    if (e.type === 'session' || (e.type === 'exit' && e.pid === null)) {
      const kind = e.type === 'session' ? e.action : 'exit';
      const d = describeEvent(e);
      lines.push({ x: xOf(e.t), kind, label: kind, title: `${d.what}: ${d.detail}` });
      continue;
    }
    if (e.type === 'exit') continue; // drawn from the row, which knows how its process ended
    const row = rowAt(e.pid, e.t);
    const key = row?.key ?? OTHER;
    if (e.type === 'request') {
      requests++;
      const outcome = e.status === null ? `error${e.error ? ` (${e.error})` : ''}` : String(e.status);
      const list = laneBars.get(key) ?? [];
      list.push({
        x: xOf(e.t),
        // An error is drawn as an outline, which needs a little more width to read as a box.
        w: Math.max(e.status === null ? G.minBar + 2 : G.minBar, xOf(e.t + e.ms) - xOf(e.t)),
        cls: statusClass(e.status),
        title: `${e.path} → ${outcome} in ${formatLatency(e.ms)}${e.pid === null ? '' : `, pid ${e.pid}`}`,
        count: 1,
      });
      laneBars.set(key, list);
      continue;
    }
    const d = describeEvent(e);
    const kind: PointKind = e.type === 'start' ? (row && row.role !== e.role && e.role === 'thread' ? 'thread' : 'start') : e.type;
    const list = lanePoints.get(key) ?? [];
    list.push({ kind, x: xOf(e.t), title: `${d.what} (pid ${d.pid})${d.detail ? `: ${d.detail}` : ''}` });
    lanePoints.set(key, list);
  }

  const lanes: LaneLayout[] = [];
  let y = G.axis;
  const addLane = (key: string, pid: number | null, label: string, row: ProcessRow | null) => {
    const bars = mergeBursts(laneBars.get(key) ?? []);
    const tracks = assignTracks(bars);
    const trackCount = bars.length ? Math.max(...tracks) + 1 : 0;
    const lifeY = y + G.label + G.life / 2;
    const barTop = y + G.label + G.life;
    let life: LaneLayout['life'] = null;
    let exit: LaneLayout['exit'] = null;
    if (row) {
      const fromBefore = row.seenAt < t0;
      const ended = row.exitedAt !== undefined;
      life = {
        x0: fromBefore ? G.left : xOf(row.seenAt),
        x1: ended ? xOf(row.exitedAt!) : contentRight,
        fromBefore,
        alive: !ended,
        listening: row.state === 'listening' || row.listeningAt !== undefined,
      };
      if (ended) {
        const how = describeExit(row.code, row.signal);
        exit = {
          x: xOf(row.exitedAt!),
          label: how,
          clean: row.code === 0 || (row.exitedBy === 'server' && !row.signal && (row.code ?? 0) >= 128),
          title: row.exitedBy === 'server' ? `ended with the server (${how})` : `exited (${how})`,
        };
      }
    }
    const height = G.label + G.life + trackCount * (G.track + G.trackGap) + G.laneGap;
    lanes.push({
      key,
      pid,
      label,
      y,
      height,
      lifeY,
      life,
      exit,
      points: lanePoints.get(key) ?? [],
      bars: bars.map((b, i) => ({ ...b, y: barTop + tracks[i]! * (G.track + G.trackGap) })),
    });
    y += height;
  };
  for (const row of inWindow) addLane(row.key, row.pid, laneLabel(row), row);
  if (laneBars.has(OTHER) || lanePoints.has(OTHER)) addLane(OTHER, null, 'no known process (errors, or no x-pid header)', null);

  return { width, height: y + G.bottom, t0, t1, lanes, lines: labelLines(lines), ticks, breaks, requests, pxPerMs: k };
}

export function laneLabel(row: ProcessRow): string {
  const who = row.role === null ? `pid ${row.pid}` : `${describeRole(row)} ${row.pid}`;
  const answered = `${row.requests} request${row.requests === 1 ? '' : 's'}`;
  return `${who} · ${answered}${row.state === 'exited' ? ' · exited' : ''}`;
}

const SEVERITY: StatusClass[] = ['error', 's5xx', 's4xx', 's3xx', 's2xx'];

/** A burst to one process became stacked slivers, one per request. Requests of a lane that follow
 * each other within GEOMETRY.burstGap px become one mark instead, with their count, coloured by the
 * worst outcome among them; a lone request or two keep their own bars. Returns bars in x order. */
function mergeBursts(bars: readonly Omit<RequestBar, 'y'>[]): Omit<RequestBar, 'y'>[] {
  const sorted = [...bars].sort((a, b) => a.x - b.x);
  const groups: Omit<RequestBar, 'y'>[][] = [];
  let end = -Infinity;
  for (const bar of sorted) {
    const group = groups[groups.length - 1];
    if (group && bar.x <= end + GEOMETRY.burstGap) {
      group.push(bar);
      end = Math.max(end, bar.x + bar.w);
    } else {
      groups.push([bar]);
      end = bar.x + bar.w;
    }
  }
  return groups.flatMap((group) => {
    if (group.length < GEOMETRY.burstMin) return group;
    const x = group[0]!.x;
    const right = Math.max(...group.map((b) => b.x + b.w));
    const cls = SEVERITY.find((c) => group.some((b) => b.cls === c))!;
    const counts = SEVERITY.map((c) => [c, group.filter((b) => b.cls === c).length] as const).filter(([, n]) => n > 0);
    const outcomes = counts.map(([c, n]) => `${n} × ${c === 'error' ? 'no response' : c.slice(1)}`).join(', ');
    return [{ x, w: right - x, cls, count: group.length, title: `A burst of ${group.length} requests: ${outcomes}` }];
  });
}

/** Overlapping bars go on separate tracks (at most maxTracks; beyond it they overlap on the least busy one). */
export function assignTracks(bars: readonly { x: number; w: number }[]): number[] {
  const order = bars.map((_, i) => i).sort((a, b) => bars[a]!.x - bars[b]!.x);
  const ends: number[] = [];
  const out = new Array<number>(bars.length);
  for (const i of order) {
    const { x, w } = bars[i]!;
    let track = ends.findIndex((end) => end <= x);
    if (track < 0) track = ends.length < GEOMETRY.maxTracks ? ends.length : ends.indexOf(Math.min(...ends));
    ends[track] = x + w + 1;
    out[i] = track;
  }
  return out;
}

const LINE_PRIORITY: SessionLine['kind'][] = ['restart', 'stop', 'run', 'exit', 'edit'];

/** Session lines a few px apart (restart, stop, exit, run) merge into one, named by the most telling. */
function labelLines(lines: SessionLine[]): SessionLine[] {
  const sorted = [...lines].sort((a, b) => a.x - b.x);
  const groups: SessionLine[][] = [];
  for (const line of sorted) {
    const group = groups[groups.length - 1];
    if (group && line.x - group[0]!.x <= 6) group.push(line);
    else groups.push([line]);
  }
  let labelEnd = -Infinity;
  return groups.map((group) => {
    const kind = LINE_PRIORITY.find((p) => group.some((l) => l.kind === p))!;
    const x = group[0]!.x;
    const label = x >= labelEnd + 4 ? kind : '';
    if (label) labelEnd = x + 2 + textWidth(label);
    return { x, kind, label, title: group.map((l) => l.title).join('\n') };
  });
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
