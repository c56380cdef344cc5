/**
 * Checks that the sub-envs of a vector env have compatible spaces (Gymnasium `_check_spaces`).
 *
 * @module
 */
import { GymError } from '../errors.js';
import type { Space } from '../spaces/space.js';
import type { BatchLayout } from './batching.js';
import type { ObservationMode } from './types.js';

/**
 * Throws unless every sub-env's observation space agrees with sub-env 0's (equal for `'same'`; equal leaf
 * shapes and dtypes for `'different'`) and every action space equals sub-env 0's.
 *
 * @param observationSpaces - one per sub-env
 * @param actionSpaces - one per sub-env
 * @param layoutOf - the batch layout of a space (used to compare shapes and dtypes)
 * @throws GymError (`space_mismatch`) naming the first disagreeing sub-env
 */
export function checkSubEnvSpaces(
  observationSpaces: readonly Space<unknown>[],
  actionSpaces: readonly Space<unknown>[],
  mode: ObservationMode,
  layoutOf: (space: Space<unknown>) => BatchLayout,
): void {
  if (mode !== 'same' && mode !== 'different') {
    throw new GymError(
      `observationMode must be 'same' or 'different', got ${String(mode)}`,
      'invalid_observation_mode',
    );
  }
  const obs0 = observationSpaces[0]!;
  const act0 = actionSpaces[0]!;
  const layout0 = mode === 'different' ? signature(layoutOf(obs0)) : '';
  for (let i = 1; i < observationSpaces.length; i++) {
    const obs = observationSpaces[i]!;
    const ok = mode === 'same' ? obs.equals(obs0) : signature(layoutOf(obs)) === layout0;
    if (!ok) {
      throw new GymError(
        `sub-env ${i}'s observation space ${obs.toString()} differs from sub-env 0's ${obs0.toString()}${mode === 'same' ? " (observationMode 'different' allows other bounds)" : ''}`,
        'space_mismatch',
        { index: i, which: 'observation' },
      );
    }
    if (!actionSpaces[i]!.equals(act0)) {
      throw new GymError(
        `sub-env ${i}'s action space ${actionSpaces[i]!.toString()} differs from sub-env 0's ${act0.toString()}`,
        'space_mismatch',
        { index: i, which: 'action' },
      );
    }
  }
}

function signature(layout: BatchLayout): string {
  return JSON.stringify({ root: layout.root, leaves: layout.leaves });
}
