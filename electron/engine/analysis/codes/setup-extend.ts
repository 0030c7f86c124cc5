/**
 * Windows Setup extend codes (the second half of `0xC1900101 - 0x4000D`): the first digit is
 * the phase, the last two the operation (Microsoft "Upgrade error codes", Windows 10 1607 tables).
 */
const PHASES: readonly (readonly [string, string, string])[] = [
  ['SP_EXECUTION_UNKNOWN', 'unknown phase', '未知阶段'],
  ['SP_EXECUTION_DOWNLEVEL', 'down-level phase (running in the old OS)', '下层阶段（在旧系统中运行）'],
  ['SP_EXECUTION_SAFE_OS', 'Safe OS phase (WinPE)', 'Safe OS 阶段（WinPE）'],
  ['SP_EXECUTION_FIRST_BOOT', 'first boot phase', '首次启动阶段'],
  ['SP_EXECUTION_OOBE_BOOT', 'OOBE boot (second boot) phase', 'OOBE 启动（第二次启动）阶段'],
  ['SP_EXECUTION_UNINSTALL', 'uninstall phase', '卸载阶段'],
];

const OPERATIONS: readonly (readonly [string, string, string])[] = [
  ['UNKNOWN', 'unknown operation', '未知操作'],
  ['COPY_PAYLOAD', 'copying the payload', '复制安装负载'],
  ['DOWNLOAD_UPDATES', 'downloading updates', '下载更新'],
  ['INSTALL_UPDATES', 'installing updates', '安装更新'],
  ['INSTALL_RECOVERY_ENVIRONMENT', 'installing the recovery environment', '安装恢复环境'],
  ['INSTALL_RECOVERY_IMAGE', 'installing the recovery image', '安装恢复映像'],
  ['REPLICATE_OC', 'replicating optional components', '复制可选组件'],
  ['INSTALL_DRVIERS', 'installing drivers', '安装驱动程序'],
  ['PREPARE_SAFE_OS', 'preparing the Safe OS', '准备 Safe OS'],
  ['PREPARE_ROLLBACK', 'preparing rollback', '准备回滚'],
  ['PREPARE_FIRST_BOOT', 'preparing the first boot', '准备首次启动'],
  ['PREPARE_OOBE_BOOT', 'preparing the OOBE boot', '准备 OOBE 启动'],
  ['APPLY_IMAGE', 'applying the WIM image', '应用 WIM 映像'],
  ['MIGRATE_DATA', 'migrating data', '迁移数据'],
  ['SET_PRODUCT_KEY', 'setting the product key', '设置产品密钥'],
  ['ADD_UNATTEND', 'adding the unattend file', '添加无人参与应答文件'],
  ['ADD_DRIVER', 'adding a driver', '添加驱动程序'],
  ['ENABLE_FEATURE', 'enabling a feature', '启用功能'],
  ['DISABLE_FEATURE', 'disabling a feature', '禁用功能'],
  ['REGISTER_ASYNC_PROCESS', 'registering an asynchronous process', '注册异步进程'],
  ['REGISTER_SYNC_PROCESS', 'registering a synchronous process', '注册同步进程'],
  ['CREATE_FILE', 'creating a file', '创建文件'],
  ['CREATE_REGISTRY', 'creating registry data', '创建注册表数据'],
  ['BOOT', 'booting', '启动'],
  ['SYSPREP', 'running sysprep', '运行 sysprep'],
  ['OOBE', 'running OOBE', '运行 OOBE'],
  ['BEGIN_FIRST_BOOT', 'beginning the first boot', '开始首次启动'],
  ['END_FIRST_BOOT', 'ending the first boot', '结束首次启动'],
  ['BEGIN_OOBE_BOOT', 'beginning the OOBE boot', '开始 OOBE 启动'],
  ['END_OOBE_BOOT', 'ending the OOBE boot', '结束 OOBE 启动'],
  ['PRE_OOBE', 'the pre-OOBE step', 'OOBE 前步骤'],
  ['POST_OOBE', 'the post-OOBE step', 'OOBE 后步骤'],
  ['ADD_PROVISIONING_PACKAGE', 'adding a provisioning package', '添加预配包'],
];

export interface ExtendCode {
  phase: string;
  operation: string;
  en: string;
  zh: string;
}

/** Phase and operation of an extend code such as 0x2000C; null when either part is unknown. */
export function describeExtendCode(code: number): ExtendCode | null {
  if (!Number.isInteger(code) || code < 0 || code > 0xfffff) return null;
  const phase = PHASES[(code >> 16) & 0xf];
  const op = OPERATIONS[code & 0xff];
  if (!phase || !op || (code & 0xff00) !== 0) return null;
  return {
    phase: phase[0],
    operation: `SP_EXECUTION_OP_${op[0]}`,
    en: `failed in the ${phase[1]} while ${op[1]} (${phase[0]} / SP_EXECUTION_OP_${op[0]}).`,
    zh: `失败于${phase[2]}，当时正在${op[2]}（${phase[0]} / SP_EXECUTION_OP_${op[0]}）。`,
  };
}
