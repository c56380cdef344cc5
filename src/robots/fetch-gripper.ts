/**
 * The Fetch end effector as a reusable robot module: a mocap-driven palm and two parallel fingers, built into
 * a caller's Rapier world. Used by the Fetch tasks (Push, SlipperyPush, PickAndPlace) and meant for the Hook
 * tasks (larger table, workspace limits, a different start height).
 *
 * How it realises gym's mocap Fetch arm (gym `fetch_env._set_action`, `utils.mocap_set_action`):
 * - A kinematic **mocap** body (no collider) is the weld target. Each env step its target is the palm's
 *   CURRENT actual position plus 0.05·a[0:3] (no wind-up), clamped to a workspace box. The mocap glides to
 *   it linearly over the step's substeps ({@link MOCAP_GLIDE_SUBSTEPS}), so a constant action is a constant
 *   velocity (1.25 m/s at |a| = 1) with no stop-and-go between steps. (A smoothstep glide peaked at 2.3 m/s
 *   and kicked pushed blocks twice as far as the gripper moved.)
 * - The **palm** (`gripper_link`) is a dynamic body with locked rotations and no gravity, tied to the mocap by
 *   a generic joint whose three linear axes carry stiff, force-limited position motors (3 MN/m, 8 kN·s/m,
 *   {@link PALM_MAX_FORCE_N} per axis). This is the Rapier analogue of MuJoCo's soft weld: in free space the
 *   gripper moves 0.05 m per unit action within about 1 % (loaded with the block too, and it sags < 2 mm over
 *   50 steps), but against contacts it pushes with at most 800 N. A kinematic palm would push with unbounded
 *   force, and pressing a block into the fixed table squashes it out sideways or through the table; with
 *   this palm, pressing down with full action sinks the block < 3 mm into the table and it stays put.
 * - **Table safety** is twofold: the target is clamped so the fingertips stay {@link FINGERTIP_CLEARANCE_M}
 *   above the table top (so the motors never press the gripper into the table, which would also make it drag
 *   on the table by friction), and the dynamic palm cannot pass through the fixed table anyway.
 * - **Fingers** are either `fixed` (Push, `block_gripper=True`: one closed-finger box on the palm, no joints,
 *   fastest) or `motorised` (PickAndPlace: two 1 kg dynamic bodies on prismatic joints with limits [0, 0.05]).
 *   Like gym's position actuators, both fingers servo toward u = q + a[3] clipped to [0, 0.2] (set once per
 *   env step) with kp = 30 kN/m, applied as explicit forces each substep (capped at
 *   {@link FINGER_MAX_FORCE_N}) plus explicit joint damping. Rapier's joint motors were tried first: they act
 *   as near-rigid velocity locks and jam an off-centre block between the fingers, whereas equal-gain springs
 *   centre it (closed on the block, q ≈ 0.0235 each, which RPL's "closed" test |q − 0.024| < 1e-3 accepts).
 *
 * Geometry (gym `robot.xml`, gripper pointing down so its local +x is world −z): the grip site is 0.02 below
 * the palm origin; each finger box has world half-extents (0.0135, 0.007, 0.0385), is centred at the palm
 * height, and its centre sits 0.0079 + q from the centre line (so the inner faces touch a 5 cm block at
 * q ≈ 0.0241); the fingertips are 0.0185 below the grip site. The palm's mesh is approximated by its bounding
 * box (half-extents (0.04, 0.063, 0.061), centred 0.093 above the palm origin).
 *
 * @module
 */
import { RAPIER, type RigidBody, type World } from '../physics/rapier.js';

/** A 3-vector as a readonly tuple (metres unless the name says otherwise). */
export type Vec3 = readonly [number, number, number];

