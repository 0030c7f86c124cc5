/**
 * One Windows event as read from an .evtx file or an Event Viewer XML export, and how it becomes
 * a LogEntry: System fields, EventData/UserData values by name, the message the tool renders for
 * the events that matter (messages are not stored in .evtx; winlogs.md §2.6).
 */
import type { LogLevel } from '../../../../shared/model/log';
import type { EntryDraft } from '../logs/log-entries';
import { renderEventMessage } from './event-messages';

export interface EventRecord {
  recordId: number;
  /** ISO 8601 UTC with 'Z', '' when absent. */
  timeCreated: string;
  providerName: string;
  providerGuid: string;
  eventSourceName: string;
  eventId: number;
  qualifiers: number | null;
  version: number | null;
  level: number;
  task: number;
  opcode: number;
  keywords: string;
  computer: string;
  channel: string;
  userId: string;
  processId: string;
  threadId: string;
  /** EventData/UserData values by name; unnamed values as Data[0], Data[1], ... */
  data: Record<string, string>;
  /** Message rendered by the exporting machine (Event Viewer XML RenderingInfo, CSV column). */
  renderedMessage?: string;
  /** The event as XML, for the detail view. */
  xml: string;
}

export function emptyEventRecord(): EventRecord {
  return {
    recordId: 0,
    timeCreated: '',
    providerName: '',
    providerGuid: '',
    eventSourceName: '',
    eventId: 0,
    qualifiers: null,
    version: null,
    level: 4,
    task: 0,
    opcode: 0,
    keywords: '',
    computer: '',
    channel: '',
    userId: '',
    processId: '',
    threadId: '',
    data: {},
    xml: '',
  };
}

/** Event level numbers (winmeta.xml): 1 critical, 2 error, 3 warning, 4 information, 5 verbose. */
export function levelOfEvent(level: number, keywords: string): LogLevel {
  // Security audit failure is flagged in the keywords, not the level (0x0010000000000000).
  if (/^0x0*10000000000000$/i.test(keywords)) return 'warning';
  switch (level) {
    case 1:
    case 2:
      return 'error';
    case 3:
      return 'warning';
    case 5:
      return 'verbose';
    default:
      return 'info';
  }
}

/** The fields `tracediff convert --to jsonl` writes for an event (stable names). */
export function eventJson(r: EventRecord): Record<string, unknown> {
  return {
    recordId: r.recordId,
    timeCreated: r.timeCreated,
    provider: r.providerName,
    providerGuid: r.providerGuid || undefined,
    eventId: r.eventId,
    qualifiers: r.qualifiers ?? undefined,
    version: r.version ?? undefined,
    level: r.level,
    task: r.task,
    opcode: r.opcode,
    keywords: r.keywords,
    computer: r.computer,
    channel: r.channel,
    userId: r.userId || undefined,
    processId: r.processId || undefined,
    threadId: r.threadId || undefined,
    data: r.data,
  };
}

/** The System fields kept in LogEntry.data beside the event's own values (prefixed, never clashing). */
function systemData(r: EventRecord): Record<string, string> {
  const d: Record<string, string> = {
    '@RecordId': String(r.recordId),
    '@Provider': r.providerName,
    '@EventId': String(r.eventId),
    '@Level': String(r.level),
    '@Task': String(r.task),
    '@Opcode': String(r.opcode),
    '@Keywords': r.keywords,
    '@Computer': r.computer,
    '@Channel': r.channel,
  };
  if (r.providerGuid) d['@ProviderGuid'] = r.providerGuid;
  if (r.qualifiers !== null) d['@Qualifiers'] = String(r.qualifiers);
  if (r.userId) d['@UserId'] = r.userId;
  return d;
}

export function eventToDraft(r: EventRecord): EntryDraft {
  const rendered = renderEventMessage(r);
  const dataText = Object.entries(r.data)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  const message = rendered?.en ?? r.renderedMessage ?? dataText;
  const data: Record<string, string> = { ...systemData(r), ...(rendered?.data ?? r.data) };
  return {
    line: r.recordId,
    time: r.timeCreated,
    level: rendered?.level ?? levelOfEvent(r.level, r.keywords),
    component: r.providerName || r.channel,
    message,
    messageZh: rendered?.zh,
    raw: r.xml,
    eventId: r.eventId,
    data,
    codes: rendered?.codes,
    // An event states its level; codes in its data (ErrorCode 0x0 ...) must not overrule it.
    keepLevel: true,
    scanText: `${message}\n${dataText}`,
  };
}
