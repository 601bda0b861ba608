/**
 * The photo grid's data: the total and the pages loaded so far, fetched on demand for the rows in view. At 10,000+
 * photos only the visible pages are ever requested; a library change refetches the total and those pages.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { PhotoSummaryDto } from '../../../app/api/contract/photos-contract.js';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';

export const PHOTO_PAGE_SIZE = 200;
const REFRESH_EVERY_MS = 750;

export class PhotosState {
  total = $state(0);
  loaded = $state(false);
  private readonly pages = new SvelteMap<number, PhotoSummaryDto[]>();
  /** Page requests in flight (bookkeeping, never rendered, so not reactive). */
  private inFlight: Partial<Record<number, Promise<void>>> = {};
  private visible = { start: 0, end: 0 };
  /** Bumped on every refresh so that replies to older requests are dropped. */
  private generation = 0;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly client: KindredClient) {}

  connect(): () => void {
    const off = this.client.on('library.changed', (change) => {
      if (change.changes.includes('photos')) this.scheduleRefresh();
    });
    void this.refresh();
    return () => {
      off();
      if (this.refreshTimer) clearTimeout(this.refreshTimer);
    };
  }

  /** The photo at `index`, or undefined while its page loads. */
  item(index: number): PhotoSummaryDto | undefined {
    return this.pages.get(Math.floor(index / PHOTO_PAGE_SIZE))?.[index % PHOTO_PAGE_SIZE];
  }

  /** Where a photo sits in the grid's order, among the pages loaded; -1 if its page is not (a photo opened by its address). */
  indexOf(photoId: number): number {
    for (const [page, items] of this.pages) {
      const i = items.findIndex((p) => p.id === photoId);
      if (i >= 0) return page * PHOTO_PAGE_SIZE + i;
    }
    return -1;
  }

  /** The id of the photo at `index`, loading its page if needed; undefined outside the library. */
  async idAt(index: number): Promise<number | undefined> {
    if (index < 0 || index >= this.total) return undefined;
    const page = Math.floor(index / PHOTO_PAGE_SIZE);
    if (!this.pages.has(page)) await this.load(page, this.generation);
    return this.item(index)?.id;
  }

  /** Called by the grid with the cells it shows: loads the pages they fall in. */
  show(start: number, end: number): void {
    this.visible = { start, end };
    if (end <= start) return;
    const first = Math.floor(start / PHOTO_PAGE_SIZE);
    const last = Math.floor((end - 1) / PHOTO_PAGE_SIZE);
    for (let page = first; page <= last; page++) if (!this.pages.has(page)) void this.load(page, this.generation);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    this.inFlight = {};
    const first = await this.client.invoke('photos.list', { offset: 0, limit: PHOTO_PAGE_SIZE });
    if (generation !== this.generation) return;
    this.total = first.total;
    this.loaded = true;
    // Keep the other pages on screen until their fresh copies arrive (no flash of empty cells).
    for (const page of [...this.pages.keys()]) if (page * PHOTO_PAGE_SIZE >= this.total) this.pages.delete(page);
    this.pages.set(0, first.items);
    const { start, end } = this.visible;
    if (end > start) {
      for (let page = Math.floor(start / PHOTO_PAGE_SIZE); page <= Math.floor((end - 1) / PHOTO_PAGE_SIZE); page++) {
        if (page > 0) void this.load(page, generation);
      }
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh();
    }, REFRESH_EVERY_MS);
  }

  private load(page: number, generation: number): Promise<void> {
    const pending = this.inFlight[page];
    if (pending) return pending;
    const request = this.client
      .invoke('photos.list', { offset: page * PHOTO_PAGE_SIZE, limit: PHOTO_PAGE_SIZE })
      .then((result) => {
        if (generation !== this.generation) return;
        this.pages.set(page, result.items);
        this.total = result.total;
      })
      .finally(() => {
        if (this.inFlight[page] === request) delete this.inFlight[page];
      });
    this.inFlight[page] = request;
    return request;
  }
}
