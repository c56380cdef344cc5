/**
 * The scene description read generically from each task's Rapier world: the expected bodies with the right
 * roles and sizes, poses that follow the block, recordings that survive JSON, and the override hooks.
 */
import { describe, expect, it } from 'vitest';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import type { Env } from '../../src/core/env.js';
import type { GoalObs } from '../../src/core/goal-env.js';
import { BLOCK_HALF_EXTENT_M } from '../../src/envs/fetch/constants.js';
import { GymError } from '../../src/errors.js';
import { RAPIER } from '../../src/physics/rapier.js';
import { make } from '../../src/registry/registry.js';
import { EPISODE_FORMAT, recordEpisode } from '../../src/render/recorder.js';
import {
  colliderSignature,
  describeWorld,
  goalOf,
  isPhysicsBacked,
  OBJECT_PALETTE,
  POSE_SIZE,
  ROLE_COLORS,
  readPoses,
  type SceneShape,
  SceneTracker,
  worldOf,
} from '../../src/render/scene-description.js';
import { PointMassEnv } from '../fixtures/point-mass-env.js';
import { renderCases } from './helpers.js';

function roles(shapes: readonly SceneShape[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of shapes) out[s.role] = (out[s.role] ?? 0) + 1;
  return out;
}

function objectBodies(shapes: readonly SceneShape[]): number[] {
  return [...new Set(shapes.filter((s) => s.role === 'object').map((s) => s.body))];
}

describe('describeWorld on every task', () => {
  for (const c of renderCases()) {
    it(`${c.id}: table, robot and objects with finite poses`, () => {
      const env = c.create();
      try {
        env.reset({ seed: 0 });
        const { shapes } = describeWorld(worldOf(env));
        const r = roles(shapes);
        expect(r.table).toBe(1);
        expect(r.robot ?? 0).toBeGreaterThan(0);
        expect(objectBodies(shapes).length).toBeGreaterThanOrEqual(1);
        for (const s of shapes) {
          expect(s.pose.every(Number.isFinite)).toBe(true);
          expect(Math.hypot(s.pose[3], s.pose[4], s.pose[5], s.pose[6])).toBeCloseTo(1, 4);
          expect(s.moving).toBe(s.role !== 'floor' && s.role !== 'table' && s.role !== 'obstacle');
        }
        if (c.family === 'fetch') {
          expect(r.floor).toBe(1);
          const block = shapes.find((s) => s.role === 'object')!;
          expect(block.geometry).toEqual({
            kind: 'box',
            halfExtents: [BLOCK_HALF_EXTENT_M, BLOCK_HALF_EXTENT_M, BLOCK_HALF_EXTENT_M],
          });
          expect(block.color).toBe(ROLE_COLORS.object);
          // The gripper: palm and fingers (two finger bodies when they move, one box when fixed).
          expect(r.robot).toBeGreaterThanOrEqual(2);
        } else if (c.family === 'hook') {
          expect(r.floor).toBe(1);
          // The object to fetch and the hook: two free bodies, coloured from the palette in body order.
          const bodies = objectBodies(shapes);
          expect(bodies.length).toBe(2);
          const hook = shapes.filter((s) => s.body === bodies[1]);
          expect(hook.length).toBe(2); // shaft and head
          expect(hook.every((s) => s.color === OBJECT_PALETTE[1])).toBe(true);
        } else {
          // MBRLPusher: a 7-link arm of capsules and spheres, and a cylindrical puck.
          expect(shapes.filter((s) => s.role === 'robot').some((s) => s.geometry.kind === 'capsule')).toBe(
            true,
          );
          const puck = shapes.find((s) => s.role === 'object')!;
          expect(puck.geometry.kind).toBe('cylinder');
        }
        const poses = readPoses(worldOf(env), shapes);
        expect(poses.length).toBe(POSE_SIZE * shapes.filter((s) => s.moving).length);
      } finally {
        env.close();
      }
    });
  }
});

