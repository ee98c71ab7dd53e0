// Renderer-only state: which lesson is shown, which screen fills the main column (the
// lesson, Hosts or the cluster map), the first-run guide and where the terminal pane sits.
// Kept for the session only.
import { create } from 'zustand';

export type MainView = 'lesson' | 'hosts' | 'cluster-map' | 'drill';
/** 'unknown' until listHosts answers; 'show' when it found no VM; 'dismissed' after "Later" or finishing. */
export type FirstRunState = 'unknown' | 'show' | 'dismissed';
export type TerminalPlacement = 'bottom' | 'right' | 'hidden';

export const TERMINAL_SIZE = {
  bottom: { min: 140, initial: 300 },
  right: { min: 280, initial: 520 },
} as const;

export interface UiState {
  selectedLessonId: string | null;
  /** The troubleshooting drill shown when `view` is 'drill'. */
  selectedDrillId: string | null;
  /** Bumped when the lesson view should take keyboard focus (e.g. after Next or a shortcut). */
  focusRequest: number;
  view: MainView;
  /** Bumped when the hosts screen should take keyboard focus (opened from the sidebar). */
  hostsFocusRequest: number;
  /** Bumped when the cluster map should take keyboard focus. */
  clusterFocusRequest: number;
  firstRun: FirstRunState;
  terminalPlacement: TerminalPlacement;
  /** The terminal pane's height (bottom) or width (right), in CSS pixels. */
  terminalSize: { bottom: number; right: number };
  /**
   * Opens a lesson. The learner's own choice (not `initial`, the start-up pick) also
   * leaves the hosts screen and counts as "later" for the first-run guide. The cluster
   * map gives way to any other lesson, the start-up pick included, and to a focus request.
   */
  selectLesson(id: string, options?: { focusContent?: boolean; initial?: boolean }): void;
  openHosts(): void;
  /** Back to the lesson (from Hosts), focusing it. */
  showLesson(): void;
  openClusterMap(): void;
  /** Shows a troubleshooting drill (the lesson stays selected for when the learner goes back). */
  openDrill(id: string): void;
  /** Back to the lesson from the cluster map, without moving focus; nothing else changes. */
  closeClusterMap(): void;
  showFirstRun(): void;
  dismissFirstRun(): void;
  setTerminalPlacement(placement: TerminalPlacement): void;
  setTerminalSize(placement: 'bottom' | 'right', size: number): void;
}

export const useUiStore = create<UiState>()((set) => ({
  selectedLessonId: null,
  selectedDrillId: null,
  focusRequest: 0,
  view: 'lesson',
  hostsFocusRequest: 0,
  clusterFocusRequest: 0,
  firstRun: 'unknown',
  terminalPlacement: 'bottom',
  terminalSize: { bottom: TERMINAL_SIZE.bottom.initial, right: TERMINAL_SIZE.right.initial },
  selectLesson: (id, options) =>
    set((s) => {
      const leavesMap = s.view === 'cluster-map' && (id !== s.selectedLessonId || options?.focusContent === true);
      return {
        selectedLessonId: id,
        focusRequest: options?.focusContent ? s.focusRequest + 1 : s.focusRequest,
        ...(options?.initial ? {} : { firstRun: 'dismissed' as const }),
        ...(!options?.initial || leavesMap ? { view: 'lesson' as const } : {}),
      };
    }),
  openHosts: () => set((s) => ({ view: 'hosts', hostsFocusRequest: s.hostsFocusRequest + 1 })),
  showLesson: () => set((s) => ({ view: 'lesson', focusRequest: s.focusRequest + 1 })),
  openClusterMap: () => set((s) => ({ view: 'cluster-map', clusterFocusRequest: s.clusterFocusRequest + 1 })),
  openDrill: (id) => set((s) => ({ view: 'drill', selectedDrillId: id, focusRequest: s.focusRequest + 1, firstRun: 'dismissed' })),
  closeClusterMap: () => set((s) => (s.view === 'cluster-map' ? { view: 'lesson' } : s)),
  showFirstRun: () => set((s) => (s.firstRun === 'unknown' ? { firstRun: 'show' } : s)),
  dismissFirstRun: () => set({ firstRun: 'dismissed' }),
  setTerminalPlacement: (terminalPlacement) => set({ terminalPlacement }),
  setTerminalSize: (placement, size) =>
    set((s) => ({ terminalSize: { ...s.terminalSize, [placement]: Math.max(TERMINAL_SIZE[placement].min, Math.round(size)) } })),
}));
