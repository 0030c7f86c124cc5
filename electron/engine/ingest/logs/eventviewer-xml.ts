/**
 * Event Viewer "Save All Events As… XML" exports: `<Events>` of `<Event>` elements with the System
 * block as in EVTX plus `<RenderingInfo><Message>` when saved with display information
 * (winlogs.md §3). Streamed: exports of large logs are hundreds of MB on few physical lines.
 */
import { open } from 'node:fs/promises';
import { SaxesParser } from 'saxes';
import { emptyEventRecord, eventToDraft, type EventRecord } from '../evtx/event-record';
import type { EntryCollector } from './log-entries';
import { detectBom, sniffUtf16 } from './line-decoder';
import { MAX_SKIPPED_DEPTH, MAX_XML_DEPTH, MAX_XML_ERRORS, type XmlNode } from './xml-tree';

/**
 * Elements kept per event. A real event has a few dozen; each kept element costs a node, its share
 * of the event's data and of its XML text, about 100 times its size in the file (found by fuzzing:
 * one event of 100,000 empty elements, 218 MiB for 2 MB).
 */
const MAX_EVENT_ELEMENTS = 10_000;
/** Attributes kept per element (System elements have at most a handful). */
const MAX_ATTRIBUTES = 64;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string): string => esc(s).replace(/"/g, '&quot;');

/** Serialises an element tree back to XML (two-space indent) for the detail view. */
export function xmlOf(n: XmlNode, indent = ''): string {
  const attrs = Object.entries(n.attrs)
    .map(([k, v]) => ` ${k}="${escAttr(v)}"`)
    .join('');
  const text = n.text.trim();
  if (n.children.length === 0)
    return text ? `${indent}<${n.name}${attrs}>${esc(text)}</${n.name}>` : `${indent}<${n.name}${attrs}/>`;
  const inner = n.children.map((c) => xmlOf(c, `${indent}  `)).join('\n');
  return `${indent}<${n.name}${attrs}>\n${inner}\n${indent}</${n.name}>`;
}

const child = (n: XmlNode | undefined, name: string): XmlNode | undefined =>
  n?.children.find((c) => c.name === name);
const num = (s: string | undefined): number => {
  const t = (s ?? '').trim();
  const v = /^0x/i.test(t) ? parseInt(t, 16) : Number(t);
  return Number.isFinite(v) ? v : 0;
};

/** Event element (from an export or rendered EVTX XML) to an EventRecord. */
export function eventFromXml(ev: XmlNode): EventRecord {
  const r = emptyEventRecord();
  const sys = child(ev, 'System');
  const provider = child(sys, 'Provider');
  r.providerName = provider?.attrs.Name ?? '';
  r.providerGuid = provider?.attrs.Guid ?? '';
  r.eventSourceName = provider?.attrs.EventSourceName ?? '';
  const eid = child(sys, 'EventID');
  r.eventId = num(eid?.text);
  r.qualifiers =
    eid?.attrs.Qualifiers !== undefined && eid.attrs.Qualifiers !== '' ? num(eid.attrs.Qualifiers) : null;
  const version = child(sys, 'Version');
  r.version = version ? num(version.text) : null;
  r.level = num(child(sys, 'Level')?.text);
  r.task = num(child(sys, 'Task')?.text);
  r.opcode = num(child(sys, 'Opcode')?.text);
  r.keywords = child(sys, 'Keywords')?.text.trim() ?? '';
  r.timeCreated = child(sys, 'TimeCreated')?.attrs.SystemTime ?? '';
  r.recordId = num(child(sys, 'EventRecordID')?.text);
  r.channel = child(sys, 'Channel')?.text.trim() ?? '';
  r.computer = child(sys, 'Computer')?.text.trim() ?? '';
  r.userId = child(sys, 'Security')?.attrs.UserID ?? '';
  const exec = child(sys, 'Execution');
  r.processId = exec?.attrs.ProcessID ?? '';
  r.threadId = exec?.attrs.ThreadID ?? '';
  const eventData = child(ev, 'EventData');
  const userData = child(ev, 'UserData');
  if (eventData) {
    let i = 0;
    for (const d of eventData.children) {
      const name = d.attrs.Name;
      if (d.name === 'Data' && name) r.data[name] = d.text;
      else if (d.name === 'Data') r.data[`Data[${i++}]`] = d.text;
      else r.data[d.name] = d.text.trim();
    }
  } else if (userData) {
    const flatten = (n: XmlNode, prefix: string): void => {
      for (const c of n.children) {
        const key = prefix ? `${prefix}.${c.name}` : c.name;
        if (c.children.length === 0) r.data[key] = c.text.trim();
        else flatten(c, key);
      }
    };
    for (const top of userData.children) flatten(top, '');
  }
  const rendering = child(ev, 'RenderingInfo');
  const msg = child(rendering, 'Message')?.text.trim();
  if (msg) r.renderedMessage = msg;
  r.xml = xmlOf(ev);
  return r;
}

export async function parseEventViewerXml(
  path: string,
  out: EntryCollector,
  ctx: {
    signal?: AbortSignal;
    onProgress?(p: { bytesRead: number; bytesTotal: number; events: number }): void;
  },
): Promise<{ encoding: string }> {
  const fh = await open(path, 'r');
  let encoding = 'UTF-8';
  try {
    const size = (await fh.stat()).size;
    const parser = new SaxesParser({ xmlns: false, position: true });
    const stack: XmlNode[] = [];
    let inEvent = false;
    let errors = 0;
    parser.on('error', (e) => {
      // saxes reports some faults once per character; past this many the rest is noise, and
      // building millions of Error objects took minutes on a long broken line (found by fuzzing).
      if (errors >= MAX_XML_ERRORS)
        throw new Error(`more than ${MAX_XML_ERRORS} XML errors (line ${parser.line})`);
      if (errors++ < 50)
        out.warn(
          `line ${parser.line}, column ${parser.column}`,
          `malformed XML: ${e.message.replace(/^.*?:\d+:\d+: /, '')}`,
        );
      if (inEvent) {
        out.warn(`line ${parser.line}`, 'event skipped because its XML is broken');
        stack.length = 0;
        inEvent = false;
        tooDeep = 0;
      }
    });
    /**
     * Elements open inside an event that are read past, not kept: below MAX_XML_DEPTH (the walks
     * over an event recurse) or past MAX_EVENT_ELEMENTS in one event.
     */
    let tooDeep = 0;
    /** Elements kept of the event being read. */
    let elements = 0;
    let capWarned = false;
    let wideWarned = false;
    /** Elements open anywhere: saxes keeps each, also outside events (a broken event is left). */
    let open = 0;
    parser.on('opentag', (tag) => {
      if (++open > MAX_SKIPPED_DEPTH)
        throw new Error(`elements nested over ${MAX_SKIPPED_DEPTH} levels deep (line ${parser.line})`);
      if (!inEvent && tag.name !== 'Event') return;
      if (!inEvent) {
        elements = 0;
        capWarned = false;
      }
      if (tooDeep > 0 || stack.length >= MAX_XML_DEPTH || elements >= MAX_EVENT_ELEMENTS) {
        if (tooDeep >= MAX_SKIPPED_DEPTH)
          throw new Error(`elements nested over ${MAX_SKIPPED_DEPTH} levels deep`);
        if (elements >= MAX_EVENT_ELEMENTS) {
          if (!capWarned)
            out.warn(
              `line ${parser.line}`,
              `an event with more than ${MAX_EVENT_ELEMENTS.toLocaleString('en-US')} elements: the rest of it is left out`,
            );
          capWarned = true;
          tooDeep++;
        } else if (tooDeep++ === 0)
          out.warn(`line ${parser.line}`, `elements nested deeper than ${MAX_XML_DEPTH} levels are left out`);
        return;
      }
      inEvent = true;
      elements++;
      const attributes = tag.attributes as Record<string, string>;
      let attrs: Record<string, string> = attributes;
      // Counted without listing them all: the list is what a wide element would make costly.
      let n = 0;
      for (const _name in attributes) if (++n > MAX_ATTRIBUTES) break;
      if (n > MAX_ATTRIBUTES) {
        attrs = Object.fromEntries(Object.entries(attributes).slice(0, MAX_ATTRIBUTES));
        if (!wideWarned)
          out.warn(
            `line ${parser.line}`,
            `<${tag.name.slice(0, 60)}> has more than ${MAX_ATTRIBUTES} attributes; only the first ${MAX_ATTRIBUTES} are kept`,
          );
        wideWarned = true;
      }
      const node: XmlNode = {
        name: tag.name,
        attrs: attrs === attributes ? { ...attributes } : attrs,
        children: [],
        text: '',
        line: parser.line,
      };
      stack[stack.length - 1]?.children.push(node);
      stack.push(node);
    });
    parser.on('text', (t) => {
      if (tooDeep > 0) return;
      const top = stack[stack.length - 1];
      if (top) top.text += t;
    });
    parser.on('closetag', (tag) => {
      open--;
      if (!inEvent) return;
      if (tooDeep > 0) {
        tooDeep--;
        return;
      }
      const node = stack.pop();
      if (tag.name === 'Event' && node && stack.length === 0) {
        inEvent = false;
        const rec = eventFromXml(node);
        if (!rec.providerName && !rec.eventId)
          out.warn(`line ${node.line}`, 'event without Provider/EventID skipped');
        else out.add(eventToDraft(rec));
      }
    });
    const buf = Buffer.allocUnsafe(1 << 20);
    let pos = 0;
    let decoder: TextDecoder | null = null;
    for (;;) {
      if (ctx.signal?.aborted) throw new Error('aborted');
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      let chunk = buf.subarray(0, bytesRead);
      if (!decoder) {
        const { bom, length } = detectBom(chunk);
        const label = bom ?? sniffUtf16(chunk) ?? 'utf-8';
        encoding = label === 'utf-8' ? 'UTF-8' : label.toUpperCase().replace('UTF-16', 'UTF-16');
        decoder = new TextDecoder(label);
        chunk = chunk.subarray(length);
      }
      pos += bytesRead;
      try {
        parser.write(decoder.decode(chunk, { stream: true }));
      } catch (e) {
        out.warn(`offset ${pos}`, `XML parsing stopped: ${e instanceof Error ? e.message : String(e)}`);
        break;
      }
      ctx.onProgress?.({ bytesRead: pos, bytesTotal: size, events: out.entries.length });
    }
    try {
      parser.close();
    } catch (e) {
      out.warn('end of file', `XML ended early: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (inEvent) out.warn('end of file', 'the last event is incomplete (file truncated?) and was skipped');
  } finally {
    await fh.close();
  }
  return { encoding };
}
