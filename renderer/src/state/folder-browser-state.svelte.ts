/**
 * Kindred's own folder browser, for `kindred serve` (a browser page cannot ask the system for a folder's path): the
 * core lists one folder's sub-folders at a time, starting at the home folder; the person clicks down (or up) to the
 * folder of photos and adds it. A typed path goes to the same listing, so a file or a missing folder gets the core's
 * clear refusal here rather than later.
 */
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { FolderListingDto } from '../../../app/api/contract/library-contract.js';
import { messageOf } from '../lib/errors.js';

export class FolderBrowserState {
  isOpen = $state(false);
  listing = $state<FolderListingDto | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  private generation = 0;

  /** `choose` adds the folder (and starts the scan); it resolves to whether that worked. */
  constructor(
    private readonly client: KindredClient,
    private readonly choose: (path: string) => Promise<boolean>,
  ) {}

  /** Opens the browser at the home folder (or where it was left). */
  open(): void {
    this.isOpen = true;
    this.error = null;
    if (!this.listing) void this.go();
  }

  close(): void {
    this.isOpen = false;
  }

  /** Lists `path` (the home folder when absent); a refused path keeps the current listing and says why. */
  async go(path?: string): Promise<void> {
    const generation = ++this.generation;
    this.busy = true;
    try {
      const listing = await this.client.invoke('library.folders.browse', path === undefined ? {} : { path });
      if (generation !== this.generation) return;
      this.listing = listing;
      this.error = null;
    } catch (error) {
      if (generation === this.generation) this.error = messageOf(error);
    } finally {
      if (generation === this.generation) this.busy = false;
    }
  }

  up(): Promise<void> {
    return this.listing?.parent ? this.go(this.listing.parent) : Promise.resolve();
  }

  /** Adds the folder listed now and closes the browser when that worked. */
  async addCurrent(): Promise<void> {
    if (!this.listing) return;
    this.busy = true;
    const ok = await this.choose(this.listing.path);
    this.busy = false;
    if (ok) this.close();
  }
}
