/**
 * Shrinks a crashing input while it still produces the same finding (same key): first removing
 * chunks (delta debugging, halving the chunk size), then blanking what is left (bytes to zero in
 * binary input; letters to `x` and digits to `0` in text), so a regression fixture keeps only the
 * bytes the bug needs and none of the sample it was mutated from. Blanking keeps offsets in place,
 * which is what binary formats with absolute offsets (PML, EVTX) need.
 */
import { findingKey, type FuzzChild } from './child-pool';

export interface MinimizeOptions {
  child: FuzzChild;
  target: string;
  ext: string;
  key: string;
  binary: boolean;
  /** Budget (default 60 s and 4,000 reads). */
  deadlineMs?: number;
  maxExecs?: number;
}

export interface Minimized {
  bytes: Uint8Array;
  execs: number;
  /** Bytes still holding their original value that blanking could not clear. */
  residue: number;
}

function isBlank(b: number, binary: boolean): boolean {
  return binary
    ? b === 0
    : !((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0x80);
}

function blank(b: number, binary: boolean): number {
  if (binary) return 0;
  if (b >= 0x30 && b <= 0x39) return 0x30;
  if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0x80) return 0x78;
  return b;
}

export async function minimize(input: Uint8Array, o: MinimizeOptions): Promise<Minimized> {
  const deadline = Date.now() + (o.deadlineMs ?? 60_000);
  const maxExecs = o.maxExecs ?? 4000;
  let execs = 0;
  const budget = (): boolean => execs < maxExecs && Date.now() < deadline;
  const same = async (b: Uint8Array): Promise<boolean> => {
    execs++;
    const out = await o.child.run(o.target, b, o.ext);
    return findingKey(o.target, out, out.file) === o.key;
  };

  let cur = input.slice();
  const shrink = async (): Promise<void> => {
    for (let chunk = Math.ceil(cur.length / 2); chunk >= 1 && budget(); chunk = Math.floor(chunk / 2)) {
      if (cur.length > 4096 && chunk < cur.length / 512) break;
      for (let at = 0; at < cur.length && budget();) {
        const cand = new Uint8Array(cur.length - Math.min(chunk, cur.length - at));
        cand.set(cur.subarray(0, at), 0);
        cand.set(cur.subarray(at + chunk), at);
        if (await same(cand)) cur = cand;
        else at += chunk;
      }
    }
  };
  const clear = async (): Promise<void> => {
    for (let chunk = Math.ceil(cur.length / 2); chunk >= 1 && budget(); chunk = Math.floor(chunk / 2)) {
      for (let at = 0; at < cur.length && budget(); at += chunk) {
        const end = Math.min(cur.length, at + chunk);
        let dirty = false;
        for (let i = at; i < end && !dirty; i++)
          dirty = !isBlank(cur[i], o.binary) && blank(cur[i], o.binary) !== cur[i];
        if (!dirty) continue;
        const cand = cur.slice();
        for (let i = at; i < end; i++) cand[i] = blank(cand[i], o.binary);
        if (await same(cand)) cur = cand;
      }
    }
  };
  await shrink();
  await clear();
  await shrink();
  let residue = 0;
  for (const b of cur) if (blank(b, o.binary) !== b) residue++;
  return { bytes: cur, execs, residue };
}
