/**
 * The live viewer: a local HTTP server that serves the viewer page and streams scene frames to every
 * connected browser over a WebSocket. Node 20 has no WebSocket server, and the stream only goes one way, so
 * this module implements the small part of RFC 6455 it needs on `node:http`'s `upgrade` event: the opening
 * handshake, unmasked server→client text frames, and the closing handshake (plus pong for pings). Client
 * data frames are read only to find control frames; their content is ignored.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { GymError } from '../errors.js';
import type { World } from '../physics/rapier.js';
import { viewerHtml } from './html.js';
import { DEFAULT_RENDER_FPS_HZ } from './recorder.js';
import { type DescribeOptions, readPoses, type SceneShape, SceneTracker } from './scene-description.js';

/** The GUID that RFC 6455 §1.3 appends to the client key to prove the handshake. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
/** RFC 6455 opcodes used here. */
const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;
/** Largest client frame accepted, bytes (clients send only control frames; anything bigger is abuse). */
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;
/** Path of the WebSocket endpoint (the page connects to `ws://<host>/ws`). */
export const LIVE_SOCKET_PATH = '/ws';
/** Default port of `residual-gym view --live`. */
export const DEFAULT_LIVE_PORT = 8765;
/** Default interface: loopback only (the stream has no authentication). */
export const DEFAULT_LIVE_HOST = '127.0.0.1';

/** The `Sec-WebSocket-Accept` value for a client's `Sec-WebSocket-Key` (RFC 6455 §4.2.2). */
export function websocketAccept(key: string): string {
  return createHash('sha1')
    .update(key + WEBSOCKET_GUID)
    .digest('base64');
}

/** One server→client frame (FIN set, unmasked, RFC 6455 §5.2). */
export function encodeServerFrame(opcode: number, payload: Uint8Array): Buffer {
  const n = payload.length;
  const headerLength = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.alloc(headerLength + n);
  frame[0] = 0x80 | opcode;
  if (n < 126) frame[1] = n;
  else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.set(payload, headerLength);
  return frame;
}

/** A decoded client frame. */
interface ClientFrame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/**
 * Splits complete client frames off the front of `buffer`.
 *
 * @returns the frames and the unconsumed rest
 * @throws GymError `websocket_protocol` for an unmasked or oversized client frame
 */
