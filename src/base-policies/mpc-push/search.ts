/**
 * The best-first search of RPL's MPC push controller (`mpc_controller.MPCController`, spec fetch-tasks.md §6.3),
 * independent of the simulator: six primitive gripper moves, the lexicographic heuristic (c1, c2, c3) and a
 * fixed number of node expansions. The simulator is behind {@link PushSearchModel}.
 *
 * @module
 */
import type { Rng } from '../../random/rng.js';

/** Number of primitive moves: ±x, ±y, ±z of the gripper. */
export const PRIMITIVE_COUNT = 6;

/**
 * The primitive moves, in the order children are generated: (+1,0,0,0), (−1,0,0,0), (0,+1,0,0), (0,−1,0,0),
 * (0,0,+1,0), (0,0,−1,0). Each is a full 5 cm gripper step (RPL multiplies by 10 and the env clips to ±1).
 */
export const PRIMITIVE_MOVES: readonly (readonly [number, number, number, number])[] = Object.freeze([
  [1, 0, 0, 0],
  [-1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, -1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, -1, 0],
]);

/** Scale of the integer heuristic terms, 1/m: RPL `int(10000 * distance)` (units of 0.1 mm). */
export const HEURISTIC_SCALE_PER_M = 10000;
/** The push point lies this far behind the block centre, m: half of the 0.1 m block width RPL's MPC assumes. */
export const MPC_PUSH_OFFSET_M = 0.05;
/** The push point lies this far above the block centre, m: RPL `+ 0.005`. */
export const MPC_PUSH_HEIGHT_M = 0.005;

/** Positions the heuristic reads from a simulated state (world frame, m). */
export interface SearchStatePositions {
  /** Grip-site position (observation[0:3]). */
  readonly grip: ArrayLike<number>;
  /** Block centre (observation[3:6]). */
  readonly block: ArrayLike<number>;
}

/**
 * The simulator seen by the search. States are opaque to the search; `simulate` must be a pure function of
 * (parent state, move), which an exact simulator copy guarantees.
 *
 * @typeParam S - the model's state handle
 */
export interface PushSearchModel<S> {
  /**
   * The state reached from `parent` by one env step with primitive `move` (index into
   * {@link PRIMITIVE_MOVES}), and its positions; `null` if the physics failed (the child is dropped).
   *
   * @param parent - the parent's state (the root's is the one given to {@link bestFirstPushSearch})
   * @param parentPlan - the moves from the root to `parent` (lets a model memoise by plan)
   */
  simulate(
    parent: S,
    parentPlan: readonly number[],
    move: number,
  ): { readonly state: S; readonly positions: SearchStatePositions } | null;
}

/** A heuristic value: compared lexicographically, lower is better. */
export interface PushHeuristic {
  /** floor(10000 · block–goal xy distance). */
  readonly c1: number;
  /** Number of moves from the root + floor(10000 · grip–push-point distance). */
  readonly c2: number;
  /** Uniform random tie-breaker in [0, 1). */
  readonly c3: number;
}

/**
 * RPL's heuristic of a node: c1 = ⌊10000·‖b.xy − G.xy‖⌋; c2 = depth + ⌊10000·‖g − P‖⌋ with the push point
 * P = b + (−sin θ·0.05, −cos θ·0.05, 0.005), θ = atan2(G.x − b.x, G.y − b.y); c3 = a uniform draw from `rng`.
 */
export function pushHeuristic(
  positions: SearchStatePositions,
  goal: ArrayLike<number>,
  depth: number,
  rng: Rng,
): PushHeuristic {
  const { grip: g, block: b } = positions;
  const c1 = Math.floor(HEURISTIC_SCALE_PER_M * Math.hypot(b[0]! - goal[0]!, b[1]! - goal[1]!));
  const theta = Math.atan2(goal[0]! - b[0]!, goal[1]! - b[1]!);
  const px = b[0]! - Math.sin(theta) * MPC_PUSH_OFFSET_M;
  const py = b[1]! - Math.cos(theta) * MPC_PUSH_OFFSET_M;
  const pz = b[2]! + MPC_PUSH_HEIGHT_M;
  const c2 = depth + Math.floor(HEURISTIC_SCALE_PER_M * Math.hypot(g[0]! - px, g[1]! - py, g[2]! - pz));
  return { c1, c2, c3: rng.uniform() };
}

