/**
 * The residual-gym scene viewer (runs in the browser). It draws scene descriptions made by
 * `src/render/scene-description.ts` with three.js and works in three modes:
 * - `replay`: plays an embedded episode recording with play/pause, a scrub slider, a step counter and the goal;
 * - `live`: follows a running env streamed over a WebSocket from `ws://<page host>/ws`;
 * - `headless`: a fixed-size canvas without UI, driven by `window.__residualGym.render()` to produce RGB frames.
 * Every mode exposes `window.__residualGym` (ready flag, frame access, pixel capture) for tests and renderers.
 */
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { ConvexGeometry } from 'three/addons/geometries/ConvexGeometry.js';

/** Numbers per pose in a frame: x y z qx qy qz qw. */
const POSE_SIZE = 7;
/** Vertical field of view of the camera, degrees. */
const CAMERA_FOV_DEG = 38;
/** Direction from the framed centre to the camera (front right, 45° above: the robot faces the viewer). */
const CAMERA_DIRECTION = new THREE.Vector3(0.55, -0.65, 0.85).normalize();
/** Extra room around the framed objects. */
const FRAMING_MARGIN = 1.1;
/** Shapes larger than this (bounding radius, m) are scenery (floor, big slabs) and are not framed. */
const FRAMING_MAX_RADIUS_M = 1.5;
/** Smallest framed radius (m), so a single small object is not filled edge to edge. */
const FRAMING_MIN_RADIUS_M = 0.3;
/** Goal marker radius (m): the Fetch goal site is a 2 cm sphere. */
const GOAL_RADIUS_M = 0.02;
/** Goal marker colour (green, so it differs from the red block). */
const GOAL_COLOR = '#22b573';
/** Background colour. */
const BACKGROUND_COLOR = '#eef1f5';
/** Size of the shadow map, pixels. */
const SHADOW_MAP_SIZE_PX = 1024;
/** Frames kept in live mode before the oldest are dropped. */
const LIVE_HISTORY_FRAMES = 5000;
/** Delay before reconnecting a dropped live stream, ms. */
const LIVE_RECONNECT_MS = 1000;

const STYLE = `
html, body { margin: 0; height: 100%; background: ${BACKGROUND_COLOR}; font: 14px system-ui, sans-serif; color: #1d2733; }
#rg-root { position: fixed; inset: 0; display: flex; flex-direction: column; }
#rg-canvas-wrap { flex: 1; position: relative; min-height: 0; }
#rg-canvas-wrap canvas { display: block; width: 100%; height: 100%; }
#rg-title { position: absolute; left: 12px; top: 10px; background: rgba(255,255,255,.85); padding: 6px 10px; border-radius: 6px; }
#rg-legend { position: absolute; right: 12px; top: 10px; background: rgba(255,255,255,.85); padding: 6px 10px; border-radius: 6px; }
#rg-legend span { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin: 0 4px 0 10px; vertical-align: middle; }
#rg-bar { display: flex; gap: 12px; align-items: center; padding: 8px 12px; background: #fff; border-top: 1px solid #d5dbe3; }
#rg-bar button { width: 84px; padding: 4px 0; }
#rg-slider { flex: 1; }
#rg-step { min-width: 120px; font-variant-numeric: tabular-nums; }
#rg-info { min-width: 220px; font-variant-numeric: tabular-nums; }
`;

function el(tag, attrs = {}, text = '') {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text) e.textContent = text;
  return e;
}

/** A three.js geometry for one shape description. */
function geometryOf(g) {
  switch (g.kind) {
    case 'box':
      return new THREE.BoxGeometry(2 * g.halfExtents[0], 2 * g.halfExtents[1], 2 * g.halfExtents[2]);
    case 'ball':
      return new THREE.SphereGeometry(g.radius, 24, 16);
    case 'cylinder':
      return new THREE.CylinderGeometry(g.radius, g.radius, 2 * g.halfHeight, 32);
    case 'cone':
      return new THREE.ConeGeometry(g.radius, 2 * g.halfHeight, 32);
    case 'capsule':
      return new THREE.CapsuleGeometry(g.radius, 2 * g.halfHeight, 8, 16);
    case 'hull': {
      const points = [];
      for (let i = 0; i + 2 < g.vertices.length; i += 3) {
        points.push(new THREE.Vector3(g.vertices[i], g.vertices[i + 1], g.vertices[i + 2]));
      }
      return new ConvexGeometry(points);
    }
    case 'mesh': {
      const geometry = new THREE.BufferGeometry();
      geometry.setAttribute('position', new THREE.Float32BufferAttribute(g.vertices, 3));
      geometry.setIndex(g.indices);
      geometry.computeVertexNormals();
      return geometry;
    }
    default:
      throw new Error(`unknown shape kind '${g.kind}'`);
  }
}

