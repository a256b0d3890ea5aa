// One record: its stage among the procedure's stages, its data (and an edit form for those who
// may change it), the actions and approvals waiting, its history and comments. Updates made by
// others arrive over the record's event stream and reload the page's data.
import { useCallback, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, gql } from '../api/graphql';
import { useLanguage, useMessages } from '../shell/i18n';
import { useUser } from '../shell/session';
import { Due, LoadProblem } from './common';
import { ProcedureForm } from './forms/procedure-form';
import { DataView } from './forms/value-text';
import { workspaceMessages } from './messages';
import { ADD_COMMENT, DECIDE_APPROVAL, FORM_EDITABLE, PROCEDURE, RECORD, TRANSITION, UPDATE_RECORD, type Approval, type DepartmentRef, type FormState, type ProcedureDetail, type RecordAction, type RecordDetail } from './queries';
import { ActionsPanel } from './record-actions';
import { ApprovalsPanel } from './record-approvals';
import { CommentsPanel } from './record-comments';
import { useRecordEvents } from './record-events';
import { HistoryTimeline } from './record-history';
import { shortId } from './record-title';
import { StageProgress } from './stage-progress';
import { useQuery } from './use-query';
import './workspace.css';

type Notice = { kind: 'ok' | 'error' | 'info'; text: string; items?: string[] };

