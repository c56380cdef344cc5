/**
 * The simulator of the MPC push planner: an exact private copy of a live Fetch env's physics, rolled out from
 * world snapshots, with an exact memo of the previous decision's search tree.
 *
 * @module
 */
import type { EnvState } from '../../core/state.js';
import type { FetchEnv } from '../../envs/fetch/fetch-env.js';
import { FetchScene } from '../../envs/fetch/fetch-scene.js';
import { GymError, PhysicsError } from '../../errors.js';
import { PRIMITIVE_MOVES, type PushSearchModel, type SearchStatePositions } from './search.js';

/** A simulated search node: the world snapshot after the move, and the positions the heuristic reads. */
interface SimulatedNode {
  readonly state: Uint8Array;
  readonly positions: { readonly grip: Float64Array; readonly block: Float64Array };
}

/** Counters of the work a {@link FetchPlanningModel} did (cumulative; reset with {@link FetchPlanningModel.resetStats}). */
export interface PlanningStats {
  /** Decisions prepared ({@link FetchPlanningModel.beginDecision} calls). */
  decisions: number;
  /** Children the searches asked for. */
  requested: number;
  /** Of those, answered from the memo of the previous decision's tree (no physics). */
  memoHits: number;
  /** Env steps actually simulated in the private copy (20 physics substeps each). */
  simulatedSteps: number;
  /** World restores from a snapshot (a restore is skipped when the world already holds the parent state). */
  restores: number;
  /** Decisions whose root was a node of the previous decision's tree (the memo carried over). */
  reusedRoots: number;
}

/** True if two byte arrays hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/**
 * A {@link PushSearchModel} over a private {@link FetchScene} built from the live env's configuration and
 * loaded with the physics snapshot of `env.getState()`. It never steps, resets or restores the live env.
 *
 * A child is simulated exactly as the live env would step: restore the parent's world snapshot, then one env
 * step (20 substeps of 0.002 s) with the primitive move as a full ±1 action. Rapier restores are
 * bit-identical continuations, so every node state is the state the live env would reach with that plan.
 *
 * Memo (`reuse`): the nodes of the previous decision's search stay cached by plan. When the next live state
 * is byte-identical to one of the previous root's children (the base policy's own move was executed, e.g.
 * with a zero residual), the tree under that child is re-rooted and its nodes are answered without physics.
 * Because node states are a pure function of (root state, plan), this changes no decision, only the time; any
 * other live state (a residual changed the move, a `setState`) clears the memo.
 */
export class FetchPlanningModel implements PushSearchModel<Uint8Array> {
  /** Whether the previous decision's tree is reused (see the class description). */
  readonly reuse: boolean;
  /** Work counters. */
  readonly stats: PlanningStats = {
    decisions: 0,
    requested: 0,
    memoHits: 0,
    simulatedSteps: 0,
    restores: 0,
    reusedRoots: 0,
  };
  private scene: FetchScene | null = null;
  private sceneKind = '';
  private finger = false;
  /** Nodes by plan (one character per move, relative to {@link FetchPlanningModel.memoRoot}). */
  private memo = new Map<string, SimulatedNode | null>();
  private memoRoot: Uint8Array | null = null;
  /** The snapshot the private world currently holds, if it is unchanged since (so no restore is needed). */
  private worldAt: Uint8Array | null = null;

  /** @param reuse - keep the previous decision's tree (exact; see the class description) */
  constructor(reuse: boolean) {
    this.reuse = reuse;
  }

  /** The private scene (null before the first decision and after {@link FetchPlanningModel.free}). */
  get planningScene(): FetchScene | null {
    return this.scene;
  }

