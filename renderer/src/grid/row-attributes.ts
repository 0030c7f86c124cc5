/**
 * ag-grid has no option for data attributes on row elements; tests and styles key on
 * `data-result-class` / `data-kind`, so they are set here when a row is created and again whenever
 * its data arrives (Infinite Row Model rows start empty and fill in when their block loads).
 */
import type { ProcessRowPostCreate } from 'ag-grid-community';

export function rowAttributes<T>(attributesOf: (data: T) => Record<string, string>): ProcessRowPostCreate<T> {
  return ({ eRow, node, addRenderedRowListener }) => {
    let applied: string[] = [];
    const apply = (): void => {
      for (const name of applied) eRow.removeAttribute(name);
      applied = [];
      if (!node.data) return;
      for (const [name, value] of Object.entries(attributesOf(node.data))) {
        eRow.setAttribute(name, value);
        applied.push(name);
      }
    };
    apply();
    node.addEventListener('dataChanged', apply);
    addRenderedRowListener('virtualRowRemoved', () => node.removeEventListener('dataChanged', apply));
  };
}
