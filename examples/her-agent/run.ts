/**
 * Resumable training: runs a {@link Trainer} for a number of epochs, saving a checkpoint after every epoch
 * and continuing from the last one when the directory already holds a checkpoint of the same run.
 *
 * @module
 */
import { hasCheckpoint, restoreTrainer, saveCheckpoint } from './checkpoint.js';
import { type EpochRecord, Trainer, type TrainerOptions } from './trainer.js';

/** Arguments of {@link trainResumable}. */
export interface ResumableRun {
  /** The run's trainer options (must equal the checkpoint's when resuming). */
  readonly options: TrainerOptions;
  /** Total epochs of the run (counting epochs done before a resume). */
  readonly epochs: number;
  /** Checkpoint directory, or null for no checkpoints. */
  readonly checkpointDir: string | null;
  /** Called after every epoch (after its checkpoint was written). */
  readonly onEpoch?: (record: EpochRecord, trainer: Trainer) => void;
  /** Called after every cycle, with the epoch being run. */
  readonly onCycle?: (epoch: number, cycle: number) => void;
  /** Stop early (after the current epoch's checkpoint) when this returns true, e.g. on SIGINT. */
  readonly shouldStop?: () => boolean;
}

/**
 * Pause between epochs so that pending events run; training itself is synchronous. A single `setImmediate`
 * turn was measured not to deliver a SIGINT that arrived during a synchronous stretch (the signal is handled one
 * turn later); a short timer does.
 */
const EVENT_LOOP_YIELD_MS = 10;

/** Lets pending events (signal handlers) run before the next epoch. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, EVENT_LOOP_YIELD_MS));
}

/**
 * Trains until `epochs` epochs are done (or `shouldStop`), resuming from `checkpointDir` if it holds a
 * checkpoint. Returns the full learning curve and whether the run is complete. Between epochs it yields to the
 * event loop, so a SIGINT handler that sets the `shouldStop` flag gets to run.
 */
export async function trainResumable(run: ResumableRun): Promise<{
  history: readonly EpochRecord[];
  complete: boolean;
  resumedAt: number;
}> {
  const trainer = new Trainer(run.options);
  try {
    let resumedAt = 0;
    if (run.checkpointDir !== null && hasCheckpoint(run.checkpointDir)) {
      restoreTrainer(run.checkpointDir, trainer);
      resumedAt = trainer.getProgress().epoch;
    }
    while (trainer.getProgress().epoch < run.epochs) {
      await yieldToEventLoop();
      if (run.shouldStop?.()) break;
      const epoch = trainer.getProgress().epoch + 1;
      const record = trainer.runEpoch((cycle) => run.onCycle?.(epoch, cycle));
      if (run.checkpointDir !== null)
        saveCheckpoint(run.checkpointDir, trainer.agent, run.options.seed, trainer);
      run.onEpoch?.(record, trainer);
    }
    const progress = trainer.getProgress();
    return { history: progress.history, complete: progress.epoch >= run.epochs, resumedAt };
  } finally {
    trainer.close();
  }
}
