/**
 * Minifilter load order groups and their altitude ranges, from Microsoft's public table "Load order
 * groups and altitudes for minifilter drivers" (learn.microsoft.com, windows-hardware/drivers/ifs).
 * The group a filter's altitude falls in says what kind of filter it is: 320000-329999 anti-virus,
 * 360000-389999 activity monitors, 80000-89999 lock-down / enhanced ACLs, ...
 */
import type { AltitudeGroup, Publisher } from '../../../../shared/model/insight';

const g = (name: string, low: number, high: number, en: string, zh: string): AltitudeGroup => ({
  name,
  low,
  high,
  description: { en, 'zh-CN': zh },
});

export const ALTITUDE_GROUPS: readonly AltitudeGroup[] = [
  g(
    'Filter',
    420000,
    429999,
    'legacy Filter group, furthest from the file system',
    '旧式 Filter 组，离文件系统最远',
  ),
  g(
    'FSFilter Top',
    400000,
    409999,
    'filters that must sit above all other file system filters',
    '必须位于所有其他文件系统筛选器之上的筛选器',
  ),
  g(
    'FSFilter Activity Monitor',
    360000,
    389999,
    'observes and reports file I/O (activity monitors, endpoint agents)',
    '监视并报告文件 I/O（活动监视、终端代理）',
  ),
  g('FSFilter Undelete', 340000, 349999, 'recovers deleted files', '恢复已删除的文件'),
  g(
    'FSFilter Anti-Virus',
    320000,
    329999,
    'detects and disinfects viruses during file I/O',
    '在文件 I/O 期间检测并清除病毒',
  ),
  g(
    'FSFilter Replication',
    300000,
    309999,
    'replicates file data to remote servers',
    '将文件数据复制到远程服务器',
  ),
  g(
    'FSFilter Continuous Backup',
    280000,
    289999,
    'replicates file data to backup media',
    '将文件数据复制到备份介质',
  ),
  g(
    'FSFilter Content Screener',
    260000,
    269999,
    'prevents the creation of specific files or content',
    '阻止创建特定文件或内容',
  ),
  g('FSFilter Quota Management', 240000, 249999, 'enhanced file system quotas', '增强的文件系统配额'),
  g(
    'FSFilter System Recovery',
    220000,
    229999,
    'maintains operating system integrity (System Restore)',
    '维护操作系统完整性（系统还原）',
  ),
  g(
    'FSFilter Cluster File System',
    200000,
    209999,
    'file server metadata across a network',
    '跨网络提供文件服务器元数据',
  ),
  g('FSFilter HSM', 180000, 189999, 'hierarchical storage management', '分层存储管理'),
  g('FSFilter Imaging', 170000, 175000, 'ZIP-like virtual namespaces', '类似 ZIP 的虚拟命名空间'),
  g('FSFilter Compression', 160000, 169999, 'file data compression', '文件数据压缩'),
  g(
    'FSFilter Encryption',
    140000,
    149999,
    'encrypts and decrypts data during file I/O',
    '在文件 I/O 期间加密和解密数据',
  ),
  g(
    'FSFilter Virtualization',
    130000,
    139999,
    'virtualizes file paths (such as the LUA filter)',
    '虚拟化文件路径（如 LUA 筛选器）',
  ),
  g(
    'FSFilter Physical Quota Management',
    120000,
    129999,
    'quotas by physical block counts',
    '按物理块计数的配额',
  ),
  g('FSFilter Open File', 100000, 109999, 'snapshots of already open files', '已打开文件的快照'),
  g(
    'FSFilter Security Enhancer',
    80000,
    89999,
    'applies lock-down and enhanced access control lists',
    '实施锁定和增强的访问控制列表',
  ),
  g('FSFilter Copy Protection', 60000, 69999, 'checks for out-of-band data on media', '检查介质上的带外数据'),
  g(
    'FSFilter Bottom',
    40000,
    49999,
    'filters that must sit below all other file system filters',
    '必须位于所有其他文件系统筛选器之下的筛选器',
  ),
  g('FSFilter System', 20000, 29999, 'reserved for internal use', '保留供内部使用'),
  g(
    'FSFilter Infrastructure',
    0,
    19999,
    'reserved for internal use, closest to the file system',
    '保留供内部使用，离文件系统最近',
  ),
];

/**
 * The group an altitude falls in; '' when it is outside every range (or not a number). Altitudes
 * are decimal strings with optional fractions ("385250.5"); the integer part decides the group.
 */
export function altitudeGroup(altitude: string): AltitudeGroup | null {
  const m = /^\s*(\d+)(?:\.\d+)?\s*$/.exec(altitude);
  if (!m) return null;
  const v = Number(m[1]);
  return ALTITUDE_GROUPS.find((x) => v >= x.low && v <= x.high) ?? null;
}

/**
 * File system filters that ship with Windows (and Microsoft's own Defender and Sysinternals ones),
 * by filter name as fltmc prints it; names taken from Microsoft's allocated-altitudes list.
 */
const MICROSOFT_FILTERS = new Set(
  [
    'WdFilter',
    'MsSecFlt',
    'bindflt',
    'wcifs',
    'wcnfs',
    'CldFlt',
    'FileCrypt',
    'luafv',
    'npsvctrig',
    'Wof',
    'FileInfo',
    'storqosflt',
    'UCPD',
    'bfs',
    'PrjFlt',
    'gameflt',
    'UnionFS',
    'applockerfltr',
    'iorate',
    'ioqos',
    'fsdepends',
    'sftredir',
    'dfs',
    'csvflt',
    'csvnsflt',
    'AppvVfs',
    'CCFFilter',
    'DhWatchdog',
    'Microsoft.Uev.AgentDriver',
    'SysmonDrv',
    'PROCMON24',
    'PROCMON23',
    'WinSetupMon',
    'WimMount',
    'Dedup',
    'DfsrRo',
    'SearchFilter',
    'mpFilter',
    'NisDrv',
    'WdNisDrv',
    'ntoskrnl',
    'FsDepends',
    'wtd',
    'wof',
    'hvsifltr',
    'bam',
    'cimfs',
  ].map((n) => n.toLowerCase()),
);

/** Whether a filter (fltmc name or driver file name) is one Windows or Microsoft ships. */
export function filterPublisher(name: string): Publisher {
  const base = name.replace(/\.sys$/i, '').toLowerCase();
  return MICROSOFT_FILTERS.has(base) ? 'microsoft' : 'unknown';
}
