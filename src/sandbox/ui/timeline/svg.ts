// Draws a TimelineLayout (timeline-layout.ts) as SVG. Only shapes and classes here: positions come
// from the layout, colours from timeline.css, so the picture follows Starlight's light/dark theme.
import { GEOMETRY, type LaneLayout, type TimelineLayout } from './layout.ts';

const NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number>;

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Attrs, title?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, typeof v === 'number' ? String(Math.round(v * 10) / 10) : v);
  if (title) {
    const t = document.createElementNS(NS, 'title');
    t.textContent = title;
    node.append(t);
  }
  return node;
}

function text(x: number, y: number, cls: string, content: string, anchor: 'start' | 'middle' = 'start'): SVGTextElement {
  const node = el('text', { x, y, class: cls, 'text-anchor': anchor });
  node.textContent = content;
  return node;
}

/** Replace the svg's contents with the drawing of `layout`. */
export function drawTimeline(svg: SVGSVGElement, layout: TimelineLayout): void {
  const { width, height } = layout;
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const bottom = height - GEOMETRY.bottom;
  const parts: SVGElement[] = [];

  layout.lanes.forEach((lane, i) => {
    if (i % 2) parts.push(el('rect', { x: 0, y: lane.y, width, height: lane.height, class: 'lab-tl-lane-bg' }));
  });
  for (const b of layout.breaks) {
    parts.push(el('rect', { x: b.x, y: 0, width: b.width, height: bottom, class: 'lab-tl-break' }, b.title));
    if (b.label) parts.push(text(b.x + b.width / 2, 13, 'lab-tl-break-label', b.label, 'middle'));
  }
  for (const t of layout.ticks) {
    parts.push(el('line', { x1: t.x, x2: t.x, y1: 16, y2: bottom, class: 'lab-tl-grid' }));
    parts.push(text(t.x + 2, 13, 'lab-tl-tick', t.label));
  }
  for (const line of layout.lines) {
    parts.push(el('line', { x1: line.x, x2: line.x, y1: 18, y2: bottom, class: `lab-tl-session lab-tl-session--${line.kind}` }, line.title));
    if (line.label) parts.push(text(line.x + 2, 31, `lab-tl-session-label lab-tl-session-label--${line.kind}`, line.label));
  }
  const detailed = layout.requests <= DETAILED_BARS;
  for (const lane of layout.lanes) parts.push(drawLane(lane, detailed));
  svg.replaceChildren(...parts);
}

/**
 * Up to this many request bars, each is its own rect with a tooltip. Beyond it, a lane's bars of one
 * status class are one path (a few nodes instead of thousands), with a count as its tooltip.
 */
export const DETAILED_BARS = 300;

function drawBars(g: SVGGElement, lane: LaneLayout, detailed: boolean): void {
  if (detailed) {
    for (const b of lane.bars) {
      g.append(el('rect', { x: b.x, y: b.y, width: b.w, height: GEOMETRY.track, rx: 1, class: `lab-tl-req lab-tl-req--${b.cls}` }, b.title));
      // A burst is one mark: its count follows it.
      if (b.count > 1) g.append(text(b.x + b.w + 3, b.y + GEOMETRY.track + 3, 'lab-tl-burst-count', `×${b.count}`));
    }
    return;
  }
  const paths = new Map<string, { d: string[]; count: number }>();
  const r = (v: number) => Math.round(v * 10) / 10;
  for (const b of lane.bars) {
    const p = paths.get(b.cls) ?? { d: [], count: 0 };
    p.d.push(`M${r(b.x)} ${r(b.y)}h${r(b.w)}v${GEOMETRY.track}h${-r(b.w)}z`);
    p.count++;
    paths.set(b.cls, p);
  }
  for (const [cls, p] of paths) {
    const what = cls === 'error' ? 'without response' : cls.slice(1);
    g.append(
      el(
        'path',
        { d: p.d.join(''), class: `lab-tl-req lab-tl-req--${cls}` },
        `${p.count} request${p.count === 1 ? '' : 's'} ${what} (details in the Lifecycle events table)`,
      ),
    );
  }
}

function drawLane(lane: LaneLayout, detailed: boolean): SVGGElement {
  const g = el('g', { class: 'lab-tl-lane' });
  const y = lane.lifeY;
  if (lane.life) {
    const { x0, x1, alive, listening, fromBefore } = lane.life;
    g.append(el('line', { x1: x0, x2: x1, y1: y, y2: y, class: `lab-tl-life${listening ? '' : ' lab-tl-life--starting'}` }));
    if (fromBefore)
      g.append(el('path', { d: `M${x0 + 5} ${y - 4}L${x0} ${y}L${x0 + 5} ${y + 4}`, class: 'lab-tl-life-edge' }, 'started before the first event shown'));
    if (alive) g.append(el('path', { d: `M${x1 - 5} ${y - 4}L${x1} ${y}L${x1 - 5} ${y + 4}`, class: 'lab-tl-life-edge' }, 'still running'));
  }
  drawBars(g, lane, detailed);
  for (const p of lane.points) {
    const x = p.x;
    switch (p.kind) {
      case 'start':
        g.append(el('path', { d: `M${x - 1} ${y - 6}L${x + 7} ${y}L${x - 1} ${y + 6}Z`, class: 'lab-tl-start' }, p.title));
        break;
      case 'thread':
        g.append(el('path', { d: `M${x} ${y - 4}L${x + 5} ${y}L${x} ${y + 4}Z`, class: 'lab-tl-thread' }, p.title));
        break;
      case 'listening':
        g.append(el('circle', { cx: x, cy: y, r: 4, class: 'lab-tl-listening' }, p.title));
        break;
      case 'mark':
        g.append(el('circle', { cx: x, cy: y, r: 3, class: 'lab-tl-mark' }, p.title));
        break;
    }
  }
  if (lane.exit) {
    const { x, label, clean, title } = lane.exit;
    g.append(
      el(
        'path',
        { d: `M${x - 4} ${y - 4}L${x + 4} ${y + 4}M${x - 4} ${y + 4}L${x + 4} ${y - 4}`, class: `lab-tl-exit${clean ? '' : ' lab-tl-exit--bad'}` },
        title,
      ),
    );
    g.append(text(x + 7, y + 4, `lab-tl-exit-label${clean ? '' : ' lab-tl-exit-label--bad'}`, label));
  }
  return g;
}

/** The lane labels, drawn in HTML over the scrolling picture so they stay in view when it scrolls. */
export function drawLaneLabels(box: HTMLElement, layout: TimelineLayout): void {
  box.style.height = `${layout.height}px`;
  box.replaceChildren(
    ...layout.lanes.map((lane) => {
      const span = document.createElement('span');
      span.className = `lab-tl-label${lane.exit ? ' lab-tl-label--exited' : ''}`;
      span.style.top = `${lane.y}px`;
      span.textContent = lane.label;
      return span;
    }),
  );
}
