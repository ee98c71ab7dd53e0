// The learner's VMs as core knows them (listHosts at start, then `hosts:changed`), the
// forms being edited, the last connection test per role, and the queue of host-key
// questions core asked (`hostkey:prompt`) that wait for the learner's answer.
import { create } from 'zustand';
import { type ApiClient, type ApiEvents, HOSTKEY_QUESTION_REPLACED, type HostSummary, type HostTestReport } from '../../../common/api';
import { errorMessage } from '../../app/errors';
import { formFromSummary, type HostFormErrors, type HostFormValues, profileFromForm } from './host-form';
import { type HostProblem, problemFromError, reportProblem } from './host-report';

export type HostKeyPrompt = ApiEvents['hostkey:prompt'];

export interface HostTest {
  phase: 'idle' | 'running' | 'done' | 'failed';
  /** Where the running test connects, for "Connecting to 10.77.0.10…". */
  target?: string;
  report?: HostTestReport;
  /** Why the connection did not get through (thrown error, or a failed reach/hostkey/auth step). */
  problem?: HostProblem | null;
}

export interface HostsState {
  status: 'loading' | 'ready' | 'failed';
  error: string | null;
  hosts: HostSummary[];
  /** Forms the learner edited and did not save yet; a role without a draft shows its saved values. */
  drafts: Record<string, HostFormValues>;
  saving: Record<string, boolean>;
  /** A failed save, in words, per role. */
  saveErrors: Record<string, string | null>;
  tests: Record<string, HostTest>;
  /** Host-key questions, oldest first; the dialog answers the first. */
  prompts: HostKeyPrompt[];
  /** Per role, the saved key the learner chose to forget ("Replace the saved key…"). */
  forgottenKeys: Record<string, string>;

  setLoading(): void;
  setHosts(hosts: HostSummary[]): void;
  setFailed(message: string): void;
  editDraft(role: string, patch: Partial<HostFormValues>): void;
  replaceDraft(role: string, values: HostFormValues): void;
  discardDraft(role: string): void;
  /**
   * Adds a question, replacing the role's earlier one. A "changed" warning about a key the
   * learner already forgot is dropped: it comes from a connection attempt that read the saved
   * key just before it was forgotten (a terminal reconnecting), and is answered already.
   */
  pushPrompt(prompt: HostKeyPrompt): void;
  /** Removes the prompt for `role` (answered, or superseded). */
  dropPrompt(role: string): void;
  /** Notes that the learner forgot this saved key of `role`. */
  keyForgotten(role: string, fingerprint: string): void;
}

export const useHostsStore = create<HostsState>()((set) => ({
  status: 'loading',
  error: null,
  hosts: [],
  drafts: {},
  saving: {},
  saveErrors: {},
  tests: {},
  prompts: [],
  forgottenKeys: {},

  setLoading: () => set({ status: 'loading', error: null }),
  setHosts: (hosts) => set({ status: 'ready', error: null, hosts }),
  setFailed: (message) => set({ status: 'failed', error: message }),
  editDraft: (role, patch) =>
    set((s) => {
      const base = s.drafts[role] ?? formFromSummary(s.hosts.find((h) => h.role === role));
      return { drafts: { ...s.drafts, [role]: { ...base, ...patch } } };
    }),
  replaceDraft: (role, values) => set((s) => ({ drafts: { ...s.drafts, [role]: values } })),
  discardDraft: (role) =>
    set((s) => {
      const drafts = { ...s.drafts };
      delete drafts[role];
      return { drafts };
    }),
  pushPrompt: (prompt) =>
    set((s) => {
      if (prompt.status === 'changed' && prompt.knownFingerprint !== undefined && s.forgottenKeys[prompt.role] === prompt.knownFingerprint) return s;
      return { prompts: [...s.prompts.filter((p) => p.role !== prompt.role), prompt] };
    }),
  dropPrompt: (role) => set((s) => ({ prompts: s.prompts.filter((p) => p.role !== role) })),
  keyForgotten: (role, fingerprint) => set((s) => ({ forgottenKeys: { ...s.forgottenKeys, [role]: fingerprint } })),
}));

export function summaryOf(role: string): HostSummary | undefined {
  return useHostsStore.getState().hosts.find((h) => h.role === role);
}

/** The values a role's form shows: the draft, else the saved profile, else defaults. */
export function formValuesOf(state: Pick<HostsState, 'drafts' | 'hosts'>, role: string): HostFormValues {
  return state.drafts[role] ?? formFromSummary(state.hosts.find((h) => h.role === role));
}

