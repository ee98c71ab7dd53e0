// Messages for the learner: core's `notice` events and calls that failed.
import { create } from 'zustand';
import type { ApiEvents } from '../../common/api';
import { errorMessage } from './errors';

export type NoticeLevel = ApiEvents['notice']['level'];

export interface Notice {
  id: number;
  level: NoticeLevel;
  message: string;
  /** How many times the same message arrived while shown. */
  count: number;
  /** The lesson it is about (a live check's regression): the notice offers a way there. */
  lessonId?: string;
}

export interface NoticesState {
  notices: Notice[];
  push(level: NoticeLevel, message: string, lessonId?: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useNoticesStore = create<NoticesState>()((set) => ({
  notices: [],
  push: (level, message, lessonId) =>
    set((s) => {
      const same = s.notices.find((n) => n.level === level && n.message === message);
      if (same) return { notices: s.notices.map((n) => (n === same ? { ...n, count: n.count + 1 } : n)) };
      return { notices: [...s.notices, { id: nextId++, level, message, count: 1, ...(lessonId ? { lessonId } : {}) }] };
    }),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
}));

/** Shows a failed call as an error notice: "<what failed>: <why>". */
export function reportFailure(what: string, err: unknown): void {
  useNoticesStore.getState().push('error', `${what}: ${errorMessage(err)}`);
}
