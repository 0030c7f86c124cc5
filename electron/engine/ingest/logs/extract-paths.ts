/**
 * File and registry paths named in a line of log text, for correlating log entries with trace
 * events on the same file or key. Directory names may contain spaces (`C:\Program Files (x86)\`);
 * the last component may not, so a path ends at the first blank after its last backslash.
 */
const PATH_RE = new RegExp(
  [
    // C:\dir with spaces\file.ext, \\?\C:\..., \??\C:\...
    String.raw`(?:\\\\\?\\|\\\?\?\\)?[A-Za-z]:\\(?:[^\\/:*?"<>|\r\n\t]+\\)*[^\\/:*?"<>|\s,;'\[\]()]*`,
    // \\server\share\...
    String.raw`\\\\[A-Za-z0-9._$-]+\\(?:[^\\/:*?"<>|\r\n\t]+\\)*[^\\/:*?"<>|\s,;'\[\]()]*`,
    // \Device\HarddiskVolume3\..., \SystemRoot\..., \REGISTRY\MACHINE\...
    String.raw`\\(?:Device|SystemRoot|REGISTRY|Registry)\\[^\s"'<>|,;]+`,
    // HKLM\..., HKEY_LOCAL_MACHINE\...
    String.raw`\b(?:HKLM|HKCU|HKCR|HKU|HKCC|HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS|HKEY_CURRENT_CONFIG)\\[^\s"'<>|,;]+`,
    // %windir%\..., %SystemRoot%\...
    String.raw`%[A-Za-z_]+%\\[^\s"'<>|,;]+`,
  ].join('|'),
  'g',
);

const TRAILING = new Set(['.', ',', ';', ':', ')', ']', '}', "'", '"']);

/**
 * Strips trailing punctuation. A loop, not /[.,;:)]+$/: a `$`-anchored run is retried from every
 * position of a long run of commas, quadratic (found by fuzzing: a 500 KB path took minutes).
 */
function trimTrailing(p: string): string {
  let end = p.length;
  while (end > 0 && TRAILING.has(p[end - 1])) end--;
  return end === p.length ? p : p.slice(0, end);
}

/** Paths in order of appearance, de-duplicated, trailing punctuation trimmed. */
export function findPaths(text: string): string[] {
  if (text.indexOf('\\') < 0) return [];
  const out: string[] = [];
  PATH_RE.lastIndex = 0;
  for (let m = PATH_RE.exec(text); m !== null; m = PATH_RE.exec(text)) {
    let p = trimTrailing(m[0]);
    // "C:\dir\ and more" swallowed a trailing blank before the next backslash-less word.
    p = p.trimEnd();
    if (p.length < 4 || /^[A-Za-z]:\\?$/.test(p)) continue;
    if (!out.includes(p)) out.push(p);
  }
  return out;
}
