// Where the track's progress lives and how a change is announced. A module of its own, with nothing
// else in it, because every page's sidebar imports it to decide whether to load the marks' code.
/** The localStorage key of the progress record (progress.ts reads and writes it). */
export const PROGRESS_KEY = 'lab:track:v1';
/** Fired on window when a sandbox or the Start here track changed the progress in this tab. */
export const PROGRESS_EVENT = 'lab:progress';
