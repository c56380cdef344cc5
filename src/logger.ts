/**
 * Warnings of residual-gym (Gymnasium's `logger.warn`): each distinct message is shown once, through a
 * pluggable sink (`console.warn` by default), and can be silenced by level.
 *
 * @module
 */

/** Severity levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const LEVEL_ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, silent: 4 };

/** Receives every message that passes the level filter. */
export type LogSink = (level: Exclude<LogLevel, 'silent'>, message: string) => void;

let level: LogLevel = 'warn';
let sink: LogSink = (lvl, message) => {
  if (lvl === 'error') console.error(`residual-gym: ${message}`);
  else console.warn(`residual-gym: ${message}`);
};
const seen = new Set<string>();

/** The package logger. */
export const logger = {
  /** Sets the minimum level shown (default `'warn'`). */
  setLevel(value: LogLevel): void {
    level = value;
  },
  /** Replaces the output sink (e.g. to collect warnings in tests). */
  setSink(value: LogSink): void {
    sink = value;
  },
  /** Forgets which warnings were already shown. */
  resetSeen(): void {
    seen.clear();
  },
  /** Shows a warning once per distinct message. */
  warn(message: string): void {
    if (LEVEL_ORDER[level] > LEVEL_ORDER.warn || seen.has(message)) return;
    seen.add(message);
    sink('warn', message);
  },
  /** Shows an informational message. */
  info(message: string): void {
    if (LEVEL_ORDER[level] <= LEVEL_ORDER.info) sink('info', message);
  },
};
