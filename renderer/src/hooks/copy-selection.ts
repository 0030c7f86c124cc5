/** Ctrl+C / Ctrl+Shift+C: the selected rows of the grid in focus, as TSV or CSV on the clipboard. */
import type { TFunction } from 'i18next';
import type { AlignedRow } from '../../../shared/contract';
import type { LogEntry } from '../../../shared/model/log';
import type { TraceEventRow } from '../../../shared/model/trace';
import { alignedRowCells } from '../grid/aligned-columns';
import { getGrid, type GridName } from '../grid/grid-registry';
import { traceRowCells } from '../grid/trace-columns';
import { rowsToText } from '../logic/copy-rows';

const GRID_BY_TESTID: Record<string, GridName> = {
  'grid-baseline': 'baseline',
  'grid-problem': 'problem',
  'grid-aligned': 'aligned',
  'grid-logs': 'logs',
};

/** The grid that holds the keyboard focus, if any. */
export function focusedGrid(): GridName | null {
  const el = document.activeElement?.closest('[data-testid^="grid-"]');
  const id = el?.getAttribute('data-testid');
  return id ? (GRID_BY_TESTID[id] ?? null) : null;
}

function table(name: GridName, t: TFunction, rows: unknown[]): { header: string[]; cells: string[][] } {
  const trace = [
    t('columns.sequence'),
    t('columns.time'),
    t('columns.process'),
    t('columns.pid'),
    t('columns.operation'),
    t('columns.path'),
    t('columns.result'),
    t('columns.detail'),
  ];
  if (name === 'aligned') {
    const side = (s: string) =>
      [
        t('columns.sequence'),
        t('columns.time'),
        t('columns.process'),
        t('columns.operation'),
        t('columns.path'),
        t('columns.result'),
      ].map((c) => `${s} ${c}`);
    return {
      header: [
        t('aligned.kindColumn'),
        ...side(t('sides.baseline')),
        ...side(t('sides.problem')),
        t('aligned.count'),
      ],
      cells: (rows as AlignedRow[]).map(alignedRowCells),
    };
  }
  if (name === 'logs') {
    return {
      header: [
        t('logs.source'),
        t('logs.line'),
        t('columns.time'),
        t('logs.level'),
        t('logs.component'),
        t('logs.message'),
        t('logs.codes'),
      ],
      cells: (rows as LogEntry[]).map((e) => [
        e.source,
        String(e.line),
        e.time,
        e.level,
        e.component,
        e.message,
        e.codes.join(' '),
      ]),
    };
  }
  return { header: trace, cells: (rows as TraceEventRow[]).map(traceRowCells) };
}

async function writeClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Clipboard API refused (no user activation or permission): fall back to a hidden text area.
    const area = document.createElement('textarea');
    area.value = text;
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    document.execCommand('copy');
    area.remove();
  }
}

/** Copies; returns how many rows were copied (0 when the grid has no selection). */
export async function copySelectedRows(name: GridName, format: 'tsv' | 'csv', t: TFunction): Promise<number> {
  const api = getGrid(name);
  if (!api) return 0;
  const nodes = api
    .getSelectedNodes()
    .filter((n) => n.data)
    .sort((a, b) => (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
  if (nodes.length === 0) return 0;
  const { header, cells } = table(
    name,
    t,
    nodes.map((n) => n.data as unknown),
  );
  await writeClipboard(rowsToText(header, cells, format));
  return nodes.length;
}
