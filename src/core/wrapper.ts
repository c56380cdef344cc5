import { GymError, InvalidState } from '../errors.js';
import type { Rng } from '../random/rng.js';
import type { Space } from '../spaces/space.js';
import { Env, isEnv } from './env.js';
import type { EnvSpec, WrapperSpec } from './env-spec.js';
import { assertEnvState, type EnvState, type StateValue } from './state.js';
import type { EnvMetadata, RenderFrame, ResetArgs, ResetResult, StepResult } from './types.js';

/**
 * Base class of wrappers (Gymnasium `Wrapper`): forwards everything to the inner env; subclasses override
 * what they change. Spaces, metadata, spec and the generator forward to the inner env unless overridden.
 * A wrapper with state of its own overrides {@link Wrapper.getWrapperState} / {@link Wrapper.setWrapperState},
 * so that `getState`/`setState` of the whole stack continue bit-identically.
 *
 * @typeParam O - observation type seen outside; IO - inner observation type
 * @typeParam A - action type accepted outside; IA - inner action type
 */
export class Wrapper<O, A, IO = O, IA = A> extends Env<O, A> {
  /** The wrapped env. */
  readonly env: Env<IO, IA>;
  private observationSpaceOverride: Space<O> | null = null;
  private actionSpaceOverride: Space<A> | null = null;
  private metadataOverride: EnvMetadata | null = null;

  /** @throws TypeError if `env` is not an {@link Env} */
  constructor(env: Env<IO, IA>) {
    super();
    if (!isEnv(env)) throw new TypeError(`${new.target.name} expects an Env, got ${String(env)}`);
    this.env = env;
  }

  /** @inheritDoc */
  get observationSpace(): Space<O> {
    return this.observationSpaceOverride ?? (this.env.observationSpace as unknown as Space<O>);
  }
  set observationSpace(space: Space<O>) {
    this.observationSpaceOverride = space;
  }

  /** @inheritDoc */
  get actionSpace(): Space<A> {
    return this.actionSpaceOverride ?? (this.env.actionSpace as unknown as Space<A>);
  }
  set actionSpace(space: Space<A>) {
    this.actionSpaceOverride = space;
  }

  /** @inheritDoc */
  override get metadata(): EnvMetadata {
    return this.metadataOverride ?? this.env.metadata;
  }
  override set metadata(value: EnvMetadata) {
    this.metadataOverride = value;
  }

  /** @inheritDoc */
  override get renderMode(): string | null {
    return this.env.renderMode;
  }

  /** The inner spec with this wrapper appended to `additionalWrappers` (when it records itself). */
  override get spec(): EnvSpec | null {
    const inner = this.env.spec;
    const own = this.wrapperSpec();
    if (inner === null || own === null) return inner;
    return inner.with({ additionalWrappers: [...inner.additionalWrappers, own] });
  }
  override set spec(value: EnvSpec | null) {
    this.env.spec = value;
  }

  /** How `make(spec)` can rebuild this wrapper; null if it cannot. Standard-stack wrappers return null. */
  protected wrapperSpec(): WrapperSpec | null {
    return null;
  }

  /** @inheritDoc */
  override get rng(): Rng {
    return this.env.rng;
  }
  override set rng(value: Rng) {
    this.env.rng = value;
  }

  /** @inheritDoc */
  override get rngSeed(): number {
    return this.env.rngSeed;
  }

  /** @inheritDoc */
  override get hasReset(): boolean {
    return this.env.hasReset;
  }

  /** @inheritDoc */
  override get closed(): boolean {
    return this.env.closed;
  }

  /** @inheritDoc */
  override get unwrapped(): Env<unknown, unknown> {
    return this.env.unwrapped;
  }

  /** @inheritDoc */
  override get stateKind(): string {
    return this.env.stateKind;
  }

  /** Forwards to the inner env. */
  reset(args?: ResetArgs): ResetResult<O> {
    return this.env.reset(args) as unknown as ResetResult<O>;
  }

  /** Forwards to the inner env. */
  step(action: A): StepResult<O> {
    return this.env.step(action as unknown as IA) as unknown as StepResult<O>;
  }

  /** Forwards to the inner env. */
  override render(): RenderFrame | RenderFrame[] | null {
    return this.env.render();
  }

