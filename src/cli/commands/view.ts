/**
 * `residual-gym view <id>`: records one episode of a policy and writes a self-contained HTML replay (three.js
 * and the recording inlined, opens from disk); with `--live`, streams a running env to the browser over a
 * local WebSocket instead.
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import type { BasePolicy } from '../../base-policies/policy.js';
import { makeBasePolicy } from '../../base-policies/registry.js';
import type { Env } from '../../core/env.js';
import { basePolicyOf } from '../../registry/builtin.js';
import { envIds, make } from '../../registry/registry.js';
import { writeReplayHtml } from '../../render/html.js';
import { DEFAULT_LIVE_HOST, DEFAULT_LIVE_PORT, LiveViewer } from '../../render/live-server.js';
import { runLiveSession } from '../../render/live-session.js';
import { DEFAULT_MAX_RECORDED_STEPS, fpsOf, recordEpisode } from '../../render/recorder.js';
import { worldOf } from '../../render/scene-description.js';
import { choiceFlag, integerFlag, parseCommand, UsageError } from '../usage.js';

/** Policies `view` can run. */
export const VIEW_POLICIES = ['base', 'random', 'zero'] as const;
/** One of {@link VIEW_POLICIES}. */
export type ViewPolicy = (typeof VIEW_POLICIES)[number];

/** Largest accepted `--port`. */
const MAX_TCP_PORT = 65535;

/** Help text of `residual-gym view`. */
export const VIEW_HELP = `Usage: residual-gym view <id> [options]
       residual-gym view <id> --live [--port P]

Records one episode and writes a self-contained HTML replay (three.js and the episode inlined; open it
from disk in any browser: play/pause, scrub, orbit the camera with the mouse). With --live, runs episodes
continuously and streams them to http://127.0.0.1:<port>/ over a local WebSocket.

Options:
  --policy P       base | random | zero (default base: the task's base policy)
  --seed N         reset seed (default 0; live: episode k uses N+k)
  --out FILE       replay file (default <id>-seed<N>.html)
  --json FILE      also write the recording as JSON
  --max-steps N    stop an episode after N steps if it has not ended (default ${DEFAULT_MAX_RECORDED_STEPS})
  --live           stream instead of writing a file (Ctrl-C stops)
  --port P         live: TCP port (default ${DEFAULT_LIVE_PORT}; 0 picks a free one)
  --host H         live: interface (default ${DEFAULT_LIVE_HOST})
  --episodes N     live: stop after N episodes (default: run until Ctrl-C)
  --fps F          live: steps per second (default: the env's render fps, else 25)
  -h, --help       this text
`;

/** The policy `view` runs on `id`. */
function policyFor(id: string, policy: ViewPolicy): BasePolicy<unknown, unknown> {
  if (policy === 'random') return makeBasePolicy('random');
  if (policy === 'zero') return makeBasePolicy('zero');
  const base = basePolicyOf(id);
  if (base === undefined) {
    throw new UsageError(`view: ${id} has no base policy; use --policy zero or --policy random`);
  }
  return makeBasePolicy(base.policy, base.policyOptions ?? {});
}

