// Why a block (or a whole lesson) cannot run yet: the variables without a usable value,
// grouped by problem, with a way to where they are fixed.
import { Fragment } from 'react';
import type { VariableValue } from '../../../common/variables';
import { useUiStore } from '../../app/ui-store';
import { WarningIcon } from '../../ui/icons';
import { groupMissing } from './block-variables';

export function BlockMissing({ missing, testId = 'block-missing', className = '' }: { missing: readonly VariableValue[]; testId?: string; className?: string }) {
  const openHosts = useUiStore((s) => s.openHosts);
  if (missing.length === 0) return null;
  return (
    <div className={`block-missing ${className}`} data-testid={testId} data-variables={missing.map((m) => m.name).join(' ')}>
      <WarningIcon />
      <div className="block-missing__lines">
        {groupMissing(missing).map((g) => (
          <p key={`${g.problem} ${g.fix}`}>
            Needs{' '}
            {g.names.map((name, i) => (
              <Fragment key={name}>
                {i > 0 && (i === g.names.length - 1 ? ' and ' : ', ')}
                <code>{`{{${name}}}`}</code>
              </Fragment>
            ))}
            : {g.problem}
            {g.fix === 'hosts' ? (
              <>
                {' — '}
                <button type="button" className="link-button block-missing__fix" data-testid="block-missing-hosts" onClick={openHosts}>
                  Set up hosts
                </button>
              </>
            ) : (
              ' — check the course file (course.yaml) or your settings'
            )}
          </p>
        ))}
      </div>
    </div>
  );
}