export function decodeClientFrames(buffer: Buffer): { frames: ClientFrame[]; rest: Buffer } {
  const frames: ClientFrame[] = [];
  let offset = 0;
  for (;;) {
    if (buffer.length - offset < 2) break;
    const b0 = buffer[offset]!;
    const b1 = buffer[offset + 1]!;
    const masked = (b1 & 0x80) !== 0;
    let length = b1 & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      const big = buffer.readBigUInt64BE(offset + 2);
      if (big > BigInt(MAX_CLIENT_FRAME_BYTES)) {
        throw new GymError('client WebSocket frame too large', 'websocket_protocol', { bytes: String(big) });
      }
      length = Number(big);
      header = 10;
    }
    if (!masked)
      throw new GymError('client WebSocket frames must be masked (RFC 6455 §5.1)', 'websocket_protocol');
    if (length > MAX_CLIENT_FRAME_BYTES) {
      throw new GymError('client WebSocket frame too large', 'websocket_protocol', { bytes: length });
    }
    const total = header + 4 + length;
    if (buffer.length - offset < total) break;
    const mask = buffer.subarray(offset + header, offset + header + 4);
    const payload = Buffer.from(buffer.subarray(offset + header + 4, offset + total));
    for (let i = 0; i < payload.length; i++) payload[i] = payload[i]! ^ mask[i & 3]!;
    frames.push({ opcode: b0 & 0x0f, payload });
    offset += total;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/** What the page receives: the shapes (on connect and when they change) and one message per frame. */
export type LiveMessage =
  | {
      readonly type: 'scene';
      readonly shapes: readonly SceneShape[];
      readonly goal: readonly number[] | null;
    }
  | {
      readonly type: 'frame';
      readonly episode: number;
      readonly step: number;
      readonly poses: readonly number[];
      readonly goal: readonly number[] | null;
      readonly reward: number | null;
      readonly success: boolean | null;
    };

/** Options of {@link LiveViewer.start}. */
export interface LiveViewerOptions {
  /** TCP port (0: any free port; default {@link DEFAULT_LIVE_PORT}). */
  readonly port?: number;
  /** Interface to listen on (default {@link DEFAULT_LIVE_HOST}). */
  readonly host?: string;
  /** Title shown by the page. */
  readonly title?: string;
  /** Playback rate of the page's scrubbing (default {@link DEFAULT_RENDER_FPS_HZ}). */
  readonly fps?: number;
  /** Role and colour overrides. */
  readonly describe?: DescribeOptions;
}

/** What one published frame carries besides the world. */
export interface LiveFrameInfo {
  readonly episode: number;
  readonly step: number;
  readonly goal: ArrayLike<number> | null;
  readonly reward?: number | null;
  readonly success?: boolean | null;
}

/**
 * Serves the viewer page at `http://host:port/` and pushes frames to every open page. `publish` is
 * synchronous and cheap (the shapes are described again only when the world changed, then the moving poses
 * are read); a page that connects later first gets the current shapes and the latest frame.
 */
export class LiveViewer {
  private readonly server: Server;
  private readonly sockets = new Set<Duplex>();
  private readonly tracker: SceneTracker;
  private sceneMessage: string | null = null;
  private lastFrame: string | null = null;
  private closed = false;
  /** The page's URL. */
  readonly url: string;

  private constructor(server: Server, url: string, describe: DescribeOptions) {
    this.server = server;
    this.url = url;
    this.tracker = new SceneTracker(describe);
  }

  /**
   * Starts the server.
   *
   * @throws GymError `live_listen_failed` if the port is taken or the host is invalid
   */
  static async start(options: LiveViewerOptions = {}): Promise<LiveViewer> {
    const host = options.host ?? DEFAULT_LIVE_HOST;
    const port = options.port ?? DEFAULT_LIVE_PORT;
    const page = viewerHtml(
      { mode: 'live', title: options.title ?? 'residual-gym', fps: options.fps ?? DEFAULT_RENDER_FPS_HZ },
      `residual-gym live: ${options.title ?? ''}`,
    );
    const server = createServer((req, res) => {
      if (req.method === 'GET' && (req.url === '/' || req.url === '/index.html')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(page);
      } else if (req.url === '/favicon.ico') {
        res.writeHead(204); // browsers ask for it; an empty answer keeps their console free of 404s
        res.end();
      } else {
        res.writeHead(404, { 'content-type': 'text/plain' });
        res.end('not found\n');
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) =>
        reject(
          new GymError(
            `live viewer could not listen on ${host}:${port}: ${err.message}`,
            'live_listen_failed',
          ),
        ),
      );
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const viewer = new LiveViewer(server, `http://${shownHost}:${address.port}/`, options.describe ?? {});
    server.on('upgrade', (req, socket) => viewer.upgrade(req, socket));
    return viewer;
  }

  /** Number of connected pages. */
  get clientCount(): number {
    return this.sockets.size;
  }

  /**
   * Sends the world's current state to every connected page (its shapes first when they changed) and keeps
   * it for pages that connect later.
   *
   * @throws GymError `viewer_closed` after {@link LiveViewer.close}
   */
  publish(world: World, info: LiveFrameInfo): void {
    if (this.closed) throw new GymError('the live viewer was closed', 'viewer_closed');
    const goal =
      info.goal === null ? null : [Number(info.goal[0]), Number(info.goal[1]), Number(info.goal[2])];
    if (this.tracker.update(world) || this.sceneMessage === null) {
      const scene: LiveMessage = { type: 'scene', shapes: this.tracker.current.shapes, goal };
      this.sceneMessage = JSON.stringify(scene);
      this.broadcast(this.sceneMessage);
    }
    const frame: LiveMessage = {
      type: 'frame',
      episode: info.episode,
      step: info.step,
      poses: readPoses(world, this.tracker.current.shapes),
      goal,
      reward: info.reward ?? null,
      success: info.success ?? null,
    };
    this.lastFrame = JSON.stringify(frame);
    this.broadcast(this.lastFrame);
  }

  /** Closes every connection and the server. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const socket of this.sockets) {
      socket.end(encodeServerFrame(OPCODE_CLOSE, Uint8Array.of(0x03, 0xe9))); // 1001 going away
      socket.destroy();
    }
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private broadcast(text: string): void {
    if (this.sockets.size === 0) return;
    const frame = encodeServerFrame(OPCODE_TEXT, Buffer.from(text, 'utf8'));
    for (const socket of this.sockets) socket.write(frame);
  }

  private upgrade(req: IncomingMessage, socket: Duplex): void {
    const key = req.headers['sec-websocket-key'];
    const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
    if (this.closed || req.url !== LIVE_SOCKET_PATH || upgrade !== 'websocket' || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.write(
      'HTTP/1.1 101 Switching Protocols\r\n' +
        'Upgrade: websocket\r\n' +
        'Connection: Upgrade\r\n' +
        `Sec-WebSocket-Accept: ${websocketAccept(key)}\r\n\r\n`,
    );
    this.sockets.add(socket);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      try {
        const { frames, rest } = decodeClientFrames(Buffer.concat([pending, chunk]));
        pending = Buffer.from(rest);
        for (const f of frames) {
          if (f.opcode === OPCODE_CLOSE) {
            socket.end(encodeServerFrame(OPCODE_CLOSE, f.payload.subarray(0, 2)));
            this.sockets.delete(socket);
          } else if (f.opcode === OPCODE_PING) socket.write(encodeServerFrame(OPCODE_PONG, f.payload));
        }
      } catch {
        this.sockets.delete(socket);
        socket.destroy();
      }
    });
    const drop = (): void => {
      this.sockets.delete(socket);
    };
    socket.on('close', drop);
    socket.on('error', drop);
    if (this.sceneMessage !== null)
      socket.write(encodeServerFrame(OPCODE_TEXT, Buffer.from(this.sceneMessage)));
    if (this.lastFrame !== null) socket.write(encodeServerFrame(OPCODE_TEXT, Buffer.from(this.lastFrame)));
  }
}
