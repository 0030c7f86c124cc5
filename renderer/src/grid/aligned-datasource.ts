/** Infinite Row Model datasource over `queryAligned`: the engine's aligned rows, page by page. */
import type { IDatasource } from 'ag-grid-community';
import { getApi } from '../api/get-api';
import { errorMessage } from '../logic/error-message';

export function alignedDatasource(expandAll: boolean, onError: (message: string) => void): IDatasource {
  return {
    getRows(params) {
      getApi()
        .queryAligned({ offset: params.startRow, limit: params.endRow - params.startRow, expandAll })
        .then((res) => params.successCallback(res.rows, res.total))
        .catch((e: unknown) => {
          params.failCallback();
          onError(errorMessage(e));
        });
    },
  };
}
