import {
  CheckReport,
  checkRenderResult,
  checkResetResult,
  checkSpace,
  checkStepResult,
} from '../check/passive-checks.js';
import type { Env } from '../core/env.js';
import type { RenderFrame, ResetArgs, ResetResult, StepResult } from '../core/types.js';
import { Wrapper } from '../core/wrapper.js';
import { logger } from '../logger.js';

/**
 * Gymnasium's `PassiveEnvChecker`: checks both spaces at construction and the results of the first
 * `reset`, `step` and `render` (warnings through the logger; structural errors throw). Never changes data.
 */
export class PassiveEnvChecker<O, A> extends Wrapper<O, A> {
  private checkedReset = false;
  private checkedStep = false;
  private checkedRender = false;
  private readonly report = new CheckReport((m) => logger.warn(m));

  constructor(env: Env<O, A>) {
    super(env);
    checkSpace(env.actionSpace, 'action', this.report);
    checkSpace(env.observationSpace, 'observation', this.report);
  }

  /** Warnings found so far. */
  get warnings(): readonly string[] {
    return this.report.warnings;
  }

  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    if (!this.checkedReset) {
      this.checkedReset = true;
      checkResetResult(this.env as Env<unknown, unknown>, r, this.report);
    }
    return r;
  }

  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    if (!this.checkedStep) {
      this.checkedStep = true;
      checkStepResult(this.env as Env<unknown, unknown>, r, this.report);
    }
    return r;
  }

  override render(): RenderFrame | RenderFrame[] | null {
    const frame = this.env.render();
    if (!this.checkedRender) {
      this.checkedRender = true;
      checkRenderResult(this.env as Env<unknown, unknown>, frame, this.report);
    }
    return frame;
  }
}
