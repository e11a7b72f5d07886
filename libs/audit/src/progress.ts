/** Where a progress line is drawn: stderr, so stdout stays the command's output. */
export interface ProgressSink {
  write(text: string): void;
}

/** `[#####-----] 50%`: `fraction` clamped to [0, 1]. */
export function progressBar(fraction: number, width = 24): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const filled = Math.round(clamped * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(clamped * 100)).padStart(3)}%`;
}

export interface Progress {
  /** The history read so far reaches `at`, after `count` events. Redraws at most every `intervalMs`. */
  update(at: Date, count: number): void;
  /** Draws the last state and ends the line. */
  done(): void;
}

export interface ProgressOptions {
  label: string;
  /** The history's end for this run (`--as-of`, `--to`, or now): the bar is time covered / time to cover. */
  end: Date;
  sink: ProgressSink;
  now?: () => number;
  intervalMs?: number;
}

/**
 * A progress bar over time: how far through the history's time span the run has read (the event
 * store has no cheap count of events, but every event has its recording time), with events counted
 * and their rate. The span starts at the first event seen.
 */
export function createProgress({ label, end, sink, now = Date.now, intervalMs = 200 }: ProgressOptions): Progress {
  const startedAt = now();
  let first: number | undefined;
  let last = { at: 0, count: 0 };
  let drawnAt = -Infinity;
  const draw = () => {
    const span = end.getTime() - (first ?? 0);
    const fraction = span <= 0 ? 1 : (last.at - first!) / span;
    const seconds = Math.max(1e-3, (now() - startedAt) / 1000);
    sink.write(`\r${label} ${progressBar(fraction)} ${last.count.toLocaleString('en')} events, ${Math.round(last.count / seconds).toLocaleString('en')}/s`);
  };
  return {
    update(at, count) {
      first ??= at.getTime();
      last = { at: at.getTime(), count };
      if (now() - drawnAt < intervalMs) return;
      drawnAt = now();
      draw();
    },
    done() {
      if (first !== undefined) {
        last = { ...last, at: end.getTime() };
        draw();
      }
      sink.write('\n');
    },
  };
}

/** A progress that draws nothing: when stderr is not a terminal and `--progress` was not given. */
export const noProgress: Progress = { update: () => undefined, done: () => undefined };
