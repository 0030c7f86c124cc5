/**
 * One ag-grid theme for every grid, built with the Theming API on top of Quartz. Colours come from
 * our CSS variables (styles/theme.css), so switching `:root[data-theme]` restyles the grids without
 * rebuilding the theme; the density follows Process Monitor (small type, 22 px rows).
 */
import { themeQuartz } from 'ag-grid-community';

export const gridTheme = themeQuartz.withParams({
  fontFamily: 'var(--font-ui)',
  fontSize: 12,
  dataFontSize: 12,
  headerFontSize: 12,
  headerFontWeight: 600,
  rowHeight: 22,
  headerHeight: 26,
  spacing: 4,
  cellHorizontalPadding: 6,
  wrapperBorderRadius: 0,
  borderRadius: 2,
  backgroundColor: 'var(--grid-bg)',
  foregroundColor: 'var(--fg)',
  textColor: 'var(--fg)',
  borderColor: 'var(--border)',
  headerBackgroundColor: 'var(--chrome-bg)',
  headerTextColor: 'var(--fg-muted)',
  oddRowBackgroundColor: 'var(--grid-odd-bg)',
  rowHoverColor: 'var(--row-hover)',
  selectedRowBackgroundColor: 'var(--row-selected)',
  accentColor: 'var(--accent)',
  rangeSelectionBorderColor: 'var(--accent)',
  columnBorder: { color: 'var(--grid-col-border)' },
  rowBorder: false,
  wrapperBorder: false,
  browserColorScheme: 'inherit',
  tooltipBackgroundColor: 'var(--panel-bg)',
  tooltipTextColor: 'var(--fg)',
  tooltipBorder: { color: 'var(--border)' },
});
