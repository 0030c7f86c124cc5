/**
 * Preferences that survive a restart: theme, language, view mode and pane sizes (localStorage).
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { TimeColumns } from '../grid/aligned-layout';
import { isLanguage, pickLanguage, type Language } from '../i18n/pick-language';

export type Theme = 'light' | 'dark';
export type ViewMode = 'aligned' | 'side-by-side';

export interface PaneSizes {
  /** Width of the findings / failures sidebar, px. */
  sidebar: number;
  /** Height of the bottom (detail + logs) area, px. */
  bottom: number;
  /** Share of the bottom area given to the detail pane, 0..1. */
  detailShare: number;
  /** Share of the sidebar given to the findings list, 0..1. */
  findingsShare: number;
}

export const DEFAULT_PANES: PaneSizes = { sidebar: 300, bottom: 260, detailShare: 0.42, findingsShare: 0.62 };

/**
 * On a first run in a smaller window the sidebar and the bottom area start smaller, leaving the
 * aligned grid its columns and more than a handful of rows.
 */
function initialPanes(): PaneSizes {
  const width = typeof window === 'undefined' ? 1600 : window.innerWidth;
  const height = typeof window === 'undefined' ? 1000 : window.innerHeight;
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)));
  return {
    ...DEFAULT_PANES,
    sidebar: clamp(width * 0.2, 240, DEFAULT_PANES.sidebar),
    bottom: clamp(height * 0.3, 180, DEFAULT_PANES.bottom),
  };
}

interface PrefsState {
  theme: Theme;
  language: Language;
  viewMode: ViewMode;
  panes: PaneSizes;
  /** Column widths the user dragged in the aligned view, by column id. */
  alignedWidths: Record<string, number>;
  alignedTime: TimeColumns;
  setTheme(theme: Theme): void;
  setLanguage(language: Language): void;
  setViewMode(mode: ViewMode): void;
  setPane<K extends keyof PaneSizes>(key: K, value: PaneSizes[K]): void;
  setAlignedWidths(widths: Record<string, number>): void;
  resetAlignedWidths(): void;
  setAlignedTime(time: TimeColumns): void;
}

function initialTheme(): Theme {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches
    ? 'dark'
    : 'light';
}

function initialLanguage(): Language {
  return typeof navigator === 'undefined' ? 'en' : pickLanguage(navigator.languages ?? [navigator.language]);
}

export const usePrefs = create<PrefsState>()(
  persist(
    (set) => ({
      theme: initialTheme(),
      language: initialLanguage(),
      viewMode: 'aligned',
      panes: initialPanes(),
      alignedWidths: {},
      alignedTime: 'auto',
      setTheme: (theme) => set({ theme }),
      setLanguage: (language) => set({ language }),
      setViewMode: (viewMode) => set({ viewMode }),
      setPane: (key, value) => set((s) => ({ panes: { ...s.panes, [key]: value } })),
      setAlignedWidths: (widths) => set((s) => ({ alignedWidths: { ...s.alignedWidths, ...widths } })),
      resetAlignedWidths: () => set({ alignedWidths: {} }),
      setAlignedTime: (alignedTime) => set({ alignedTime }),
    }),
    {
      name: 'tracediff.prefs',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      // Stored values from an older build may lack newer pane keys or name a language we dropped.
      merge: (persisted, current) => {
        const p = (persisted ?? {}) as Partial<PrefsState>;
        const merged: PrefsState = {
          ...current,
          ...p,
          panes: { ...current.panes, ...(p.panes ?? {}) },
        };
        if (!isLanguage(merged.language)) merged.language = current.language;
        if (!['auto', 'show', 'hide'].includes(merged.alignedTime)) merged.alignedTime = current.alignedTime;
        const widths = Object.entries(merged.alignedWidths ?? {});
        merged.alignedWidths = Object.fromEntries(
          widths.filter(([, w]) => typeof w === 'number' && Number.isFinite(w) && w > 0),
        );
        return merged;
      },
      partialize: (s) => ({
        theme: s.theme,
        language: s.language,
        viewMode: s.viewMode,
        panes: s.panes,
        alignedWidths: s.alignedWidths,
        alignedTime: s.alignedTime,
      }),
    },
  ),
);
