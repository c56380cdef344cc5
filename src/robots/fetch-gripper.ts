/**
 * The Fetch end effector as a reusable robot module: a mocap-driven palm and two parallel fingers, built into
 * a caller's Rapier world. Used by the Fetch tasks (Push, SlipperyPush, PickAndPlace) and meant for the Hook
 * tasks (larger table, workspace limits, a different start height).
 *
 * How it realises gym's mocap Fetch arm (gym `fetch_env._set_action`, `utils.mocap_set_action`):
 * - A kinematic **mocap** body (no collider) carries the weld's reference. Each env step the target is the
 *   palm's CURRENT actual position plus 0.05·a[0:3] (no wind-up), clamped to a workspace box, and the mocap
 *   follows the response of MuJoCo's soft weld to that target: a second-order reference that starts at the
 *   palm's actual position and velocity and is pulled toward the target with the weld's own constants
 *   (solref (0.02, 1), solimp dmax 0.95, so ω ≈ 51 rad/s and ζ ≈ 0.97; {@link WELD_REFERENCE_STIFFNESS_PER_S2}).
 *   Measured in native MuJoCo 2.2.2 on the gym push model, a unit action moves the gripper 0.0295 m in its
 *   first step from rest and 0.030–0.032 m per step when held, not the nominal 0.05: the weld never reaches
 *   the target within a step, and the target is re-based on the actual pose every step. The same runs show a
 *   block pushed for 1–4 steps sliding only 0.6–2.1 cm beyond the stopped gripper. An earlier linear glide at
 *   the nominal 1.25 m/s made blocks slide 6–33 cm (and the MPC push planner overshoot every time).
 * - The arm's vertical axis leans slightly toward the robot ({@link ARM_LEAN_SCALE}), as measured in MuJoCo.
 * - The **palm** (`gripper_link`) is a dynamic body with locked rotations and no gravity, tied to the mocap by
 *   a generic joint whose three linear axes carry stiff, force-limited position motors (3 MN/m, 8 kN·s/m,
 *   {@link PALM_MAX_FORCE_N} per axis). The palm follows the mocap within about 1 mm in free space (loaded
 *   with the block too, and it sags < 2 mm over 50 steps), so the free motion is the weld reference's, but
 *   against contacts it pushes with at most 800 N. A kinematic palm would push with unbounded
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
/** Time constant of gym's mocap weld, s: shared.xml `solref="0.02 1"`. */
export const WELD_TIME_CONSTANT_S = 0.02;
/** Damping ratio of gym's mocap weld: shared.xml `solref="0.02 1"`. */
export const WELD_DAMPING_RATIO = 1;
/** Impedance of gym's mocap weld beyond 1 mm of violation: shared.xml `solimp="0.9 0.95 0.001"` (dmax). */
export const WELD_IMPEDANCE = 0.95;
/**
 * Stiffness of the weld reference per unit mass, 1/s²: MuJoCo's reference acceleration k = 1/(dmax²·τ²·ζ²),
 * scaled by the impedance d that the constraint solver applies (acceleration ≈ d·a_ref).
 */
export const WELD_REFERENCE_STIFFNESS_PER_S2 =
  WELD_IMPEDANCE / (WELD_IMPEDANCE ** 2 * WELD_TIME_CONSTANT_S ** 2 * WELD_DAMPING_RATIO ** 2);
/** Damping of the weld reference per unit mass, 1/s: MuJoCo's b = 2/(dmax·τ), scaled by d like the stiffness. */
export const WELD_REFERENCE_DAMPING_PER_S = (WELD_IMPEDANCE * 2) / (WELD_IMPEDANCE * WELD_TIME_CONSTANT_S);
/**
 * The Fetch arm's vertical axis leans: a vertical move of dz also moves the grip by (sx·dz, sy·dz), because the
 * soft weld drags the whole arm and the arm's inertia pulls the gripper toward the base while it moves, and the
 * next step's target is re-based on that pose (so nothing undoes the drift). Measured in native MuJoCo 2.2.2
 * (pick_and_place.xml, a unit downward step from rest on a 3 × 3 grid over the table): dx/dz falls from
 * 0.0155 at x = 1.20 to 0.0109 at 1.34 and 0.0034 at 1.48, and dy/dz ≈ 0.02·(y − 0.75) points toward the
 * arm's centre line; in the ±1.4 cm vertical limit cycle of RPL's oscillating pick-and-place controller the
 * ratio is about 1.5× larger (0.016 at x = 1.35). These tenths of a millimetre are what break that
 * controller's 0.22 mm alignment test in the original. The shape below is the one-step fit; its size is
 * {@link ARM_LEAN_SCALE} times it, calibrated on that controller's success rate (see there).
 */
