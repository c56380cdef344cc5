/**
 * A progress bar on stderr for long-running commands. On a terminal it redraws one line; elsewhere (CI logs,
 * pipes) it prints a line at every 10 % so logs stay short.
 *
 * @module
 */

/** Width of the bar, characters. */
const BAR_WIDTH_CHARS = 28;
/** Minimum time between terminal redraws, ms (redrawing on every episode would flood slow terminals). */
const REDRAW_INTERVAL_MS = 100;
/** Non-terminal output prints a line every this fraction of the total. */
const LOG_FRACTION = 0.1;

/** A progress bar for `total` units of work. */
export class ProgressBar {
  private done = 0;
  private lastDraw = 0;
  private lastLoggedTenth = -1;
  private readonly start = performance.now();
  private readonly tty: boolean;

  /**
   * @param label - shown before the bar
   * @param total - units of work (episodes, steps)
   * @param stream - where to draw (stderr, so stdout stays machine-readable)
   */
  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = stream.isTTY === true;
  }

  /** Advances by `n` units and redraws when due; `note` is shown after the bar (e.g. a running success rate). */
  tick(n = 1, note = ''): void {
    this.done = Math.min(this.total, this.done + n);
    const now = performance.now();
    if (this.tty) {
      if (now - this.lastDraw >= REDRAW_INTERVAL_MS || this.done === this.total) {
        this.lastDraw = now;
        this.stream.write(`\r${this.line(note)}\x1b[K`);
      }
      return;
    }
    const tenth = Math.floor(this.done / this.total / LOG_FRACTION);
    if (tenth > this.lastLoggedTenth) {
      this.lastLoggedTenth = tenth;
      this.stream.write(`${this.line(note)}\n`);
    }
  }

  /** Finishes the bar (ends the terminal line). */
  finish(note = ''): void {
    if (this.tty) this.stream.write(`\r${this.line(note)}\x1b[K\n`);
    else if (this.done < this.total) this.stream.write(`${this.line(note)}\n`);
  }

  private line(note: string): string {
    const fraction = this.total === 0 ? 1 : this.done / this.total;
    const filled = Math.round(fraction * BAR_WIDTH_CHARS);
    const elapsed_s = (performance.now() - this.start) / 1000;
    const eta_s = fraction > 0 ? (elapsed_s / fraction) * (1 - fraction) : Number.NaN;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH_CHARS - filled)}`;
    const eta = Number.isFinite(eta_s) ? ` eta ${eta_s.toFixed(0)}s` : '';
    return `${this.label} ${bar} ${this.done}/${this.total} ${elapsed_s.toFixed(1)}s${eta}${note ? `  ${note}` : ''}`;
  }
}
