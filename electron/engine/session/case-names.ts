/**
 * File names made from a case's title. Titles are often Chinese and name the ticket; the name keeps
 * them readable and drops only what Windows or a shell would refuse or misread.
 */

const MAX_NAME = 80;

export function safeCaseFileName(title: string, fallback: string): string {
  const cleaned = title
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
    .replace(/[\u0000-\u001f<>:"/\\|?*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const short = [...cleaned].slice(0, MAX_NAME).join('').trim();
  // Device names stay reserved on Windows even with an extension.
  if (/^(con|prn|aux|nul|com\d|lpt\d)$/i.test(short)) return `${short}-case`;
  return short || fallback;
}

/** yyyymmdd-hhmmss in local time, for names of cases saved before they had a title. */
export function fileStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