/** Grip site (`robot0:grip`) below the palm origin (`gripper_link`), m: gym robot.xml site pos 0.02 along local +x. */
export const GRIP_SITE_BELOW_PALM_M = 0.02;
/** Finger box half-extents in world axes (x, y, z), m: gym robot.xml finger geom size (0.0385 along the pointing axis). */
export const FINGER_HALF_EXTENTS_M: Vec3 = [0.0135, 0.007, 0.0385];
/** Finger box centre's distance from the centre line at q = 0, m: body offset 0.0159 minus geom offset 0.008. */
export const FINGER_BASE_OFFSET_M = 0.0079;
/** Finger joint travel, m: gym robot.xml finger joint range [0, 0.05]. */
export const FINGER_TRAVEL_M = 0.05;
/** Upper clip of the finger position command, m: gym pick_and_place.xml actuator ctrlrange [0, 0.2]. */
export const FINGER_CTRL_MAX_M = 0.2;
/** Fingertips below the grip site, m: finger half-length 0.0385 minus the 0.02 site offset. */
export const FINGERTIP_BELOW_GRIP_M = FINGER_HALF_EXTENTS_M[2] - GRIP_SITE_BELOW_PALM_M;
/** Palm (gripper_link mesh) bounding-box half-extents in world axes, m: from gripper_link.stl. */
export const PALM_HALF_EXTENTS_M: Vec3 = [0.04, 0.063, 0.061];
/** Height of the palm box centre above the palm origin, m: the mesh spans 0.032..0.154 above it. */
export const PALM_BOX_CENTRE_ABOVE_M = 0.093;
/** Mass of the palm body including fixed fingers, kg: light, so the 800 N weld also moves fingers and a held block. */
export const PALM_MASS_KG = 1.0;
/** Mass of one motorised finger, kg: heavy enough for stiff finger–block contacts (notes/rapier.md §3a; gym: 4). */
export const FINGER_MASS_KG = 1;
/** Stiffness of the palm's weld motors, N/m: tracks the mocap within ~1 mm, and a held block sags < 2 mm in 50 steps. */
export const PALM_MOTOR_STIFFNESS_N_PER_M = 3e6;
/** Damping of the palm's weld motors, N·s/m: over-damped (ζ ≈ 2.3 for the 1 kg palm, ≈ 1.2 with a held block). */
export const PALM_MOTOR_DAMPING_NS_PER_M = 8000;
/** Force limit of each palm weld motor axis, N: bounds how hard the gripper presses a block into the table. */
export const PALM_MAX_FORCE_N = 800;
/** Substeps over which the mocap glides linearly to the target: the whole env step (constant velocity). */
export const MOCAP_GLIDE_SUBSTEPS = 20;
/** Stiffness of the finger position servos, N/m: gym pick_and_place.xml actuator `kp="30000"`. */
export const FINGER_SERVO_STIFFNESS_N_PER_M = 30000;
/** Force limit of each finger servo, N: caps the 6 kN that kp·0.2 would give when opening (holding force ≈ 720 N is below it). */
export const FINGER_MAX_FORCE_N = 1000;
/** Finger joint damping, N·s/m (explicit: kd·dt/m = 0.8 < 2 keeps it stable): ζ ≈ 1.15 for a 1 kg finger on 30 kN/m. */
export const FINGER_DAMPING_NS_PER_M = 400;
/** Gap kept between the fingertips and the table top by the target clamp, m: avoids dragging on the table. */
export const FINGERTIP_CLEARANCE_M = 0.002;
/** Maximum displacement of the gripper per env step and unit action, m: gym fetch_env `pos_ctrl *= 0.05`. */
export const MAX_GRIPPER_STEP_M = 0.05;

/** How the fingers are modelled. */
export type FingerMode = 'fixed' | 'motorised';

/** Configuration of a {@link FetchGripper}. */
export interface FetchGripperConfig {
  /** Where the grip site starts (before any clamp), m. */
  readonly startGripPosition_m: Vec3;
  /** `fixed`: closed fingers welded to the palm (block_gripper); `motorised`: two actuated fingers. */
  readonly fingers: FingerMode;
  /** Lower corner of the box the grip-site target is clamped to, m (use -Infinity for no limit). */
  readonly workspaceMin_m: Vec3;
  /** Upper corner of the box the grip-site target is clamped to, m (use Infinity for no limit). */
  readonly workspaceMax_m: Vec3;
  /** Friction coefficient of every gripper collider (combine rule: average). */
  readonly friction: number;
  /** Initial finger opening q (each finger, m, in [0, 0.05]); ignored for fixed fingers. */
  readonly initialFingerOpening_m?: number;
}

/** The grip-site z that keeps the fingertips `FINGERTIP_CLEARANCE_M` above a table top at `tableTop_m`. */
export function minGripHeightAboveTable(tableTop_m: number): number {
  return tableTop_m + FINGERTIP_BELOW_GRIP_M + FINGERTIP_CLEARANCE_M;
}