/** Loads the saved hosts; safe to call again to retry. Returns the hosts, or null when core could not say. */
export async function loadHosts(api: ApiClient, hadEvent: () => boolean = () => false): Promise<HostSummary[] | null> {
  useHostsStore.getState().setLoading();
  try {
    const hosts = await api.listHosts();
    // A `hosts:changed` that arrived while we waited is newer than this answer.
    if (hadEvent()) useHostsStore.setState({ status: 'ready', error: null });
    else useHostsStore.getState().setHosts(hosts);
    return hosts;
  } catch (err) {
    useHostsStore.getState().setFailed(errorMessage(err));
    return null;
  }
}

function setRole<K extends 'saving' | 'saveErrors' | 'tests'>(key: K, role: string, value: HostsState[K][string]): void {
  useHostsStore.setState((s) => ({ [key]: { ...s[key], [role]: value } }) as Partial<HostsState>);
}

export type SaveOutcome = { ok: true; summary: HostSummary } | { ok: false; fieldErrors?: HostFormErrors };

/**
 * Validates and saves a role's form. Field errors come back for the form to show; a
 * refusal by core lands in saveErrors[role].
 */
export function saveHostForm(api: ApiClient, role: string): Promise<SaveOutcome> {
  const pending = pendingSaves.get(role);
  if (pending) return pending;
  const promise = doSave(api, role).finally(() => pendingSaves.delete(role));
  pendingSaves.set(role, promise);
  return promise;
}

/** Saves in flight per role: a Test clicked right after Save waits for that save. */
const pendingSaves = new Map<string, Promise<SaveOutcome>>();

async function doSave(api: ApiClient, role: string): Promise<SaveOutcome> {
  const state = useHostsStore.getState();
  const values = formValuesOf(state, role);
  const saved = state.hosts.find((h) => h.role === role);
  const result = profileFromForm(role, values, Boolean(saved?.hasSecret && saved.auth === values.auth));
  if (!result.ok) return { ok: false, fieldErrors: result.errors };
  setRole('saving', role, true);
  setRole('saveErrors', role, null);
  try {
    const summary = await api.saveHost(result.profile);
    useHostsStore.setState((s) => {
      const drafts = { ...s.drafts };
      delete drafts[role];
      const others = s.hosts.filter((h) => h.role !== role);
      // The saved profile's old test says nothing about the new one.
      const tests = { ...s.tests };
      delete tests[role];
      return { drafts, tests, hosts: [...others, summary], status: s.status === 'loading' ? s.status : 'ready' };
    });
    return { ok: true, summary };
  } catch (err) {
    setRole(
      'saveErrors',
      role,
      `Could not save: ${errorMessage(err)}`,
    );
    return { ok: false };
  } finally {
    setRole('saving', role, false);
  }
}

/** Runs testHost(role) and keeps its report (or the reason it failed) for the card and the sidebar. */
export async function runHostTest(api: ApiClient, role: string): Promise<void> {
  const saved = summaryOf(role);
  const target = saved ? `${saved.address}${saved.port === 22 ? '' : `:${saved.port}`}` : role;
  setRole('saveErrors', role, null);
  setRole('tests', role, { phase: 'running', target });
  let failure: string;
  try {
    const report = await api.testHost(role);
    const now = summaryOf(role) ?? saved;
    setRole('tests', role, {
      phase: 'done',
      report,
      problem: reportProblem(report, now?.address ?? role, now?.port ?? 22),
    });
    failure = report.steps.map((st) => st.detail).join('\n');
  } catch (err) {
    failure = errorMessage(err);
    setRole('tests', role, { phase: 'failed', problem: problemFromError(failure, saved?.address ?? role, saved?.port ?? 22) });
  }
  // Another connection (a terminal reconnecting) asked a newer question: it is that one's.
  if (failure.includes(HOSTKEY_QUESTION_REPLACED)) return;
  // An unanswered first-connection question belonged to the test that just ended. A
  // changed-key warning stays: the learner still has to decide what to do about it.
  useHostsStore.setState((s) => ({ prompts: s.prompts.filter((p) => p.role !== role || p.status === 'changed') }));
}

/** Saves the form when it has unsaved changes (or was never saved), then tests the connection. */
export async function saveAndTest(api: ApiClient, role: string): Promise<SaveOutcome | null> {
  const pending = pendingSaves.get(role);
  if (pending && !(await pending).ok) return null;
  const state = useHostsStore.getState();
  if (state.drafts[role] || !summaryOf(role)) {
    const outcome = await saveHostForm(api, role);
    if (!outcome.ok) return outcome;
  }
  await runHostTest(api, role);
  return null;
}
