// The course's {{variables}} with their values (getVariables at start, again when the
// hosts or the settings' overrides change), for the chips and the blocks' Run.
import { create } from 'zustand';
import type { ApiClient } from '../../../common/api';
import type { ProgressView } from '../../../common/progress';
import type { VariableValue } from '../../../common/variables';
import { errorMessage } from '../../app/errors';
import { variableMap } from './block-variables';

export interface VariablesState {
  status: 'loading' | 'ready' | 'failed';
  /** By name; null until the first answer. */
  values: ReadonlyMap<string, VariableValue> | null;
  error: string | null;
}

export const useVariablesStore = create<VariablesState>()(() => ({
  status: 'loading',
  values: null,
  error: null,
}));

let generation = 0;

/** Asks core for every variable; a newer request's answer wins over an older one's. */
export async function loadVariables(api: ApiClient): Promise<void> {
  const mine = ++generation;
  try {
    const values = await api.getVariables();
    if (mine !== generation) return;
    useVariablesStore.setState({ status: 'ready', values: variableMap(values), error: null });
  } catch (err) {
    if (mine !== generation) return;
    // Keep the last values: a failed refresh does not make them wrong.
    useVariablesStore.setState((s) => ({ status: s.values ? 'ready' : 'failed', error: errorMessage(err) }));
  }
}

/**
 * A `progress:changed` handler that reloads the variables when the settings' overrides
 * changed: only they change values, other progress events leave them be.
 */
export function reloadOnOverrides(api: ApiClient): (progress: ProgressView) => void {
  let overrides: string | undefined;
  return (progress) => {
    const now = JSON.stringify(progress.settings.variableOverrides ?? {});
    if (now === overrides) return;
    overrides = now;
    void loadVariables(api);
  };
}
