import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionInput, type Env, type GoalObs, make, makeBasePolicy, Rng } from 'residual-gym';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, restoreTrainer, saveCheckpoint } from '../../examples/her-agent/checkpoint.js';
import { DdpgAgent, type DdpgConfig, RPL_DDPG_CONFIG } from '../../examples/her-agent/ddpg.js';
import { gemmAbt, Mlp } from '../../examples/her-agent/mlp.js';
import { HerReplayBuffer } from '../../examples/her-agent/replay-buffer.js';
import { goalEnvDims, Trainer, type TrainerOptions } from '../../examples/her-agent/trainer.js';

/** Small networks so that the mechanics run in seconds; the algorithm is the same as with 3 × 256. */
const SMALL_DDPG: DdpgConfig = { ...RPL_DDPG_CONFIG, hidden: [32, 32], batchSize: 32, bufferSize: 10_000 };

const SMALL_RUN: TrainerOptions = {
  envId: 'ResidualSlipperyPush-v0',
  seed: 3,
  numEnvs: 2,
  vectorMode: 'sync',
  cyclesPerEpoch: 2,
  batchesPerCycle: 10,
  evalEpisodes: 2,
  criticBurnIn: false,
  ddpg: SMALL_DDPG,
};

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'her-agent-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function sha(data: ArrayBufferView): string {
  return createHash('sha256')
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest('hex');
}

describe('numeric kernels', () => {
  it('gemmAbt equals the naive triple loop on ragged sizes', () => {
    const rng = Rng.fromSeed(1);
    for (const [m, n, k] of [
      [5, 3, 7],
      [8, 4, 16],
      [1, 1, 1],
      [6, 9, 2],
    ] as const) {
      const a = Float32Array.from({ length: m * k }, () => rng.uniform(-1, 1));
      const b = Float32Array.from({ length: n * k }, () => rng.uniform(-1, 1));
      const c = new Float32Array(m * n);
      gemmAbt(a, m, b, n, k, c);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let t = 0; t < k; t++) s += a[i * k + t]! * b[j * k + t]!;
          expect(c[i * n + j]).toBeCloseTo(s, 5);
        }
      }
    }
  });

  it('Mlp.backward matches central finite differences (parameters and inputs)', () => {
    const net = new Mlp({ sizes: [5, 7, 6, 3], output: 'tanh' });
    const rng = Rng.fromSeed(2);
    net.initialize(rng);
    for (let i = 0; i < net.params.length; i++) net.params[i] += rng.uniform(-0.05, 0.05); // non-zero biases
    const batch = 5;
    const x = Float32Array.from({ length: batch * 5 }, () => rng.uniform(-1, 1));
    const c = Float64Array.from({ length: batch * 3 }, () => rng.uniform(-1, 1));
    const loss = (input: Float32Array): number => {
      const y = net.forward(input, batch);
      let s = 0;
      for (let i = 0; i < y.length; i++) s += c[i]! * y[i]!;
      return s;
    };
    loss(x);
    const dx = net.backward(Float32Array.from(c), true).slice();
    const grads = net.grads.slice();
    const h = 1e-2;
    for (let p = 0; p < net.params.length; p += 3) {
      const saved = net.params[p]!;
      net.params[p] = saved + h;
      const up = loss(x);
      net.params[p] = saved - h;
      const down = loss(x);
      net.params[p] = saved;
      expect(Math.abs((up - down) / (2 * h) - grads[p]!)).toBeLessThan(2e-3 + 2e-2 * Math.abs(grads[p]!));
    }
    for (let i = 0; i < x.length; i++) {
      const xp = x.slice();
      xp[i] += h;
      const xm = x.slice();
      xm[i] -= h;
      const numeric = (loss(xp) - loss(xm)) / (2 * h);
      expect(Math.abs(numeric - dx[i]!)).toBeLessThan(2e-3 + 2e-2 * Math.abs(dx[i]!));
    }
  });
});

describe('HER replay buffer', () => {
  it('relabels about k/(k+1) of the goals with achieved goals of the same episode, later in time', () => {
    const shape = { horizon: 4, obsDim: 1, goalDim: 1, actionDim: 1 };
    const buffer = new HerReplayBuffer(shape, 1000, 4);
    // One episode: obs t = t, achieved goal t = 10 + t, desired goal = -1 (never achieved).
    buffer.store({
      count: 1,
      obs: Float32Array.of(0, 1, 2, 3, 4),
      achievedGoal: Float32Array.of(10, 11, 12, 13, 14),
      goal: Float32Array.of(-1, -1, -1, -1),
      action: Float32Array.of(0, 0, 0, 0),
    });
    const reward = (ag: Float32Array, g: Float32Array, rows: number) =>
      Float64Array.from({ length: rows }, (_, i) => (ag[i] === g[i] ? 0 : -1));
    const batch = buffer.sample(2000, Rng.fromSeed(0), reward);
    let relabelled = 0;
    for (let i = 0; i < batch.size; i++) {
      const t = batch.obs[i]!;
      expect(batch.nextObs[i]).toBe(t + 1);
      const g = batch.goal[i]!;
      if (g !== -1) {
        relabelled++;
        expect(g).toBeGreaterThanOrEqual(10 + t + 1); // a future achieved goal
        expect(g).toBeLessThanOrEqual(14);
      }
      expect(batch.reward[i]).toBe(g === 10 + t + 1 ? 0 : -1);
    }
    expect(relabelled / batch.size).toBeGreaterThan(0.75);
    expect(relabelled / batch.size).toBeLessThan(0.85);
  });
});