/** Radius of a sphere around the shape's origin that contains it. */
function boundingRadius(g) {
  switch (g.kind) {
    case 'box':
      return Math.hypot(g.halfExtents[0], g.halfExtents[1], g.halfExtents[2]);
    case 'ball':
      return g.radius;
    case 'cylinder':
    case 'cone':
      return Math.hypot(g.radius, g.halfHeight);
    case 'capsule':
      return g.radius + g.halfHeight;
    default: {
      let r = 0;
      for (let i = 0; i + 2 < g.vertices.length; i += 3) {
        r = Math.max(r, Math.hypot(g.vertices[i], g.vertices[i + 1], g.vertices[i + 2]));
      }
      return r;
    }
  }
}

function setPose(object, p, offset) {
  object.position.set(p[offset], p[offset + 1], p[offset + 2]);
  object.quaternion.set(p[offset + 3], p[offset + 4], p[offset + 5], p[offset + 6]);
}

/** The three.js scene of one env: shapes, goal marker, lights, camera. */
class SceneView {
  constructor(container, { width, height, interactive, antialias = true, shadows = true }) {
    this.container = container;
    this.fixedSize = width !== undefined && height !== undefined;
    this.renderer = new THREE.WebGLRenderer({ antialias, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(this.fixedSize ? 1 : window.devicePixelRatio || 1);
    this.renderer.shadowMap.enabled = shadows;
    this.renderer.shadowMap.type = THREE.PCFShadowMap;
    container.appendChild(this.renderer.domElement);
    this.scene = new THREE.Scene();
    this.scene.background = new THREE.Color(BACKGROUND_COLOR);
    this.camera = new THREE.PerspectiveCamera(CAMERA_FOV_DEG, 1, 0.01, 100);
    this.camera.up.set(0, 0, 1);
    this.controls = null;
    if (interactive) {
      this.controls = new OrbitControls(this.camera, this.renderer.domElement);
      this.controls.enableDamping = false;
      this.controls.addEventListener('change', () => this.draw());
    }
    this.scene.add(new THREE.HemisphereLight('#ffffff', '#8a8370', 1.4));
    this.sun = new THREE.DirectionalLight('#ffffff', 2.2);
    this.sun.castShadow = true;
    this.sun.shadow.mapSize.set(SHADOW_MAP_SIZE_PX, SHADOW_MAP_SIZE_PX);
    this.sun.shadow.bias = -0.0005;
    this.scene.add(this.sun);
    this.scene.add(this.sun.target);
    this.shapeGroup = new THREE.Group();
    this.scene.add(this.shapeGroup);
    this.goal = new THREE.Mesh(
      new THREE.SphereGeometry(GOAL_RADIUS_M, 24, 16),
      new THREE.MeshStandardMaterial({ color: GOAL_COLOR, transparent: true, opacity: 0.75 }),
    );
    this.goal.visible = false;
    this.scene.add(this.goal);
    this.moving = [];
    this.shapes = [];
    this.framed = false;
    this.pending = false;
    if (this.fixedSize) this.setSize(width, height);
    else {
      new ResizeObserver(() => this.fit()).observe(container);
      this.fit();
    }
  }

  setSize(width, height) {
    this.renderer.setSize(width, height, !this.fixedSize);
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
  }

  fit() {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    this.setSize(w, h);
    this.draw();
  }

  /**
   * Replaces every shape (a new scene or episode layout). The camera is framed on the first scene; with
   * `reframe` (headless rendering, so that a frame depends only on its own scene) on every new one.
   */
  setShapes(shapes, goal, reframe = false) {
    for (const child of [...this.shapeGroup.children]) {
      child.geometry.dispose();
      child.material.dispose();
      this.shapeGroup.remove(child);
    }
    this.moving = [];
    this.shapes = shapes;
    for (const shape of shapes) {
      const material = new THREE.MeshStandardMaterial({
        color: shape.color,
        roughness: shape.role === 'robot' ? 0.45 : 0.8,
        metalness: shape.role === 'robot' ? 0.2 : 0,
        transparent: shape.opacity < 1,
        opacity: shape.opacity,
      });
      const mesh = new THREE.Mesh(geometryOf(shape.geometry), material);
      mesh.name = `${shape.role}:${shape.id}`;
      mesh.castShadow = shape.role !== 'floor';
      mesh.receiveShadow = true;
      setPose(mesh, shape.pose, 0);
      this.shapeGroup.add(mesh);
      if (shape.moving) this.moving.push(mesh);
    }
    if (!this.framed || reframe) {
      this.frame(goal);
      this.framed = true;
    }
  }

  /** Points the camera at the robot, the objects and the goal (at the scenery when there are none). */
  frame(goal) {
    const box = new THREE.Box3();
    const sphere = new THREE.Sphere();
    const actors = this.shapes.filter((s) => s.role === 'robot' || s.role === 'object');
    const framed = actors.length > 0 ? actors : this.shapes.filter((s) => s.role !== 'floor');
    for (const shape of framed) {
      const r = boundingRadius(shape.geometry);
      if (r > FRAMING_MAX_RADIUS_M) continue;
      sphere.set(new THREE.Vector3(shape.pose[0], shape.pose[1], shape.pose[2]), r);
      box.union(sphere.getBoundingBox(new THREE.Box3()));
    }
    if (goal) box.expandByPoint(new THREE.Vector3(goal[0], goal[1], goal[2]));
    if (box.isEmpty()) box.set(new THREE.Vector3(-1, -1, 0), new THREE.Vector3(1, 1, 1));
    const centre = box.getCenter(new THREE.Vector3());
    const size = box.getSize(new THREE.Vector3());
    const radius = Math.max(FRAMING_MIN_RADIUS_M, size.length() / 2);
    const halfFov = THREE.MathUtils.degToRad(CAMERA_FOV_DEG / 2);
    const distance = (FRAMING_MARGIN * radius) / Math.tan(Math.min(halfFov, halfFov * this.camera.aspect));
    this.camera.position.copy(centre).addScaledVector(CAMERA_DIRECTION, distance);
    this.camera.near = Math.max(0.005, distance / 100);
    this.camera.far = distance * 20;
    this.camera.lookAt(centre);
    this.camera.updateProjectionMatrix();
    if (this.controls) {
      this.controls.target.copy(centre);
      this.controls.update();
    }
    this.sun.position
      .copy(centre)
      .add(new THREE.Vector3(0.8, -0.4, 2).multiplyScalar(Math.max(1, radius * 2)));
    this.sun.target.position.copy(centre);
    const cam = this.sun.shadow.camera;
    const extent = radius * 1.6;
    cam.left = -extent;
    cam.right = extent;
    cam.top = extent;
    cam.bottom = -extent;
    cam.near = 0.01;
    cam.far = radius * 10 + 10;
    cam.updateProjectionMatrix();
  }

  /** Moves the moving shapes and the goal marker to a frame. */
  applyFrame(frame) {
    const poses = frame.poses;
    for (let i = 0; i < this.moving.length && (i + 1) * POSE_SIZE <= poses.length; i++) {
      setPose(this.moving[i], poses, i * POSE_SIZE);
    }
    if (frame.goal) {
      this.goal.position.set(frame.goal[0], frame.goal[1], frame.goal[2]);
      this.goal.visible = true;
    } else this.goal.visible = false;
  }

  /** Schedules a draw for the next animation frame (several changes in one frame draw once). */
  draw() {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.drawNow();
    });
  }

