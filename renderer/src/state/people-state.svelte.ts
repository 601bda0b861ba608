/**
 * The People view's data: named people then unnamed groups (hidden ones behind a filter), the cards selected for
 * merging, and the merge itself. Refetched, throttled, whenever the core says people changed.
 */
import { SvelteSet } from 'svelte/reactivity';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { PersonDto } from '../../../app/api/contract/people-contract.js';
import { messageOf } from '../lib/errors.js';
import { runAction } from '../lib/run-action.js';

const REFRESH_EVERY_MS = 300;

/** The person a merge keeps: the only named one among them, else the one with most faces. */
export function mergeTarget(people: readonly PersonDto[]): PersonDto | undefined {
  const named = people.filter((p) => p.name !== null);
  const pool = named.length > 0 ? named : people;
  return [...pool].sort((a, b) => b.faceCount - a.faceCount || a.id - b.id)[0];
}

export class PeopleState {
  people = $state<PersonDto[]>([]);
  loaded = $state(false);
  showHidden = $state(false);
  error = $state<string | null>(null);
  busy = $state(false);
  readonly selected = new SvelteSet<number>();
  readonly named = $derived(this.people.filter((p) => p.name !== null).length);
  readonly selectedPeople = $derived(this.people.filter((p) => this.selected.has(p.id)));
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private generation = 0;
  private latestRefresh: Promise<void> = Promise.resolve();

  constructor(private readonly client: KindredClient) {}

  connect(): () => void {
    const off = this.client.on('people.changed', () => this.scheduleRefresh());
    void this.refresh();
    return () => {
      off();
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
    };
  }

  byId(id: number | null): PersonDto | undefined {
    return id === null ? undefined : this.people.find((p) => p.id === id);
  }

  /** Refetches the list; resolves once it (or a newer refetch, which answers for it) shows. */
  refresh(): Promise<void> {
    const generation = ++this.generation;
    this.latestRefresh = this.fetchList(generation);
    return this.latestRefresh;
  }

  private async fetchList(generation: number): Promise<void> {
    try {
      const people = await this.client.invoke('people.list', { includeHidden: this.showHidden });
      // A refetch started since then answers for this one: a caller waiting here waits for what it will show.
      if (generation !== this.generation) return this.latestRefresh;
      this.people = people;
      this.loaded = true;
      for (const id of [...this.selected]) if (!people.some((p) => p.id === id)) this.selected.delete(id);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  setShowHidden(show: boolean): void {
    this.showHidden = show;
    void this.refresh();
  }

  toggle(id: number): void {
    if (this.selected.has(id)) this.selected.delete(id);
    else this.selected.add(id);
  }

  /** Merges the selected people into the one `mergeTarget` picks. */
  async mergeSelected(): Promise<void> {
    const target = mergeTarget(this.selectedPeople);
    if (!target || this.selected.size < 2) return;
    await this.run(() => this.client.invoke('people.merge', { sourceIds: [...this.selected].filter((id) => id !== target.id), targetId: target.id }));
    this.selected.clear();
  }

  /** A card dropped onto another: the dropped one joins the one it was dropped on. */
  async mergeInto(sourceId: number, targetId: number): Promise<void> {
    if (sourceId === targetId) return;
    await this.run(() => this.client.invoke('people.merge', { sourceIds: [sourceId], targetId }));
    this.selected.delete(sourceId);
  }

  async undo(): Promise<void> {
    await this.run(() => this.client.invoke('people.undo', {}));
  }

  async recluster(): Promise<void> {
    await this.run(() => this.client.invoke('people.recluster', {}));
  }

  /** Runs a change, shows its error if it fails, and refetches. */
  run(work: () => Promise<unknown>): Promise<boolean> {
    return runAction(this, work, () => this.refresh());
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, REFRESH_EVERY_MS);
  }
}
