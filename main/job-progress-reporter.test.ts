import { describe, expect, it, vi } from 'vitest';
import type { JobSnapshotDto } from '../app/api/contract/jobs-contract.js';
import { createJobProgressReporter, jobEndMessage, notifyWhenJobsEndSetting } from './job-progress-reporter.js';
import { scannedLibrary } from './testing/scanned-library.js';

/** A BrowserWindow's taskbar side, recorded (Electron mocked: binary not available here). */
function fakeWindow(focused = false) {
  const bars: [number, string | undefined][] = [];
  return { bars, focused, setProgressBar: (p: number, o?: { mode: string }) => void bars.push([p, o?.mode]), isFocused: () => focused, isDestroyed: () => false };
}

const scanSummary = {
  kind: 'scan' as const,
  listed: { added: 40, changed: 0, unchanged: 0, restored: 0, vanished: 0 },
  read: 40,
  failed: 0,
  unsupported: 0,
  vanishedWhileReading: 0,
  unreadableFolders: [],
  cancelled: false,
  faces: { photos: 40, faces: 52, failed: 0 },
  names: null,
  people: { recognisedAuto: 0, recognisedSuggested: 0, joinedGroups: 0, newGroups: 6, facesInNewGroups: 40, dissolvedGroups: 0 },
};

function snapshot(over: Partial<JobSnapshotDto>): JobSnapshotDto {
  return { jobId: 1, kind: 'scan', state: 'running', progress: { phase: 'faces', done: 0, total: 0, rate: 0, etaSeconds: null }, startedAt: 0, finishedAt: null, error: null, summary: null, ...over };
}

function setup(focused = false, wanted = true) {
  const window = fakeWindow(focused);
  const notes: [string, string][] = [];
  const report = createJobProgressReporter({ window: () => window, notify: (t, b) => void notes.push([t, b]), notificationsWanted: async () => wanted });
  return { window, notes, report: (s: JobSnapshotDto) => report({ name: 'job.progress', payload: s }) };
}

describe('taskbar progress and end-of-job notifications (Electron mocked: binary not available here)', () => {
  it('shows the fraction done, indeterminate while counting, paused while pausing, and clears at the end', () => {
    const { window, report } = setup();
    report(snapshot({ progress: { phase: 'listing', done: 0, total: 0, rate: 0, etaSeconds: null } }));
    report(snapshot({ progress: { phase: 'faces', done: 25, total: 100, rate: 5, etaSeconds: 15 } }));
    report(snapshot({ state: 'pausing', progress: { phase: 'faces', done: 30, total: 100, rate: 5, etaSeconds: 14 } }));
    report(snapshot({ state: 'paused', finishedAt: 1000 }));
    expect(window.bars).toEqual([
      [2, 'indeterminate'],
      [0.25, 'normal'],
      [0.3, 'paused'],
      [-1, 'none'],
    ]);
  });

  it('notifies once when a long job ends while the window is in the background', async () => {
    const { notes, report } = setup(false);
    const done = snapshot({ state: 'done', startedAt: 0, finishedAt: 120_000, summary: scanSummary });
    report(done);
    report(done); // the same end reported twice (event and status) notifies once
    await vi.waitFor(() => expect(notes).toHaveLength(1));
    expect(notes[0]).toEqual(['Scan finished', '40 photos read, 52 faces found, 6 new people groups.']);
  });

  it('stays quiet for a short job, a focused window, or when the user turned it off', async () => {
    for (const [focused, wanted, finishedAt] of [
      [false, true, 5_000],
      [true, true, 120_000],
      [false, false, 120_000],
    ] as const) {
      const { notes, report } = setup(focused, wanted);
      report(snapshot({ state: 'done', startedAt: 0, finishedAt, summary: scanSummary }));
      await new Promise((resolve) => setImmediate(resolve));
      expect(notes).toEqual([]);
    }
  });

  it('ignores other events', () => {
    const { window } = setup();
    const reporter = createJobProgressReporter({ window: () => window, notify: () => undefined, notificationsWanted: async () => true });
    reporter({ name: 'people.changed', payload: { personIds: null } });
    expect(window.bars).toEqual([]);
  });

  it('says what ended and how', () => {
    expect(jobEndMessage(snapshot({ state: 'failed', error: 'disk full' }))).toEqual(['Scan failed', 'disk full']);
    expect(jobEndMessage(snapshot({ kind: 'train', state: 'done' }))).toEqual(['Training finished', 'Open Kindred to see the results.']);
    expect(jobEndMessage(snapshot({ state: 'cancelled' }))[0]).toBe('Scan cancelled');
  });

  it('reads the setting from the core: on by default, off once the user turns it off', async () => {
    const lib = await scannedLibrary();
    try {
      const invoke = (method: string, input: unknown) => lib.service.invoke(method, input);
      expect(await notifyWhenJobsEndSetting(invoke)).toBe(true);
      expect(await lib.service.invoke('settings.set', { notifyWhenJobsEnd: false })).toMatchObject({ ok: true });
      expect(await notifyWhenJobsEndSetting(invoke)).toBe(false);
      expect(await lib.service.invoke('settings.set', { notifyWhenJobsEnd: 'no' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    } finally {
      await lib.close();
    }
  });
});
