/**
 * The culling view's filter as the query of its address (`#/cull?person=3&person=7&match=any&sort=date`), so that the
 * back button and a reload restore it. Anything unreadable in an address is dropped, never guessed.
 */
import type { ShootFilterDto, ShootSortDto } from '../../../app/api/contract/culling-contract.js';

export interface ShootQuery {
  personIds: number[];
  match: 'all' | 'any';
  unnamed: boolean;
  folder: string;
  /** Days as typed in a date field (YYYY-MM-DD), '' for none. */
  from: string;
  to: string;
  sort: ShootSortDto;
}

export const EMPTY_QUERY: ShootQuery = { personIds: [], match: 'all', unnamed: false, folder: '', from: '', to: '', sort: 'quality' };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseShootQuery(query: string): ShootQuery {
  const params = new URLSearchParams(query);
  const ids = params.getAll('person').filter((v) => /^[1-9]\d{0,15}$/.test(v)).map(Number);
  const day = (key: string) => {
    const value = params.get(key) ?? '';
    return DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) ? value : '';
  };
  return {
    personIds: [...new Set(ids)].slice(0, 20),
    match: params.get('match') === 'any' ? 'any' : 'all',
    unnamed: params.get('unnamed') === '1',
    folder: (params.get('folder') ?? '').slice(0, 4096),
    from: day('from'),
    to: day('to'),
    sort: params.get('sort') === 'date' ? 'date' : 'quality',
  };
}

export function shootQueryString(q: ShootQuery): string {
  const params = new URLSearchParams();
  for (const id of q.personIds) params.append('person', String(id));
  if (q.match === 'any') params.set('match', 'any');
  if (q.unnamed) params.set('unnamed', '1');
  if (q.folder) params.set('folder', q.folder);
  if (q.from) params.set('from', q.from);
  if (q.to) params.set('to', q.to);
  if (q.sort !== 'quality') params.set('sort', q.sort);
  return params.toString();
}

/** The filter the core takes: days become the wall-clock milliseconds capture times are kept in (`to`: end of day). */
export function shootFilterOf(q: ShootQuery): ShootFilterDto {
  return {
    personIds: q.personIds,
    match: q.match,
    unnamed: q.unnamed,
    ...(q.folder.trim() ? { folder: q.folder.trim() } : {}),
    ...(q.from ? { from: Date.parse(`${q.from}T00:00:00Z`) } : {}),
    ...(q.to ? { to: Date.parse(`${q.to}T00:00:00Z`) + 86_399_999 } : {}),
  };
}
