/**
 * Shared pieces of the render tests: the envs to describe (every registered task) and pixel helpers for
 * frames.
 */
import type { Env } from '../../src/core/env.js';
import type { RgbFrame } from '../../src/core/types.js';
import { taskEnvSpecs } from '../../src/registry/builtin.js';
import { make } from '../../src/registry/registry.js';

/** A task family, which decides the bodies a description must contain. */
export type Family = 'fetch' | 'hook' | 'pusher';

/** One env the tests describe. */
export interface RenderCase {
  readonly id: string;
  readonly family: Family;
  readonly create: () => Env<unknown, unknown>;
}

/** The family of a task id. */
export function familyOf(id: string): Family {
  if (/Pusher/.test(id)) return 'pusher';
  if (/Hook/.test(id)) return 'hook';
  return 'fetch';
}

/** Every registered task. */
export function renderCases(): RenderCase[] {
  return taskEnvSpecs.map((s) => ({ id: s.id, family: familyOf(s.id), create: () => make(s.id) }));
}

/** True where a pixel is the red of the block (lit or in shade), not the grey table or the green goal. */
export function isBlockRed(r: number, g: number, b: number): boolean {
  return r > 110 && r > 2.2 * g && r > 2.2 * b;
}

/** Centroid (x, y) and count of the pixels matching `predicate`. */
export function pixelCentroid(
  frame: RgbFrame,
  predicate: (r: number, g: number, b: number) => boolean,
): { x: number; y: number; count: number } {
  const [h, w] = frame.shape;
  let sx = 0;
  let sy = 0;
  let count = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 3 * (y * w + x);
      if (predicate(frame.data[i]!, frame.data[i + 1]!, frame.data[i + 2]!)) {
        sx += x;
        sy += y;
        count++;
      }
    }
  }
  return count === 0 ? { x: Number.NaN, y: Number.NaN, count } : { x: sx / count, y: sy / count, count };
}

/** Number of distinct RGB colours in a frame (a blank canvas has one). */
export function distinctColors(frame: RgbFrame): number {
  const seen = new Set<number>();
  const d = frame.data;
  for (let i = 0; i + 2 < d.length; i += 3) seen.add((d[i]! << 16) | (d[i + 1]! << 8) | d[i + 2]!);
  return seen.size;
}
