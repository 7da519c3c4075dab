// DOM helpers for the sandbox UI: a tiny element builder (h('button', { type: 'button' }, 'Run')),
// unique ids for aria wiring, and table header rows.
type Attrs = Record<string, string | number | boolean | undefined | null>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Node | string | null | undefined | false>
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.className = String(value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

let nextId = 0;
export const uid = (prefix: string) => `${prefix}-${++nextId}`;

/** Column headers; a label ending in '#' heads a numeric, end-aligned column ('#' not shown). */
export function headRow(...labels: string[]): HTMLTableSectionElement {
  return h(
    'thead',
    {},
    h(
      'tr',
      {},
      ...labels.map((label) => (label.endsWith('#') ? h('th', { scope: 'col', class: 'lab-tl-num' }, label.slice(0, -1)) : h('th', { scope: 'col' }, label))),
    ),
  );
}
