import type { ProgressEvent } from '@glossa/core';

/** How the CLI shows a batch: a redrawn bar on a terminal, plain lines otherwise. @internal */
export interface ProgressView {
  /** A page entered or left a stage. */
  progress(event: ProgressEvent): void;
  /** A page is finished (ok or failed). */
  pageDone(): void;
  /** A line for the log (kept above the bar). */
  log(line: string): void;
  /** Removes the bar. */
  close(): void;
}

/** @internal */
export function createProgressView(total: number, tty: boolean): ProgressView {
  let finished = 0;
  const active = new Map<number, string>();
  const width = 28;
  const draw = () => {
    if (!tty) return;
    const filled = Math.round((finished / Math.max(1, total)) * width);
    const stages = [...active.values()].reduce<Record<string, number>>((acc, s) => ((acc[s] = (acc[s] ?? 0) + 1), acc), {});
    const busy = Object.entries(stages)
      .map(([s, n]) => `${s} ${n}`)
      .join(' · ');
    process.stderr.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}/${total}${busy ? `  ${busy}` : ''}`);
  };
  return {
    progress(event) {
      if (event.state === 'start') active.set(event.page, event.stage);
      draw();
    },
    pageDone() {
      finished++;
      draw();
    },
    log(line) {
      if (tty) process.stderr.write('\r\x1b[2K');
      process.stdout.write(`${line}\n`);
      draw();
    },
    close() {
      if (tty) process.stderr.write('\r\x1b[2K');
    },
  };
}
