/**
 * Keyboard shortcuts, as the `?` overlay lists them: each view declares its own in views.ts (`shortcuts`), next to
 * the view, so a new view's keys show up without touching the overlay; these are the ones every view has.
 */
export interface Shortcut {
  /** The keys, each as shown on a keycap ("←", "Esc", "Y"); any of them does it. */
  keys: readonly string[];
  /** What it does, as a short phrase. */
  does: string;
}

export const GLOBAL_SHORTCUTS: readonly Shortcut[] = [{ keys: ['?'], does: 'Show or hide the keyboard shortcuts' }];

/** Whether a key press is typing (in a field), which no shortcut may take. */
export function isTyping(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}
