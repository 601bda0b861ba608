/** The settings as the Settings view edits them: loaded once, saved field by field, errors kept per field. */
import { ApiError } from '../../../app/api/api-error.js';
import type { KindredClient } from '../../../app/api/kindred-client.js';
import type { Settings, SettingsPatch } from '../../../app/api/settings-schema.js';

export class SettingsState {
  settings = $state<Settings | null>(null);
  /** Validation messages by field path ("thresholds.recognition"), from the core's typed errors. */
  fieldErrors = $state<Record<string, string>>({});
  error = $state<string | null>(null);
  savedAt = $state<number | null>(null);
  saving = $state(false);

  constructor(private readonly client: KindredClient) {}

  connect(): () => void {
    const off = this.client.on('settings.changed', (settings) => (this.settings = settings));
    void this.load();
    return off;
  }

  async load(): Promise<void> {
    this.settings = await this.client.invoke('settings.get');
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
