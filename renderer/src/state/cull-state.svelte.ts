/**
 * The culling view's data: the shoot a filter selects (all of it at once: a shoot is thousands of frames, not a
 * library, and a key press must never wait for a page), the decisions on it, the open bursts, the frame under the
 * cursor and the undo history. A decision shows at once and is sent to the core behind it; a refusal puts it back.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { CullFlagDto, CullStateDto, CullWriteStatusDto, ExportPicksSummaryDto, ShootFrameDto } from '../../../app/api/contract/culling-contract.js';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { PersonDto } from '../../../app/api/contract/people-contract.js';
import { messageOf } from '../lib/errors.js';
import { EMPTY_QUERY, shootFilterOf, shootQueryString, type ShootQuery } from '../lib/shoot-query.js';

export interface Decision {
  flag: CullFlagDto | null;
  rating: number;
}

const REFRESH_AFTER_CHANGE_MS = 750;
const WRITE_STATUS_POLL_MS = 500;
const UNDO_DEPTH = 500;

export class CullState {
  query = $state<ShootQuery>(EMPTY_QUERY);
  frames = $state.raw<ShootFrameDto[]>([]);
  bursts = $state(0);
  /** Photos the filter selects (more than `frames` when cut). */
  total = $state(0);
  loaded = $state(false);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  people = $state.raw<PersonDto[]>([]);
  writeStatus = $state<CullWriteStatusDto | null>(null);
  /** Index of the frame under the cursor, in `visible`. */
  cursor = $state(0);
  canUndo = $state(false);
  /** Each photo's decision, by id: one cell re-renders on a key press, not the grid. */
  readonly decisions = new SvelteMap<number, Decision>();
  /** Bursts opened in place (by their top frame's id); replaced, never mutated, so a plain Set is reactive enough. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  expanded = $state.raw<ReadonlySet<number>>(new Set());
  /** What the grid shows: single frames and the top of each burst, with the frames of the open bursts after it. */
  readonly visible = $derived(this.frames.filter((f) => f.burst === null || f.burst.position === 0 || this.expanded.has(f.burst.id)));
  readonly current = $derived(this.visible[this.cursor]);
  readonly picks = $derived([...this.decisions.values()].filter((d) => d.flag === 'pick').length);

  private undoStack: CullStateDto[][] = [];
  private generation = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly client: KindredClient) {}

  /** Follows the library and its people while the view is open; returns the function that stops. */
  connect(): () => void {
    const offs = [
      this.client.on('library.changed', (change) => {
        if (change.changes.includes('photos')) this.scheduleRefresh();
      }),
      this.client.on('people.changed', () => {
        this.scheduleRefresh();
        void this.loadPeople();
      }),
    ];
    void this.loadPeople();
    return () => {
      offs.forEach((off) => off());
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
      if (this.pollTimer) clearTimeout(this.pollTimer);
    };
  }

  /** Shows the shoot of a query (from the address); keeps the cursor on the same photo when it is still there. */
  async show(query: ShootQuery): Promise<void> {
    const same = shootQueryString(query) === shootQueryString(this.query) && this.loaded;
    this.query = query;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- replaced, never mutated
    if (!same) this.expanded = new Set();
    await this.load();
  }

  async load(): Promise<void> {
    const generation = ++this.generation;
    const keep = this.current?.id;
    try {
      const shoot = await this.client.invoke('culling.list', { filter: shootFilterOf(this.query), sort: this.query.sort });
      if (generation !== this.generation) return;
      this.frames = shoot.frames;
      this.bursts = shoot.bursts;
      this.total = shoot.total;
      this.decisions.clear();
      for (const f of shoot.frames) this.decisions.set(f.id, { flag: f.flag, rating: f.rating });
      this.error = null;
      const at = keep === undefined ? -1 : this.visible.findIndex((f) => f.id === keep);
      this.cursor = at >= 0 ? at : Math.min(this.cursor, Math.max(0, this.visible.length - 1));
    } catch (error) {
      if (generation === this.generation) this.error = messageOf(error);
    } finally {
      if (generation === this.generation) this.loaded = true;
    }
  }

  async loadPeople(): Promise<void> {
    try {
      this.people = await this.client.invoke('people.list', { includeHidden: false });
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  decisionOf(photoId: number): Decision {
    return this.decisions.get(photoId) ?? { flag: null, rating: 0 };
  }

  /** Sets the flag or the stars of the frame under the cursor. */
  decide(change: Partial<Decision>): void {
    const frame = this.current;
    if (!frame) return;
    const before = this.decisionOf(frame.id);
    const after = { ...before, ...change };
    if (after.flag === before.flag && after.rating === before.rating) return;
    this.undoStack.push([{ photoId: frame.id, ...before }]);
    if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
    this.canUndo = true;
    this.send([{ photoId: frame.id, ...after }]);
  }

  /** Puts back the decisions of the last change. */
  undo(): void {
    const states = this.undoStack.pop();
    this.canUndo = this.undoStack.length > 0;
    if (!states) return;
    this.send(states);
    const at = this.visible.findIndex((f) => f.id === states[0]!.photoId);
    if (at >= 0) this.cursor = at;
  }

  move(delta: number): void {
    if (this.visible.length === 0) return;
    this.cursor = Math.min(this.visible.length - 1, Math.max(0, this.cursor + delta));
  }

  select(index: number): void {
    if (index >= 0 && index < this.visible.length) this.cursor = index;
  }

  /** Opens or closes the burst of the frame under the cursor, in place. */
  toggleBurst(): void {
    const burst = this.current?.burst;
    if (!burst) return;
    const id = this.current!.id;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a fresh set, assigned whole
    const next = new Set(this.expanded);
    if (next.has(burst.id)) next.delete(burst.id);
    else next.add(burst.id);
    this.expanded = next;
    // Closing from a frame inside the stack lands on its top; otherwise the cursor stays on its frame.
    const at = this.visible.findIndex((f) => f.id === id);
    this.cursor = at >= 0 ? at : this.visible.findIndex((f) => f.id === burst.id);
  }

  async exportPicks(how: 'copy' | 'link' | 'list', target: string): Promise<ExportPicksSummaryDto | null> {
    this.notice = null;
    try {
      const summary = await this.client.invoke('culling.exportPicks', { filter: shootFilterOf(this.query), how, target });
      this.error = summary.errors[0] ?? null;
      this.notice = `${summary.exported} of ${summary.picked} picks exported`;
      return summary;
    } catch (error) {
      this.error = messageOf(error);
      return null;
    }
  }

  private send(states: CullStateDto[]): void {
    const previous = states.map((s) => ({ photoId: s.photoId, ...this.decisionOf(s.photoId) }));
    for (const s of states) this.decisions.set(s.photoId, { flag: s.flag, rating: s.rating });
    this.client.invoke('culling.apply', { states }).then(
      () => this.pollWriteStatus(),
      (error: unknown) => {
        for (const s of previous) this.decisions.set(s.photoId, { flag: s.flag, rating: s.rating });
        this.error = messageOf(error);
      },
    );
  }

  /** Follows the XMP writer until it has caught up (shown in the header). */
  private pollWriteStatus(): void {
    if (this.pollTimer) return;
    const poll = async (): Promise<void> => {
      this.pollTimer = null;
      try {
        this.writeStatus = await this.client.invoke('culling.writeStatus', {});
      } catch {
        return;
      }
      if (this.writeStatus.pending > 0) this.pollTimer = setTimeout(() => void poll(), WRITE_STATUS_POLL_MS);
    };
    this.pollTimer = setTimeout(() => void poll(), WRITE_STATUS_POLL_MS);
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.load();
    }, REFRESH_AFTER_CHANGE_MS);
  }
}