export function RecordPage() {
  const { id = '' } = useParams();
  const t = useMessages(workspaceMessages);
  const user = useUser();
  const language = useLanguage();
  const record = useQuery<{ record: RecordDetail | null; departments: DepartmentRef[] }>(RECORD, { id });
  const current = record.data?.record ?? undefined;
  const procedure = useQuery<{ procedure: ProcedureDetail | null }>(PROCEDURE, { key: current?.procedure ?? '', version: current?.procedureVersion }, !current);
  // Whether the user may change anything now: the server's answer. `version` is no variable of
  // the document (the server ignores it); it makes useQuery ask again for each version of the record.
  const editable = useQuery<{ formState: Pick<FormState, 'fields'> }>(
    FORM_EDITABLE,
    { procedure: current?.procedure ?? '', recordId: id, version: current?.version },
    !current || current.closedAt !== null,
  );
  const [notice, setNotice] = useState<Notice | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const { reload } = record;

  const live = useRecordEvents(
    current ? id : undefined,
    useCallback(
      (event) => {
        void reload();
        if (event.actor && event.actor.id !== user.id) setNotice({ kind: 'info', text: t.record.liveUpdate });
      },
      [reload, user.id, t],
    ),
  );

  /** Runs a command; a stale version reloads the record and says so. */
  const run = async (command: () => Promise<unknown>, done: string): Promise<boolean> => {
    setBusy(true);
    setNotice(null);
    try {
      await command();
      setNotice({ kind: 'ok', text: done });
      await reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
        setNotice({ kind: 'error', text: t.record.conflict });
        await reload();
      } else if (e instanceof ApiError) {
        const items = [...e.reasons().map((r) => language.pick(r.message)), ...e.fieldErrors().map((f) => language.pick(f.message))];
        setNotice({ kind: 'error', text: items.length > 0 ? t.record.blocked : e.message, items });
      } else {
        setNotice({ kind: 'error', text: String(e) });
      }
      return false;
    } finally {
      setBusy(false);
    }
  };

  const departments = useMemo(() => new Map(record.data?.departments.map((d) => [d.key, d.label])), [record.data]);
  if (!record.data) return <LoadProblem error={record.error} retry={() => void record.reload()} />;
  if (!current) return <p role="alert">{t.record.notFound}</p>;
  const detail = procedure.data?.procedure;
  if (!detail) return <LoadProblem error={procedure.error} retry={() => void procedure.reload()} />;

  const definition = detail.definition;
  const mayEdit = !current.closedAt && (editable.data?.formState.fields.some((f) => f.editable) ?? false);
  const stageLabel = (key: string | null) => detail.stages.find((s) => s.key === key)?.label ?? key ?? '';
  const gateLabels = new Map(current.approvals.map((a) => [a.gate, a.gateLabel]));

  const transition = (action: RecordAction, comment: string) =>
    run(
      () => gql(TRANSITION, { id, action: action.key, expectedVersion: current.version, comment: comment.trim() || undefined, idempotencyKey: crypto.randomUUID() }),
      t.record.done(action.label),
    );
  const decide = (approval: Approval, decision: 'APPROVE' | 'REJECT', comment: string) =>
    run(() => gql(DECIDE_APPROVAL, { id: approval.id, decision, comment: comment.trim() || undefined }), t.record.decided);
  const addComment = (body: string) => run(() => gql(ADD_COMMENT, { recordId: id, body }), t.record.commentAdded);

  return (
    <article aria-labelledby="record-title" className="ws-page ws-record" data-live={live ? 'open' : 'closed'}>
      <header className="ws-page__header ws-record__header">
        <div>
          <p className="ws-eyebrow">
            <Link className="link" to={`/records?procedure=${encodeURIComponent(current.procedure)}`}>
              {detail.label}
            </Link>{' '}
            · {shortId(current.id)}
          </p>
          <h1 id="record-title">{current.title}</h1>
          <p className="muted">{t.record.created(current.createdBy?.displayName ?? '—', language.formatDateTime(current.createdAt))}</p>
        </div>
        <dl className="ws-facts">
          <div>
            <dt>{t.inbox.stage}</dt>
            <dd>
              <span className="ws-stage ws-stage--current">{current.stage.label}</span>
              {current.closedAt && <span className="ws-badge">{t.record.closed}</span>}
            </dd>
          </div>
          <div>
            <dt>{t.record.department}</dt>
            <dd>{departments.get(current.department) ?? current.department}</dd>
          </div>
          {current.assignee && (
            <div>
              <dt>{t.record.assignee}</dt>
              <dd>{current.assignee.displayName}</dd>
            </div>
          )}
          <div>
            <dt>{t.record.due}</dt>
            <dd>
              <Due dueAt={current.dueAt} overdue={current.overdue} />
            </dd>
          </div>
        </dl>
      </header>

      <StageProgress stages={detail.stages} current={current.stage.key} label={t.record.progress} currentLabel={t.record.current} />

      {notice && (
        <div role={notice.kind === 'error' ? 'alert' : 'status'} className={`ws-alert ws-alert--${notice.kind}`}>
          <p>{notice.text}</p>
          {notice.items && notice.items.length > 0 && (
            <ul>
              {notice.items.map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <div className="ws-record__grid">
        <div className="ws-record__side">
          {!current.closedAt && <ActionsPanel actions={current.actions} definition={definition} busy={busy} onAction={transition} />}
          {current.approvals.length > 0 && <ApprovalsPanel approvals={current.approvals} busy={busy} onDecide={decide} />}
          <CommentsPanel comments={current.comments} onAdd={addComment} />
        </div>
        <div className="ws-record__main">
          <section aria-labelledby="data-title" className="card ws-panel ws-panel--data">
            <div className="ws-panel__head">
              <h2 id="data-title">{t.record.data}</h2>
              {mayEdit && !editing && (
                <button type="button" className="button button--quiet" onClick={() => setEditing(true)}>
                  {t.record.edit}
                </button>
              )}
            </div>
            {editing ? (
              <ProcedureForm
                procedure={detail}
                recordId={current.id}
                initialData={current.data}
                submitLabel={t.record.save}
                onSubmit={async (data) => {
                  try {
                    await gql(UPDATE_RECORD, { id, data, expectedVersion: current.version });
                  } catch (e) {
                    if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') {
                      setNotice({ kind: 'error', text: t.record.conflict });
                      await reload();
                      return;
                    }
                    throw e;
                  }
                  setEditing(false);
                  setNotice({ kind: 'ok', text: t.record.saved });
                  await reload();
                }}
              >
                <button type="button" className="button button--quiet" onClick={() => setEditing(false)}>
                  {t.record.cancelEdit}
                </button>
              </ProcedureForm>
            ) : (
              <DataView fields={definition.form.fields} data={current.data} departments={departments} />
            )}
          </section>
          <HistoryTimeline history={current.history} fields={definition.form.fields} stageLabel={stageLabel} gateLabel={(k) => gateLabels.get(k) ?? k} departments={departments} />
        </div>
      </div>
    </article>
  );
}
