/**
 * Short fingerprints of configurations, so that an env's `stateKind` changes whenever its dynamics do and a
 * state from a differently configured env is refused.
 *
 * @module
 */

/** FNV-1a (32-bit) of `JSON.stringify(value)` as 8 hex digits. */
export function configFingerprint(value: unknown): string {
  const text = JSON.stringify(value);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
