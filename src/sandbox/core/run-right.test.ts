// The page's side of the right to run: the inline script that takes the secret out of the printed
// address into this origin's storage, run as a browser runs it (a fresh global per page), and what
// the page presents afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createContext, runInContext } from 'node:vm';
import { CLAIM_SCRIPT, RIGHT_GLOBAL, RIGHT_KEY, heldRight, rightStorageProblem } from './run-right.ts';
import { MemoryStorage } from '../../test/memory-storage.ts';

interface Page {
  url: URL;
  local: MemoryStorage;
  session: MemoryStorage;
  replaced: string[];
  reloads: number;
  global: Record<string, unknown>;
  fire(event: string): void;
}

/** Load a page at `href` with these storages and run the claim script in it. */
function load(href: string, local = new MemoryStorage(), session = new MemoryStorage()): Page {
  const listeners = new Map<string, Array<() => void>>();
  const page: Page = {
    url: new URL(href),
    local,
    session,
    replaced: [],
    reloads: 0,
    global: {},
    fire: (event) => {
      for (const listener of listeners.get(event) ?? []) listener();
    },
  };
  const location = {
    get hash() {
      return page.url.hash;
    },
    set hash(value: string) {
      page.url.hash = value;
    },
    get pathname() {
      return page.url.pathname;
    },
    get search() {
      return page.url.search;
    },
    reload: () => page.reloads++,
  };
  const history = {
    state: { scroll: 1 },
    replaceState(state: unknown, _title: string, url: string) {
      assert.equal(state, history.state, 'the history state is kept');
      page.url = new URL(url, page.url);
      page.replaced.push(url);
    },
  };
  const context = createContext({
    location,
    history,
    localStorage: local,
    sessionStorage: session,
    URLSearchParams,
    addEventListener: (event: string, listener: () => void) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
  });
  runInContext('var window = this;', context);
  runInContext(CLAIM_SCRIPT, context);
  page.global = context as Record<string, unknown>;
  return page;
}

test('the printed address: the secret moves into localStorage and leaves the address, path and query kept', () => {
  const page = load('http://localhost:4321/live-examples/?runtime=local#lab-secret=abc_DEF-123');
  assert.equal(page.local.getItem(RIGHT_KEY), 'abc_DEF-123');
  assert.equal(page.url.href, 'http://localhost:4321/live-examples/?runtime=local');
  assert.deepEqual(page.replaced, ['/live-examples/?runtime=local']);
  assert.equal(page.global[RIGHT_GLOBAL], undefined);
});

test('a page without the secret changes nothing: share links and heading anchors keep their fragment', () => {
  for (const href of ['http://localhost:4321/guides/x/#example-hello~abc', 'http://localhost:4321/#top', 'http://localhost:4321/']) {
    const page = load(href);
    assert.equal(page.url.href, href);
    assert.equal(page.local.length, 0);
    assert.deepEqual(page.replaced, []);
  }
});

test('opening the printed address again, after a restart of the server, replaces the old right', () => {
  const local = new MemoryStorage();
  local.setItem(RIGHT_KEY, 'old');
  load('http://localhost:4321/#lab-secret=new', local);
  assert.equal(local.getItem(RIGHT_KEY), 'new');
});

test('a full localStorage: no exception; the right holds in this tab, and the page says why it may not elsewhere', () => {
  const local = new MemoryStorage();
  local.quota = 0;
  const page = load('http://localhost:4321/#lab-secret=abc', local);
  assert.equal(page.session.getItem(RIGHT_KEY), 'abc');
  assert.deepEqual({ ...(page.global[RIGHT_GLOBAL] as object) }, { value: 'abc', problem: 'QuotaExceededError' });
  assert.equal(page.url.hash, '', 'the secret still leaves the address');
});

test('both storages refuse: the right holds for this page only, in a global', () => {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  local.quota = session.quota = 0;
  const page = load('http://localhost:4321/#lab-secret=abc', local, session);
  assert.deepEqual({ ...(page.global[RIGHT_GLOBAL] as object) }, { value: 'abc', problem: 'QuotaExceededError' });
  assert.equal(page.url.hash, '');
});

test('the printed address opened over the same page (only the fragment changes): claimed on hashchange, then reloaded', () => {
  const page = load('http://localhost:4321/');
  page.url.hash = '#lab-secret=later';
  page.fire('hashchange');
  assert.equal(page.local.getItem(RIGHT_KEY), 'later');
  assert.equal(page.url.href, 'http://localhost:4321/');
  assert.equal(page.reloads, 1);
  page.url.hash = '#a-heading';
  page.fire('hashchange');
  assert.equal(page.reloads, 1, 'other fragments are left alone');
});

/** Run `body` with these as the page's globals (heldRight and rightStorageProblem read globals). */
function withGlobals(globals: Record<string, unknown>, body: () => void): void {
  const saved = Object.keys(globals).map((key) => [key, Object.getOwnPropertyDescriptor(globalThis, key)] as const);
  for (const [key, value] of Object.entries(globals)) Object.defineProperty(globalThis, key, { value, configurable: true, writable: true });
  try {
    body();
  } finally {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, key, descriptor);
      else delete (globalThis as Record<string, unknown>)[key];
    }
  }
}

test('what the page presents: claimed on this page, else this tab, else this origin', () => {
  const local = new MemoryStorage();
  const session = new MemoryStorage();
  withGlobals({ localStorage: local, sessionStorage: session, [RIGHT_GLOBAL]: undefined }, () => {
    assert.equal(heldRight(), null);
    local.setItem(RIGHT_KEY, 'origin');
    assert.equal(heldRight(), 'origin');
    session.setItem(RIGHT_KEY, 'tab');
    assert.equal(heldRight(), 'tab');
    (globalThis as Record<string, unknown>)[RIGHT_GLOBAL] = { value: 'page', problem: 'QuotaExceededError' };
    assert.equal(heldRight(), 'page');
  });
});

test('why a locked browser may be locked: a full storage is named, a healthy one is not', () => {
  const local = new MemoryStorage();
  withGlobals({ localStorage: local, [RIGHT_GLOBAL]: undefined }, () => {
    assert.equal(rightStorageProblem(), null);
    assert.equal(local.length, 0, 'the probe leaves nothing behind');
    local.quota = 10;
    assert.match(rightStorageProblem()!, /storage for this site is full/);
  });
  withGlobals({ localStorage: local, [RIGHT_GLOBAL]: { value: 'x', problem: 'SecurityError' } }, () => {
    assert.match(rightStorageProblem()!, /does not let this site keep data/);
  });
});
