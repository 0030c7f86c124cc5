/**
 * How a Procmon Result shows up in Windows logs: the NTSTATUS value, the Win32 error the kernel maps
 * it to (RtlNtStatusToDosError), that error as an HRESULT (HRESULT_FROM_WIN32), and the Win32
 * message text in the locales the users run (en-US, zh-CN, zh-TW). Values follow ntstatus.h and
 * winerror.h; the messages are those FormatMessage returns for the Win32 error.
 */
interface ResultCodes {
  codes: string[];
  phrases: string[];
}

const TABLE: Record<string, ResultCodes> = {
  'ACCESS DENIED': {
    codes: ['0xC0000022', '5', '0x80070005', 'E_ACCESSDENIED'],
    phrases: ['access is denied', 'access denied', '拒绝访问', '存取被拒'],
  },
  'CANNOT DELETE': {
    codes: ['0xC0000121', '5', '0x80070005'],
    phrases: ['access is denied', '拒绝访问', '存取被拒'],
  },
  'DELETE PENDING': {
    codes: ['0xC0000056', '5', '0x80070005'],
    phrases: ['delete pending', 'access is denied', '拒绝访问'],
  },
  'SHARING VIOLATION': {
    codes: ['0xC0000043', '32', '0x80070020'],
    phrases: [
      'being used by another process',
      'sharing violation',
      '另一个程序正在使用此文件',
      '另一個程式正在使用此檔案',
    ],
  },
  'PRIVILEGE NOT HELD': {
    codes: ['0xC0000061', '1314', '0x80070522'],
    phrases: [
      'required privilege is not held',
      'privilege not held',
      '客户端没有所需的特权',
      '用戶端沒有這項特殊權限',
    ],
  },
  'FILE LOCK CONFLICT': {
    codes: ['0xC0000054', '33', '0x80070021'],
    phrases: ['locked a portion of the file'],
  },
  'NAME NOT FOUND': {
    codes: ['0xC0000034', '2', '0x80070002'],
    phrases: ['cannot find the file specified', '系统找不到指定的文件', '系統找不到指定的檔案'],
  },
  'NO SUCH FILE': {
    codes: ['0xC000000F', '2', '0x80070002'],
    phrases: ['cannot find the file specified', '系统找不到指定的文件'],
  },
  'PATH NOT FOUND': {
    codes: ['0xC000003A', '3', '0x80070003'],
    phrases: ['cannot find the path specified', '系统找不到指定的路径', '系統找不到指定的路徑'],
  },
  'NAME COLLISION': {
    codes: ['0xC0000035', '183', '0x800700B7'],
    phrases: ['file already exists', '文件已存在'],
  },
  'DISK FULL': {
    codes: ['0xC000007F', '112', '0x80070070'],
    phrases: ['not enough space on the disk', '磁盘空间不足'],
  },
  'MEDIA WRITE PROTECTED': {
    codes: ['0xC00000A2', '19', '0x80070013'],
    phrases: ['write protected', '写保护'],
  },
  'INVALID PARAMETER': {
    codes: ['0xC000000D', '87', '0x80070057'],
    phrases: ['parameter is incorrect', '参数错误'],
  },
  'NOT EMPTY': {
    codes: ['0xC0000101', '145', '0x80070091'],
    phrases: ['directory is not empty', '目录不是空的'],
  },
  'DIRECTORY NOT EMPTY': {
    codes: ['0xC0000101', '145', '0x80070091'],
    phrases: ['directory is not empty', '目录不是空的'],
  },
  'BAD NETWORK PATH': {
    codes: ['0xC00000BE', '53', '0x80070035'],
    phrases: ['network path was not found', '找不到网络路径'],
  },
  'KEY DELETED': { codes: ['0xC000017C', '1018', '0x800703FA'], phrases: ['marked for deletion'] },
  'INSUFFICIENT RESOURCES': {
    codes: ['0xC000009A', '1450', '0x800705AA'],
    phrases: ['insufficient system resources'],
  },
};

/** Log codes (as LogEntry.codes writes them, upper-case) and message phrases (lower-case) for a Result. */
export function resultCodes(
  result: string,
  related: readonly string[] = [],
): { codes: Set<string>; phrases: string[] } {
  const t = TABLE[result];
  const codes = new Set<string>();
  for (const c of [...(t?.codes ?? []), ...related]) codes.add(c.toUpperCase());
  return { codes, phrases: t?.phrases ?? [] };
}
