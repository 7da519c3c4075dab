// Toolbar buttons that are unavailable for a moment (Run while running, Stop before a start) stay
// focusable: a `disabled` button that holds focus drops it to <body>, which left keyboard users
// lost after pressing Run or Stop. aria-disabled tells assistive technology it is unavailable, the
// click guard below makes that true, and CSS dims it like a disabled one.
export function setAvailable(button: HTMLButtonElement, available: boolean): void {
  if (available) button.removeAttribute('aria-disabled');
  else button.setAttribute('aria-disabled', 'true');
}

export const isAvailable = (button: Element): boolean => button.getAttribute('aria-disabled') !== 'true';
