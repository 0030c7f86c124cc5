/**
 * The one way this window shows rows: an ag-grid on the Infinite Row Model (rows come from the host
 * block by block), our theme, Procmon density, multi-row selection, and registration so commands can
 * scroll and select in it.
 */
import { useCallback, useMemo } from 'react';
import { AgGridReact } from 'ag-grid-react';
import type {
  CellFocusedEvent,
  ColDef,
  ColGroupDef,
  ColumnResizedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IDatasource,
  IRowNode,
  ProcessRowPostCreate,
  RowClassRules,
  SelectionChangedEvent,
} from 'ag-grid-community';
import { useTranslation } from 'react-i18next';
import { visibleText } from '../../../shared/visible-text';
import { gridTheme } from '../grid/grid-theme';
import { registerGrid, unregisterGrid, type GridName } from '../grid/grid-registry';
import { lastInputWasKeyboard } from '../hooks/input-modality';

export interface InfiniteGridProps<T> {
  name: GridName;
  testId: string;
  columnDefs: (ColDef<T> | ColGroupDef<T>)[];
  datasource: IDatasource;
  rowId: (data: T) => string;
  rowClassRules?: RowClassRules<T>;
  processRowPostCreate?: ProcessRowPostCreate<T>;
  /** Called with the row the user selected last (click or keyboard). */
  onActivate?: (data: T, node: IRowNode<T>) => void;
  onRowClicked?: (data: T) => void;
  /** A header filter changed; gets the grid's filter model. */
  onFilterChanged?: (model: unknown) => void;
  /** The user finished dragging (or auto-sizing) columns: their new widths by column id. */
  onColumnsResized?: (widths: Record<string, number>) => void;
  sortable?: boolean;
  ariaLabel: string;
}

/**
 * Tooltips show trace text too: the same [U+XXXX] labels as the cells, so a tooltip cannot be made
 * to read backwards either. `tooltipField` becomes a getter so there is one place that formats.
 */
function visibleTooltips<T>(defs: (ColDef<T> | ColGroupDef<T>)[]): (ColDef<T> | ColGroupDef<T>)[] {
  return defs.map((d) => {
    if ('children' in d) return { ...d, children: visibleTooltips(d.children) };
    const { tooltipField, tooltipValueGetter } = d;
    if (!tooltipField && !tooltipValueGetter) return d;
    return {
      ...d,
      tooltipField: undefined,
      tooltipValueGetter: (p) => {
        const v: unknown = tooltipValueGetter
          ? tooltipValueGetter(p)
          : (p.data as Record<string, unknown> | undefined)?.[tooltipField as string];
        return typeof v === 'string' ? visibleText(v) : v;
      },
    };
  });
}

const SELECTION = {
  mode: 'multiRow',
  checkboxes: false,
  headerCheckbox: false,
  enableClickSelection: true,
} as const;

export function InfiniteGrid<T>(props: InfiniteGridProps<T>) {
  const { t, i18n } = useTranslation();
  const { name, onActivate, rowId, onRowClicked } = props;

  const defaultColDef = useMemo<ColDef<T>>(
    () => ({
      sortable: props.sortable ?? false,
      resizable: true,
      suppressHeaderMenuButton: true,
      minWidth: 28,
      // Cell text from a capture or log: bidi overrides and controls shown as [U+XXXX] (display only).
      valueFormatter: (p) => (typeof p.value === 'string' ? visibleText(p.value) : String(p.value ?? '')),
    }),
    [props.sortable],
  );
  const columnDefs = useMemo(() => visibleTooltips(props.columnDefs), [props.columnDefs]);
  const localeText = useMemo(
    () => ({ loadingOoo: t('grid.loading'), noRowsToShow: t('grid.noRows') }),
    // The grid reads localeText once; the component is re-keyed on language change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [i18n.language],
  );

  const onGridReady = useCallback((e: GridReadyEvent<T>) => registerGrid(name, e.api as GridApi), [name]);
  const onGridPreDestroyed = useCallback(
    (e: { api: GridApi<T> }) => unregisterGrid(name, e.api as GridApi),
    [name],
  );
  const getRowId = useCallback((p: GetRowIdParams<T>) => rowId(p.data), [rowId]);

  const onSelectionChanged = useCallback(
    (e: SelectionChangedEvent<T>) => {
      if (!onActivate) return;
      const nodes = e.api.getSelectedNodes();
      if (nodes.length === 0) return;
      const focused = e.api.getFocusedCell();
      const node = nodes.find((n) => n.rowIndex === focused?.rowIndex) ?? nodes[nodes.length - 1];
      if (node.data) onActivate(node.data, node);
    },
    [onActivate],
  );

  // Arrow keys move the focused cell; the selection (and the detail pane) follows, as in Procmon.
  const onCellFocused = useCallback((e: CellFocusedEvent<T>) => {
    if (!lastInputWasKeyboard() || e.rowIndex === null || e.rowIndex === undefined || e.rowPinned) return;
    const node = e.api.getDisplayedRowAtIndex(e.rowIndex);
    if (node?.data && !node.isSelected()) node.setSelected(true, true);
  }, []);

  const { onColumnsResized } = props;
  const onColumnResized = useCallback(
    (e: ColumnResizedEvent<T>) => {
      // Only what the user did: widths set by flex or by new column definitions are not choices.
      if (!onColumnsResized || !e.finished) return;
      if (e.source !== 'uiColumnResized' && e.source !== 'autosizeColumns') return;
      const widths: Record<string, number> = {};
      for (const c of e.columns ?? []) widths[c.getColId()] = Math.round(c.getActualWidth());
      if (Object.keys(widths).length > 0) onColumnsResized(widths);
    },
    [onColumnsResized],
  );

  return (
    <div className="td-grid" data-testid={props.testId} role="region" aria-label={props.ariaLabel}>
      <AgGridReact<T>
        key={i18n.language}
        theme={gridTheme}
        rowModelType="infinite"
        datasource={props.datasource}
        columnDefs={columnDefs}
        defaultColDef={defaultColDef}
        getRowId={getRowId}
        cacheBlockSize={200}
        maxBlocksInCache={40}
        blockLoadDebounceMillis={40}
        infiniteInitialRowCount={1}
        rowBuffer={20}
        rowSelection={SELECTION}
        suppressMultiSort
        rowClassRules={props.rowClassRules}
        processRowPostCreate={props.processRowPostCreate}
        tooltipShowDelay={500}
        tooltipHideDelay={20000}
        enableBrowserTooltips={false}
        localeText={localeText}
        onGridReady={onGridReady}
        onGridPreDestroyed={onGridPreDestroyed}
        onSelectionChanged={onSelectionChanged}
        onCellFocused={onCellFocused}
        onColumnResized={onColumnResized}
        onRowClicked={onRowClicked ? (e) => e.data && onRowClicked(e.data) : undefined}
        onFilterChanged={
          props.onFilterChanged ? (e) => props.onFilterChanged?.(e.api.getFilterModel()) : undefined
        }
      />
    </div>
  );
}