  /** Closes the inner env (idempotent). */
  override close(): void {
    this.env.close();
  }

  /** This wrapper's own state (null: stateless). */
  protected getWrapperState(): StateValue {
    return null;
  }

  /** Restores {@link Wrapper.getWrapperState}'s value. */
  protected setWrapperState(_data: StateValue): void {}

  protected getTaskState(): StateValue {
    throw new GymError('wrappers have no task state', 'unreachable');
  }

  protected setTaskState(_task: StateValue): void {
    throw new GymError('wrappers have no task state', 'unreachable');
  }

  /** The inner env's state plus this wrapper's layer. */
  override getState(): EnvState {
    const inner = this.env.getState();
    return {
      ...inner,
      wrappers: [...inner.wrappers, { name: this.constructor.name, data: this.getWrapperState() }],
    };
  }

  /**
   * Restores a state taken from a stack with the same wrappers.
   *
   * @throws InvalidState if the outermost layer is not this wrapper's, or the state is malformed
   */
  override setState(state: EnvState): void {
    assertEnvState(state);
    const layer = state.wrappers[state.wrappers.length - 1];
    if (layer === undefined || layer.name !== this.constructor.name) {
      throw new InvalidState(
        `state's outermost wrapper is '${layer?.name ?? 'none'}', expected '${this.constructor.name}'`,
        'state_wrapper_mismatch',
        { expected: this.constructor.name, got: layer?.name ?? null },
      );
    }
    this.env.setState({ ...state, wrappers: state.wrappers.slice(0, -1) });
    this.setWrapperState(layer.data);
  }

  /** True if some layer (this one or inner) has an attribute `name`. */
  hasWrapperAttr(name: string): boolean {
    let e: Env<unknown, unknown> = this as Env<unknown, unknown>;
    for (;;) {
      if (Object.hasOwn(e, name) || name in Object.getPrototypeOf(e)) return true;
      if (!(e instanceof Wrapper)) return false;
      e = e.env as Env<unknown, unknown>;
    }
  }

  /**
   * The value of attribute `name` from the outermost layer that has it.
   *
   * @throws GymError if no layer has it
   */
  getWrapperAttr(name: string): unknown {
    let e: Env<unknown, unknown> = this as Env<unknown, unknown>;
    for (;;) {
      if (Object.hasOwn(e, name)) return (e as unknown as Record<string, unknown>)[name];
      if (!(e instanceof Wrapper)) {
        if (name in e) return (e as unknown as Record<string, unknown>)[name];
        throw new GymError(`no wrapper layer has attribute '${name}'`, 'missing_attribute', { name });
      }
      e = e.env as Env<unknown, unknown>;
    }
  }

  /** `<WrapperName<inner>>`. */
  override toString(): string {
    return `<${this.constructor.name}${this.env.toString()}>`;
  }
}

/** A wrapper that transforms observations (of both `reset` and `step`); info is untouched. */
export abstract class ObservationWrapper<O, A, IO> extends Wrapper<O, A, IO, A> {
  /** Maps an inner observation to the outer one. */
  abstract observation(obs: IO): O;

  override reset(args?: ResetArgs): ResetResult<O> {
    const r = this.env.reset(args);
    return { obs: this.observation(r.obs), info: r.info };
  }

  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    return {
      obs: this.observation(r.obs),
      reward: r.reward,
      terminated: r.terminated,
      truncated: r.truncated,
      info: r.info,
    };
  }
}

/** A wrapper that maps actions from its action space into the inner one. */
export abstract class ActionWrapper<O, A, IA> extends Wrapper<O, A, O, IA> {
  /** Maps an outer action to the inner env's action. */
  abstract action(action: A): IA;

  override step(action: A): StepResult<O> {
    return this.env.step(this.action(action));
  }
}

/** A wrapper that transforms rewards (in `step` only). */
export abstract class RewardWrapper<O, A> extends Wrapper<O, A> {
  /** Maps the inner reward to the outer one. */
  abstract reward(reward: number): number;

  override step(action: A): StepResult<O> {
    const r = this.env.step(action);
    return { ...r, reward: this.reward(r.reward) };
  }
}
