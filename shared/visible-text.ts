/**
 * Trace paths, details, command lines and log lines come from machines we do not control. The
 * renderer already shows them as text (React text nodes and ag-grid value formatters, never HTML),
 * but some characters still mislead when shown as they are: a right-to-left override (U+202E) makes
 * `invoice<RLO>gpj.exe` read as `invoiceexe.jpg`, and C0/C1 controls render as nothing or as
 * font-dependent boxes. For display they become `[U+XXXX]`, as the report HTML shows them
 * (electron/engine/report/html-escape.ts), and lone surrogates become U+FFFD. Tab, LF and CR are
 * left alone: they are ordinary in details and notes. Display only: copying, filters and searches
 * keep the raw text, so a filter made from a cell still matches it.
 */

// C0 controls except tab/LF/CR, DEL and C1 controls, and the bidi embedding/override/isolate marks.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point here
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// A cheap test first: nearly every string is clean, and grids format thousands of cells.
const ANY =
  // eslint-disable-next-line no-control-regex -- see INVISIBLE
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\uD800-\uDFFF]/;

const label = (ch: string): string => `[U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`;

/** The text with hidden and direction-changing characters made visible, for display. */
export function visibleText(text: string): string {
  if (!ANY.test(text)) return text;
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(INVISIBLE, label);
}
