/**
 * The live viewer's minimal RFC 6455 server, spoken to by a raw TCP client: handshake, the scene and frame
 * messages, ping/pong and the closing handshake; plus the frame codec on its own.
 */
import '../../src/registry/builtin.js';
import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { makeBasePolicy } from '../../src/base-policies/registry.js';
import { make } from '../../src/registry/registry.js';
import {
  decodeClientFrames,
  encodeServerFrame,
  type LiveMessage,
  LiveViewer,
  websocketAccept,
} from '../../src/render/live-server.js';
import { runLiveSession } from '../../src/render/live-session.js';
import { goalOf, worldOf } from '../../src/render/scene-description.js';

/** A masked client frame (clients must mask, RFC 6455 §5.3). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** Decodes unmasked server frames (the test's own reader, independent of the server code). */
function serverFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let o = 0;
  for (;;) {
    if (buffer.length - o < 2) break;
    let len = buffer[o + 1]! & 0x7f;
    let h = 2;
    if (len === 126) {
      if (buffer.length - o < 4) break;
      len = buffer.readUInt16BE(o + 2);
      h = 4;
    } else if (len === 127) {
      if (buffer.length - o < 10) break;
      len = Number(buffer.readBigUInt64BE(o + 2));
      h = 10;
    }
    if (buffer.length - o < h + len) break;
    expect(buffer[o + 1]! & 0x80).toBe(0); // server frames are not masked
    frames.push({ opcode: buffer[o]! & 0x0f, payload: buffer.subarray(o + h, o + h + len) });
    o += h + len;
  }
  return { frames, rest: buffer.subarray(o) };
}

/** A raw WebSocket client: handshake, then collects frames. */
async function rawClient(url: string): Promise<{
  socket: Socket;
  accept: string;
  next: (
    predicate: (f: { opcode: number; payload: Buffer }) => boolean,
  ) => Promise<{ opcode: number; payload: Buffer }>;
}> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  const key = Buffer.from('0123456789abcdef').toString('base64');
  socket.write(
    `GET /ws HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );
  let buffer = Buffer.alloc(0);
  const queue: { opcode: number; payload: Buffer }[] = [];
  const waiters: (() => void)[] = [];
  let headers: string | null = null;
  const ready = new Promise<string>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (headers === null) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        headers = buffer.subarray(0, end).toString();
        buffer = buffer.subarray(end + 4);
        resolve(headers);
      }
      const { frames, rest } = serverFrames(buffer);
      buffer = Buffer.from(rest);
      queue.push(...frames);
      for (const w of waiters.splice(0)) w();
    });
  });
  const head = await ready;
  expect(head).toMatch(/^HTTP\/1\.1 101/);
  const accept = /Sec-WebSocket-Accept: (\S+)/i.exec(head)?.[1] ?? '';
  expect(accept).toBe(websocketAccept(key));
  const next = async (predicate: (f: { opcode: number; payload: Buffer }) => boolean) => {
    for (;;) {
      const i = queue.findIndex(predicate);
      if (i >= 0) return queue.splice(i, 1)[0]!;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  return { socket, accept, next };
}

describe('WebSocket framing', () => {
  it('computes the RFC 6455 example accept value', () => {
    expect(websocketAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('encodes 7-bit, 16-bit and 64-bit lengths and decodes masked client frames across chunks', () => {
    for (const n of [0, 125, 126, 65535, 65536]) {
      const { frames, rest } = serverFrames(encodeServerFrame(0x1, Buffer.alloc(n, 0x61)));
      expect(rest.length).toBe(0);
      expect(frames).toHaveLength(1);
      expect(frames[0]!.payload.length).toBe(n);
      expect(frames[0]!.opcode).toBe(0x1);
    }
    const two = Buffer.concat([
      clientFrame(0x9, Buffer.from('hi')),
      clientFrame(0x8, Buffer.from([0x03, 0xe8])),
    ]);
    const partial = decodeClientFrames(two.subarray(0, 5));
    expect(partial.frames).toHaveLength(0);
    const all = decodeClientFrames(two);
    expect(all.rest.length).toBe(0);
    expect(all.frames.map((f) => [f.opcode, [...f.payload]])).toEqual([
      [0x9, [0x68, 0x69]],
      [0x8, [0x03, 0xe8]],
    ]);
    const unmasked = Buffer.from([0x89, 0x00]);
    expect(() => decodeClientFrames(unmasked)).toThrow(
      expect.objectContaining({ code: 'websocket_protocol' }),
    );
  });
});

describe('LiveViewer', () => {
  it('serves the page, streams scene + frames, answers ping, and closes cleanly', async () => {
    const viewer = await LiveViewer.start({ port: 0, title: 'Push-v0 test' });
    const env = make('Push-v0');
    try {
      const page = await fetch(viewer.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('"mode":"live"');
      expect((await fetch(new URL('/missing', viewer.url))).status).toBe(404);

      const { obs } = env.reset({ seed: 0 });
      viewer.publish(worldOf(env), { episode: 0, step: 0, goal: goalOf(obs) });
      const client = await rawClient(viewer.url);
      // A page that connects late first gets the current scene and the latest frame.
      const scene = JSON.parse(
        (await client.next((f) => f.opcode === 0x1)).payload.toString(),
      ) as LiveMessage;
      expect(scene.type).toBe('scene');
      const first = JSON.parse(
        (await client.next((f) => f.opcode === 0x1)).payload.toString(),
      ) as LiveMessage;
      expect(first).toMatchObject({ type: 'frame', episode: 0, step: 0 });
      expect(viewer.clientCount).toBe(1);

      const session = runLiveSession(env, makeBasePolicy('zero'), viewer, {
        seed: 5,
        episodes: 1,
        fps: 500,
        maxSteps: 3,
      });
      await session.done;
      const steps: number[] = [];
      while (steps.length < 4) {
        const msg = JSON.parse(
          (await client.next((f) => f.opcode === 0x1)).payload.toString(),
        ) as LiveMessage;
        if (msg.type === 'frame') steps.push(msg.step);
      }
      expect(steps).toEqual([0, 1, 2, 3]);

      client.socket.write(clientFrame(0x9, Buffer.from('ping')));
      expect((await client.next((f) => f.opcode === 0xa)).payload.toString()).toBe('ping');
      client.socket.write(clientFrame(0x8, Buffer.from([0x03, 0xe8])));
      const close = await client.next((f) => f.opcode === 0x8);
      expect([...close.payload]).toEqual([0x03, 0xe8]);
      client.socket.destroy();
    } finally {
      env.close();
      await viewer.close();
      await viewer.close(); // idempotent
    }
    expect(() => viewer.publish(null as never, { episode: 0, step: 0, goal: null })).toThrow(
      expect.objectContaining({ code: 'viewer_closed' }),
    );
  });

  it('rejects an upgrade on another path', async () => {
    const viewer = await LiveViewer.start({ port: 0 });
    try {
      const { hostname, port } = new URL(viewer.url);
      const socket = connect(Number(port), hostname);
      socket.write(
        'GET /other HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
          'Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      );
      const reply = await new Promise<string>((resolve) =>
        socket.once('data', (d: Buffer) => resolve(d.toString())),
      );
      expect(reply).toMatch(/^HTTP\/1\.1 400/);
      socket.destroy();
    } finally {
      await viewer.close();
    }
  });
});
