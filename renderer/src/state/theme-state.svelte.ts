/** Light or dark: the user's choice (or the system's), applied as `data-theme` on the document. */

export type ThemePreference = 'system' | 'light' | 'dark';
const STORAGE_KEY = 'kindred.theme';

export class ThemeState {
  preference = $state<ThemePreference>('system');
  private systemDark = $state(false);
  readonly resolved = $derived<'light' | 'dark'>(this.preference === 'system' ? (this.systemDark ? 'dark' : 'light') : this.preference);

  constructor() {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'light' || stored === 'dark' || stored === 'system') this.preference = stored;
    const query = matchMedia('(prefers-color-scheme: dark)');
    this.systemDark = query.matches;
    query.addEventListener('change', (e) => (this.systemDark = e.matches));
  }

  set(preference: ThemePreference): void {
    this.preference = preference;
    localStorage.setItem(STORAGE_KEY, preference);
  }

  /** Keeps the document's theme attribute in step; call once from the root component. */
  apply(): void {
    $effect(() => {
      document.documentElement.dataset['theme'] = this.resolved;
    });
  }
}
