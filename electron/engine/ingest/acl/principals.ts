/**
 * Well-known accounts: their SIDs, the names icacls and Get-Acl print (English, and the names a
 * Chinese Windows localizes: "APPLICATION PACKAGE AUTHORITY\所有受限制的应用程序包"), and the SDDL
 * two-letter aliases, so one principal compares across tools and languages.
 */

export const SID_SYSTEM = 'S-1-5-18';
/** NT SERVICE\TrustedInstaller: the service SID of the Windows Modules Installer. */
export const SID_TRUSTED_INSTALLER = 'S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464';

interface WellKnown {
  sid: string;
  account: string;
  /** Short form for sentences. */
  short: string;
  /** Other spellings seen in tool output (localized names), compared case-insensitively. */
  aliases?: string[];
  sddl?: string;
}

const WELL_KNOWN: WellKnown[] = [
  {
    sid: SID_SYSTEM,
    account: 'NT AUTHORITY\\SYSTEM',
    short: 'SYSTEM',
    aliases: ['SYSTEM', 'LocalSystem'],
    sddl: 'SY',
  },
  {
    sid: SID_TRUSTED_INSTALLER,
    account: 'NT SERVICE\\TrustedInstaller',
    short: 'TrustedInstaller',
    aliases: ['TrustedInstaller'],
  },
  {
    sid: 'S-1-5-32-544',
    account: 'BUILTIN\\Administrators',
    short: 'Administrators',
    aliases: ['Administrators'],
    sddl: 'BA',
  },
  { sid: 'S-1-5-32-545', account: 'BUILTIN\\Users', short: 'Users', aliases: ['Users'], sddl: 'BU' },
  { sid: 'S-1-5-32-546', account: 'BUILTIN\\Guests', short: 'Guests', sddl: 'BG' },
  { sid: 'S-1-5-32-547', account: 'BUILTIN\\Power Users', short: 'Power Users', sddl: 'PU' },
  { sid: 'S-1-5-32-548', account: 'BUILTIN\\Account Operators', short: 'Account Operators', sddl: 'AO' },
  { sid: 'S-1-5-32-549', account: 'BUILTIN\\Server Operators', short: 'Server Operators', sddl: 'SO' },
  { sid: 'S-1-5-32-550', account: 'BUILTIN\\Print Operators', short: 'Print Operators', sddl: 'PO' },
  { sid: 'S-1-5-32-551', account: 'BUILTIN\\Backup Operators', short: 'Backup Operators', sddl: 'BO' },
  { sid: 'S-1-5-32-552', account: 'BUILTIN\\Replicator', short: 'Replicator', sddl: 'RE' },
  {
    sid: 'S-1-5-32-555',
    account: 'BUILTIN\\Remote Desktop Users',
    short: 'Remote Desktop Users',
    sddl: 'RD',
  },
  {
    sid: 'S-1-5-32-556',
    account: 'BUILTIN\\Network Configuration Operators',
    short: 'Network Configuration Operators',
    sddl: 'NO',
  },
  { sid: 'S-1-5-32-568', account: 'BUILTIN\\IIS_IUSRS', short: 'IIS_IUSRS', sddl: 'IS' },
  { sid: 'S-1-1-0', account: 'Everyone', short: 'Everyone', sddl: 'WD' },
  { sid: 'S-1-3-0', account: 'CREATOR OWNER', short: 'CREATOR OWNER', sddl: 'CO' },
  { sid: 'S-1-3-1', account: 'CREATOR GROUP', short: 'CREATOR GROUP', sddl: 'CG' },
  { sid: 'S-1-3-4', account: 'OWNER RIGHTS', short: 'OWNER RIGHTS', sddl: 'OW' },
  { sid: 'S-1-5-2', account: 'NT AUTHORITY\\NETWORK', short: 'NETWORK', sddl: 'NU' },
  { sid: 'S-1-5-4', account: 'NT AUTHORITY\\INTERACTIVE', short: 'INTERACTIVE', sddl: 'IU' },
  { sid: 'S-1-5-6', account: 'NT AUTHORITY\\SERVICE', short: 'SERVICE', sddl: 'SU' },
  { sid: 'S-1-5-7', account: 'NT AUTHORITY\\ANONYMOUS LOGON', short: 'ANONYMOUS LOGON', sddl: 'AN' },
  {
    sid: 'S-1-5-9',
    account: 'NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS',
    short: 'ENTERPRISE DOMAIN CONTROLLERS',
    sddl: 'ED',
  },
  { sid: 'S-1-5-10', account: 'NT AUTHORITY\\SELF', short: 'SELF', sddl: 'PS' },
  { sid: 'S-1-5-11', account: 'NT AUTHORITY\\Authenticated Users', short: 'Authenticated Users', sddl: 'AU' },
  { sid: 'S-1-5-12', account: 'NT AUTHORITY\\RESTRICTED', short: 'RESTRICTED', sddl: 'RC' },
  { sid: 'S-1-5-19', account: 'NT AUTHORITY\\LOCAL SERVICE', short: 'LOCAL SERVICE', sddl: 'LS' },
  { sid: 'S-1-5-20', account: 'NT AUTHORITY\\NETWORK SERVICE', short: 'NETWORK SERVICE', sddl: 'NS' },
  { sid: 'S-1-5-33', account: 'NT AUTHORITY\\WRITE RESTRICTED', short: 'WRITE RESTRICTED', sddl: 'WR' },
  {
    sid: 'S-1-15-2-1',
    account: 'APPLICATION PACKAGE AUTHORITY\\ALL APPLICATION PACKAGES',
    short: 'ALL APPLICATION PACKAGES',
    aliases: [
      'APPLICATION PACKAGE AUTHORITY\\所有应用程序包',
      'APPLICATION PACKAGE AUTHORITY\\所有應用程式套件',
    ],
    sddl: 'AC',
  },
  {
    sid: 'S-1-15-2-2',
    account: 'APPLICATION PACKAGE AUTHORITY\\ALL RESTRICTED APPLICATION PACKAGES',
    short: 'ALL RESTRICTED APPLICATION PACKAGES',
    aliases: [
      'APPLICATION PACKAGE AUTHORITY\\所有受限制的应用程序包',
      'APPLICATION PACKAGE AUTHORITY\\所有受限制的應用程式套件',
    ],
  },
  {
    sid: 'S-1-16-4096',
    account: 'Mandatory Label\\Low Mandatory Level',
    short: 'Low Mandatory Level',
    sddl: 'LW',
  },
  {
    sid: 'S-1-16-8192',
    account: 'Mandatory Label\\Medium Mandatory Level',
    short: 'Medium Mandatory Level',
    sddl: 'ME',
  },
  {
    sid: 'S-1-16-12288',
    account: 'Mandatory Label\\High Mandatory Level',
    short: 'High Mandatory Level',
    sddl: 'HI',
  },
  {
    sid: 'S-1-16-16384',
    account: 'Mandatory Label\\System Mandatory Level',
    short: 'System Mandatory Level',
    sddl: 'SI',
  },
];