/** Body and joint handles of a gripper: plain numbers that survive a world snapshot/restore. */
interface GripperHandles {
  readonly mocap: number;
  readonly palm: number;
  readonly fingers: readonly number[]; // [right (+y), left (−y)] or [] for fixed fingers
  readonly weld: number;
  readonly fingerJoints: readonly number[];
}

type RawJointSet = World['impulseJoints']['raw'];
type RawAxis = Parameters<RawJointSet['jointConfigureMotor']>[1];
// The generic-joint motor API exists only on the raw set; JointAxis and RawJointAxis share values.
const LINEAR_AXES = [
  RAPIER.JointAxis.LinX,
  RAPIER.JointAxis.LinY,
  RAPIER.JointAxis.LinZ,
] as unknown as readonly RawAxis[];
const FINGER_SIDES = [1, -1] as const; // right finger on +y, left on −y (gym joint order r, l)

/**
 * A Fetch gripper living in a Rapier world. Build it with {@link FetchGripper.build}, call
 * {@link FetchGripper.setAction} once per env step and {@link FetchGripper.beforeSubstep} before every
 * `world.step()`, and {@link FetchGripper.attach} after the world was restored from a snapshot.
 */
export class FetchGripper {
  readonly config: FetchGripperConfig;
  private readonly handles: GripperHandles;
  private world: World;
  private palm!: RigidBody;
  private mocap!: RigidBody;
  private fingerBodies: RigidBody[] = [];
  // Scratch (reused every call: the step loop must not allocate).
  private readonly from = new Float64Array(3);
  private readonly to = new Float64Array(3);
  private readonly mocapTarget = { x: 0, y: 0, z: 0 };
  private readonly vec = { x: 0, y: 0, z: 0 };
  private readonly vec2 = { x: 0, y: 0, z: 0 };
  private readonly fingerCommand = new Float64Array(2);

  private constructor(world: World, config: FetchGripperConfig, handles: GripperHandles) {
    this.world = world;
    this.config = config;
    this.handles = handles;
    this.attach(world);
  }

