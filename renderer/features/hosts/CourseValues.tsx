// The course's own values ({{certDir}}, the cluster's address ranges…), for a learner whose
// network collides with a default. Collapsed by default: most learners never need it.
// Saved as settings.variableOverrides; a value with a shell character is refused here and
// again in core before any block runs.
import { useId, useMemo, useState } from 'react';
import { useApi } from '../../app/api-context';
import { errorMessage } from '../../app/errors';
import { useCourseStore } from '../lessons/course-store';
import { applyProgress, useProgressStore } from '../lessons/progress-store';
import { courseValueEdit } from './course-values';

const NO_VALUES: Record<string, string> = {};

export function CourseValues() {
  const api = useApi();
  const uid = useId();
  const course = useCourseStore((s) => s.course);
  const defaults = useMemo(
    () => Object.fromEntries(Object.entries(course?.variables ?? NO_VALUES).filter(([name]) => course?.adjustable?.includes(name))),
    [course],
  );
  const saved = useProgressStore((s) => s.progress?.settings.variableOverrides) ?? NO_VALUES;
  const [edited, setEdited] = useState<Record<string, string>>({});
  const [state, setState] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'failed'; message: string }>({ kind: 'idle' });
  const names = Object.keys(defaults);
  if (names.length === 0) return null;

  const current = (name: string) => edited[name] ?? saved[name] ?? defaults[name] ?? '';
  const values = Object.fromEntries(names.map((n) => [n, current(n)]));
  const { overrides, problems } = courseValueEdit(defaults, values);
  const savedHere = Object.fromEntries(Object.entries(saved).filter(([n]) => n in defaults));
  const dirty = !sameValues(overrides, savedHere);
  const saving = state.kind === 'saving';
  const changedCount = Object.keys(saved).filter((n) => n in defaults).length;

  const save = (event: React.FormEvent) => {
    event.preventDefault();
    if (Object.keys(problems).length > 0) return;
    setState({ kind: 'saving' });
    // Overrides of names this course does not have (another course's) are kept as they are.
    const others = Object.fromEntries(Object.entries(saved).filter(([n]) => !(n in defaults)));
    api.updateSettings({ variableOverrides: { ...others, ...overrides } }).then(
      (view) => {
        applyProgress(view);
        setEdited({});
        setState({ kind: 'saved' });
      },
      (err: unknown) => setState({ kind: 'failed', message: errorMessage(err) }),
    );
  };

  return (
    <details className="course-values" data-testid="course-values">
      <summary className="course-values__summary">
        Course values <span className="course-values__count">{changedCount === 0 ? 'all defaults' : `${changedCount} changed`}</span>
      </summary>
      <p className="course-values__intro">
        The lessons fill these into their commands and checks. Change one before the lessons that use it: certificates and files written
        earlier keep the old value. (The cluster&apos;s address ranges are fixed: the lessons also use addresses derived from them.)
      </p>
      <form className="host-form" noValidate onSubmit={save}>
        {/* Disabled while saving: an edit made meanwhile would be dropped by the answer. */}
        <fieldset className="course-values__fields" disabled={saving}>
        <div className="host-form__grid">
          {names.map((name) => {
            const error = problems[name];
            const inputId = `${uid}-${name}`;
            const isDefault = current(name).trim() === defaults[name] || current(name).trim() === '';
            return (
              <div key={name} className="host-field">
                <label htmlFor={inputId} className="host-field__label">
                  <code>{`{{${name}}}`}</code>
                </label>
                <input
                  id={inputId}
                  className="host-input"
                  data-testid={`course-value-${name}`}
                  type="text"
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={defaults[name]}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ''}`}
                  value={current(name)}
                  onChange={(e) => {
                    setEdited((s) => ({ ...s, [name]: e.target.value }));
                    setState({ kind: 'idle' });
                  }}
                />
                <p id={`${inputId}-hint`} className="host-field__hint">
                  {isDefault ? 'The course default.' : (
                    <>
                      Default: <code>{defaults[name]}</code>{' '}
                      <button
                        type="button"
                        className="link-button"
                        aria-label={`Use the default for ${name}`}
                        onClick={() => {
                          setEdited((s) => ({ ...s, [name]: defaults[name] ?? '' }));
                          document.getElementById(inputId)?.focus();
                        }}
                      >
                        use it
                      </button>
                    </>
                  )}
                </p>
                {error && (
                  <p id={`${inputId}-error`} className="host-field__error" data-testid={`course-value-error-${name}`}>
                    {error}
                  </p>
                )}
              </div>
            );
          })}
        </div>
        </fieldset>
        <div className="host-form__actions">
          <button type="submit" className="button button--primary" data-testid="course-values-save" disabled={!dirty || Object.keys(problems).length > 0 || saving}>
            Save values
          </button>
          <span className="host-form__state" role="status">
            {state.kind === 'saving' ? 'Saving…' : state.kind === 'saved' ? 'Saved. Commands show the new values.' : state.kind === 'failed' ? `Could not save: ${state.message}` : ''}
          </span>
        </div>
      </form>
    </details>
  );
}

function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
