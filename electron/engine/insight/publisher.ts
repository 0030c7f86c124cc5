/**
 * Tells Microsoft software from third-party software with the evidence a capture has: the
 * company of the image (PML, 27-column CSV), where it lives (`\Program Files\<Vendor>\` vs
 * `\Windows\`), and a list of the process and kernel-module names Windows itself ships. A name under
 * `\Windows\` that is not on the list stays "unknown" rather than being guessed Microsoft: agents
 * install drivers into System32\drivers too.
 */
import type { Publisher } from '../../../shared/model/insight';
import { filterPublisher } from '../ingest/fltmc/altitude';

const MICROSOFT_IMAGES = new Set(
  `system registry idle memory compression secure system smss.exe csrss.exe wininit.exe winlogon.exe services.exe lsass.exe
lsaiso.exe svchost.exe fontdrvhost.exe dwm.exe explorer.exe sihost.exe taskhostw.exe taskhost.exe taskeng.exe ctfmon.exe
runtimebroker.exe searchindexer.exe searchprotocolhost.exe searchfilterhost.exe searchui.exe searchapp.exe searchhost.exe
shellexperiencehost.exe startmenuexperiencehost.exe textinputhost.exe applicationframehost.exe systemsettings.exe
spoolsv.exe wmiprvse.exe wmiapsrv.exe dllhost.exe conhost.exe cmd.exe powershell.exe pwsh.exe msiexec.exe tiworker.exe
trustedinstaller.exe dismhost.exe dism.exe setuphost.exe setupprep.exe setupplatform.exe sedsvc.exe werfault.exe
werfaultsecure.exe wermgr.exe msmpeng.exe nissrv.exe mpcmdrun.exe mssense.exe securityhealthservice.exe
securityhealthsystray.exe smartscreen.exe usoclient.exe mousocoreworker.exe musnotification.exe musnotifyicon.exe
wuauclt.exe waasmedicagent.exe sppsvc.exe sppextcomobj.exe slui.exe audiodg.exe compattelrunner.exe devicecensus.exe
mobsync.exe taskmgr.exe mmc.exe regedit.exe reg.exe icacls.exe takeown.exe sc.exe net.exe net1.exe rundll32.exe
consent.exe userinit.exe logonui.exe lockapp.exe backgroundtaskhost.exe gpupdate.exe msdtc.exe vssvc.exe wbengine.exe
sdclt.exe cleanmgr.exe sfc.exe upfc.exe omadmclient.exe deviceenroller.exe sgrmbroker.exe dashost.exe wlanext.exe
useroobebroker.exe wsqmcons.exe wevtutil.exe wusa.exe pkgmgr.exe poqexec.exe tracerpt.exe logman.exe perfmon.exe
procmon.exe procmon64.exe procexp.exe procexp64.exe autoruns.exe sysmon.exe sysmon64.exe notepad.exe wordpad.exe
mspaint.exe calc.exe iexplore.exe msedge.exe microsoftedge.exe microsoftedgeupdate.exe onedrive.exe
filecoauth.exe wscript.exe cscript.exe mshta.exe bitsadmin.exe certutil.exe schtasks.exe at.exe tasklist.exe taskkill.exe
whoami.exe ipconfig.exe netsh.exe ping.exe nslookup.exe systeminfo.exe wmic.exe fsutil.exe bcdedit.exe diskpart.exe
chkdsk.exe defrag.exe vds.exe vdsldr.exe smartscreen.exe unsecapp.exe lsm.exe fsquirt.exe drvinst.exe
rdpclip.exe mstsc.exe tabtip.exe osk.exe magnify.exe narrator.exe`
    .split(/\s+/)
    .filter(Boolean),
);

const MICROSOFT_KERNEL = new Set(
  `ntoskrnl.exe ntkrnlmp.exe ntkrnlpa.exe ntkrpamp.exe hal.dll ci.dll pshed.dll bootvid.dll kdcom.dll clfs.sys tm.sys
fltmgr.sys ntfs.sys refs.sys fastfat.sys exfat.sys cdfs.sys udfs.sys ksecdd.sys ksecpkg.sys cng.sys tcpip.sys afd.sys
ndis.sys netio.sys fwpkclnt.sys tdx.sys netbt.sys http.sys msrpc.sys mup.sys rdbss.sys mrxsmb.sys mrxsmb10.sys
mrxsmb20.sys srv.sys srv2.sys srvnet.sys win32k.sys win32kbase.sys win32kfull.sys dxgkrnl.sys dxgmms1.sys dxgmms2.sys
volsnap.sys volmgr.sys volmgrx.sys partmgr.sys disk.sys classpnp.sys storport.sys stornvme.sys storahci.sys ataport.sys
mountmgr.sys acpi.sys pci.sys wdf01000.sys wdfldr.sys usbstor.sys usbhub.sys usbhub3.sys usbxhci.sys ucx01000.sys
usbccgp.sys usbport.sys wpdupfltr.sys wudfrd.sys wudfpf.sys fvevol.sys rdyboost.sys spaceport.sys vhdmp.sys werkernel.sys
cldflt.sys fileinfo.sys wof.sys luafv.sys bindflt.sys wcifs.sys filecrypt.sys npsvctrig.sys storqosflt.sys wdfilter.sys
wdboot.sys wdnisdrv.sys mssecflt.sys ucpd.sys prjflt.sys bfs.sys applockerfltr.sys procmon24.sys sysmondrv.sys npfs.sys
msfs.sys beep.sys null.sys ksthunk.sys ks.sys intelppm.sys amdppm.sys processr.sys wmilib.sys cmimcext.sys
ntosext.sys sgrmagent.sys iorate.sys ioqos.sys dfs.sys dfsc.sys csc.sys mpsdrv.sys wfplwfs.sys vwififlt.sys pacer.sys
nsiproxy.sys bowser.sys lltdio.sys rspndr.sys wanarp.sys ndiswan.sys ahcache.sys peauth.sys wimmount.sys condrv.sys
cdrom.sys hidclass.sys hidparse.sys kbdclass.sys mouclass.sys i8042prt.sys crashdmp.sys dumpfve.sys`
    .split(/\s+/)
    .filter(Boolean),
);

