/**
 * Number, time and duration text the way Procmon renders them in the Detail column of an en-US
 * export (procmon.md §1.4-1.5): `4,096`, `7/31/2020 6:55:07 AM`, `0.0312500`. FILETIMEs are split into
 * two u32 halves so the hot path needs no BigInt.
 */

/** 100-ns ticks between 1601-01-01 and 1970-01-01 is 11644473600 s. */
export const FILETIME_UNIX_EPOCH_SECONDS = 11644473600;
const TWO_32 = 4294967296;
/** 2^32 = 429 * 10^7 + 4967296: lets a FILETIME be split into seconds and 100-ns remainder exactly. */
const TWO_32_DIV_1E7 = 429;
const TWO_32_MOD_1E7 = 4967296;

/** Results of splitFiletime (module-level scratch to avoid an allocation per event). */
export const split = { sec: 0, frac: 0 };

/**
 * Splits a non-negative FILETIME (hi:lo) into whole seconds since 1601 and the 100-ns remainder.
 * Exact for hi < 2^30 (dates before year ~5000); larger values lose sub-second precision only.
 */
export function splitFiletime(hi: number, lo: number): void {
  const t = hi * TWO_32_MOD_1E7 + lo;
  const q = Math.floor(t / 1e7);
  split.sec = hi * TWO_32_DIV_1E7 + q;
  split.frac = t - q * 1e7;
}

/** An unsigned 64-bit value as a JS number (exact below 2^53). */
export function u64(hi: number, lo: number): number {
  return hi * TWO_32 + lo;
}

/** Decimal text of an unsigned 64-bit value, exact for all values. */
export function u64Text(hi: number, lo: number): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** Decimal text of a signed 64-bit value, exact for all values. */
export function i64Text(hi: number, lo: number): string {
  if (hi < 0x200000) return String(hi * TWO_32 + lo);
  if (hi >= 0xffe00000) return String((hi - TWO_32) * TWO_32 + lo);
  return BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo)).toString();
}

/** Inserts en-US thousands separators into a decimal integer text ("-1234567" -> "-1,234,567"). */
export function groupDigits(text: string): string {
  const neg = text.charCodeAt(0) === 45;
  const digits = neg ? text.slice(1) : text;
  const n = digits.length;
  if (n <= 3) return text;
  let out = digits.slice(0, ((n - 1) % 3) + 1);
  for (let i = out.length; i < n; i += 3) out += ',' + digits.slice(i, i + 3);
  return neg ? '-' + out : out;
}

/** en-US grouped decimal of a non-negative integer below 2^53. */
export function count(n: number): string {
  return n < 1000 ? String(n) : groupDigits(String(n));
}

export function hex(n: number): string {
  return '0x' + n.toString(16);
}

/** Hex of an unsigned 64-bit value given as halves (the stack frames' form). */
export { hex64 } from '../../store/raw-stacks';

function pad2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Civil date (proleptic Gregorian) of a day number counted from 1970-01-01. */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

/** Whole seconds since 1601 (may be negative) of a FILETIME read as a signed 64-bit value. */
function filetimeSeconds(hi: number, lo: number): number {
  if (hi < 0x40000000) {
    splitFiletime(hi, lo);
    return split.sec;
  }
  const v = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
  // Floor division so -1 tick is the last second of 1600, as Procmon shows it.
  const q = v / 10000000n;
  return Number(v % 10000000n < 0n ? q - 1n : q);
}

/** `M/D/YYYY h:mm:ss AM` (en-US short date + long time) of a FILETIME, in UTC. */
export function filetimeText(hi: number, lo: number): string {
  const secs = filetimeSeconds(hi, lo) - FILETIME_UNIX_EPOCH_SECONDS;
  const days = Math.floor(secs / 86400);
  const sod = secs - days * 86400;
  const [y, m, d] = civil(days);
  const h = Math.floor(sod / 3600);
  const h12 = h % 12 === 0 ? 12 : h % 12;
  return `${m}/${d}/${y} ${h12}:${pad2(Math.floor((sod % 3600) / 60))}:${pad2(sod % 60)} ${h < 12 ? 'AM' : 'PM'}`;
}

/** ISO-8601 UTC with 7 fraction digits of whole Unix seconds + 100-ns fraction. */
export function isoText(unixSec: number, frac: number): string {
  const days = Math.floor(unixSec / 86400);
  const sod = unixSec - days * 86400;
  const [y, m, d] = civil(days);
  const yy = y >= 0 && y < 10000 ? String(y).padStart(4, '0') : String(y);
  return `${yy}-${pad2(m)}-${pad2(d)}T${pad2(Math.floor(sod / 3600))}:${pad2(Math.floor((sod % 3600) / 60))}:${pad2(sod % 60)}.${String(frac).padStart(7, '0')}Z`;
}

/** ISO-8601 of a FILETIME; '' for 0 (Procmon's "not set"). */
export function filetimeIso(hi: number, lo: number): string {
  if (hi === 0 && lo === 0) return '';
  if (hi >= 0x40000000) return '';
  splitFiletime(hi, lo);
  return isoText(split.sec - FILETIME_UNIX_EPOCH_SECONDS, split.frac);
}

/** `s.fffffff` of a 100-ns tick count (CPU times in Thread Exit / Process Exit). */
export function ticksText(hi: number, lo: number): string {
  if (hi === 0 && lo < 1e7) return '0.' + String(lo).padStart(7, '0');
  if (hi < 0x40000000) {
    splitFiletime(hi, lo);
    return `${split.sec}.${String(split.frac).padStart(7, '0')}`;
  }
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  return `${v / 10000000n}.${(v % 10000000n).toString().padStart(7, '0')}`;
}
