// A sandbox's recorded run is rendered when its disclosure opens, not with the page: its body comes
// as the text of a <noscript> (see src/components/Transcript.astro), which costs one element until
// then. Opening it (the reader, or the app when no runtime can start), or printing the page, turns that
// text into markup.
export function renderWhenOpened(details: HTMLDetailsElement): void {
  const render = (force = false) => {
    const body = details.querySelector(':scope > noscript');
    if ((!details.open && !force) || !body) return;
    const template = document.createElement('template');
    template.innerHTML = body.textContent ?? '';
    body.replaceWith(template.content);
  };
  details.addEventListener('toggle', () => render());
  // A printed page shows every recorded run (src/styles/print.css), opened or not.
  const forPrint = () => render(true);
  window.addEventListener('beforeprint', forPrint, { once: true });
  window.matchMedia('print').addEventListener('change', (event) => event.matches && forPrint());
  render();
}
