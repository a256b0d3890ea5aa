// The actions the user may take on a record, as buttons; a blocked action shows why.
import { useState } from 'react';
import { useMessages } from '../shell/i18n';
import { workspaceMessages } from './messages';
import type { Definition, RecordAction } from './queries';

export function ActionsPanel(props: { actions: readonly RecordAction[]; definition: Definition; busy: boolean; onAction(action: RecordAction, comment: string): void }) {
  const t = useMessages(workspaceMessages);
  const [comment, setComment] = useState('');
  // An action the user is not permitted to take at all is not theirs to see; other blocks are shown with their reasons.
  const mine = props.actions.filter((a) => a.allowed || !a.reasons.some((r) => r.kind === 'permission'));
  const needsComment = (key: string) => props.definition.actions.some((a) => a.key === key && a.comment === 'required');
  const takesComment = (key: string) => props.definition.actions.some((a) => a.key === key && a.comment !== undefined);
  return (
    <section aria-labelledby="actions-title" className="card ws-panel ws-panel--actions">
      <h2 id="actions-title">{t.record.actions}</h2>
      {mine.length === 0 ? (
        <p className="muted">{t.record.noActions}</p>
      ) : (
        <>
          {mine.some((a) => a.allowed && takesComment(a.key)) && (
            <label className="field">
              <span>{t.record.actionComment}</span>
              <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} />
            </label>
          )}
          <ul className="ws-actions">
            {mine.map((action) => (
              <li key={action.key} className={action.allowed ? 'ws-action' : 'ws-action ws-action--blocked'}>
                <button
                  type="button"
                  className={action.allowed ? 'button' : 'button button--quiet'}
                  disabled={!action.allowed || props.busy}
                  aria-describedby={action.allowed ? undefined : `reasons-${action.key}`}
                  onClick={() => props.onAction(action, comment)}
                >
                  {action.label}
                </button>
                {action.allowed && needsComment(action.key) && <span className="muted ws-action__hint">({t.record.commentRequired})</span>}
                {!action.allowed && (
                  <div id={`reasons-${action.key}`} className="ws-reasons">
                    <span>{t.record.blocked}</span>
                    <ul>
                      {action.reasons.map((r) => (
                        <li key={`${r.kind}:${r.key}`}>{r.message}</li>
                      ))}
                    </ul>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