  drawNow() {
    this.renderer.render(this.scene, this.camera);
  }

  /**
   * Draws and returns the drawing buffer: RGBA rows, bottom row first (WebGL order), zlib-deflated and
   * base64-encoded. Flat-shaded frames deflate about 100:1, which makes the trip to Node cheap; Node inflates,
   * flips and drops alpha.
   */
  async capture() {
    this.drawNow();
    const gl = this.renderer.getContext();
    const w = gl.drawingBufferWidth;
    const h = gl.drawingBufferHeight;
    const rgba = new Uint8Array(w * h * 4);
    gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
    const stream = new Blob([rgba]).stream().pipeThrough(new CompressionStream('deflate'));
    const packed = new Uint8Array(await new Response(stream).arrayBuffer());
    let binary = '';
    const chunk = 0x8000;
    for (let i = 0; i < packed.length; i += chunk) {
      binary += String.fromCharCode.apply(null, packed.subarray(i, i + chunk));
    }
    return { width: w, height: h, base64: btoa(binary) };
  }
}

/** Title, legend, play/pause, slider, step counter and info line around a SceneView. */
function buildPage(root, title) {
  document.head.appendChild(el('style', {}, STYLE));
  const wrap = el('div', { id: 'rg-canvas-wrap' });
  const titleBox = el('div', { id: 'rg-title' }, title);
  const legend = el('div', { id: 'rg-legend' });
  legend.innerHTML = `<span style="background:${GOAL_COLOR}"></span>goal<span style="background:#d62828"></span>object<span style="background:#2f4a6d"></span>robot`;
  const bar = el('div', { id: 'rg-bar' });
  const play = el('button', { id: 'rg-play', type: 'button' }, 'Play');
  const slider = el('input', { id: 'rg-slider', type: 'range', min: '0', max: '0', step: '1', value: '0' });
  const stepLabel = el('span', { id: 'rg-step' }, 'step 0 / 0');
  const info = el('span', { id: 'rg-info' }, '');
  bar.append(play, slider, stepLabel, info);
  wrap.append(titleBox, legend);
  root.append(wrap, bar);
  return { wrap, titleBox, play, slider, stepLabel, info };
}

