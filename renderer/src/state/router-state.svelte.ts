/**
 * Which view is showing, kept in the URL's hash (`#/photos`, `#/photos/42`, `#/cull?person=3`) so reload and
 * back/forward work. A view's own state (the culling filter) rides in the query after `?`.
 */
import { VIEWS, type ViewId } from '../views/views.js';

const DEFAULT_VIEW: ViewId = 'library';

/** A parsed location: the view and, for views that open one item (a photo, a person), its id. */
export interface Route {
  view: ViewId;
  itemId: number | null;
  /** What follows `?` (without it), '' when nothing does. */
  query: string;
}

export function parseHash(hash: string): Route {
  const [path = '', ...rest] = hash.replace(/^#\/?/, '').split('?');
  const query = rest.join('?');
  const [id, item] = path.split('/');
  const view = VIEWS.find((v) => v.id === id && v.available)?.id ?? DEFAULT_VIEW;
  const itemId = item && /^[1-9][0-9]{0,15}$/.test(item) ? Number(item) : null;
  return { view, itemId, query };
}

export class RouterState {
  route = $state<Route>(parseHash(location.hash));
  readonly current = $derived(this.route.view);

  constructor() {
    addEventListener('hashchange', () => (this.route = parseHash(location.hash)));
  }

  go(view: ViewId, itemId: number | null = null, query = ''): void {
    const path = itemId === null ? `#/${view}` : `#/${view}/${itemId}`;
    location.hash = query ? `${path}?${query}` : path;
  }
}
