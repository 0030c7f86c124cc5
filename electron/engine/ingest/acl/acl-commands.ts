/**
 * The exact commands that collect ACL evidence for a finding's paths, to paste into a mail to the
 * customer: `icacls` from cmd.exe (output in the OEM code page; this tool reads it) and a
 * PowerShell `Get-Acl` alternative that also keeps the SDDL (inheritance flags, owner). Both write
 * to the desktop so the file is easy to find and attach. Registry keys get only the PowerShell form:
 * icacls does not read registry ACLs.
 */

export interface AclCommand {
  /** The path as it will be queried (drive form). */
  path: string;
  kind: 'file' | 'registry';
  /** File name the output is written to (on the desktop). */
  outputName: string;
  /** For cmd.exe; '' for registry keys. */
  cmd: string;
  powershell: string;
}

const HIVES: Record<string, string> = {
  HKLM: 'HKLM:',
  HKEY_LOCAL_MACHINE: 'HKLM:',
  HKCU: 'HKCU:',
  HKEY_CURRENT_USER: 'HKCU:',
  HKCR: 'Registry::HKEY_CLASSES_ROOT',
  HKEY_CLASSES_ROOT: 'Registry::HKEY_CLASSES_ROOT',
  HKU: 'Registry::HKEY_USERS',
  HKEY_USERS: 'Registry::HKEY_USERS',
};

/** Turns a trace path into what the tools accept: no `\??\` prefix, `\SystemRoot\` as C:\Windows. */
function windowsPath(p: string): string {
  return p
    .trim()
    .replace(/^\\\\\?\\|^\\\?\?\\/, '')
    .replace(/^\\SystemRoot\\/i, 'C:\\Windows\\')
    .replace(/^%(?:SystemRoot|windir)%\\/i, 'C:\\Windows\\');
}

/** A safe output file stem from a path's last element. */
function stem(p: string): string {
  const last = p.slice(p.replace(/\\+$/, '').lastIndexOf('\\') + 1).replace(/\\+$/, '');
  const base = last.replace(/\.[^.]+$/, '') || last || 'object';
  return base.replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 60);
}

const psQuote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The commands for each distinct path (trace paths, registry keys); skips what is not a path. */
export function icaclsCommandsFor(paths: readonly string[]): AclCommand[] {
  const out: AclCommand[] = [];
  const seen = new Set<string>();
  const names = new Map<string, number>();
  for (const raw of paths) {
    const p = windowsPath(raw);
    if (!p || seen.has(p.toLowerCase())) continue;
    const hive = /^(HKLM|HKCU|HKCR|HKU|HKEY_[A-Z_]+)\\(.*)$/i.exec(p);
    const isFile = /^[A-Za-z]:\\|^\\\\[^\\]+\\/.test(p);
    if (!hive && !isFile) continue;
    seen.add(p.toLowerCase());
    let name = `acl-${stem(p)}`;
    const n = names.get(name.toLowerCase()) ?? 0;
    names.set(name.toLowerCase(), n + 1);
    if (n > 0) name = `${name}-${n + 1}`;
    if (hive) {
      const root = HIVES[hive[1].toUpperCase()];
      if (!root) continue;
      const psPath = `${root}\\${hive[2]}`;
      out.push({
        path: p,
        kind: 'registry',
        outputName: `${name}.txt`,
        cmd: '',
        powershell: `Get-Acl -Path ${psQuote(psPath)} | Format-List | Out-File -Encoding utf8 "$env:USERPROFILE\\Desktop\\${name}.txt"`,
      });
      continue;
    }
    out.push({
      path: p,
      kind: 'file',
      outputName: `${name}.txt`,
      // Typed at the prompt (not run from a .bat), so a literal % in a path stays as it is.
      cmd: `icacls "${p}" > "%USERPROFILE%\\Desktop\\${name}.txt"`,
      powershell: `Get-Acl -LiteralPath ${psQuote(p)} | Format-List | Out-File -Encoding utf8 "$env:USERPROFILE\\Desktop\\${name}-getacl.txt"`,
    });
  }
  return out;
}