describe('poses follow the physics', () => {
  it('the block shape moves with the block when the base policy pushes it, matching achieved_goal', () => {
    const env = make<GoalObs, Float32Array>('Push-v0');
    try {
      const policy = makeBasePolicy<GoalObs, Float32Array>('scripted-push');
      const { obs } = env.reset({ seed: 1 });
      const { shapes } = describeWorld(worldOf(env as Env<unknown, unknown>));
      const moving = shapes.filter((s) => s.moving);
      const blockIndex = moving.findIndex((s) => s.role === 'object');
      const blockAt = (poses: readonly number[]): number[] =>
        poses.slice(blockIndex * POSE_SIZE, blockIndex * POSE_SIZE + 3);
      const start = blockAt(readPoses(worldOf(env as Env<unknown, unknown>), shapes));
      expect(start[0]).toBeCloseTo(obs.achieved_goal[0]!, 4);
      expect(start[1]).toBeCloseTo(obs.achieved_goal[1]!, 4);
      policy.reset({ seed: 1, env });
      let last = obs;
      for (let i = 0; i < 50; i++) last = env.step(policy.act(last)).obs;
      const end = blockAt(readPoses(worldOf(env as Env<unknown, unknown>), shapes));
      for (let k = 0; k < 3; k++) expect(end[k]).toBeCloseTo(last.achieved_goal[k]!, 4);
      expect(Math.hypot(end[0]! - start[0]!, end[1]! - start[1]!)).toBeGreaterThan(0.02);
    } finally {
      env.close();
    }
  });

  it('recordEpisode stores shapes once and one frame per step, and survives JSON', () => {
    const env = make<GoalObs, Float32Array>('PickAndPlace-v0');
    try {
      const policy = makeBasePolicy<GoalObs, Float32Array>('oscillating-pick-and-place');
      const { recording, steps } = recordEpisode(env, policy, { seed: 2 });
      expect(recording.format).toBe(EPISODE_FORMAT);
      expect(recording.envId).toBe('PickAndPlace-v0');
      expect(steps).toBe(50);
      expect(recording.frames.length).toBe(steps + 1);
      expect(recording.frames.map((f) => f.step)).toEqual(Array.from({ length: steps + 1 }, (_, i) => i));
      const moving = recording.shapes.filter((s) => s.moving).length;
      for (const f of recording.frames) {
        expect(f.poses.length).toBe(moving * POSE_SIZE);
        expect(f.goal).toHaveLength(3);
      }
      expect(recording.frames[0]!.reward).toBeNull();
      expect(typeof recording.frames[1]!.reward).toBe('number');
      expect(JSON.parse(JSON.stringify(recording))).toEqual(recording);
    } finally {
      env.close();
    }
  });
});

