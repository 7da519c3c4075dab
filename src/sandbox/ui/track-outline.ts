// The track's outline (guides, their minutes and step ids) as every page embeds it with the sidebar
// (src/components/Sidebar.astro), for the sidebar marks and the Start here track to read.
import type { TrackOutline } from '../core/progress.ts';

export const OUTLINE_ID = 'lab-track-outline';

export function readOutline(): TrackOutline[] {
  try {
    return JSON.parse(document.getElementById(OUTLINE_ID)?.textContent ?? '[]') as TrackOutline[];
  } catch {
    return [];
  }
}
