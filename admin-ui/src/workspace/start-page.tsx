// Starting a record: the procedures the user may start, then the procedure's generated form.
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { gql } from '../api/graphql';
import { useMessages } from '../shell/i18n';
import { LoadProblem } from './common';
import { ProcedureForm } from './forms/procedure-form';
import { workspaceMessages } from './messages';
import { CREATE_RECORD, PROCEDURE, PROCEDURES, type DepartmentRef, type ProcedureDetail, type ProcedureSummary } from './queries';
import { useQuery } from './use-query';
import './workspace.css';

export function StartPage() {
  const t = useMessages(workspaceMessages);
  const query = useQuery<{ procedures: ProcedureSummary[]; departments: DepartmentRef[] }>(PROCEDURES, undefined);
  if (!query.data) return <LoadProblem error={query.error} retry={() => void query.reload()} />;
  const startable = query.data.procedures.filter((p) => p.canStart);
  const groups = query.data.departments
    .map((d) => ({ department: d, procedures: startable.filter((p) => p.department === d.key) }))
    .filter((g) => g.procedures.length > 0);
  return (
    <section aria-labelledby="start-title" className="ws-page">
      <header className="ws-page__header">
        <div>
          <h1 id="start-title">{t.start.title}</h1>
          <p className="muted">{t.start.intro}</p>
        </div>
      </header>
      {groups.length === 0 && <p className="ws-empty">{t.start.none}</p>}
      {groups.map(({ department, procedures }) => (
        <section key={department.key} aria-labelledby={`dept-${department.key}`} className="ws-group">
          <h2 id={`dept-${department.key}`}>{department.label}</h2>
          <ul className="ws-cards">
            {procedures.map((p) => (
              <li key={p.key} className="card ws-procedure">
                <h3>
                  <Link className="link" to={`/start/${p.key}`}>
                    {p.label}
                  </Link>
                </h3>
                {p.description && <p className="muted ws-procedure__description">{p.description}</p>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}

export function NewRecordPage() {
  const t = useMessages(workspaceMessages);
  const { procedure: key = '' } = useParams();
  const navigate = useNavigate();
  const query = useQuery<{ procedure: ProcedureDetail | null }>(PROCEDURE, { key });
  // One key per visit of the form: a retried create (a lost answer) is not created twice.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  if (!query.data) return <LoadProblem error={query.error} retry={() => void query.reload()} />;
  const procedure = query.data.procedure;
  if (!procedure) return <p role="alert">{t.record.notFound}</p>;
  return (
    <section aria-labelledby="new-title" className="ws-page ws-page--narrow">
      <header className="ws-page__header">
        <div>
          <p className="ws-eyebrow">
            <Link className="link" to="/start">
              {t.start.title}
            </Link>
          </p>
          <h1 id="new-title">{t.start.newRecord(procedure.label)}</h1>
          {procedure.description && <p className="muted">{procedure.description}</p>}
        </div>
      </header>
      {!procedure.canStart ? (
        <p role="alert" className="ws-alert ws-alert--error">
          {t.start.notAllowed}
        </p>
      ) : (
        <div className="card">
          <ProcedureForm
            procedure={procedure}
            submitLabel={t.start.create}
            onSubmit={async (data) => {
              const created = await gql<{ createRecord: { id: string } }>(CREATE_RECORD, { procedure: procedure.key, data, idempotencyKey });
              navigate(`/records/${created.createRecord.id}`);
            }}
          >
            <Link className="button button--quiet" to="/start">
              {t.start.cancel}
            </Link>
          </ProcedureForm>
        </div>
      )}
    </section>
  );
}