function describeFrame(frame) {
  const parts = [];
  if (frame.reward !== null && frame.reward !== undefined) parts.push(`reward ${frame.reward.toFixed(3)}`);
  if (frame.success !== null && frame.success !== undefined)
    parts.push(frame.success ? 'success' : 'not yet');
  return parts.join(' · ');
}

/** Frame list + play/pause/scrub shared by replay and live modes. */
class Player {
  constructor(view, ui, fps) {
    this.view = view;
    this.ui = ui;
    this.fps = fps;
    this.frames = [];
    this.index = 0;
    this.playing = false;
    this.follow = true;
    this.last = 0;
    this.acc = 0;
    ui.play.addEventListener('click', () => this.toggle());
    ui.slider.addEventListener('input', () => {
      this.pause();
      this.show(Number(ui.slider.value));
      // Live mode follows the stream again once the slider is back at the newest frame.
      this.follow = this.index >= this.frames.length - 1;
    });
    window.addEventListener('keydown', (e) => {
      if (e.key === ' ') {
        e.preventDefault();
        this.toggle();
      } else if (e.key === 'ArrowRight') {
        this.pause();
        this.show(this.index + 1);
      } else if (e.key === 'ArrowLeft') {
        this.pause();
        this.show(this.index - 1);
      }
    });
    const tick = (t) => {
      if (this.playing && this.frames.length > 0) {
        this.acc += (t - (this.last || t)) / 1000;
        const period = 1 / this.fps;
        let next = this.index;
        while (this.acc >= period) {
          this.acc -= period;
          next++;
        }
        if (next !== this.index) {
          if (next >= this.frames.length) {
            this.show(this.frames.length - 1);
            this.pause();
            this.follow = true;
          } else this.show(next);
        }
      }
      this.last = t;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }

  setFrames(frames) {
    this.frames = frames;
    this.ui.slider.max = String(Math.max(0, frames.length - 1));
  }

  show(i) {
    if (this.frames.length === 0) return;
    this.index = Math.max(0, Math.min(this.frames.length - 1, i));
    const frame = this.frames[this.index];
    this.view.applyFrame(frame);
    this.view.draw();
    this.ui.slider.value = String(this.index);
    const last = this.frames[this.frames.length - 1];
    this.ui.stepLabel.textContent = `step ${frame.step} / ${last.step}`;
    this.ui.stepLabel.dataset.step = String(frame.step);
    this.ui.info.textContent = describeFrame(frame);
  }

  play() {
    if (this.index >= this.frames.length - 1) this.show(0);
    this.playing = true;
    this.follow = false;
    this.acc = 0;
    this.ui.play.textContent = 'Pause';
  }

  pause() {
    this.playing = false;
    this.ui.play.textContent = 'Play';
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }
}

function exposeApi(view, extra) {
  window.__residualGym = {
    ready: true,
    capture: () => view.capture(),
    shapeCount: () => view.shapes.length,
    ...extra,
  };
}

function startReplay(root, config) {
  const rec = config.recording;
  const title = `${rec.envId ?? 'env'} · ${rec.policy ?? 'policy'} · seed ${rec.seed ?? '-'}`;
  document.title = `residual-gym: ${title}`;
  const ui = buildPage(root, title);
  const view = new SceneView(ui.wrap, { interactive: true });
  view.setShapes(rec.shapes, rec.frames[0]?.goal ?? null);
  const player = new Player(view, ui, rec.fps);
  player.setFrames(rec.frames);
  player.show(0);
  exposeApi(view, {
    mode: 'replay',
    frameCount: () => player.frames.length,
    showFrame: (i) => {
      player.pause();
      player.show(i);
    },
    currentStep: () => player.frames[player.index]?.step ?? -1,
    play: () => player.play(),
  });
  if (config.autoplay !== false) player.play();
}

function startLive(root, config) {
  const ui = buildPage(root, `${config.title} · connecting…`);
  const view = new SceneView(ui.wrap, { interactive: true });
  const player = new Player(view, ui, config.fps);
  let episode = -1;
  let received = 0;
  const connect = () => {
    const socket = new WebSocket(`ws://${location.host}/ws`);
    socket.addEventListener('open', () => {
      ui.titleBox.textContent = `${config.title} · live`;
    });
    socket.addEventListener('message', (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === 'scene') {
        view.setShapes(msg.shapes, msg.goal ?? null);
        player.setFrames([]);
      } else if (msg.type === 'frame') {
        received++;
        const frames = msg.episode !== episode ? [] : player.frames;
        episode = msg.episode;
        frames.push(msg);
        if (frames.length > LIVE_HISTORY_FRAMES) frames.shift();
        player.setFrames(frames);
        if (player.follow && !player.playing) player.show(frames.length - 1);
        ui.titleBox.textContent = `${config.title} · live · episode ${msg.episode}`;
      }
    });
    socket.addEventListener('close', () => {
      ui.titleBox.textContent = `${config.title} · disconnected (retrying)`;
      setTimeout(connect, LIVE_RECONNECT_MS);
    });
  };
  exposeApi(view, {
    mode: 'live',
    frameCount: () => player.frames.length,
    received: () => received,
    currentStep: () => player.frames[player.index]?.step ?? -1,
  });
  connect();
}

