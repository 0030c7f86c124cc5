/**
 * EVTX binary XML (libyal "Windows XML Event Log (EVTX)" §Binary XML; [MS-EVEN6] BinXml):
 * a token stream whose element and attribute names are stored once per chunk, and whose records
 * are mostly template instances: a template definition (stored once per chunk, cached here by its
 * chunk offset) plus an array of typed substitution values. All offsets are relative to the chunk.
 */
import type { XmlNode } from '../logs/xml-tree';
import { arrayItems, guidString, scalarText, ValueType } from './binxml-values';

const enum Tok {
  Eof = 0x00,
  OpenStart = 0x01,
  CloseStart = 0x02,
  CloseEmpty = 0x03,
  End = 0x04,
  Value = 0x05,
  Attribute = 0x06,
  CData = 0x07,
  CharRef = 0x08,
  EntityRef = 0x09,
  PITarget = 0x0a,
  PIData = 0x0b,
  TemplateInstance = 0x0c,
  NormalSub = 0x0d,
  OptionalSub = 0x0e,
  FragmentHeader = 0x0f,
}

export class BinXmlError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (chunk offset 0x${offset.toString(16)})`);
  }
}

interface TSub {
  sub: number;
  type: number;
  optional: boolean;
}
type TPart = string | TSub;
interface TElem {
  name: string;
  attrs: { name: string; parts: TPart[] }[];
  children: TNode[];
}
type TNode = TElem | TPart | TInstance;

interface SubValue {
  type: number;
  start: number;
  size: number;
}
interface TInstance {
  template: TNode[];
  values: SubValue[];
}

const isSub = (n: TNode): n is TSub => typeof n === 'object' && 'sub' in n;
const isElem = (n: TNode): n is TElem => typeof n === 'object' && 'attrs' in n;

/**
 * Most nodes one record may resolve to. A real event is a few hundred; templates that instantiate
 * other templates several times each multiply, and a damaged or hostile chunk of a few KB could
 * expand to billions (ten levels of ten instances).
 */
export const MAX_RECORD_NODES = 100_000;

/** Per-chunk state: the chunk bytes and the name and template caches keyed by chunk offset. */
export class ChunkContext {
  readonly dv: DataView;
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, TNode[]>();
  private depth = 0;
  /** Nodes the record being resolved may still produce (reset for each record). */
  private budget = MAX_RECORD_NODES;

  constructor(readonly b: Uint8Array) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }

  private u8(p: number): number {
    if (p >= this.b.length) throw new BinXmlError('read past the end of the chunk', p);
    return this.b[p];
  }
  private u16(p: number): number {
    if (p + 2 > this.b.length) throw new BinXmlError('read past the end of the chunk', p);
    return this.dv.getUint16(p, true);
  }
  private u32(p: number): number {
    if (p + 4 > this.b.length) throw new BinXmlError('read past the end of the chunk', p);
    return this.dv.getUint32(p, true);
  }

  /** A name stored at `off`: u32 next, u16 hash, u16 character count, UTF-16 characters, NUL. */
  private nameAt(off: number): string {
    const cached = this.names.get(off);
    if (cached !== undefined) return cached;
    const count = this.u16(off + 6);
    if (off + 8 + count * 2 > this.b.length)
      throw new BinXmlError('name runs past the end of the chunk', off);
    let s = '';
    for (let i = 0; i < count; i++) s += String.fromCharCode(this.dv.getUint16(off + 8 + i * 2, true));
    this.names.set(off, s);
    return s;
  }

  /** Reads a name reference at `p`; returns the name and the position after it (skipping an inline name). */
  private nameRef(p: number): [string, number] {
    const off = this.u32(p);
    p += 4;
    const name = this.nameAt(off);
    if (off === p) p += 8 + name.length * 2 + 2;
    return [name, p];
  }

  /** Parses a template definition once per chunk; `off` points at its 24-byte header. */
  private template(off: number): TNode[] {
    const cached = this.templates.get(off);
    if (cached) return cached;
    const size = this.u32(off + 20);
    const start = off + 24;
    if (start + size > this.b.length)
      throw new BinXmlError('template definition runs past the end of the chunk', off);
    // Stored before parsing so a template that (wrongly) refers to itself cannot recurse forever.
    const nodes: TNode[] = [];
    this.templates.set(off, nodes);
    this.parseContent(start, start + size, true, nodes, null);
    return nodes;
  }

  /** Template GUID at a definition offset (for diagnostics). */
  templateGuid(off: number): string {
    return guidString(this.b, off + 4);
  }

  /**
   * Parses tokens from `p` to `end` into `out` until EOF or an End token that closes `elem`.
   * Returns the position after the last consumed token.
   */
  private parseContent(p: number, end: number, dep: boolean, out: TNode[], elem: TElem | null): number {
    while (p < end) {
      const tok = this.u8(p);
      switch (tok & 0x0f) {
        case Tok.Eof:
          return p + 1;
        case Tok.FragmentHeader:
          p += 4;
          break;
        case Tok.TemplateInstance: {
          const [inst, next] = this.templateInstance(p);
          out.push(inst);
          p = next;
          break;
        }
        case Tok.OpenStart: {
          const [el, next] = this.element(p, end, dep);
          out.push(el);
          p = next;
          break;
        }
        case Tok.End:
          if (elem) return p + 1;
          p += 1;
          break;
        case Tok.Value: {
          const count = this.u16(p + 2);
          out.push(scalarText(this.b, this.dv, ValueType.String, p + 4, count * 2));
          p += 4 + count * 2;
          break;
        }
        case Tok.CData: {
          const count = this.u16(p + 1);
          out.push(scalarText(this.b, this.dv, ValueType.String, p + 3, count * 2));
          p += 3 + count * 2;
          break;
        }
        case Tok.CharRef:
          out.push(String.fromCharCode(this.u16(p + 1)));
          p += 3;
          break;
        case Tok.EntityRef: {
          const [name, next] = this.nameRef(p + 1);
          out.push(ENTITIES[name] ?? `&${name};`);
          p = next;
          break;
        }
        case Tok.PITarget: {
          const [, next] = this.nameRef(p + 1);
          p = next;
          if ((this.u8(p) & 0x0f) === Tok.PIData) p += 3 + this.u16(p + 1) * 2;
          break;
        }
        case Tok.NormalSub:
        case Tok.OptionalSub:
          out.push({
            sub: this.u16(p + 1),
            type: this.u8(p + 3),
            optional: (tok & 0x0f) === Tok.OptionalSub,
          });
          p += 4;
          break;
        case Tok.CloseStart:
        case Tok.CloseEmpty:
        case Tok.Attribute:
        default:
          throw new BinXmlError(`unexpected token 0x${tok.toString(16).padStart(2, '0')}`, p);
      }
    }
    return p;
  }

  private element(p: number, end: number, dep: boolean): [TElem, number] {
    const tok = this.u8(p);
    const hasAttrs = (tok & 0x40) !== 0;
    let q = p + 1;
    if (dep) q += 2;
    // Element data size (u32) is not needed: the tokens end the element.
    q += 4;
    const [name, afterName] = this.nameRef(q);
    q = afterName;
    const el: TElem = { name, attrs: [], children: [] };
    if (hasAttrs) {
      q += 4; // attribute list size
      for (;;) {
        const t = this.u8(q);
        if ((t & 0x0f) !== Tok.Attribute) break;
        const [an, next] = this.nameRef(q + 1);
        q = next;
        const parts: TPart[] = [];
        q = this.attrValue(q, parts);
        el.attrs.push({ name: an, parts });
        if ((t & 0x40) === 0) break;
      }
    }
    const close = this.u8(q) & 0x0f;
    if (close === Tok.CloseEmpty) return [el, q + 1];
    if (close !== Tok.CloseStart)
      throw new BinXmlError(`element <${name}> not closed (token 0x${close.toString(16)})`, q);
    const next = this.parseContent(q + 1, end, dep, el.children as TNode[], el);
    return [el, next];
  }

  private attrValue(q: number, parts: TPart[]): number {
    for (;;) {
      const t = this.u8(q) & 0x0f;
      if (t === Tok.Value) {
        const count = this.u16(q + 2);
        parts.push(scalarText(this.b, this.dv, ValueType.String, q + 4, count * 2));
        q += 4 + count * 2;
      } else if (t === Tok.NormalSub || t === Tok.OptionalSub) {
        parts.push({ sub: this.u16(q + 1), type: this.u8(q + 3), optional: t === Tok.OptionalSub });
        q += 4;
      } else if (t === Tok.CharRef) {
        parts.push(String.fromCharCode(this.u16(q + 1)));
        q += 3;
      } else if (t === Tok.EntityRef) {
        const [name, next] = this.nameRef(q + 1);
        parts.push(ENTITIES[name] ?? `&${name};`);
        q = next;
      } else {
        return q;
      }
    }
  }

  private templateInstance(p: number): [TInstance, number] {
    // token, 1 unknown byte, u32 template id, u32 definition offset
    const defOff = this.u32(p + 6);
    let q = p + 10;
    if (defOff === q) {
      // Definition stored inline here: skip its 24-byte header and its data.
      q += 24 + this.u32(q + 20);
    }
    const template = this.template(defOff);
    const count = this.u32(q);
    q += 4;
    if (count > 4096 || q + count * 4 > this.b.length)
      throw new BinXmlError(`implausible substitution count ${count}`, q - 4);
    const values: SubValue[] = new Array<SubValue>(count);
    let vp = q + count * 4;
    for (let i = 0; i < count; i++) {
      const size = this.u16(q + i * 4);
      const type = this.b[q + i * 4 + 2];
      values[i] = { type, start: vp, size };
      vp += size;
    }
    if (vp > this.b.length) throw new BinXmlError('substitution values run past the end of the chunk', q);
    return [{ template, values }, vp];
  }

  /** Parses a fragment (a record's BinXML or a nested 0x21 value) and resolves it to elements. */
  resolveFragment(start: number, end: number, dep: boolean): XmlNode[] {
    if (this.depth === 0) this.budget = MAX_RECORD_NODES;
    const nodes: TNode[] = [];
    this.parseContent(start, end, dep, nodes, null);
    const out: (XmlNode | string)[] = [];
    for (const n of nodes) this.resolveNode(n, [], out);
    return out.filter((n): n is XmlNode => typeof n !== 'string');
  }

  private valueText(v: SubValue | undefined): string {
    if (!v || v.type === ValueType.Null || v.size === 0) return '';
    if (v.type & ValueType.ArrayFlag) return arrayItems(this.b, this.dv, v.type, v.start, v.size).join(', ');
    if (v.type === ValueType.BinXml) return '';
    return scalarText(this.b, this.dv, v.type, v.start, v.size);
  }

  private resolveNode(n: TNode, values: SubValue[], out: (XmlNode | string)[]): void {
    // The caller names the record and its offset; no single token is to blame here.
    if (--this.budget < 0)
      throw new Error(
        `the record expands to over ${MAX_RECORD_NODES.toLocaleString('en-US')} nodes (templates within templates)`,
      );
    if (typeof n === 'string') {
      out.push(n);
      return;
    }
    if (isSub(n)) {
      const v = values[n.sub];
      if (!v || v.type === ValueType.Null) return;
      if (v.type === ValueType.BinXml || v.type === ValueType.EvtXml) {
        if (++this.depth > 16) throw new BinXmlError('nested BinXML deeper than 16 levels', v.start);
        try {
          for (const x of this.resolveFragment(v.start, v.start + v.size, false)) out.push(x);
        } finally {
          this.depth--;
        }
        return;
      }
      out.push(this.valueText(v));
      return;
    }
    if (isElem(n)) {
      // An element whose only content is an optional substitution without a value is left out
      // (libyal: optional substitution, NULL value), as Event Viewer and evtxexport do.
      if (n.children.length === 1 && isSub(n.children[0]) && n.children[0].optional) {
        const v = values[n.children[0].sub];
        if (!v || v.type === ValueType.Null || v.size === 0) return;
      }
      // An element whose only content is one array substitution repeats once per item
      // (legacy EventData: `<Data>%1</Data>` with a string array gives Data, Data, ...).
      if (n.children.length === 1 && isSub(n.children[0])) {
        const v = values[n.children[0].sub];
        if (v && v.type & ValueType.ArrayFlag && v.type !== (ValueType.ArrayFlag | ValueType.BinXml)) {
          const attrs = this.resolveAttrs(n, values);
          for (const item of arrayItems(this.b, this.dv, v.type, v.start, v.size)) {
            out.push({ name: n.name, attrs, children: [], text: item, line: 0 });
          }
          return;
        }
      }
      const el: XmlNode = {
        name: n.name,
        attrs: this.resolveAttrs(n, values),
        children: [],
        text: '',
        line: 0,
      };
      const kids: (XmlNode | string)[] = [];
      for (const c of n.children) this.resolveNode(c, values, kids);
      for (const k of kids) {
        if (typeof k === 'string') el.text += k;
        else el.children.push(k);
      }
      out.push(el);
      return;
    }
    // Template instance: resolve the cached definition with this instance's values.
    for (const t of n.template) this.resolveNode(t, n.values, out);
  }

  private resolveAttrs(n: TElem, values: SubValue[]): Record<string, string> {
    const attrs: Record<string, string> = {};
    for (const a of n.attrs) {
      let s = '';
      let allNull = a.parts.length > 0;
      for (const part of a.parts) {
        if (typeof part === 'string') {
          s += part;
          allNull = false;
        } else {
          const v = values[part.sub];
          if (v && v.type !== ValueType.Null && v.size > 0) allNull = false;
          s += this.valueText(v);
        }
      }
      if (!allNull) attrs[a.name] = s;
    }
    return attrs;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
