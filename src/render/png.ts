/**
 * A minimal PNG encoder for RGB frames (8-bit truecolour, no interlace), built on `node:zlib`: no dependency.
 *
 * @module
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { RgbFrame } from '../core/types.js';
import { GymError } from '../errors.js';

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
/** IHDR colour type 2: RGB triples. */
const COLOR_TYPE_RGB = 2;
/** Bits per channel. */
const BIT_DEPTH = 8;
/** Row filter type 0: none (zlib alone compresses these flat-shaded frames well). */
const FILTER_NONE = 0;

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309, as PNG requires) of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = crcTable[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out.subarray(4, 8 + body.length)));
  return out;
}

/**
 * Encodes an H x W x 3 uint8 frame as PNG bytes.
 *
 * @throws GymError `invalid_frame` if `data` does not hold H·W·3 bytes
 */
export function encodePng(frame: RgbFrame): Uint8Array {
  const [height, width, channels] = frame.shape;
  if (channels !== 3 || frame.data.length !== height * width * 3 || width < 1 || height < 1) {
    throw new GymError(
      `expected an H x W x 3 frame, got shape [${frame.shape.join(', ')}] with ${frame.data.length} bytes`,
      'invalid_frame',
    );
  }
  const stride = width * 3;
  const raw = new Uint8Array(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = FILTER_NONE;
    raw.set(frame.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header[8] = BIT_DEPTH;
  header[9] = COLOR_TYPE_RGB;
  // compression 0, filter method 0, no interlace: already zero
  const parts = [
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Writes `frame` as a PNG file (creating its folder) and returns the path. */
export function writePng(path: string, frame: RgbFrame): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, encodePng(frame));
  return path;
}
