/**
 * Picks, rejects and stars: stored at once (a key press must not wait for a disk), then written to XMP in the
 * background through the library's write-back setting (`.xmp` sidecars, or into the files when it says embed;
 * nothing while it is off). The newest decision of a photo is what gets written, however many came before it.
 */
import type { CullState } from '../db/cull-repository.js';
import type { Library } from '../db/library.js';
import { writeCullDecision } from '../metadata/cull-metadata-writer.js';
import { recatalogueEmbedded } from '../metadata/embedded-catalogue.js';
import { openExifTool, type MetadataTool } from '../metadata/metadata-tool.js';
import { readSettings } from '../settings/settings-store.js';

/** Stores the photos' new states (photos that do not exist are skipped); returns the states they had before. */
export function applyCullStates(library: Library, states: readonly CullState[]): CullState[] {
  return library.transaction(() => {
    const known = library.culls.existing(states.map((s) => s.photoId));
    const wanted = states.filter((s) => known.has(s.photoId));
    const before = library.culls.states(wanted.map((s) => s.photoId));
    library.culls.setStates(wanted);
    return before;
  });
}

/** Where the background writer stands. */
export interface CullWriteStatus {
  /** Where decisions go now (the write-back setting). */
  mode: 'off' | 'sidecar' | 'embed';
  /** Photos whose newest decision is not written yet. */
  pending: number;
  written: number;
  failed: number;
  lastError: string | null;
}

/** Writes decisions to XMP in the background, one photo at a time, the newest state of each. */
export class CullWriteBack {
  private readonly pending = new Set<number>();
  private running: Promise<void> | null = null;
  private written = 0;
  private failed = 0;
  private lastError: string | null = null;

  constructor(
    private readonly library: Library,
    private readonly openTool: () => MetadataTool = () => openExifTool({ maxProcs: 1 }),
  ) {}

  /** Queues the photos' current states for writing (nothing while write-back is off). */
  enqueue(photoIds: readonly number[]): void {
    if (this.mode() === 'off') return;
    for (const id of photoIds) this.pending.add(id);
    this.running ??= this.drain().finally(() => (this.running = null));
  }

  status(): CullWriteStatus {
    return { mode: this.mode(), pending: this.pending.size, written: this.written, failed: this.failed, lastError: this.lastError };
  }

  /** Resolves when everything queued so far is written (or failed). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  private mode(): CullWriteStatus['mode'] {
    return readSettings(this.library).writeBackRegions;
  }

  private async drain(): Promise<void> {
    const tool = this.openTool();
    try {
      while (this.pending.size > 0) {
        const photoId = this.pending.values().next().value as number;
        this.pending.delete(photoId);
        await this.writeOne(photoId, tool);
      }
    } finally {
      await tool.close();
    }
  }

  private async writeOne(photoId: number, tool: MetadataTool): Promise<void> {
    const mode = this.mode();
    if (mode === 'off') return; // switched off while queued: the decision stays in Kindred only
    const photo = this.library.photos.get(photoId);
    if (!photo) return;
    const [state] = this.library.culls.states([photoId]);
    const written: number[] = [];
    for (const file of this.library.files.readableOf(photoId)) {
      const catalogued = { size: file.size, mtimeMs: file.mtimeMs, contentHash: photo.contentHash };
      const result = await writeCullDecision(file.path, state!, tool, { mode, catalogued });
      if (result.status === 'written') {
        this.written++;
        written.push(file.id);
      } else {
        this.failed++;
        this.lastError = `${result.target}: ${result.error ?? 'not written'}`;
      }
    }
    if (mode === 'embed' && written.length > 0) {
      const warning = await recatalogueEmbedded(this.library, photoId, written);
      if (warning) this.lastError = warning;
    }
  }
}