  /**
   * Creates the gripper's bodies, colliders and joints in `world` (always in the same order: mocap, palm,
   * palm colliders, then right and left finger with their joints). The start position is clamped to the
   * workspace like any target.
   */
  static build(world: World, config: FetchGripperConfig): FetchGripper {
    const start = clampToBox(config.startGripPosition_m, config.workspaceMin_m, config.workspaceMax_m);
    const px = start[0];
    const py = start[1];
    const pz = start[2] + GRIP_SITE_BELOW_PALM_M;
    const mocap = world.createRigidBody(
      RAPIER.RigidBodyDesc.kinematicPositionBased().setTranslation(px, py, pz),
    );
    const palm = world.createRigidBody(
      RAPIER.RigidBodyDesc.dynamic()
        .setTranslation(px, py, pz)
        .lockRotations() // the mocap weld fixes the orientation (gripper pointing down)
        .setGravityScale(0) // the arm carries its own weight
        .setCanSleep(false),
    );
    const fixedFingers = config.fingers === 'fixed';
    const palmBoxMass = fixedFingers ? PALM_MASS_KG * 0.7 : PALM_MASS_KG;
    world.createCollider(
      RAPIER.ColliderDesc.cuboid(...PALM_HALF_EXTENTS_M)
        .setTranslation(0, 0, PALM_BOX_CENTRE_ABOVE_M)
        .setMass(palmBoxMass)
        .setFriction(config.friction),
      palm,
    );
    if (fixedFingers) {
      // Both closed fingers as one box: at q = 0 their inner faces are 1.8 mm apart (gym), i.e. one solid.
      const halfY = FINGER_BASE_OFFSET_M + FINGER_HALF_EXTENTS_M[1];
      world.createCollider(
        RAPIER.ColliderDesc.cuboid(FINGER_HALF_EXTENTS_M[0], halfY, FINGER_HALF_EXTENTS_M[2])
          .setMass(PALM_MASS_KG - palmBoxMass)
          .setFriction(config.friction),
        palm,
      );
    }
    // A generic joint with no locked axis (mask 0): the palm's rotations are locked on the body itself, and
    // the three linear axes carry the weld motors.
    const NO_LOCKED_AXES = 0 as RAPIER.JointAxesMask;
    const weldData = RAPIER.JointData.generic(
      { x: 0, y: 0, z: 0 },
      { x: 0, y: 0, z: 0 },
      { x: 1, y: 0, z: 0 },
      NO_LOCKED_AXES,
    );
    const weld = world.createImpulseJoint(weldData, mocap, palm, true);
    weld.setContactsEnabled(false);
    const raw = world.impulseJoints.raw;
    for (const axis of LINEAR_AXES) {
      raw.jointConfigureMotorModel(
        weld.handle,
        axis,
        RAPIER.MotorModel.ForceBased as unknown as Parameters<RawJointSet['jointConfigureMotorModel']>[2],
      );
      raw.jointSetMotorMaxForce(weld.handle, axis, PALM_MAX_FORCE_N);
      raw.jointConfigureMotor(
        weld.handle,
        axis,
        0,
        0,
        PALM_MOTOR_STIFFNESS_N_PER_M,
        PALM_MOTOR_DAMPING_NS_PER_M,
      );
    }
    const fingers: number[] = [];
    const fingerJoints: number[] = [];
    if (!fixedFingers) {
      const q0 = Math.min(Math.max(config.initialFingerOpening_m ?? 0, 0), FINGER_TRAVEL_M);
      for (const side of FINGER_SIDES) {
        const offset = side * (FINGER_BASE_OFFSET_M + q0);
        const finger = world.createRigidBody(
          RAPIER.RigidBodyDesc.dynamic()
            .setTranslation(px, py + offset, pz)
            .setCanSleep(false),
        );
        world.createCollider(
          RAPIER.ColliderDesc.cuboid(...FINGER_HALF_EXTENTS_M)
            .setMass(FINGER_MASS_KG)
            .setFriction(config.friction),
          finger,
        );
        const data = RAPIER.JointData.prismatic(
          { x: 0, y: side * FINGER_BASE_OFFSET_M, z: 0 },
          { x: 0, y: 0, z: 0 },
          { x: 0, y: side, z: 0 },
        );
        data.limitsEnabled = true;
        data.limits = [0, FINGER_TRAVEL_M];
        const joint = world.createImpulseJoint(data, palm, finger, true);
        joint.setContactsEnabled(false);
        // No joint motor: Rapier's motors act as near-rigid velocity locks here, which jams an off-centre
        // block between the fingers. The servo and the joint damping are explicit forces (beforeSubstep).
        fingers.push(finger.handle);
        fingerJoints.push(joint.handle);
      }
    }
    return new FetchGripper(world, config, {
      mocap: mocap.handle,
      palm: palm.handle,
      fingers,
      weld: weld.handle,
      fingerJoints,
    });
  }

  /** Re-fetches body and joint wrappers from `world` (required after a snapshot restore: handles survive, wrappers do not). */
  attach(world: World): void {
    this.world = world;
    this.mocap = world.getRigidBody(this.handles.mocap);
    this.palm = world.getRigidBody(this.handles.palm);
    this.fingerBodies = this.handles.fingers.map((h) => world.getRigidBody(h));
  }

  /** True if the fingers are motorised (PickAndPlace), false if fixed closed (Push). */
  get hasMotorisedFingers(): boolean {
    return this.handles.fingers.length === 2;
  }

  /** Handles of every dynamic body of the gripper (palm, then fingers), for finiteness checks. */
  get dynamicBodyHandles(): readonly number[] {
    return [this.handles.palm, ...this.handles.fingers];
  }

  /**
   * Sets this env step's command from an already clipped action (each element in [-1, 1]).
   * The grip target is the CURRENT grip position + 0.05·a[0:3], clamped to the workspace; the finger
   * command (motorised fingers only) is u = q + a[3] clipped to [0, 0.2], shared by both fingers.
   */
  setAction(ax: number, ay: number, az: number, finger: number): void {
    const p = this.palm.translation(this.vec);
    const cfg = this.config;
    this.from[0] = p.x;
    this.from[1] = p.y;
    this.from[2] = p.z;
    this.to[0] = clamp(p.x + MAX_GRIPPER_STEP_M * ax, cfg.workspaceMin_m[0], cfg.workspaceMax_m[0]);
    this.to[1] = clamp(p.y + MAX_GRIPPER_STEP_M * ay, cfg.workspaceMin_m[1], cfg.workspaceMax_m[1]);
    const gripZ = p.z - GRIP_SITE_BELOW_PALM_M + MAX_GRIPPER_STEP_M * az;
    this.to[2] = clamp(gripZ, cfg.workspaceMin_m[2], cfg.workspaceMax_m[2]) + GRIP_SITE_BELOW_PALM_M;
    if (this.fingerBodies.length === 2) {
      for (let i = 0; i < 2; i++)
        this.fingerCommand[i] = clamp(this.fingerPosition(i) + finger, 0, FINGER_CTRL_MAX_M);
    }
  }