export const ARM_LEAN_X_AT_REFERENCE = 0.0155;
/** x at which {@link ARM_LEAN_X_AT_REFERENCE} was measured, m. */
export const ARM_LEAN_REFERENCE_X_M = 1.2;
/** Decrease of the x lean per metre of reach, 1/m (linear fit of the MuJoCo grid). */
export const ARM_LEAN_X_SLOPE_PER_M = 0.0432;
/** y lean per metre off the arm's centre line, 1/m (MuJoCo grid, mid-reach). */
export const ARM_LEAN_Y_PER_M = 0.02;
/**
 * Factor on the measured lean. Calibrated on RPL's oscillating pick-and-place controller, whose success is
 * the observable this lean decides: native MuJoCo 2.2.2 gives 30 % on 100 episodes (13 of 40 on another
 * 40). Here, on seeds 0..99: ×1 → 100 %, ×1.5 → 92 %, ×2 → 68 %, ×2.5 → 57 %, ×3 → 48 %, while the older
 * controller stays at 97–99 % throughout. ×3 is the smallest factor within the spec's "a third to a half";
 * our stiffer contacts and rigid table make the cycle's escape easier than in MuJoCo, which the factor buys back.
 */
export const ARM_LEAN_SCALE = 3;
/** The arm's centre line (y of the shoulder and of the settled gripper), m. */
export const ARM_CENTRE_LINE_Y_M = 0.75;
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
  private readonly to = new Float64Array(3);
  /** The weld reference (position, m, and velocity, m/s) that the mocap follows within an env step. */
  private readonly reference = new Float64Array(3);
  private readonly referenceVelocity = new Float64Array(3);
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
            // Exactly parallel to the palm, as the prismatic joint intends: a finger tilted by the joint's
            // compliance makes its edges nearly parallel to an unrotated block's, and Parry's box–box test
            // then picks an ill-conditioned edge–edge axis whose stale contact props the finger on the block.
            .lockRotations()
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
    this.reference[0] = p.x;
    this.reference[1] = p.y;
    this.reference[2] = p.z;
    const dz = MAX_GRIPPER_STEP_M * az;
    const leanX =
      ARM_LEAN_SCALE *
      Math.max(0, ARM_LEAN_X_AT_REFERENCE - ARM_LEAN_X_SLOPE_PER_M * (p.x - ARM_LEAN_REFERENCE_X_M));
    const leanY = ARM_LEAN_SCALE * ARM_LEAN_Y_PER_M * (p.y - ARM_CENTRE_LINE_Y_M);
    const x = p.x + MAX_GRIPPER_STEP_M * ax + leanX * dz;
    const y = p.y + MAX_GRIPPER_STEP_M * ay + leanY * dz;
    this.to[0] = clamp(x, cfg.workspaceMin_m[0], cfg.workspaceMax_m[0]);
    this.to[1] = clamp(y, cfg.workspaceMin_m[1], cfg.workspaceMax_m[1]);
    const gripZ = p.z - GRIP_SITE_BELOW_PALM_M + dz;
    this.to[2] = clamp(gripZ, cfg.workspaceMin_m[2], cfg.workspaceMax_m[2]) + GRIP_SITE_BELOW_PALM_M;
    const v = this.palm.linvel(this.vec);
    this.referenceVelocity[0] = v.x;
    this.referenceVelocity[1] = v.y;
    this.referenceVelocity[2] = v.z;
    if (this.fingerBodies.length === 2) {
      for (let i = 0; i < 2; i++)
        this.fingerCommand[i] = clamp(this.fingerPosition(i) + finger, 0, FINGER_CTRL_MAX_M);
    }
  }

  /**
   * Advances the weld reference by one physics timestep and moves the mocap there, and applies the finger
   * servos; call before each `world.step()`. The reference integrates like MuJoCo (semi-implicit Euler).
   */
  beforeSubstep(): void {
    const dt = this.world.timestep;
    const r = this.reference;
    const v = this.referenceVelocity;
    for (let k = 0; k < 3; k++) {
      const acceleration =
        WELD_REFERENCE_STIFFNESS_PER_S2 * (this.to[k]! - r[k]!) - WELD_REFERENCE_DAMPING_PER_S * v[k]!;
      v[k] = v[k]! + dt * acceleration;
      r[k] = r[k]! + dt * v[k]!;
    }
    const t = this.mocapTarget;
    t.x = r[0]!;
    t.y = r[1]!;
    t.z = r[2]!;
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
