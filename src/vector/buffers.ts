/**
 * The result buffers of a vector env: batched observations, rewards and flags, plus how they are handed out
 * (fresh copies, or the buffers themselves when `copy` is false).
 *
 * @module
 */
import type { Info } from '../core/types.js';
import {
  allocateObsLeaves,
  assembleBatch,
  type BatchLayout,
  copyLeaves,
  type LeafArray,
} from './batching.js';
import type { VectorResetResult, VectorStepResult } from './types.js';

/** Batched observation leaves, rewards, terminations and truncations of `numEnvs` sub-envs. */
export class VectorBuffers {
  /** The observation layout. */
  readonly layout: BatchLayout;
  /** One array per observation leaf. */
  readonly obs: LeafArray[];
  /** One reward per sub-env. */
  readonly rewards: Float64Array;
  /** 0/1 per sub-env. */
  readonly terminations: Uint8Array;
  /** 0/1 per sub-env. */
  readonly truncations: Uint8Array;
  private readonly obsView: unknown;

  /**
   * @param layout - the observation layout
   * @param shared - allocate on `SharedArrayBuffer`s (for workers)
   */
  constructor(layout: BatchLayout, shared: boolean) {
    this.layout = layout;
    this.obs = allocateObsLeaves(layout, shared);
    const n = layout.numEnvs;
    this.rewards = shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n);
    this.terminations = shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
    this.truncations = shared ? new Uint8Array(new SharedArrayBuffer(n)) : new Uint8Array(n);
    this.obsView = assembleBatch(layout, this.obs);
  }

  /** Clears rewards and flags (before a reset). */
  clearStep(): void {
    this.rewards.fill(0);
    this.terminations.fill(0);
    this.truncations.fill(0);
  }

  /** The reset result: copies of the buffers when `copy`, else the buffers themselves. */
  resetResult<O>(copy: boolean, info: Info): VectorResetResult<O> {
    return { obs: this.obsOut(copy) as O, info };
  }

  /** The step result: copies of the buffers when `copy`, else the buffers themselves. */
  stepResult<O>(copy: boolean, info: Info): VectorStepResult<O> {
    return {
      obs: this.obsOut(copy) as O,
      rewards: copy ? this.rewards.slice() : this.rewards,
      terminations: copy ? this.terminations.slice() : this.terminations,
      truncations: copy ? this.truncations.slice() : this.truncations,
      info,
    };
  }

  private obsOut(copy: boolean): unknown {
    return copy ? assembleBatch(this.layout, copyLeaves(this.obs)) : this.obsView;
  }
}
