/**
 * Escaping for every piece of trace, log and user text that goes into report HTML. Trace paths, log
 * lines and notes come from machines we do not control, so besides the five HTML-special characters
 * this also makes invisible tricks visible: bidirectional overrides (a path can be made to read
 * backwards, e.g. U+202E) and control characters are shown as `[U+XXXX]`, and lone surrogates
 * become U+FFFD.
 */
import { visibleText } from '../../../shared/visible-text';

const HTML_SPECIAL: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Makes hidden characters visible, as plain text (the same rule the renderer shows cells by). */
export function revealInvisible(text: string): string {
  return visibleText(text);
}

/** Escapes plain text for element content and quoted attribute values. */
export function escapeHtml(text: string | number): string {
  return revealInvisible(String(text)).replace(/[&<>"']/g, (c) => HTML_SPECIAL[c]);
}

/** Escaped text whose line breaks become <br> (notes, conclusions). */
export function escapeMultiline(text: string): string {
  return escapeHtml(text.replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>');
}

/** A tagged template that escapes every interpolated value unless it is already `SafeHtml`. */
export class SafeHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.html;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(v as string | number);
}

export function markup(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Marks text as already-safe markup (only for markup this module's callers built themselves). */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
