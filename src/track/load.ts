// Reads the onboarding track (content/track.json) at build time, with each guide's title from its
// page and its time as Start here states it (components/reading-time.ts). Used by the Start here track, the
// sidebar marks, each Sandbox (its steps) and the track's tests, so all see the same track.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR } from '../examples/load.ts';
import { guideTime } from '../components/reading-time.ts';
import type { TrackOutline } from '../sandbox/core/progress.ts';
import type { SandboxStep, TrackGuide } from '../sandbox/core/track.ts';

const CONTENT_DIR = join(EXAMPLES_DIR, '..');
export const TRACK_PATH = join(CONTENT_DIR, 'track.json');
export const DOCS_DIR = join(CONTENT_DIR, 'docs');

export interface GuideOnTrack extends TrackGuide {
  title: string;
  /** Reading plus trying (components/reading-time.ts, as GuideTime shows it). */
  minutes: number;
}

export function guideSource(slug: string): string {
  return readFileSync(join(DOCS_DIR, `${slug}.mdx`), 'utf8');
}

export function frontmatterTitle(source: string): string {
  const title = /^---\n[\s\S]*?^title:\s*(.+)$[\s\S]*?^---$/m.exec(source)?.[1];
  if (!title) throw new Error('page has no title in its frontmatter');
  return title.trim().replace(/^(['"])(.*)\1$/, '$2');
}

export function loadTrack(): GuideOnTrack[] {
  const { guides } = JSON.parse(readFileSync(TRACK_PATH, 'utf8')) as { guides: TrackGuide[] };
  return guides.map((guide) => {
    const source = guideSource(guide.slug);
    const time = guideTime(source);
    return { ...guide, title: frontmatterTitle(source), minutes: time.readMinutes + time.exampleMinutes };
  });
}

/** Just the ids the sidebar marks and the summary need. */
export function trackOutline(track = loadTrack()): TrackOutline[] {
  return track.map((g) => ({ slug: g.slug, title: g.title, minutes: g.minutes, steps: g.steps.map((s) => s.id) }));
}

/** The track steps done in one example, wherever it is embedded. */
export function stepsForExample(example: string, track = loadTrack()): SandboxStep[] {
  return track.flatMap((guide) => guide.steps.filter((s) => s.example === example).map((step) => ({ guide: guide.slug, guideTitle: guide.title, step })));
}