/** Folders under Program Files that hold Windows or Microsoft products. */
const MICROSOFT_VENDOR_FOLDER =
  /^(?:microsoft[^\\]*|windows[^\\]*|internet explorer|reference assemblies|msbuild|dotnet|uninstall information|modifiablewindowsapps|iis(?: express)?)$/i;

/** `C:\`, `\\?\C:\`, `\Device\HarddiskVolume3\`, `\SystemRoot\`: the part after the volume. */
export function volumeRelative(path: string): string {
  return path
    .replace(/^\\\\\?\\|^\\\?\?\\/, '')
    .replace(/^\\SystemRoot\\/i, '\\Windows\\')
    .replace(/^%(?:SystemRoot|windir)%\\/i, '\\Windows\\')
    .replace(/^\\Device\\HarddiskVolume\d+\\/i, '\\')
    .replace(/^[A-Za-z]:\\/, '\\');
}

export function baseName(path: string): string {
  const p = path.replace(/[\\/]+$/, '');
  return p.slice(Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/')) + 1);
}

export interface ProductFolder {
  /** The folder as written in the source, e.g. `C:\Program Files (x86)\DSPClient\CEMS`. */
  folder: string;
  vendor: string;
  microsoft: boolean;
}

const PROGRAM_FILES =
  /^((?:[A-Za-z]:|\\\\\?\\[A-Za-z]:|\\\?\?\\[A-Za-z]:|\\Device\\HarddiskVolume\d+)\\Program Files(?: \(x86\))?\\)(?:(Common Files)\\)?([^\\]+)(?:\\([^\\]+)(?=\\))?/i;

/**
 * The product folder of a path under Program Files: vendor plus the next folder when the path goes
 * deeper (`...\DSPClient\CEMS\vUserHci.exe` -> `...\DSPClient\CEMS`), else the vendor folder.
 */
export function productFolderOf(path: string): ProductFolder | null {
  const m = PROGRAM_FILES.exec(path);
  if (!m) return null;
  const root = m[1] + (m[2] ? `${m[2]}\\` : '');
  const vendor = m[3];
  const folder = m[4] ? `${root}${vendor}\\${m[4]}` : `${root}${vendor}`;
  // Under Common Files the vendor is the next folder (`Common Files\microsoft shared`, `Common Files\Vendor`).
  const microsoft = m[2]
    ? /^(?:microsoft[^\\]*|system|services)$/i.test(vendor)
    : MICROSOFT_VENDOR_FOLDER.test(vendor);
  return { folder: folder.replace(/^\\\\\?\\|^\\\?\?\\/, ''), vendor, microsoft };
}

const isUnderWindows = (path: string): boolean => /^\\Windows\\/i.test(volumeRelative(path));
const isUnderMicrosoftData = (path: string): boolean =>
  /^\\ProgramData\\Microsoft\\/i.test(volumeRelative(path));

/** Classifies an image (process, module, driver) by company, location and name. */
export function classifyImage(name: string, path: string, company = ''): Publisher {
  const c = company.trim();
  if (c) return /microsoft/i.test(c) ? 'microsoft' : 'third-party';
  const base = (baseName(path) || name).toLowerCase();
  const known =
    MICROSOFT_IMAGES.has(base) ||
    MICROSOFT_KERNEL.has(base) ||
    (base.endsWith('.sys') && filterPublisher(base) === 'microsoft');
  if (path) {
    const product = productFolderOf(path);
    if (product) return product.microsoft ? 'microsoft' : 'third-party';
    if (isUnderWindows(path) || isUnderMicrosoftData(path)) return known ? 'microsoft' : 'unknown';
    // A real path outside Windows and Program Files (ProgramData\Vendor, a user folder, D:\...).
    if (/^(?:[A-Za-z]:|\\Device\\)/i.test(path.replace(/^\\\\\?\\|^\\\?\?\\/, '')))
      return known ? 'unknown' : 'third-party';
  }
  if (['system', 'registry', 'idle', 'memory compression', 'secure system'].includes(base))
    return 'microsoft';
  return known ? 'microsoft' : 'unknown';
}

/**
 * A loaded module (DLL) or driver. Without a company, a user-mode DLL under \Windows\ (not its Temp)
 * counts as Windows' own: listing every system DLL a process loads would drown the agents. Drivers
 * keep the stricter rule of classifyImage (agents install drivers into System32\drivers).
 */
export function classifyModule(path: string, company = ''): Publisher {
  const name = baseName(path);
  if (company.trim() || /\.sys$/i.test(name)) return classifyImage(name, path, company);
  if (/^\\Windows\\(?!Temp\\)/i.test(volumeRelative(path))) return 'microsoft';
  return classifyImage(name, path);
}

/** Kernel modules are also named by bare file name on stacks (`FLTMGR.SYS`). */
export function isMicrosoftKernelName(name: string): boolean {
  const base = baseName(name).toLowerCase();
  return MICROSOFT_KERNEL.has(base) || filterPublisher(base) === 'microsoft';
}