const BY_SID = new Map(WELL_KNOWN.map((w) => [w.sid, w]));
const BY_SDDL = new Map(WELL_KNOWN.filter((w) => w.sddl).map((w) => [w.sddl as string, w]));
const BY_NAME = new Map<string, WellKnown>();
for (const w of WELL_KNOWN) {
  BY_NAME.set(w.account.toLowerCase(), w);
  for (const a of w.aliases ?? []) BY_NAME.set(a.toLowerCase(), w);
}

export interface Principal {
  /** '' when the name is not a well-known account and not a SID. */
  sid: string;
  /** English account name when known, else the name as written. */
  account: string;
  short: string;
}

/** Resolves a principal as a tool printed it (name, localized name or SID). */
export function resolvePrincipal(written: string): Principal {
  const name = written.trim();
  if (/^S-1-\d+(-\d+)*$/i.test(name)) {
    const sid = name.toUpperCase();
    const w = BY_SID.get(sid);
    return w ? { sid, account: w.account, short: w.short } : { sid, account: sid, short: sid };
  }
  const w = BY_NAME.get(name.toLowerCase());
  if (w) return { sid: w.sid, account: w.account, short: w.short };
  const slash = name.lastIndexOf('\\');
  return {
    sid: '',
    account: name,
    short: slash >= 0 && slash < name.length - 1 ? name.slice(slash + 1) : name,
  };
}

/** Resolves an SDDL trustee: a two-letter alias or a SID string. */
export function resolveSddlTrustee(trustee: string): Principal | null {
  const t = trustee.trim();
  const alias = BY_SDDL.get(t.toUpperCase());
  if (alias) return { sid: alias.sid, account: alias.account, short: alias.short };
  if (/^S-1-\d+(-\d+)*$/i.test(t)) return resolvePrincipal(t);
  return null;
}

/** The key two listings' principals are compared by: the SID when known, else the lower-cased name. */
export function principalKey(p: { sid: string; account: string }): string {
  return p.sid || p.account.toLowerCase();
}

/** True for the accounts Windows servicing runs as (TiWorker/TrustedInstaller: SYSTEM + the TI SID). */
export function isServicingAccount(sid: string): boolean {
  return sid === SID_SYSTEM || sid === SID_TRUSTED_INSTALLER;
}