describe('helpers and overrides', () => {
  it('isPhysicsBacked / worldOf reject an env without a Rapier world', () => {
    const env = new PointMassEnv();
    expect(isPhysicsBacked(env)).toBe(false);
    expect(() => worldOf(env as unknown as Env<unknown, unknown>)).toThrow(
      expect.objectContaining({ code: 'not_physics_backed' }),
    );
  });

  it('goalOf reads desired_goal and nothing else', () => {
    expect(goalOf({ desired_goal: Float64Array.of(1, 2, 3) })).toEqual([1, 2, 3]);
    expect(goalOf({ desired_goal: [1, 2] })).toBeNull();
    expect(goalOf(Float32Array.of(1, 2, 3))).toBeNull();
    expect(goalOf({ desired_goal: [Number.NaN, 0, 0] })).toBeNull();
  });

  it('colour and role overrides, hidden colliders, skipped shape types', () => {
    const world = new RAPIER.World({ x: 0, y: 0, z: -9.81 });
    try {
      const ground = world.createRigidBody(RAPIER.RigidBodyDesc.fixed());
      const box = world.createCollider(RAPIER.ColliderDesc.cuboid(0.5, 0.5, 0.1), ground);
      const body = world.createRigidBody(RAPIER.RigidBodyDesc.dynamic().setTranslation(0, 0, 1));
      const ball = world.createCollider(RAPIER.ColliderDesc.ball(0.1), body);
      const hull = world.createCollider(
        RAPIER.ColliderDesc.convexHull(Float32Array.of(0, 0, 0, 0.1, 0, 0, 0, 0.1, 0, 0, 0, 0.1))!,
        body,
      );
      const segment = world.createCollider(
        RAPIER.ColliderDesc.segment({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 }),
        ground,
      );
      const plain = describeWorld(world);
      expect(plain.shapes.map((s) => [s.id, s.role, s.geometry.kind])).toEqual([
        [box.handle, 'table', 'box'],
        [ball.handle, 'object', 'ball'],
        [hull.handle, 'object', 'hull'],
      ]);
      expect(plain.skipped).toEqual([{ id: segment.handle, shapeType: 'Segment' }]);
      const custom = describeWorld(world, {
        colors: new Map([[ball.handle, '#123456']]),
        classify: ({ collider, defaultRole }) => (collider.handle === hull.handle ? 'robot' : defaultRole),
        hidden: new Set([box.handle]),
      });
      expect(custom.shapes.map((s) => [s.id, s.role, s.color])).toEqual([
        [ball.handle, 'object', '#123456'],
        [hull.handle, 'robot', ROLE_COLORS.robot],
      ]);
    } finally {
      world.free();
    }
  });

  it('collider poses are composed from the body pose (exact after a step, current after a teleport)', () => {
    const world = new RAPIER.World({ x: 0, y: 0, z: 0 });
    try {
      const body = world.createRigidBody(
        RAPIER.RigidBodyDesc.dynamic()
          .setTranslation(0.3, -0.2, 0.5)
          .setRotation({ x: 0.2, y: -0.3, z: 0.4, w: Math.sqrt(1 - 0.29) })
          .setAngvel({ x: 1, y: 2, z: -3 }),
      );
      const collider = world.createCollider(
        RAPIER.ColliderDesc.cuboid(0.1, 0.05, 0.02)
          .setTranslation(0.4, 0.085, -0.1)
          .setRotation({ x: 0, y: 0, z: Math.SQRT1_2, w: Math.SQRT1_2 }),
        body,
      );
      world.step(); // syncs collider.translation()/rotation() with the body
      const [shape] = describeWorld(world).shapes;
      const t = collider.translation();
      const q = collider.rotation();
      const expected = [t.x, t.y, t.z, q.x, q.y, q.z, q.w];
      for (let i = 0; i < expected.length; i++) expect(shape!.pose[i]).toBeCloseTo(expected[i]!, 4);
      const b = body.translation();
      body.setTranslation({ x: b.x + 2, y: b.y, z: b.z }, false);
      const poses = readPoses(world, [shape!], false);
      expect(poses[0]).toBeCloseTo(t.x + 2, 6); // moved with the body...
      expect(collider.translation().x).toBeCloseTo(t.x, 6); // ...while Rapier's collider pose is still stale
      expect(poses[1]).toBeCloseTo(t.y, 6);
      expect(poses[2]).toBeCloseTo(t.z, 6);
    } finally {
      world.free();
    }
  });

  it('SceneTracker re-describes only when the world or its colliders change; readPoses notices removals', () => {
    const world = new RAPIER.World({ x: 0, y: 0, z: -9.81 });
    try {
      const body = world.createRigidBody(RAPIER.RigidBodyDesc.dynamic());
      const first = world.createCollider(RAPIER.ColliderDesc.cuboid(0.1, 0.1, 0.1), body);
      const tracker = new SceneTracker();
      expect(tracker.update(world)).toBe(true);
      expect(tracker.update(world)).toBe(false);
      const before = colliderSignature(world);
      world.createCollider(RAPIER.ColliderDesc.ball(0.05), body);
      expect(colliderSignature(world)).not.toBe(before);
      expect(tracker.update(world)).toBe(true);
      const shapes = tracker.current.shapes;
      world.removeCollider(first, false);
      let error: unknown = null;
      try {
        readPoses(world, shapes);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(GymError);
      expect((error as GymError).code).toBe('scene_changed');
    } finally {
      world.free();
    }
  });
});
