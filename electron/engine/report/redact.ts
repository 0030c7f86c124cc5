/**
 * Redaction (脱敏) for reports that leave the company: user names, computer and domain names, domain
 * SIDs and IPv4 addresses are replaced by placeholders. The same value always gets the same
 * placeholder (`USER-1`, `HOST-1`, `DOMAIN-1`, `SID-1`, `IP-1`) everywhere in one report, so the
 * evidence still reads ("HOST-1 denied USER-2") without naming anyone.
 *
 * Names are learned first (from metadata, the traces' process table and computer name, and
 * `C:\Users\<name>` / `\\HOST\` patterns in any text of the report), then replaced everywhere as
 * whole words, case-insensitively (Windows names are case-insensitive).
 */
import type { RedactionOptions } from '../../../shared/model/case';

export type RedactionKind = 'user' | 'host' | 'domain' | 'sid' | 'ip';

const PREFIX: Record<RedactionKind, string> = {
  user: 'USER',
  host: 'HOST',
  domain: 'DOMAIN',
  sid: 'SID',
  ip: 'IP',
};

export const ALL_REDACTIONS: RedactionOptions = { users: true, hosts: true, sids: true, ips: true };
export const NO_REDACTIONS: RedactionOptions = { users: false, hosts: false, sids: false, ips: false };

/** Profile folders and accounts that name nobody. */
const GENERIC_USERS = new Set([
  'public',
  'default',
  'default user',
  'all users',
  'defaultuser0',
  'defaultapppool',
  'system',
  'local service',
  'network service',
  'localservice',
  'networkservice',
  'systemprofile',
  'administrator',
  'desktop.ini',
  'trustedinstaller',
]);

/** Authorities in `DOMAIN\user` that are part of Windows, not of the customer. */
const WELL_KNOWN_DOMAINS = new Set([
  'nt authority',
  'builtin',
  'nt service',
  'window manager',
  'font driver host',
  'iis apppool',
  'nt virtual machine',
  'application package authority',
  'mandatory label',
  'local',
]);

const GENERIC_HOSTS = new Set(['localhost', '?', '.', 'wsl$', 'wsl.localhost', 'tsclient']);

const PROFILE_RE =
  /(?:^|[\\/])(?:users|documents and settings)[\\/]([^\\/:*?"<>|\r\n]{1,64})(?=[\\/]|$|[\s"'])/gi;
const UNC_RE = /(?:^|[^\\])\\\\([A-Za-z0-9][A-Za-z0-9._$-]{0,62})\\/g;
const SID_RE = /\bS-1-5-21-\d{1,10}-\d{1,10}-\d{1,10}(?:-\d{1,10})?\b/gi;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Not part of a longer dotted run (file versions such as 10.0.17134.1550 have more parts or bigger numbers).
const IP_RE = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g');

function isPublicIp(ip: string): boolean {
  return !(ip === '0.0.0.0' || ip === '255.255.255.255' || ip.startsWith('127.'));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class Redactor {
  private readonly names = new Map<string, string>();
  private readonly counters: Record<RedactionKind, number> = { user: 0, host: 0, domain: 0, sid: 0, ip: 0 };
  private readonly values = new Map<string, string>();
  private nameRe: RegExp | null = null;
  private nameReDirty = true;

  constructor(readonly options: RedactionOptions) {}

  get enabled(): boolean {
    const o = this.options;
    return o.users || o.hosts || o.sids || o.ips;
  }

  /** How many distinct values of each kind were replaced. */
  counts(): Record<RedactionKind, number> {
    return { ...this.counters };
  }

  private placeholder(kind: RedactionKind, key: string): string {
    let p = this.values.get(key);
    if (!p) {
      p = `${PREFIX[kind]}-${++this.counters[kind]}`;
      this.values.set(key, p);
    }
    return p;
  }

  private learnName(kind: 'user' | 'host' | 'domain', raw: string): void {
    const name = raw.trim();
    const key = name.toLowerCase();
    if (name.length < 2 || this.names.has(key) || /^(?:USER|HOST|DOMAIN|SID|IP)-\d+$/.test(name)) return;
    this.names.set(key, this.placeholder(kind, `${kind}:${key}`));
    this.nameReDirty = true;
  }

  learnUser(name: string): void {
    if (!this.options.users || GENERIC_USERS.has(name.trim().toLowerCase())) return;
    this.learnName('user', name);
  }

  learnHost(name: string): void {
    if (!this.options.hosts || GENERIC_HOSTS.has(name.trim().toLowerCase())) return;
    if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name.trim())) return;
    this.learnName('host', name);
  }

  learnDomain(name: string): void {
    if (!this.options.hosts || WELL_KNOWN_DOMAINS.has(name.trim().toLowerCase())) return;
    this.learnName('domain', name);
  }

  /** `DOMAIN\user` as in a process's User column; well-known authorities are kept. */
  learnAccount(account: string): void {
    const i = account.indexOf('\\');
    if (i < 0) {
      if (account.trim() !== '') this.learnUser(account);
      return;
    }
    const domain = account.slice(0, i).trim();
    const user = account.slice(i + 1).trim();
    if (WELL_KNOWN_DOMAINS.has(domain.toLowerCase())) return;
    // A local account's domain is the computer name: learned first as a host, it keeps HOST-n.
    this.learnDomain(domain);
    this.learnUser(user);
  }

  /** Learns profile folder names and UNC hosts that appear in free text. */
  learnFromText(text: string): void {
    if (this.options.users && text.length > 6) {
      for (const m of text.matchAll(PROFILE_RE)) this.learnUser(m[1]);
    }
    if (this.options.hosts && text.includes('\\\\')) {
      for (const m of text.matchAll(UNC_RE)) this.learnHost(m[1]);
    }
  }

  redact(text: string): string {
    if (!this.enabled || text === '') return text;
    let out = text;
    if (this.options.sids)
      out = out.replace(SID_RE, (m) => this.placeholder('sid', `sid:${m.toUpperCase()}`));
    if (this.options.ips)
      out = out.replace(IP_RE, (m) => (isPublicIp(m) ? this.placeholder('ip', `ip:${m}`) : m));
    const re = this.namePattern();
    if (re) out = out.replace(re, (m) => this.names.get(m.toLowerCase()) ?? m);
    return out;
  }

  private namePattern(): RegExp | null {
    if (this.nameReDirty) {
      this.nameReDirty = false;
      const keys = [...this.names.keys()].sort((a, b) => b.length - a.length);
      this.nameRe =
        keys.length === 0
          ? null
          : new RegExp(`(?<![A-Za-z0-9_-])(?:${keys.map(escapeRegExp).join('|')})(?![A-Za-z0-9_-])`, 'gi');
    }
    return this.nameRe;
  }
}

export function redactionOptionsOf(redact: boolean | RedactionOptions | undefined): RedactionOptions {
  if (redact === true) return ALL_REDACTIONS;
  if (!redact) return NO_REDACTIONS;
  return redact;
}

/** Visits every string in a JSON-like value. */
export function forEachString(value: unknown, visit: (s: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const v of value) forEachString(v, visit);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) forEachString(v, visit);
}

/** A copy of a JSON-like value with every string passed through the redactor. */
export function redactDeep<T>(value: T, r: Redactor): T {
  if (typeof value === 'string') return r.redact(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, r)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, r);
    return out as T;
  }
  return value;
}
