/** Infinite Row Model datasource over `queryLogs`: every loaded log, in time order, filtered in the host. */
import type { IDatasource } from 'ag-grid-community';
import type { LogClockInfo } from '../../../shared/contract';
import type { LogLevel } from '../../../shared/model/log';
import { getApi } from '../api/get-api';
import { errorMessage } from '../logic/error-message';

export interface LogFilter {
  logIds: string[];
  levels: LogLevel[];
  text: string;
}

export function logDatasource(
  filter: LogFilter,
  onError: (message: string) => void,
  onClock?: (clock: LogClockInfo | undefined) => void,
): IDatasource {
  return {
    getRows(params) {
      getApi()
        .queryLogs({
          offset: params.startRow,
          limit: params.endRow - params.startRow,
          logIds: filter.logIds.length ? filter.logIds : undefined,
          levels: filter.levels.length ? filter.levels : undefined,
          text: filter.text.trim() || undefined,
        })
        .then((res) => {
          onClock?.(res.clock);
          params.successCallback(res.entries, res.total);
        })
        .catch((e: unknown) => {
          params.failCallback();
          onError(errorMessage(e));
        });
    },
  };
}
