// The static code's copy button (Expressive Code's "Copy to clipboard") goes away with the static
// code on activation; the editor gets the same button, copying what the editor holds now.
import { h } from './dom.ts';

const SHOWN_MS = 1500;

export function copyButton(text: () => string): HTMLButtonElement {
  const button = h('button', { type: 'button', class: 'lab-copy', title: 'Copy to clipboard' }, 'Copy');
  button.setAttribute('aria-label', 'Copy to clipboard');
  button.addEventListener('click', async () => {
    let done: string;
    try {
      await navigator.clipboard.writeText(text());
      done = 'Copied';
    } catch {
      done = 'Select and copy by hand';
    }
    button.textContent = done;
    setTimeout(() => {
      button.textContent = 'Copy';
    }, SHOWN_MS);
  });
  return button;
}
