/**
 * Where the files of the last drop or Open went (sides, logs, skipped), as the host decided it.
 * Shown when it is not obvious: a zip bundle, or several files sorted by content and name.
 */
import { create } from 'zustand';
import type { InputPlacement } from '../../../shared/contract';

interface PlacementStore {
  placements: InputPlacement[] | null;
  show(placements: readonly InputPlacement[] | undefined): void;
  dismiss(): void;
}

/** Worth a notice: something came out of a bundle, or more than one file was placed. */
export function worthShowing(placements: readonly InputPlacement[]): boolean {
  if (placements.some((p) => p.bundle !== undefined)) return true;
  return placements.filter((p) => p.placed !== 'skipped').length > 1;
}

export const usePlacements = create<PlacementStore>()((set) => ({
  placements: null,
  show: (placements) => set({ placements: placements && worthShowing(placements) ? [...placements] : null }),
  dismiss: () => set({ placements: null }),
}));
