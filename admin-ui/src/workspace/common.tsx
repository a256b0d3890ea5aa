// Small parts every workspace page shares: the loading and error states, cursor paging, the due badge.
import { useState } from 'react';
import type { ApiError } from '../api/graphql';
import { useLanguage, useMessages } from '../shell/i18n';
import { workspaceMessages } from './messages';

export function LoadProblem({ error, retry }: { error: ApiError | undefined; retry(): void }) {
  const t = useMessages(workspaceMessages);
  if (!error) return <p role="status" className="muted">{t.loading}</p>;
  return (
    <div role="alert" className="ws-alert ws-alert--error">
      <p>
        {t.failed}: {error.message}
      </p>
      <button type="button" className="button button--quiet" onClick={retry}>
        {t.retry}
      </button>
    </div>
  );
}

/** Relay cursors: `after` of the page shown, with the ones before it to go back. */
export function useCursorPages() {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const after = stack.at(-1) ?? null;
  return {
    after,
    index: stack.length - 1,
    next: (cursor: string | null) => cursor && setStack((s) => [...s, cursor]),
    previous: () => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)),
    reset: () => setStack([null]),
  };
}

export function Pager(props: { index: number; pageSize: number; shown: number; total: number; hasNext: boolean; onPrevious(): void; onNext(): void }) {
  const t = useMessages(workspaceMessages);
  const from = props.total === 0 ? 0 : props.index * props.pageSize + 1;
  return (
    <div className="ws-pager" role="group" aria-label={t.paging.label}>
      <span className="muted" aria-live="polite">
        {t.paging.showing(from, props.index * props.pageSize + props.shown, props.total)}
      </span>
      {(props.index > 0 || props.hasNext) && (
        <div className="row">
          <button type="button" className="button button--quiet" onClick={props.onPrevious} disabled={props.index === 0}>
            {t.paging.previous}
          </button>
          <button type="button" className="button button--quiet" onClick={props.onNext} disabled={!props.hasNext}>
            {t.paging.next}
          </button>
        </div>
      )}
    </div>
  );
}

export function Due({ dueAt, overdue }: { dueAt: string | null; overdue: boolean }) {
  const t = useMessages(workspaceMessages);
  const { formatDateTime } = useLanguage();
  if (!dueAt) return <span className="muted">—</span>;
  return (
    <span className={overdue ? 'ws-due ws-due--overdue' : 'ws-due'}>
      {formatDateTime(dueAt)}
      {overdue && <span className="ws-badge ws-badge--danger">{t.inbox.overdue}</span>}
    </span>
  );
}

/** Procedure labels by key, in the chosen language. */
export type ProcedureLabels = ReadonlyMap<string, string>;
