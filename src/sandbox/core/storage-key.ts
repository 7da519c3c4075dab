// Where a sandbox's edits live in localStorage. Its own module so that the page's small loader can
// check for saved edits without pulling in the persistence code, which loads with the sandbox.
export const storageKey = (id: string): string => `lifecycle-lab:edits:${id}`;
