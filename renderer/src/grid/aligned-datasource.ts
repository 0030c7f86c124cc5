/** Infinite Row Model datasource over `queryAligned`: the engine's aligned rows, page by page. */
import type { IDatasource } from 'ag-grid-community';
import { getApi } from '../api/get-api';
import type { FilterRule } from '../../../shared/model/trace';
import { errorMessage } from '../logic/error-message';
import { rulesFromFilterModel } from '../views/filters/column-filters';

export function alignedDatasource(
  expandAll: boolean,
  onError: (message: string) => void,
  filters: FilterRule[] = [],
): IDatasource {
  return {
    getRows(params) {
      const all = [...filters, ...rulesFromFilterModel(params.filterModel)];
      getApi()
        .queryAligned({
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          expandAll,
          filters: all.length > 0 ? all : undefined,
        })
        .then((res) => params.successCallback(res.rows, res.total))
        .catch((e: unknown) => {
          params.failCallback();
          onError(errorMessage(e));
        });
    },
  };
}
