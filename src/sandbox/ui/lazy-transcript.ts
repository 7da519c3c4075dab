// A sandbox's recorded run is rendered when its disclosure opens, not with the page: its body comes
// as the text of a <noscript> (see src/components/Transcript.astro), which costs one element until
// then. Opening it (the reader, or the app when no runtime can start) turns that text into markup.
export function renderWhenOpened(details: HTMLDetailsElement): void {
  const render = () => {
    const body = details.querySelector(':scope > noscript');
    if (!details.open || !body) return;
    const template = document.createElement('template');
    template.innerHTML = body.textContent ?? '';
    body.replaceWith(template.content);
  };
  details.addEventListener('toggle', render);
  render();
}
