/**
 * The app's views, in navigation order. A view that is not built yet shows in the nav as "soon"; adding one is an
 * entry here with its component. Components load lazily (their own chunks), which also keeps this list free of
 * import cycles with the state that reads it.
 */
import type { Component } from 'svelte';

export type ViewId = 'library' | 'photos' | 'cull' | 'people' | 'review' | 'search' | 'training' | 'settings';

export interface ViewEntry {
  id: ViewId;
  label: string;
  /** Single-letter glyph shown in the collapsed nav. */
  glyph: string;
  available: boolean;
  load?: () => Promise<{ default: Component }>;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'library', label: 'Library', glyph: '▤', available: true, load: () => import('./LibraryView.svelte') },
  { id: 'photos', label: 'Photos', glyph: '▦', available: true, load: () => import('./PhotosView.svelte') },
  { id: 'cull', label: 'Cull', glyph: '★', available: true, load: () => import('./CullView.svelte') },
  { id: 'people', label: 'People', glyph: '☺', available: true, load: () => import('./PeopleView.svelte') },
  { id: 'review', label: 'Review', glyph: '?', available: true, load: () => import('./ReviewView.svelte') },
  { id: 'search', label: 'Search', glyph: '⌕', available: true, load: () => import('./SearchView.svelte') },
  { id: 'training', label: 'Training', glyph: '∿', available: true, load: () => import('./TrainingView.svelte') },
  { id: 'settings', label: 'Settings', glyph: '⚙', available: true, load: () => import('./SettingsView.svelte') },
];
