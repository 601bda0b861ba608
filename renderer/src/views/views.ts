/**
 * The app's views, in navigation order. A view that is not built yet shows in the nav as "soon"; adding one is an
 * entry here with its component. Components load lazily (their own chunks), which also keeps this list free of
 * import cycles with the state that reads it.
 */
import type { Component } from 'svelte';
import type { Shortcut } from '../lib/shortcuts.js';

export type ViewId = 'library' | 'photos' | 'cull' | 'people' | 'review' | 'search' | 'training' | 'settings';

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** Single-letter glyph shown in the collapsed nav. */
  glyph: string;
  available: boolean;
  load?: () => Promise<{ default: Component }>;
  /** The view's keyboard shortcuts, listed by `?`. */
  shortcuts?: readonly Shortcut[];
}

const PHOTO_VIEWER_SHORTCUTS: readonly Shortcut[] = [
  { keys: ['←', '→'], does: 'Previous / next photo (photo open)' },
  { keys: ['+', '−'], does: 'Zoom in / out (or double-click the photo)' },
  { keys: ['0'], does: 'Fit the photo again' },
  { keys: ['Esc'], does: 'Close the name form, stop marking a face, then close the photo' },
];

const REVIEW_SHORTCUTS: readonly Shortcut[] = [
  { keys: ['Y', '→'], does: 'Yes, the same person' },
  { keys: ['N', '←'], does: 'No, not this person' },
  { keys: ['U'], does: 'Undo the last answer' },
];

const CULL_SHORTCUTS: readonly Shortcut[] = [
  { keys: ['P'], does: 'Pick the frame' },
  { keys: ['X'], does: 'Reject the frame' },
  { keys: ['U'], does: 'Unflag the frame' },
  { keys: ['0', '1', '2', '3', '4', '5'], does: 'Stars: none to five' },
  { keys: ['←', '→', '↑', '↓'], does: 'Move between frames' },
  { keys: ['Enter'], does: 'Open or close the burst in place' },
  { keys: ['Ctrl+Z'], does: 'Undo the last decision' },
];

export const VIEWS: readonly ViewEntry[] = [
  { id: 'library', label: 'Library', glyph: '▤', available: true, load: () => import('./LibraryView.svelte') },
  { id: 'photos', label: 'Photos', glyph: '▦', available: true, load: () => import('./PhotosView.svelte'), shortcuts: PHOTO_VIEWER_SHORTCUTS },
  { id: 'cull', label: 'Cull', glyph: '★', available: true, load: () => import('./CullView.svelte'), shortcuts: CULL_SHORTCUTS },
  { id: 'people', label: 'People', glyph: '☺', available: true, load: () => import('./PeopleView.svelte') },
  { id: 'review', label: 'Review', glyph: '?', available: true, load: () => import('./ReviewView.svelte'), shortcuts: REVIEW_SHORTCUTS },
  { id: 'search', label: 'Search', glyph: '⌕', available: true, load: () => import('./SearchView.svelte') },
  { id: 'training', label: 'Training', glyph: '∿', available: true, load: () => import('./TrainingView.svelte') },
  { id: 'settings', label: 'Settings', glyph: '⚙', available: true, load: () => import('./SettingsView.svelte') },
];
