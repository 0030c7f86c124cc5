/**
 * Infinite Row Model datasource over `queryEvents`: the grid asks for blocks as the user scrolls, the
 * host sorts and pages, the page holds only the blocks in the grid's cache.
 */
import type { IDatasource } from 'ag-grid-community';
import type { FilterRule, Side, TraceEventRow } from '../../../shared/model/trace';
import { getApi } from '../api/get-api';
import { errorMessage } from '../logic/error-message';
import { toSortSpec } from '../logic/sort-map';
import { rulesFromFilterModel } from '../views/filters/column-filters';

export function traceDatasource(
  side: Side,
  onError: (message: string) => void,
  filters: FilterRule[] = [],
): IDatasource {
  return {
    getRows(params) {
      const sort = toSortSpec(params.sortModel);
      const all = [...filters, ...rulesFromFilterModel(params.filterModel)];
      getApi()
        .queryEvents({
          side,
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          sort,
          filters: all.length > 0 ? all : undefined,
        })
        .then((res) => params.successCallback(res.rows satisfies TraceEventRow[], res.total))
        .catch((e: unknown) => {
          params.failCallback();
          onError(errorMessage(e));
        });
    },
  };
}