/** Runs `residual-gym view` with `argv` (the arguments after `view`). */
export function runView(argv: readonly string[]): number {
  const { values, positionals } = parseCommand('view', argv, {
    policy: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
    'max-steps': { type: 'string' },
    live: { type: 'boolean' },
    port: { type: 'string' },
    host: { type: 'string' },
    episodes: { type: 'string' },
    fps: { type: 'string' },
  });
  if (values.help) {
    process.stdout.write(VIEW_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `view: expected one env id, got ${positionals.length}\nRun 'residual-gym view --help'.`,
    );
  }
  const id = positionals[0]!;
  if (!envIds().includes(id))
    throw new UsageError(`view: unknown env id '${id}'; ids: ${envIds().join(', ')}`);
  const policyName = choiceFlag('view', 'policy', values.policy, VIEW_POLICIES) ?? 'base';
  const seed = integerFlag('view', 'seed', values.seed, 0) ?? 0;
  const maxSteps = integerFlag('view', 'max-steps', values['max-steps'], 1) ?? DEFAULT_MAX_RECORDED_STEPS;
  const live = values.live === true;
  if (!live) {
    for (const flag of ['port', 'host', 'episodes', 'fps'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`view: --${flag} only applies with --live`);
    }
  } else {
    for (const flag of ['out', 'json'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`view: --${flag} does not apply with --live`);
    }
  }
  const policy = policyFor(id, policyName);
  const env = make<unknown, unknown>(id);
  try {
    worldOf(env); // fails early for an env that cannot be drawn
  } catch (err) {
    env.close();
    throw err;
  }
  if (live) {
    const port = integerFlag('view', 'port', values.port, 0) ?? DEFAULT_LIVE_PORT;
    if (port > MAX_TCP_PORT)
      throw new UsageError(`view: --port must be at most ${MAX_TCP_PORT}, got ${port}`);
    const episodes = integerFlag('view', 'episodes', values.episodes, 1);
    let fps = fpsOf(env);
    if (values.fps !== undefined) {
      fps = Number(values.fps);
      if (typeof values.fps !== 'string' || !Number.isFinite(fps) || fps <= 0) {
        throw new UsageError(`view: --fps must be a positive number, got '${String(values.fps)}'`);
      }
    }
    const host = typeof values.host === 'string' ? values.host : DEFAULT_LIVE_HOST;
    void streamLive(env, policy, { id, port, host, seed, episodes, fps, maxSteps });
    return 0;
  }
  const out = typeof values.out === 'string' ? values.out : `${id.replace(/[^\w.-]/g, '_')}-seed${seed}.html`;
  try {
    const t0 = performance.now();
    const { recording, steps, success, episodeReturn } = recordEpisode(env, policy, { seed, maxSteps });
    writeReplayHtml(out, recording);
    if (typeof values.json === 'string') writeFileSync(values.json, `${JSON.stringify(recording)}\n`);
    process.stdout.write(
      `${id} · ${policy.name} · seed ${seed}: ${steps} steps, return ${episodeReturn.toFixed(2)}, ` +
        `${success ? 'success' : 'no success'} (${((performance.now() - t0) / 1000).toFixed(1)} s)\n` +
        `wrote ${out}${typeof values.json === 'string' ? ` and ${values.json}` : ''}; open it in a browser\n`,
    );
  } finally {
    policy.close?.();
    env.close();
  }
  return 0;
}

/** The live part of `view`: starts the server, runs episodes until done or Ctrl-C, then cleans up. */
async function streamLive(
  env: Env<unknown, unknown>,
  policy: BasePolicy<unknown, unknown>,
  o: {
    id: string;
    port: number;
    host: string;
    seed: number;
    episodes: number | undefined;
    fps: number;
    maxSteps: number;
  },
): Promise<void> {
  let viewer: LiveViewer | null = null;
  try {
    viewer = await LiveViewer.start({
      port: o.port,
      host: o.host,
      title: `${o.id} · ${policy.name}`,
      fps: o.fps,
    });
    process.stdout.write(`live viewer for ${o.id} (${policy.name}) at ${viewer.url} — Ctrl-C stops\n`);
    const session = runLiveSession(env, policy, viewer, {
      seed: o.seed,
      fps: o.fps,
      maxSteps: o.maxSteps,
      ...(o.episodes === undefined ? {} : { episodes: o.episodes }),
      onEpisode: (k, ret, success) =>
        process.stdout.write(
          `episode ${k} (seed ${o.seed + k}): return ${ret.toFixed(2)}, ${success ? 'success' : 'no success'}\n`,
        ),
    });
    const onSigint = (): void => {
      void session.stop();
    };
    process.once('SIGINT', onSigint);
    try {
      await session.done;
    } finally {
      process.off('SIGINT', onSigint);
    }
  } catch (err) {
    process.stderr.write(`residual-gym: view --live: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  } finally {
    await viewer?.close();
    policy.close?.();
    env.close();
  }
}
