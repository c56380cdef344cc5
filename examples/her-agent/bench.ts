/**
 * Throughput of the example agent: gradient updates per second at batch 256 (one critic step plus one actor
 * step, the DDPG+HER update) and env steps per second of collection (vector env stepping plus acting).
 * Reports both wall-clock rates and rates per CPU-second of this process, since the machine may be shared.
 *
 * Usage: `npx tsx --conditions=source examples/her-agent/bench.ts [--seconds 10] [--env ResidualSlipperyPush-v0]`
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { RPL_DDPG_CONFIG } from './ddpg.js';
import { Trainer } from './trainer.js';

/** Default measuring time per quantity, s. */
const DEFAULT_SECONDS = 10;
/** Updates run before timing starts, so the JIT has compiled the kernels. */
const WARMUP_UPDATES = 3;
/** Episodes collected before the update benchmark so the replay buffer can be sampled. */
const PRIMING_CYCLES = 2;

/** A rate measured both ways. */
export interface Rate {
  readonly perWallSecond: number;
  readonly perCpuSecond: number;
  readonly count: number;
}

/** Runs `fn` (which returns how many units it did) until `seconds` of wall time have passed. */
export function measure(seconds: number, fn: () => number): Rate {
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  let count = 0;
  while (performance.now() - wall0 < seconds * 1000) count += fn();
  const wall = (performance.now() - wall0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { perWallSecond: count / wall, perCpuSecond: count / cpuSeconds, count };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: String(DEFAULT_SECONDS) },
      env: { type: 'string', default: 'ResidualSlipperyPush-v0' },
      'num-envs': { type: 'string', default: '2' },
      mode: { type: 'string', default: 'sync' },
    },
    strict: true,
  });
  const seconds = Number(values.seconds);
  const mode = values.mode === 'async' ? 'async' : 'sync';
  const trainer = new Trainer({
    envId: values.env,
    seed: 0,
    numEnvs: Number(values['num-envs']),
    vectorMode: mode,
    cyclesPerEpoch: 1,
    batchesPerCycle: 0,
    evalEpisodes: 1,
    criticBurnIn: false,
    ddpg: RPL_DDPG_CONFIG,
  });
  try {
    for (let c = 0; c < PRIMING_CYCLES; c++) trainer.storeEpisodes(trainer.collect().batch);
    for (let i = 0; i < WARMUP_UPDATES; i++) trainer.trainStep(true);
    const updates = measure(seconds, () => {
      trainer.trainStep(true);
      return 1;
    });
    const criticOnly = measure(seconds, () => {
      trainer.trainStep(false);
      return 1;
    });
    const collection = measure(seconds, () => trainer.collect().batch.count * trainer.horizon);
    const report = {
      env: values.env,
      vectorMode: mode,
      numEnvs: Number(values['num-envs']),
      batchSize: RPL_DDPG_CONFIG.batchSize,
      hidden: RPL_DDPG_CONFIG.hidden,
      updatesPerSecond: updates,
      criticOnlyUpdatesPerSecond: criticOnly,
      collectionEnvStepsPerSecond: collection,
    };
    process.stdout.write(`${JSON.stringify(report, null, 1)}\n`);
  } finally {
    trainer.close();
  }
}

await main();
