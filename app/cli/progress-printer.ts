import type { JobProgress } from '../jobs/progress-tracker.js';

/**
 * Prints job progress: a redrawn bar on a terminal, plain lines (at most every few seconds, and on every phase
 * change) when the output is a file or a pipe.
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 3000): {
  update: (p: JobProgress) => void;
  end: () => void;
} {
  let lastPhase = '';
  let lastPlain = 0;
  let drawn = false;
  return {
    update(p) {
      if (stream.isTTY) {
        const width = 30;
        const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
        const filled = Math.round(fraction * width);
        const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
        stream.write(`\r${p.phase.padEnd(10)} ${bar} ${p.done}/${p.total} ${formatRate(p)}\x1b[K`);
        drawn = true;
        return;
      }
      const now = Date.now();
      if (p.phase !== lastPhase || now - lastPlain >= plainEveryMs || (p.total > 0 && p.done === p.total)) {
        stream.write(`${p.phase}: ${p.done}/${p.total} ${formatRate(p)}\n`);
        lastPhase = p.phase;
        lastPlain = now;
      }
    },
    end() {
      if (drawn) stream.write('\n');
      drawn = false;
    },
  };
}

function formatRate(p: JobProgress): string {
  const rate = p.rate > 0 ? `${p.rate.toFixed(p.rate < 10 ? 1 : 0)}/s` : '';
  const eta = p.etaSeconds !== null && p.done < p.total ? `ETA ${formatDuration(p.etaSeconds)}` : '';
  return [rate, eta].filter(Boolean).join(', ');
}

/** 75 → "1m15s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
