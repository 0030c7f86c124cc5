/**
 * The state shared by the per-class Detail decoders while one event is decoded: the bytes of the
 * current read chunk and where the event's detail and extra-detail blocks lie in it (procmon.md
 * §3.8-3.9). One instance is reused for every event so the hot path allocates nothing of its own.
 */

const utf16Decoder = new TextDecoder('utf-16le');

export class EventContext {
  bytes: Uint8Array = new Uint8Array(0);
  dv: DataView = new DataView(new ArrayBuffer(0));
  /** Uint16 view of the same buffer, valid for even absolute byte offsets. */
  u16: Uint16Array = new Uint16Array(0);
  pointerSize: 4 | 8 = 8;
  /** Start and end (exclusive) of the detail block in `bytes`. */
  detailStart = 0;
  detailEnd = 0;
  /** Start and length of the extra-detail block in `bytes`; -1 when the event has none. */
  extraStart = -1;
  extraSize = 0;
  eventClass = 0;
  op = 0;
  subOp = 0;
  tid = 0;
  status = 0;
  /** Filled by the decoders. */
  path = '';
  operation = '';

  setBuffer(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.u16 = bytes.byteOffset % 2 === 0 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength >> 1) : new Uint16Array(0);
  }

  /** Parameter block of a file-system detail: after the sub-operation byte and 3 pad bytes. */
  get fsParams(): number {
    return this.detailStart + 4;
  }

  inDetail(at: number, size: number): boolean {
    return at >= this.detailStart && at + size <= this.detailEnd;
  }

  inExtra(at: number, size: number): boolean {
    return this.extraStart >= 0 && at >= this.extraStart && at + size <= this.extraStart + this.extraSize;
  }

  u8(at: number): number {
    return this.bytes[at];
  }
  u16At(at: number): number {
    return this.dv.getUint16(at, true);
  }
  u32(at: number): number {
    return this.dv.getUint32(at, true);
  }
  i32(at: number): number {
    return this.dv.getInt32(at, true);
  }

  /** UTF-16LE text of `chars` code units at `at`, without trailing NULs. */
  utf16(at: number, chars: number): string {
    let n = chars;
    const bytes = this.bytes;
    while (n > 0 && bytes[at + 2 * n - 2] === 0 && bytes[at + 2 * n - 1] === 0) n--;
    if (n === 0) return '';
    if (n <= 64) {
      if ((at & 1) === 0 && this.u16.length > 0) {
        return String.fromCharCode.apply(null, this.u16.subarray(at >> 1, (at >> 1) + n) as unknown as number[]);
      }
      let s = '';
      for (let i = 0, o = at; i < n; i++, o += 2) s += String.fromCharCode(bytes[o] | (bytes[o + 1] << 8));
      return s;
    }
    return utf16Decoder.decode(bytes.subarray(at, at + 2 * n));
  }

  /** Single-byte text (the "ASCII" form of detail strings), without trailing NULs. */
  ascii(at: number, chars: number): string {
    let n = chars;
    const bytes = this.bytes;
    while (n > 0 && bytes[at + n - 1] === 0) n--;
    if (n === 0) return '';
    if (n <= 4096) return String.fromCharCode.apply(null, bytes.subarray(at, at + n) as unknown as number[]);
    let s = '';
    for (let i = 0; i < n; i += 4096) s += String.fromCharCode.apply(null, bytes.subarray(at + i, at + Math.min(n, i + 4096)) as unknown as number[]);
    return s;
  }

  /**
   * A detail string whose u16 "info" word was read earlier (bit 15 = single-byte text, low 15 bits =
   * character count). Returns the text; `next` gets the offset after it. Text running past `limit`
   * is cut there.
   */
  infoString(info: number, at: number, limit: number): string {
    const isAscii = (info & 0x8000) !== 0;
    const chars = info & 0x7fff;
    const bytes = isAscii ? chars : chars * 2;
    const avail = Math.max(0, limit - at);
    this.next = at + bytes;
    if (bytes <= avail) return isAscii ? this.ascii(at, chars) : this.utf16(at, chars);
    return isAscii ? this.ascii(at, avail) : this.utf16(at, avail >> 1);
  }

  /** Size in bytes of a detail string with the given info word. */
  static infoBytes(info: number): number {
    return info & 0x8000 ? info & 0x7fff : (info & 0x7fff) * 2;
  }

  /** Offset after the last string read by infoString. */
  next = 0;

  /** UTF-16 text of a byte length (structures with a FileNameLength in bytes), bounded by `limit`. */
  utf16Bytes(at: number, byteLength: number, limit: number): string {
    const len = Math.max(0, Math.min(byteLength, limit - at));
    return this.utf16(at, len >> 1);
  }

  /** A NUL-separated list of UTF-16 strings within [at, end), up to the empty terminator. */
  multiSz(at: number, end: number): string[] {
    const out: string[] = [];
    let start = at;
    const bytes = this.bytes;
    for (let o = at; o + 1 < end; o += 2) {
      if (bytes[o] === 0 && bytes[o + 1] === 0) {
        if (o === start) break;
        out.push(this.utf16(start, (o - start) >> 1));
        start = o + 2;
      }
    }
    if (start + 1 < end && out.length >= 0) {
      let o = start;
      while (o + 1 < end && (bytes[o] | bytes[o + 1]) !== 0) o += 2;
      if (o > start && o + 1 >= end) out.push(this.utf16(start, (o - start) >> 1));
    }
    return out;
  }
}
