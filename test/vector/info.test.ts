import { describe, expect, it } from 'vitest';
import type { Info } from '../../src/core/types.js';
import { GymError } from '../../src/errors.js';
import { addInfo } from '../../src/vector/info.js';

function batch(infos: readonly (Info | null)[]): Info {
  const out: Info = {};
  infos.forEach((info, i) => {
    if (info) addInfo(out, info, i, infos.length);
  });
  return out;
}

describe('info batching', () => {
  it('batches numbers into Float64Array, booleans into Uint8Array, with masks', () => {
    const info = batch([{ is_success: 1, ok: true }, null, { is_success: 0.5 }]);
    expect(info).toEqual({
      is_success: Float64Array.of(1, 0, 0.5),
      _is_success: Uint8Array.of(1, 0, 1),
      ok: Uint8Array.of(1, 0, 0),
      _ok: Uint8Array.of(1, 0, 0),
    });
    expect(Object.keys(info)).toEqual(['is_success', '_is_success', 'ok', '_ok']);
  });

  it('recurses into nested objects with their own masks', () => {
    const info = batch([{ episode: { r: 1, l: 5 } }, { episode: { r: 2 } }]);
    expect(info).toEqual({
      episode: {
        r: Float64Array.of(1, 2),
        _r: Uint8Array.of(1, 1),
        l: Float64Array.of(5, 0),
        _l: Uint8Array.of(1, 0),
      },
      _episode: Uint8Array.of(1, 1),
    });
  });

  it('stacks typed arrays row-major in their own type (zero rows where absent)', () => {
    const info = batch([
      { base_action: Float32Array.of(1, 2) },
      null,
      { base_action: Float32Array.of(5, 6) },
    ]);
    expect(info.base_action).toEqual(Float32Array.of(1, 2, 0, 0, 5, 6));
    expect(info._base_action).toEqual(Uint8Array.of(1, 0, 1));
  });

  it('keeps other values in plain arrays (null where absent)', () => {
    const info = batch([{ tag: 'a', list: [1, 2] }, { tag: 'b' }, {}]);
    expect(info.tag).toEqual(['a', 'b', null]);
    expect(info.list).toEqual([[1, 2], null, null]);
    expect(info._list).toEqual(Uint8Array.of(1, 0, 0));
  });

  it('falls back to a plain array when sub-envs disagree on a kind', () => {
    const info = batch([
      { v: 1, w: Float64Array.of(1, 2), b: true },
      { v: 'x', w: Float64Array.of(3), b: 2 },
    ]);
    expect(info.v).toEqual([1, 'x']);
    expect(info.w).toEqual([Float64Array.of(1, 2), Float64Array.of(3)]);
    expect(info.b).toEqual([true, 2]);
    expect(() => batch([{ v: { a: 1 } }, { v: 2 }])).toThrow(GymError);
    expect(() => batch([{ v: 2 }, { v: { a: 1 } }])).toThrow(GymError);
  });

  it('keeps final_obs and final_info as per-env values', () => {
    const info = batch([{ final_obs: { o: Float64Array.of(1) }, final_info: { is_success: 1 } }, null]);
    expect(info.final_obs).toEqual([{ o: Float64Array.of(1) }, null]);
    expect(info.final_info).toEqual([{ is_success: 1 }, null]);
    expect(info._final_info).toEqual(Uint8Array.of(1, 0));
  });
});
