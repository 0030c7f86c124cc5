/**
 * Procmon splits a long capture into `Logfile.PML`, `Logfile-1.PML`, `Logfile-2.PML`, ... in one
 * folder (procmon.md §3.10 item 9). Given any one of them, the whole set opens as one trace, in
 * capture order (by the time of each file's first event), restricted to files from the same computer.
 */
import { open, readdir } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { HEADER_SIZE, filetimeUnix, readAt, readHeader } from './pml-file';

const PART_NAME = /^(.*?)(?:-(\d+))?\.pml$/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Part {
  path: string;
  firstTime: number;
  number: number;
}

async function describe(path: string, number: number): Promise<(Part & { computer: string }) | null> {
  const fh = await open(path, 'r');
  try {
    const h = await readHeader(fh, path);
    const ev = new Uint8Array(0x24);
    const at = h.eventsOffset >= HEADER_SIZE ? h.eventsOffset : HEADER_SIZE;
    const n = await readAt(fh, ev, at, ev.length);
    const dv = new DataView(ev.buffer);
    const firstTime =
      n === ev.length && h.eventCount > 0
        ? filetimeUnix(dv.getUint32(0x20, true), dv.getUint32(0x1c, true))
        : Infinity;
    return { path, firstTime, number, computer: h.computerName };
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

/** The files of the capture `path` belongs to, in order; just `[path]` when it stands alone. */
export async function findLogSet(path: string): Promise<string[]> {
  const dir = nodePath.dirname(path);
  const m = PART_NAME.exec(nodePath.basename(path));
  if (!m) return [path];
  const same = new RegExp(`^${escapeRegExp(m[1])}(?:-(\\d+))?\\.pml$`, 'i');
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [path];
  }
  const candidates = names.filter((n) => same.test(n));
  if (candidates.length < 2) return [path];
  const given = await describe(path, 0);
  if (!given) return [path];
  const parts: Part[] = [];
  for (const name of candidates) {
    const full = nodePath.join(dir, name);
    const num = Number(same.exec(name)?.[1] ?? 0);
    const d =
      nodePath.resolve(full) === nodePath.resolve(path)
        ? { ...given, number: num }
        : await describe(full, num);
    if (d && d.computer === given.computer) parts.push({ path: full, firstTime: d.firstTime, number: num });
  }
  if (parts.length < 2) return [path];
  parts.sort((a, b) => a.firstTime - b.firstTime || a.number - b.number);
  return parts.map((p) => p.path);
}
