/** Each trace alone, baseline left and problem right, each with its own order and scroll. */
import { TraceGrid } from './trace-grid';

export function SideBySideView() {
  return (
    <div className="td-side-by-side" data-testid="side-by-side">
      <TraceGrid side="baseline" />
      <TraceGrid side="problem" />
    </div>
  );
}
