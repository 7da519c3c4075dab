// The summary shown after a burst of requests (numbers from core/burst-summary.ts): one line of
// totals and latency, a "Requests per PID" table with a bar per process, and the status counts.
import type { BurstSummary } from '../core/burst-summary.ts';
import { formatLatency } from './format.ts';
import { h, headRow } from './dom.ts';

export function burstTotals(s: BurstSummary): string {
  const answered = s.count - s.errors;
  const parts = [`${s.count} request${s.count === 1 ? '' : 's'}`, `${answered} answered`, `${s.errors} without response`];
  if (s.p50 !== null && s.p95 !== null) parts.push(`p50 ${formatLatency(s.p50)}`, `p95 ${formatLatency(s.p95)}`);
  return parts.join(' · ');
}

export function burstStatuses(s: BurstSummary): string {
  return s.statuses.map(({ status, count }) => `${status === 'error' ? 'no response' : status} × ${count}`).join(', ');
}

/** The one sentence a screen reader hears after a burst: "20 answered by 2 processes". */
export function burstAnnouncement(s: BurstSummary): string {
  const answered = s.count - s.errors;
  const processes = s.perPid.length;
  const by = answered ? ` by ${processes} process${processes === 1 ? '' : 'es'}` : '';
  return `${answered} answered${by}${s.errors ? `, ${s.errors} without response` : ''}.`;
}

/** A fresh element for this summary; replace the previous one with it. */
export function renderBurstSummary(s: BurstSummary): HTMLElement {
  const answered = s.count - s.errors;
  const rows = s.perPid.map(({ pid, count }) => {
    const share = answered ? (100 * count) / answered : 0;
    const meter = h('span', { class: 'lab-tl-burst-meter' });
    meter.style.setProperty('--share', `${share}%`);
    meter.setAttribute('aria-hidden', 'true');
    return h('tr', {}, h('th', { scope: 'row' }, pid === null ? 'no x-pid' : String(pid)), h('td', { class: 'lab-tl-num' }, String(count)), h('td', {}, meter));
  });
  const root = h(
    'div',
    { class: 'lab-tl-burst' },
    h('p', { class: 'lab-tl-burst-totals' }, burstTotals(s)),
    h(
      'table',
      { class: 'lab-tl-table lab-tl-burst-table' },
      h('caption', {}, 'Requests per PID'),
      headRow('PID', 'Requests#', 'Share'),
      h('tbody', {}, ...rows),
    ),
    h('p', { class: 'lab-tl-burst-statuses' }, `Status codes: ${burstStatuses(s) || 'none'}`),
  );
  root.setAttribute('role', 'group');
  root.setAttribute('aria-label', 'Burst summary');
  return root;
}
