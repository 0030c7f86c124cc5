/** One measured figure. Ratios are measured side by side in one run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  digits?: number;
  /** The target as text, e.g. "<= 1.3". */
  target?: string;
}
