// Stands in for '@pagefind/default-ui' inside Starlight's Search component only (the build swaps
// the import: src/integration/defer-search.ts). Starlight creates Pagefind's UI when the browser is
// first idle, so every page downloads about 26 KB gzip of JS that most readers never use. This
// PagefindUI keeps Starlight's options and creates the real one on the first sign that the reader
// wants to search: a pointer on or focus of the Search button, a click on it, or Ctrl/Cmd+K.
type Options = { element: string } & Record<string, unknown>;

const isSearchShortcut = (e: KeyboardEvent) => (e.metaKey || e.ctrlKey) && e.key === 'k';

export class PagefindUI {
  constructor(options: Options) {
    const root = document.querySelector<HTMLElement>(options.element);
    const host = root?.closest('site-search');
    const button = host?.querySelector<HTMLButtonElement>('button[data-open-modal]');
    if (!root || !host || !button) return;

    let loading = false;
    const load = () => {
      if (loading) return;
      loading = true;
      void import('@pagefind/default-ui').then(
        ({ PagefindUI: Real }) => {
          stopListening();
          root.replaceChildren(); // a load failure's message, if any
          new Real(options);
          // The dialog may have opened before the UI existed: Starlight then had no input to focus.
          if (host.querySelector('dialog')?.open) root.querySelector('input')?.focus();
        },
        () => {
          loading = false; // the next sign of intent tries again
          root.replaceChildren();
          const message = document.createElement('p');
          message.className = 'lab-search-failed';
          message.setAttribute('role', 'status');
          message.textContent = 'Search could not load (the connection may have dropped). Close this and open Search again to retry.';
          root.append(message);
        },
      );
    };
    const onKey = (e: KeyboardEvent) => isSearchShortcut(e) && load();
    const stopListening = () => {
      for (const type of ['pointerenter', 'focus', 'click']) button.removeEventListener(type, load);
      window.removeEventListener('keydown', onKey);
    };
    for (const type of ['pointerenter', 'focus', 'click']) button.addEventListener(type, load);
    window.addEventListener('keydown', onKey);
    // Starlight creates this at the first idle moment, which on a busy machine can come after the
    // reader has already opened Search: the dialog is open and waiting, so load now.
    if (host.querySelector('dialog')?.open) load();
  }
}
