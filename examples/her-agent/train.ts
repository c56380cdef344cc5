/**
 * Command line: trains the DDPG+HER agent on one env id, with a checkpoint after every epoch and automatic
 * resume. Progress goes to stderr, the learning curve as JSON to stdout.
 *
 * ```sh
 * npm run train -- --env ResidualSlipperyPush-v0 --epochs 20 --checkpoint runs/rsp-0
 * ```
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { RPL_DDPG_CONFIG } from './ddpg.js';
import { trainResumable } from './run.js';

const { values } = parseArgs({
  options: {
    env: { type: 'string', default: 'ResidualSlipperyPush-v0' },
    seed: { type: 'string', default: '0' },
    epochs: { type: 'string', default: '10' },
    'num-envs': { type: 'string', default: '2' },
    mode: { type: 'string', default: 'sync' },
    cycles: { type: 'string', default: '10' },
    batches: { type: 'string', default: '40' },
    'eval-episodes': { type: 'string', default: '20' },
    'no-burn-in': { type: 'boolean', default: false },
    checkpoint: { type: 'string' },
  },
  strict: true,
});

function positiveInt(name: string, text: string): number {
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < 0)
    throw new RangeError(`--${name} must be a non-negative integer, got '${text}'`);
  return v;
}

let stop = false;
process.on('SIGINT', () => {
  stop = true;
  process.stderr.write('\nstopping after this epoch (its checkpoint is written first)\n');
});

const result = await trainResumable({
  options: {
    envId: values.env,
    seed: positiveInt('seed', values.seed),
    numEnvs: positiveInt('num-envs', values['num-envs']),
    vectorMode: values.mode === 'async' ? 'async' : 'sync',
    cyclesPerEpoch: positiveInt('cycles', values.cycles),
    batchesPerCycle: positiveInt('batches', values.batches),
    evalEpisodes: positiveInt('eval-episodes', values['eval-episodes']),
    criticBurnIn: !values['no-burn-in'],
    ddpg: RPL_DDPG_CONFIG,
  },
  epochs: positiveInt('epochs', values.epochs),
  checkpointDir: values.checkpoint ?? null,
  shouldStop: () => stop,
  onEpoch: (r, trainer) =>
    process.stderr.write(
      `epoch ${r.epoch}: ${r.envSteps} steps, ${r.updates} updates, eval success ${r.evalSuccess.toFixed(2)}, ` +
        `train success ${r.trainSuccess.toFixed(2)}, Q ${r.meanValue.toFixed(2)}${r.actorFrozen ? ' (actor frozen)' : ''}, ` +
        `${r.seconds.toFixed(0)} s, ${trainer.collectionStepsPerSecond().toFixed(0)} env steps/s\n`,
    ),
});
process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);