  /** Moves the mocap for substep `index` (0-based) of the current env step; call before each `world.step()`. */
  beforeSubstep(index: number): void {
    const f = index + 1 >= MOCAP_GLIDE_SUBSTEPS ? 1 : (index + 1) / MOCAP_GLIDE_SUBSTEPS;
    const t = this.mocapTarget;
    t.x = this.from[0]! + (this.to[0]! - this.from[0]!) * f;
    t.y = this.from[1]! + (this.to[1]! - this.from[1]!) * f;
    t.z = this.from[2]! + (this.to[2]! - this.from[2]!) * f;
    this.mocap.setNextKinematicTranslation(t);
    for (let i = 0; i < this.fingerBodies.length; i++) {
      // Position servo force kp·(u − q) along the finger's opening axis, applied to the finger (the palm's
      // weld absorbs the reaction). Explicit is stable here: ω·dt = √(kp/m)·dt ≈ 0.35.
      const servo = FINGER_SERVO_STIFFNESS_N_PER_M * (this.fingerCommand[i]! - this.fingerPosition(i));
      const force =
        clamp(servo, -FINGER_MAX_FORCE_N, FINGER_MAX_FORCE_N) -
        FINGER_DAMPING_NS_PER_M * this.fingerVelocity(i);
      const body = this.fingerBodies[i]!;
      const f = this.vec2;
      f.x = 0;
      f.y = FINGER_SIDES[i]! * force;
      f.z = 0;
      body.resetForces(false);
      body.addForce(f, false);
    }
  }

  /** Writes the grip-site position (m, world) into `out[offset..offset+3)`. */
  gripPosition(out: Float64Array, offset = 0): void {
    const p = this.palm.translation(this.vec);
    out[offset] = p.x;
    out[offset + 1] = p.y;
    out[offset + 2] = p.z - GRIP_SITE_BELOW_PALM_M;
  }

  /** Writes the grip-site linear velocity (m/s, world) into `out[offset..offset+3)` (the palm does not rotate). */
  gripVelocity(out: Float64Array, offset = 0): void {
    const v = this.palm.linvel(this.vec);
    out[offset] = v.x;
    out[offset + 1] = v.y;
    out[offset + 2] = v.z;
  }

  /** Opening q of finger `i` (0 = right, 1 = left), m, measured like gym's joint (0 closed, 0.05 open). 0 for fixed fingers. */
  fingerPosition(i: number): number {
    const finger = this.fingerBodies[i];
    if (finger === undefined) return 0;
    const side = FINGER_SIDES[i]!;
    const f = finger.translation(this.vec2);
    const p = this.palm.translation(this.vec);
    return side * (f.y - p.y) - FINGER_BASE_OFFSET_M;
  }

  /** Opening rate dq/dt of finger `i`, m/s. 0 for fixed fingers. */
  fingerVelocity(i: number): number {
    const finger = this.fingerBodies[i];
    if (finger === undefined) return 0;
    const side = FINGER_SIDES[i]!;
    const f = finger.linvel(this.vec2);
    const p = this.palm.linvel(this.vec);
    return side * (f.y - p.y);
  }

  /** The palm body (for contact queries and checks; do not move it directly). */
  get palmBody(): RigidBody {
    return this.palm;
  }

  /** The world the gripper currently lives in. */
  get currentWorld(): World {
    return this.world;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi);
}

function clampToBox(p: Vec3, lo: Vec3, hi: Vec3): Vec3 {
  return [clamp(p[0], lo[0], hi[0]), clamp(p[1], lo[1], hi[1]), clamp(p[2], lo[2], hi[2])];
}