/** Lexicographic comparison of two heuristics: negative if `a` is better (smaller). */
export function compareHeuristics(a: PushHeuristic, b: PushHeuristic): number {
  return a.c1 - b.c1 || a.c2 - b.c2 || a.c3 - b.c3;
}

/** What one search found. */
export interface PushSearchResult {
  /** Index of the first move of the best node's plan, or −1 if the root stayed best. */
  readonly firstMove: number;
  /** The best node's plan (move indices). */
  readonly bestPlan: readonly number[];
  /** The best node's heuristic. */
  readonly bestHeuristic: PushHeuristic;
  /** Nodes expanded (at most the requested number; fewer only if the queue ran empty). */
  readonly expansions: number;
  /** Children simulated (after the visited-sum pruning). */
  readonly simulations: number;
}

interface SearchNode<S> {
  readonly state: S;
  readonly plan: readonly number[];
  /** Net displacement of the plan in units of a primitive step (x, y, z). */
  readonly sum: readonly [number, number, number];
  readonly h: PushHeuristic;
}

/**
 * RPL's best-first search. The queue starts with the root (heuristic of `rootPositions`, depth 0). Each of
 * `expansions` iterations pops the best node (lowest (c1, c2, c3)) and, for each of the six moves in order,
 * skips the move if the net sum of the resulting plan was already visited; otherwise simulates it, scores it
 * (drawing c3 from `rng`), queues it and marks its sum visited. The best node is tracked as in RPL: a strictly
 * lower c1 wins, and an equal c1 with c2 ≤ the best's c2 also replaces it. (The root's own sum is not marked
 * visited, as in the spec: a plan that returns to the start is simulated once.)
 *
 * Draws from `rng`: one for the root, then one per simulated child, in generation order.
 */
export function bestFirstPushSearch<S>(
  model: PushSearchModel<S>,
  root: S,
  rootPositions: SearchStatePositions,
  goal: ArrayLike<number>,
  expansions: number,
  rng: Rng,
): PushSearchResult {
  const rootNode: SearchNode<S> = {
    state: root,
    plan: [],
    sum: [0, 0, 0],
    h: pushHeuristic(rootPositions, goal, 0, rng),
  };
  // The queue stays below 1 + 6·expansions entries: a linear scan for the minimum is simple and cheap.
  const queue: SearchNode<S>[] = [rootNode];
  const visited = new Set<string>();
  let best = rootNode;
  let expanded = 0;
  let simulations = 0;
  for (let e = 0; e < expansions && queue.length > 0; e++) {
    const node = popBest(queue);
    expanded++;
    for (let move = 0; move < PRIMITIVE_COUNT; move++) {
      const m = PRIMITIVE_MOVES[move]!;
      const sum: [number, number, number] = [node.sum[0] + m[0], node.sum[1] + m[1], node.sum[2] + m[2]];
      const key = `${sum[0]},${sum[1]},${sum[2]}`;
      if (visited.has(key)) continue;
      const child = model.simulate(node.state, node.plan, move);
      simulations++;
      visited.add(key);
      if (child === null) continue;
      const plan = [...node.plan, move];
      const h = pushHeuristic(child.positions, goal, plan.length, rng);
      const childNode: SearchNode<S> = { state: child.state, plan, sum, h };
      queue.push(childNode);
      if (h.c1 < best.h.c1 || (h.c1 === best.h.c1 && h.c2 <= best.h.c2)) best = childNode;
    }
  }
  return {
    firstMove: best.plan.length === 0 ? -1 : best.plan[0]!,
    bestPlan: best.plan,
    bestHeuristic: best.h,
    expansions: expanded,
    simulations,
  };
}

/** Removes and returns the best node (lowest heuristic; exact ties of all three terms go to the lower queue slot). */
function popBest<S>(queue: SearchNode<S>[]): SearchNode<S> {
  let bi = 0;
  for (let i = 1; i < queue.length; i++) {
    if (compareHeuristics(queue[i]!.h, queue[bi]!.h) < 0) bi = i;
  }
  const node = queue[bi]!;
  queue[bi] = queue[queue.length - 1]!;
  queue.pop();
  return node;
}
