/**
 * Every loaded log in one time-ordered list (CMTrace-like colours), filtered in the host by source,
 * level and text. Entries that corroborate the selected finding are outlined.
 */
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LogEntry, LogLevel } from '../../../shared/model/log';
import { InfiniteGrid } from '../components/infinite-grid';
import type { LogClockInfo } from '../../../shared/contract';
import { getApi } from '../api/get-api';
import { getGrid, revealRow } from '../grid/grid-registry';
import { correlated, evidenceKey, logColumnDefs, logRowClassRules } from '../grid/log-columns';
import { logDatasource } from '../grid/log-datasource';
import { rowAttributes } from '../grid/row-attributes';
import { useWorkbench } from '../state/workbench-store';

const LEVELS: LogLevel[] = ['error', 'warning', 'info', 'verbose'];
const attributes = rowAttributes<LogEntry>((e) => ({ 'data-level': e.level }));
const rowId = (e: LogEntry) => `${e.logId}:${e.index}`;

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

export function LogsPanel() {
  const { t, i18n } = useTranslation();
  const logs = useWorkbench((s) => s.host?.logs ?? []);
  const logsVersion = useWorkbench((s) => s.logsVersion);
  const pushError = useWorkbench((s) => s.pushError);
  const findings = useWorkbench((s) => s.findings);
  const selectedFinding = useWorkbench((s) => s.selectedFinding);
  const [source, setSource] = useState('');
  const [levels, setLevels] = useState<LogLevel[]>([]);
  const [text, setText] = useState('');
  const debouncedText = useDebounced(text, 300);

  const columnDefs = useMemo(() => logColumnDefs(t), [t]);
  const [clock, setClock] = useState<LogClockInfo | undefined>(undefined);
  const datasource = useMemo(
    () =>
      logDatasource(
        { logIds: source ? [source] : [], levels, text: debouncedText },
        (m) => pushError(m),
        (c) => setClock((old) => (JSON.stringify(old) === JSON.stringify(c) ? old : c)),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [source, levels, debouncedText, logsVersion, pushError],
  );

  const finding = findings.find((f) => f.rank === selectedFinding);
  useEffect(() => {
    correlated.keys = new Set((finding?.logEvidence ?? []).map((e) => evidenceKey(e.file, e.line)));
    getGrid('logs')?.redrawRows();
  }, [finding]);
  // Scroll to the finding's first log line that this list (as filtered now) shows.
  useEffect(() => {
    const evidence = finding?.logEvidence ?? [];
    if (evidence.length === 0) return;
    let live = true;
    (async () => {
      for (const ev of evidence.slice(0, 20)) {
        const { index } = await getApi().findLogIndex({
          file: ev.file,
          line: ev.line,
          logIds: source ? [source] : undefined,
          levels: levels.length > 0 ? levels : undefined,
          text: debouncedText.trim() || undefined,
        });
        if (!live) return;
        if (index >= 0) {
          await revealRow('logs', index, { select: false, contextAbove: 2 });
          return;
        }
      }
    })().catch(() => {
      // Scrolling to the evidence is a convenience; the list stays where it is.
    });
    return () => {
      live = false;
    };
  }, [finding, source, levels, debouncedText, logsVersion]);

  const toggleLevel = (level: LogLevel) =>
    setLevels((ls) => (ls.includes(level) ? ls.filter((l) => l !== level) : [...ls, level]));
  const errors = logs.reduce((n, l) => n + l.errors, 0);
  const warnings = logs.reduce((n, l) => n + l.warnings, 0);

  return (
    <section
      className="td-panel td-logs"
      data-testid="logs-panel"
      aria-label={t('logs.title')}
      data-panel="logs"
      tabIndex={-1}
    >
      <div className="td-panel__head">
        <span className="td-panel__title">{t('logs.title')}</span>
        <span className="td-muted">
          {logs.length > 0 &&
            t('logs.summary', {
              count: logs.length,
              errors: errors.toLocaleString(i18n.language),
              warnings: warnings.toLocaleString(i18n.language),
            })}
        </span>
        {finding && finding.logEvidence.length > 0 && (
          <span
            className="td-logs__evidence"
            title={finding.logEvidence.map((e) => `${e.file}:${e.line}`).join('\n')}
          >
            ▤ {t('logs.correlated', { count: finding.logEvidence.length, rank: finding.rank })}
          </span>
        )}
      </div>
      {clock?.mixed && (
        <p
          className={`td-logs__clock${clock.aligned ? '' : ' td-warn-text'}`}
          title={clock.notes.join('\n')}
          data-testid="logs-clock"
        >
          {t(clock.aligned ? 'logClock.aligned' : 'logClock.unaligned')}
        </p>
      )}
      <div className="td-logs__filters">
        <select
          aria-label={t('logs.source')}
          value={source}
          onChange={(e) => setSource(e.target.value)}
          data-testid="logs-source"
        >
          <option value="">{t('logs.allSources')}</option>
          {logs.map((l) => (
            <option key={l.id} value={l.id}>
              {l.fileName}
            </option>
          ))}
        </select>
        <div className="td-segmented td-segmented--small" role="group" aria-label={t('logs.level')}>
          {LEVELS.map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={levels.includes(l)}
              className={`td-level-btn td-level-btn--${l}`}
              onClick={() => toggleLevel(l)}
              data-testid={`logs-level-${l}`}
            >
              {t(`logs.levels.${l}`)}
            </button>
          ))}
        </div>
        <input
          type="search"
          className="td-input"
          placeholder={t('logs.searchPlaceholder')}
          aria-label={t('logs.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="logs-text"
        />
      </div>
      {logs.length === 0 ? (
        <p className="td-panel__empty">{t('logs.none')}</p>
      ) : (
        <InfiniteGrid<LogEntry>
          name="logs"
          testId="grid-logs"
          ariaLabel={t('logs.title')}
          columnDefs={columnDefs}
          datasource={datasource}
          rowId={rowId}
          rowClassRules={logRowClassRules}
          processRowPostCreate={attributes}
        />
      )}
    </section>
  );
}
