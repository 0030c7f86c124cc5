/** Small byte-range helpers over DataViews shared by the PML caches. */

/**
 * Byte-range equality and copy between two DataViews, a 32-bit word at a time. For the short
 * ranges compared per event (paths, stacks, returned structures) this beats Buffer#compare and
 * Buffer#copy, whose argument checks and native call cost more than the work (measured).
 */
export function sameBytes(a: DataView, at: number, b: DataView, bt: number, length: number): boolean {
  let i = 0;
  for (; i + 4 <= length; i += 4) if (a.getInt32(at + i, true) !== b.getInt32(bt + i, true)) return false;
  for (; i < length; i++) if (a.getUint8(at + i) !== b.getUint8(bt + i)) return false;
  return true;
}

export function copyBytes(from: DataView, at: number, to: DataView, tt: number, length: number): void {
  let i = 0;
  for (; i + 4 <= length; i += 4) to.setInt32(tt + i, from.getInt32(at + i, true), true);
  for (; i < length; i++) to.setUint8(tt + i, from.getUint8(at + i));
}