describe('DDPG+HER agent on the public API', () => {
  it('a residual agent at initialisation acts exactly like the base policy (zero residual)', () => {
    const dims = goalEnvDims('ResidualSlipperyPush-v0');
    const agent = new DdpgAgent(dims, RPL_DDPG_CONFIG, 11);
    const seed = 4242;
    const residualEnv = make('ResidualSlipperyPush-v0') as Env<GoalObs, ActionInput>;
    const plainEnv = make('SlipperyPush-v0') as Env<GoalObs, ActionInput>;
    const base = makeBasePolicy<GoalObs, ActionInput>('scripted-push');
    const residualHash = createHash('sha256');
    const baseHash = createHash('sha256');
    let r = residualEnv.reset({ seed }).obs;
    let p = plainEnv.reset({ seed }).obs;
    base.reset({ seed, env: plainEnv });
    const action = new Float32Array(dims.actionDim);
    let maxResidual = 0;
    for (let t = 0; t < dims.horizon; t++) {
      agent.act(r.observation, r.desired_goal, 1, false, action);
      for (const v of action) maxResidual = Math.max(maxResidual, Math.abs(v));
      r = residualEnv.step(action).obs;
      p = plainEnv.step(base.act(p)).obs;
      residualHash.update(new Uint8Array(r.observation.buffer.slice(0)));
      baseHash.update(new Uint8Array(p.observation.buffer.slice(0)));
    }
    expect(maxResidual).toBe(0);
    expect(residualHash.digest('hex')).toBe(baseHash.digest('hex'));
    residualEnv.close();
    plainEnv.close();
  });

  it('trains for a few hundred steps; the checkpoint round-trips bit-identically and resumes exactly', () => {
    const a = new Trainer(SMALL_RUN);
    const actorBefore = a.agent.actor.params.slice();
    const first = a.runEpoch();
    const second = a.runEpoch();
    expect(second.envSteps).toBe(2 * SMALL_RUN.cyclesPerEpoch * SMALL_RUN.numEnvs * a.horizon); // 400
    expect(second.updates).toBe(2 * SMALL_RUN.cyclesPerEpoch * SMALL_RUN.batchesPerCycle);
    expect(Number.isFinite(first.criticLoss) && Number.isFinite(second.actorLoss)).toBe(true);
    expect(a.buffer.size).toBe(8);
    expect(sha(a.agent.actor.params)).not.toBe(sha(actorBefore)); // the actor learned (no burn-in here)

    const dir1 = tempDir();
    saveCheckpoint(dir1, a.agent, SMALL_RUN.seed, a);
    const b = new Trainer(SMALL_RUN);
    restoreTrainer(dir1, b);
    const dir2 = tempDir();
    saveCheckpoint(dir2, b.agent, SMALL_RUN.seed, b);
    const files = readdirSync(dir1).sort();
    expect(files).toEqual(readdirSync(dir2).sort());
    expect(files.filter((f) => f.endsWith('.bin'))).toHaveLength(2); // weights and replay buffer
    for (const f of files) expect(sha(readFileSync(join(dir2, f)))).toBe(sha(readFileSync(join(dir1, f))));
    const loaded = loadCheckpoint(dir1).agent;
    expect(sha(loaded.critic.params)).toBe(sha(a.agent.critic.params));

    // Continuing the restored trainer gives exactly what continuing the original gives.
    const ra = a.runEpoch();
    const rb = b.runEpoch();
    expect({ ...rb, seconds: 0 }).toEqual({ ...ra, seconds: 0 });
    expect(sha(b.agent.actor.params)).toBe(sha(a.agent.actor.params));
    expect(sha(b.agent.criticTarget.params)).toBe(sha(a.agent.criticTarget.params));
    saveCheckpoint(dir1, a.agent, SMALL_RUN.seed, a);
    const after = readdirSync(dir1);
    expect(after.filter((f) => f.endsWith('.bin'))).toHaveLength(2);
    expect(after.filter((f) => files.includes(f) && f.endsWith('.bin'))).toHaveLength(0);
    expect(loadCheckpoint(dir1).manifest.trainer?.progress.epoch).toBe(3);
    a.close();
    b.close();
  });

  it('TD3 options: twin critics, target smoothing and delayed actor steps train, round-trip and resume', () => {
    const td3: TrainerOptions = {
      ...SMALL_RUN,
      ddpg: { ...SMALL_DDPG, twinCritics: true, targetPolicyNoise: 0.2, actorUpdateInterval: 2 },
    };
    const a = new Trainer(td3);
    a.runEpoch();
    const state = a.agent.getState();
    // Delayed policy updates: the actor stepped on every second of the 20 gradient steps.
    expect(state.json.criticAdamSteps).toBe(20);
    expect(state.json.actorAdamSteps).toBe(10);
    // The second critic is a separate network with its own initialisation.
    expect(state.tensors.critic2).toBeDefined();
    expect(sha(state.tensors.critic2!)).not.toBe(sha(state.tensors.critic!));
    const dir = tempDir();
    saveCheckpoint(dir, a.agent, td3.seed, a);
    const names = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')).tensors.map(
      (e: { name: string }) => e.name,
    );
    expect(names).toContain('critic2Target');
    const b = new Trainer(td3);
    restoreTrainer(dir, b);
    const ra = a.runEpoch();
    const rb = b.runEpoch();
    expect({ ...rb, seconds: 0 }).toEqual({ ...ra, seconds: 0 });
    expect(sha(b.agent.getState().tensors.critic2Target!)).toBe(
      sha(a.agent.getState().tensors.critic2Target!),
    );
    // Without the options the agent is plain DDPG: same first-critic and actor initialisation, no second critic.
    const plain = new DdpgAgent(goalEnvDims(td3.envId), SMALL_DDPG, td3.seed);
    const twin = new DdpgAgent(goalEnvDims(td3.envId), td3.ddpg, td3.seed);
    expect(sha(twin.critic.params)).toBe(sha(plain.critic.params));
    expect(plain.getState().tensors.critic2).toBeUndefined();
    a.close();
    b.close();
  });

  it('holds the actor still during critic burn-in', () => {
    const t = new Trainer({ ...SMALL_RUN, criticBurnIn: true, cyclesPerEpoch: 1, batchesPerCycle: 4 });
    const before = t.agent.actor.params.slice();
    const r = t.runEpoch();
    expect(r.actorFrozen).toBe(true);
    expect(Number.isNaN(r.actorLoss)).toBe(true);
    expect(sha(t.agent.actor.params)).toBe(sha(before));
    expect(t.getProgress().actorFrozen).toBe(true); // one value estimate cannot show convergence yet
    t.close();
  });

  it('greedy sub-envs collect the deterministic policy; the others explore', () => {
    const t = new Trainer({ ...SMALL_RUN, greedyEnvs: 1 });
    const { obsDim, goalDim, actionDim, horizon } = goalEnvDims(SMALL_RUN.envId);
    const { batch } = t.collect();
    const deterministic = new Float32Array(actionDim);
    let greedyMaxDiff = 0;
    let exploringMaxDiff = 0;
    for (const [env, track] of [
      [1, (d: number) => (greedyMaxDiff = Math.max(greedyMaxDiff, d))],
      [0, (d: number) => (exploringMaxDiff = Math.max(exploringMaxDiff, d))],
    ] as const) {
      for (let s = 0; s < horizon; s++) {
        const o = batch.obs.subarray(
          (env * (horizon + 1) + s) * obsDim,
          (env * (horizon + 1) + s + 1) * obsDim,
        );
        const g = batch.goal.subarray((env * horizon + s) * goalDim, (env * horizon + s + 1) * goalDim);
        t.agent.act(o, g, 1, false, deterministic);
        const taken = batch.action.subarray(
          (env * horizon + s) * actionDim,
          (env * horizon + s + 1) * actionDim,
        );
        for (let i = 0; i < actionDim; i++) track(Math.abs(taken[i]! - deterministic[i]!));
      }
    }
    expect(greedyMaxDiff).toBe(0);
    expect(exploringMaxDiff).toBeGreaterThan(0.01);
    t.close();
    for (const greedyEnvs of [3, -1, 0.5]) {
      expect(() => new Trainer({ ...SMALL_RUN, greedyEnvs })).toThrow(RangeError);
    }
  });

  it('ends the burn-in after maxBurnInEpochs even if the rule has not released the actor', () => {
    // After one epoch the rule cannot release the actor (it compares two epochs: see the test above); a cap of
    // one epoch does.
    const t = new Trainer({
      ...SMALL_RUN,
      criticBurnIn: true,
      maxBurnInEpochs: 1,
      cyclesPerEpoch: 1,
      batchesPerCycle: 4,
    });
    const before = t.agent.actor.params.slice();
    expect(t.runEpoch().actorFrozen).toBe(true); // the first epoch trains the critic only ...
    expect(sha(t.agent.actor.params)).toBe(sha(before));
    expect(t.getProgress().actorFrozen).toBe(false); // ... then the cap releases the actor
    const r = t.runEpoch();
    expect(r.actorFrozen).toBe(false);
    expect(sha(t.agent.actor.params)).not.toBe(sha(before));
    t.close();
  });
});
