/**
 * Turns a zip entry's stored name into a safe relative path inside the expansion folder. A bundle
 * comes from a machine that may be compromised, so names are hostile until checked: absolute paths,
 * drive letters, `..` segments, NUL and other control characters are refused; names Windows cannot
 * hold (device names such as CON or NUL, `<>:"|?*`, trailing dots and spaces) are rewritten so the
 * same bundle expands alike on Windows and elsewhere.
 */
import { validateFileName } from 'yauzl';

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_SEGMENT = 200;
const MAX_DEPTH = 32;

export type SafeName = { ok: true; path: string } | { ok: false; reason: string };

function cleanSegment(segment: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this removes
  let s = segment.replace(/[<>:"|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '');
  if (s === '') s = '_';
  if (WINDOWS_DEVICE.test(s)) s = `_${s}`;
  return s.length > MAX_SEGMENT ? s.slice(0, MAX_SEGMENT) : s;
}

/**
 * The relative path (forward slashes) to write an entry to, or why it is refused. `raw` is the name
 * as decoded by yauzl (CP437 or UTF-8 per the entry's flags), with backslashes already turned into
 * slashes.
 */
export function safeEntryPath(raw: string): SafeName {
  if (raw.includes('\u0000')) return { ok: false, reason: 'the name holds a NUL character' };
  const complaint = validateFileName(raw);
  if (complaint !== null) return { ok: false, reason: complaint };
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) return { ok: false, reason: 'the name is empty' };
  if (segments.length > MAX_DEPTH)
    return { ok: false, reason: `the name is nested ${segments.length} folders deep (at most ${MAX_DEPTH})` };
  return { ok: true, path: segments.map(cleanSegment).join('/') };
}
