/**
 * Per-line text decoding for Windows logs. Servicing and setup logs are UTF-8 with a BOM, but
 * Panther setupact.log mixes UTF-8 lines with raw ANSI lines and legacy setup logs are pure ANSI
 * (cp1252, Big5, GBK) (winlogs.md §1.6): so each line is tried as strict UTF-8 first and falls back
 * to the ANSI code page the file's own bytes point to.
 */
import { Buffer, isAscii, isUtf8 } from 'node:buffer';

export type Bom = 'utf-8' | 'utf-16le' | 'utf-16be' | null;

export function detectBom(b: Uint8Array): { bom: Bom; length: number } {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { bom: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { bom: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { bom: 'utf-16be', length: 2 };
  return { bom: null, length: 0 };
}

/** UTF-16 without a BOM: most odd (LE) or even (BE) bytes of ASCII-heavy text are NUL. */
export function sniffUtf16(b: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(b.length, 4096) & ~1;
  if (n < 8) return null;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) zeroEven++;
    if (b[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) return 'utf-16be';
  return null;
}

// Frequent Chinese characters (simplified and traditional) that real text is made of; bytes
// decoded with the wrong CJK code page give rare characters instead (judgement, not a standard).
const COMMON_CJK = new Set(
  Array.from(
    '的一是不了在人有我他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应向头文体相见被利什二等产或新己制身果加月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直资命金指许统区保至队形社便空决治展设置路记品住类求据程边死张该交规万取格望觉术领共确传师观清今切让识候带导争运笑飞风步改收根干造言联持组每车亲极林服快办议往元证近失转令准布始怎存未远叫台单影具字爱流备连调深算质团集百需价花华城级整府离况请技际约示复病息究线似官火断精满支视消越器容照须增研写称企功包片史考落青随选列响虽推势参希古众构房半节土投案黑维划致律足态护兴派验责营星够章音跟志底站严例防族供效续施留讲型料终答紧黄绝奇察母段依批群项故按河米围织害双境客纪采举攻父密低朝友诉止细愿千值仍钱破网热助倒育属坐限速刻否刚状率甚独球般普怕弹校苦创假久错承印晚试股拿脑预谁益若哪微继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢警获模充负云停游树疑层冷射略范竟句室异激村策演简判担静退既您宗积余痛检差富灵协角占配征修皮降阶审坚善压银买养执副乱抗犯追帮宣岁航优怪香著田铁控税左右份穿艺背阵草概恶块顿敢守酒托央户烈索款靠评版宝座释景顾登货互付慢换闻危忙核暗介坏讨良序升监临亮露永呼味野架域掉括编错误访问拒绝驱动程序文件目录系统找不到指定路径参数操作成功完成设备服务启动失败状态配置注册表权限用户帐户网络连接磁盘空间内存不足无法更新安装卸载组件映像数据损坏重启正在等待超时检测這個們為時來說對會發過問間從動於還進經無開後務數據錯誤檔統態敗啟設備驅順利當與記體應實現關機東車長門見點學業區將種讓導檢測裝選擇資訊網絡處執權限帳戶連線磁碟記憶體無法損壞驗證',
  ),
);

const DECODERS: Record<string, TextDecoder> = {};
function decoderFor(label: string): TextDecoder {
  let d = DECODERS[label];
  if (!d) {
    d = new TextDecoder(label);
    DECODERS[label] = d;
  }
  return d;
}

/**
 * Picks the ANSI code page for bytes that are not UTF-8: isolated high bytes inside ASCII text are
 * Western (cp1252: "Microsoft\xae Windows"); runs of high-byte pairs are CJK, and of GB18030 and
 * Big5 the one that yields common characters wins.
 */
export function chooseAnsiCodePage(samples: readonly Uint8Array[]): string {
  let isolated = 0;
  let paired = 0;
  for (const s of samples) {
    let run = 0;
    for (let i = 0; i <= s.length; i++) {
      if (i < s.length && s[i] >= 0x80) {
        run++;
        continue;
      }
      if (run === 1) isolated++;
      else if (run >= 2) paired += run >> 1;
      run = 0;
    }
  }
  if (isolated > paired) return 'windows-1252';
  let best = 'gb18030';
  let bestScore = -Infinity;
  for (const label of ['gb18030', 'big5']) {
    let score = 0;
    for (const s of samples) {
      for (const ch of decoderFor(label).decode(s)) {
        if (ch === '\ufffd') score -= 5;
        else if (COMMON_CJK.has(ch)) score += 2;
      }
    }
    if (score > bestScore) {
      bestScore = score;
      best = label;
    }
  }
  return best;
}

/** Display name of an encoding label as LogSummary.encoding shows it. */
export function encodingName(label: string): string {
  switch (label) {
    case 'utf-8':
      return 'UTF-8';
    case 'utf-16le':
      return 'UTF-16LE';
    case 'utf-16be':
      return 'UTF-16BE';
    case 'gb18030':
      return 'GB18030';
    case 'big5':
      return 'Big5';
    default:
      return label;
  }
}

/** Decodes line byte ranges, remembering which decoder each line needed. */
export class LineDecoder {
  ansi: string | null;
  utf8Lines = 0;
  asciiLines = 0;
  ansiLines = 0;
  private readonly utf8 = new TextDecoder('utf-8');

  constructor(ansiCodePage?: string) {
    this.ansi = ansiCodePage ?? null;
  }

  /** Looks at the start of a file for non-UTF-8 lines and fixes the ANSI code page from them. */
  learn(buf: Uint8Array): void {
    if (this.ansi) return;
    const samples: Uint8Array[] = [];
    let start = 0;
    while (start < buf.length && samples.length < 64) {
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      const line = buf.subarray(start, end);
      if (!isAscii(line) && !isUtf8(line)) samples.push(line);
      start = end + 1;
    }
    if (samples.length > 0) this.ansi = chooseAnsiCodePage(samples);
  }

  decode(line: Uint8Array): string {
    if (isAscii(line)) {
      this.asciiLines++;
      return Buffer.from(line.buffer, line.byteOffset, line.byteLength).toString('latin1');
    }
    if (isUtf8(line)) {
      this.utf8Lines++;
      return this.utf8.decode(line);
    }
    if (!this.ansi) this.ansi = chooseAnsiCodePage([line]);
    this.ansiLines++;
    return decoderFor(this.ansi).decode(line);
  }

  /** "UTF-8", "GB18030", "UTF-8 + windows-1252 (12 lines)". */
  describe(bom: Bom): string {
    if (this.ansiLines === 0)
      return bom === 'utf-8' || this.utf8Lines > 0 || this.asciiLines === 0 ? 'UTF-8' : 'ASCII';
    const ansi = encodingName(this.ansi ?? 'windows-1252');
    if (this.utf8Lines === 0 && bom !== 'utf-8') return ansi;
    return `UTF-8 + ${ansi} (${this.ansiLines} line${this.ansiLines === 1 ? '' : 's'})`;
  }
}