function startHeadless(root, config) {
  document.head.appendChild(el('style', {}, 'html, body { margin: 0; background: #000; }'));
  const view = new SceneView(root, {
    width: config.width,
    height: config.height,
    interactive: false,
    antialias: config.antialias,
    shadows: config.shadows,
  });
  exposeApi(view, {
    mode: 'headless',
    /** Applies `{ shapes?, poses, goal }` (shapes only when they changed) and returns the captured frame. */
    render: (payload) => {
      if (payload.shapes) view.setShapes(payload.shapes, payload.goal ?? null, true);
      view.applyFrame({ poses: payload.poses, goal: payload.goal ?? null });
      return view.capture();
    },
  });
}

/**
 * Starts the viewer in `root`.
 *
 * @param root - the element to fill
 * @param config - `{ mode: 'replay', recording }`, `{ mode: 'live', title, fps }` or `{ mode: 'headless', width, height }`
 */
export function startViewer(root, config) {
  const fail = (err) => {
    const box = document.getElementById('rg-error');
    if (box) {
      box.textContent = String(err?.message ?? err);
      box.style.display = 'block';
    }
  };
  try {
    if (config.mode === 'replay') startReplay(root, config);
    else if (config.mode === 'live') startLive(root, config);
    else if (config.mode === 'headless') startHeadless(root, config);
    else throw new Error(`unknown viewer mode '${config.mode}'`);
  } catch (err) {
    fail(err);
    throw err;
  }
}
