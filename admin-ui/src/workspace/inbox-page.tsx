// "My tasks": open records where an action or an approval waits on the signed-in user.
import { Link } from 'react-router';
import { useLanguage, useMessages } from '../shell/i18n';
import { useUser } from '../shell/session';
import { Due, LoadProblem, Pager, useCursorPages } from './common';
import { workspaceMessages } from './messages';
import { MY_TASKS, PROCEDURES, type Connection, type ProcedureSummary, type RecordSummary } from './queries';
import { shortId } from './record-title';
import { useQuery } from './use-query';
import './workspace.css';

const PAGE_SIZE = 20;

export function InboxPage() {
  const t = useMessages(workspaceMessages);
  const { formatDate } = useLanguage();
  const user = useUser();
  const pages = useCursorPages();
  const tasks = useQuery<{ myTasks: Connection<RecordSummary> }>(MY_TASKS, { first: PAGE_SIZE, after: pages.after });
  const procedures = useQuery<{ procedures: ProcedureSummary[] }>(PROCEDURES, undefined);
  const labels = new Map(procedures.data?.procedures.map((p) => [p.key, p.label]));
  // The list waits for the procedures' labels too (a failure to load them leaves the keys).
  const connection = procedures.data || procedures.error ? tasks.data?.myTasks : undefined;

  return (
    <section aria-labelledby="inbox-title" className="ws-page">
      <header className="ws-page__header">
        <div>
          <h1 id="inbox-title">{t.inbox.title}</h1>
          <p className="muted">{t.inbox.intro}</p>
        </div>
        {connection && <p className="ws-count">{t.inbox.count(connection.totalCount)}</p>}
      </header>
      {!connection ? (
        <LoadProblem error={tasks.error} retry={() => void tasks.reload()} />
      ) : connection.nodes.length === 0 ? (
        <p className="ws-empty">{t.inbox.empty}</p>
      ) : (
        <>
          <ul className="ws-tasks" aria-label={t.inbox.title}>
            {connection.nodes.map((record) => {
              const mine = record.approvals?.filter((a) => a.state === 'PENDING' && a.approvers.some((p) => p.id === user.id)) ?? [];
              return (
                <li key={record.id} className={record.overdue ? 'ws-task ws-task--overdue' : 'ws-task'}>
                  <div className="ws-task__main">
                    <p className="ws-task__procedure">{labels.get(record.procedure) ?? record.procedure}</p>
                    <Link className="ws-task__title link" to={`/records/${record.id}`}>
                      {record.title}
                    </Link>
                    <p className="ws-task__meta muted">
                      {shortId(record.id)} · {record.createdBy?.displayName ?? '—'} · {formatDate(record.createdAt)}
                    </p>
                  </div>
                  <dl className="ws-task__facts">
                    <div>
                      <dt>{t.inbox.stage}</dt>
                      <dd>
                        <span className="ws-stage">{record.stage.label}</span>
                      </dd>
                    </div>
                    <div>
                      <dt>{t.inbox.waiting}</dt>
                      <dd>{mine.length > 0 ? mine.map((a) => t.inbox.approval(a.gateLabel)).join('; ') : t.inbox.action}</dd>
                    </div>
                    <div>
                      <dt>{t.inbox.due}</dt>
                      <dd>
                        <Due dueAt={record.dueAt} overdue={record.overdue} />
                      </dd>
                    </div>
                  </dl>
                </li>
              );
            })}
          </ul>
          <Pager
            index={pages.index}
            pageSize={PAGE_SIZE}
            shown={connection.nodes.length}
            total={connection.totalCount}
            hasNext={connection.pageInfo.hasNextPage}
            onPrevious={pages.previous}
            onNext={() => pages.next(connection.pageInfo.endCursor)}
          />
        </>
      )}
    </section>
  );
}
