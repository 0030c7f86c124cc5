/** The host's insights for the loaded comparison (environment delta first), fetched once per change. */
import { useEffect, useState } from 'react';
import type { InsightResult } from '../../../../shared/model/insight';
import { getApi } from '../../api/get-api';
import { errorMessage } from '../../logic/error-message';
import { useWorkbench } from '../../state/workbench-store';

export interface InsightsState {
  insights: InsightResult | null;
  loading: boolean;
  error: string | null;
}

export function useInsights(): InsightsState {
  const dataVersion = useWorkbench((s) => s.dataVersion);
  const hasCompare = useWorkbench((s) => !!s.host?.compare);
  const [state, setState] = useState<{
    version: number;
    insights: InsightResult | null;
    error: string | null;
  }>({ version: -1, insights: null, error: null });
  useEffect(() => {
    if (!hasCompare) return;
    let live = true;
    getApi()
      .getInsights({})
      .then((res) => live && setState({ version: dataVersion, insights: res.insights, error: null }))
      .catch(
        (e: unknown) => live && setState({ version: dataVersion, insights: null, error: errorMessage(e) }),
      );
    return () => {
      live = false;
    };
  }, [dataVersion, hasCompare]);
  if (!hasCompare) return { insights: null, loading: false, error: null };
  // A result for an older comparison is not shown: loading until the current one arrives.
  if (state.version !== dataVersion) return { insights: null, loading: true, error: null };
  return { insights: state.insights, loading: false, error: state.error };
}
