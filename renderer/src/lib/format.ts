/** How numbers, durations and dates read in the UI. */

/** "12.3 files/s", "0.4 files/s", "—" before a rate is known. */
export function formatRate(rate: number, unit = 'files'): string {
  if (!Number.isFinite(rate) || rate <= 0) return '—';
  return `${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} ${unit}/s`;
}

/** "about 2 min left", "less than a minute left", "" when unknown. */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '';
  if (seconds < 60) return 'less than a minute left';
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.round((seconds % 3600) / 60);
  return `about ${hours} h ${minutes} min left`;
}

/** A capture time (EXIF wall-clock read as UTC, so shown in UTC to keep the photographer's local time). */
export function formatTakenAt(takenAt: number | null): string {
  if (takenAt === null) return 'No date';
  return new Date(takenAt).toLocaleString(undefined, { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' });
}

/** A moment in real time, in the viewer's zone. */
export function formatTime(ms: number | null): string {
  if (ms === null) return 'never';
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** "1,234" */
export function formatCount(n: number): string {
  return n.toLocaleString();
}

/** Phase names as people read them. */
export function phaseLabel(phase: string): string {
  switch (phase) {
    case 'listing':
      return 'Looking for photos';
    case 'reading':
      return 'Reading photos';
    case 'faces':
      return 'Finding faces';
    case 'names':
      return 'Reading names from metadata';
    case 'people':
      return 'Recognising people';
    case 'starting':
      return 'Starting';
    default:
      return phase.charAt(0).toUpperCase() + phase.slice(1);
  }
}
