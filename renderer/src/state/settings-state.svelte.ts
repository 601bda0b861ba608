/**
 * The settings as the Settings view edits them: loaded once, saved field by field, errors kept per field. Also the
 * "write names now" job (metadata.exportRegions): its progress and the outcome the core reports when it ends.
 */
import { ApiError } from '../../../app/api/contract/api-error.js';
import type { JobSnapshotDto } from '../../../app/api/contract/jobs-contract.js';
import type { KindredClient } from '../../../app/api/contract/kindred-client.js';
import type { RegionExportSummaryDto } from '../../../app/api/contract/metadata-contract.js';
import type { ModelChoiceDto, Settings, SettingsPatch } from '../../../app/api/contract/settings-choices.js';
import { messageOf } from '../lib/errors.js';
import { isNewerSnapshot } from '../lib/job-snapshot-order.js';

const EXPORT_KIND = 'export-regions';

export class SettingsState {
  settings = $state<Settings | null>(null);
  /** The embedding models the manifest offers (unusable ones flagged). */
  models = $state<ModelChoiceDto[]>([]);
  /** Validation messages by field path ("thresholds.recognition"), from the core's typed errors. */
  fieldErrors = $state<Record<string, string>>({});
  error = $state<string | null>(null);
  savedAt = $state<number | null>(null);
  saving = $state(false);
  /** The latest write-back job (running or finished) and what it wrote. */
  exportJob = $state<JobSnapshotDto | null>(null);
  exportSummary = $state<RegionExportSummaryDto | null>(null);
  exportError = $state<string | null>(null);
  /** A write-back job is running (or stopping). */
  readonly exporting = $derived(this.exportJob !== null && this.exportJob.finishedAt === null);

  constructor(private readonly client: KindredClient) {}

  connect(): () => void {
    const offs = [
      this.client.on('settings.changed', (settings) => (this.settings = settings)),
      this.client.on('job.progress', (snapshot) => {
        if (snapshot.kind === EXPORT_KIND && isNewerSnapshot(snapshot, this.exportJob)) this.exportJob = snapshot;
      }),
      this.client.on('metadata.regionsExported', ({ summary }) => (this.exportSummary = summary)),
    ];
    void this.load();
    return () => offs.forEach((off) => off());
  }

  /** Writes the confirmed names into the photos now, the way the write-back setting says. */
  async exportRegions(): Promise<void> {
    this.exportError = null;
    this.exportSummary = null;
    try {
      const started = await this.client.invoke('metadata.exportRegions', {});
      if (isNewerSnapshot(started, this.exportJob)) this.exportJob = started;
    } catch (error) {
      this.exportError = messageOf(error);
    }
  }

  /** Stops the write-back after the photo in progress. */
  async cancelExport(): Promise<void> {
    try {
      await this.client.invoke('metadata.cancelExport');
    } catch (error) {
      this.exportError = messageOf(error);
    }
  }

  async load(): Promise<void> {
    [this.settings, this.models] = await Promise.all([this.client.invoke('settings.get'), this.client.invoke('settings.models')]);
  }

  async save(patch: SettingsPatch): Promise<boolean> {
    this.saving = true;
    this.error = null;
    try {
      this.settings = await this.client.invoke('settings.set', patch);
      this.fieldErrors = {};
      this.savedAt = Date.now();
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_input' && error.issues?.length) {
        this.fieldErrors = Object.fromEntries(error.issues.map((i) => [i.path.join('.'), i.message]));
      } else {
        this.error = error instanceof Error ? error.message : String(error);
      }
      return false;
    } finally {
      this.saving = false;
    }
  }
}