  /**
   * Reads the live env's full state with `getState()` and makes it the root of the next search: builds the
   * private copy on first use (or when the live env's kind changed), loads the root snapshot into it, and
   * re-roots or clears the memo.
   *
   * @returns the root state (the live physics snapshot)
   * @throws GymError (`mpc_unsupported_env`) if the live scene cannot be copied (e.g. extra bodies)
   */
  beginDecision(live: FetchEnv): Uint8Array {
    const state: EnvState = live.getState();
    const root = (state.task as { readonly physics: Uint8Array }).physics;
    if (this.scene === null || this.sceneKind !== live.stateKind) {
      this.free();
      const scene = new FetchScene(live.physics.config);
      try {
        scene.restore(root);
      } catch (err) {
        scene.free();
        throw new GymError(
          `the MPC push planner cannot copy ${live.config.name}'s scene: ${(err as Error).message}`,
          'mpc_unsupported_env',
        );
      }
      this.scene = scene;
      this.sceneKind = live.stateKind;
      this.finger = !live.config.blockGripper;
      this.worldAt = root;
      this.stats.restores++;
    }
    // Otherwise the root is restored lazily, by the first child that is not in the memo.
    this.stats.decisions++;
    this.rebase(root);
    return root;
  }

  /** One env step with primitive `move` from `parent` (memoised by plan); null if the physics failed. */
  simulate(parent: Uint8Array, parentPlan: readonly number[], move: number): SimulatedNode | null {
    this.stats.requested++;
    const key = parentPlan.join('') + String(move);
    if (this.reuse) {
      const cached = this.memo.get(key);
      if (cached !== undefined) {
        this.stats.memoHits++;
        return cached;
      }
    }
    const node = this.step(parent, move);
    if (this.reuse) this.memo.set(key, node);
    return node;
  }

  /** Zeroes the work counters. */
  resetStats(): void {
    for (const k of Object.keys(this.stats) as (keyof PlanningStats)[]) this.stats[k] = 0;
  }

  /** Forgets the memo (the next decision searches from scratch). */
  clearMemo(): void {
    this.memo.clear();
    this.memoRoot = null;
  }

  /** Frees the private copy (idempotent); a later {@link FetchPlanningModel.beginDecision} builds a new one. */
  free(): void {
    this.scene?.free();
    this.scene = null;
    this.sceneKind = '';
    this.worldAt = null;
    this.clearMemo();
  }

  private step(parent: Uint8Array, move: number): SimulatedNode | null {
    const scene = this.scene;
    if (scene === null) throw new GymError('beginDecision() must precede simulate()', 'mpc_no_root');
    if (this.worldAt !== parent) {
      scene.restore(parent);
      this.stats.restores++;
    }
    this.worldAt = null;
    const m = PRIMITIVE_MOVES[move]!;
    try {
      scene.step(m[0], m[1], m[2], this.finger ? m[3] : 0);
    } catch (err) {
      if (err instanceof PhysicsError) return null;
      throw err;
    }
    this.stats.simulatedSteps++;
    const grip = new Float64Array(3);
    const block = new Float64Array(3);
    scene.gripPosition(grip);
    scene.blockPosition(block);
    const state = scene.snapshot();
    this.worldAt = state;
    return { state, positions: { grip, block } satisfies SearchStatePositions };
  }

  /** Keeps the memo valid for the new root: same root, a child of the old root (re-rooted), or cleared. */
  private rebase(root: Uint8Array): void {
    if (!this.reuse) return;
    const old = this.memoRoot;
    this.memoRoot = root;
    if (old !== null && sameBytes(old, root)) return;
    for (let move = 0; move < PRIMITIVE_MOVES.length; move++) {
      const child = this.memo.get(String(move));
      if (child && sameBytes(child.state, root)) {
        const prefix = String(move);
        const next = new Map<string, SimulatedNode | null>();
        for (const [key, node] of this.memo) {
          if (key.length > 1 && key.startsWith(prefix)) next.set(key.slice(1), node);
        }
        this.memo = next;
        this.stats.reusedRoots++;
        return;
      }
    }
    this.memo.clear();
  }
}
