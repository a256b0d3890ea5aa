// A record's approvals by gate and round; the ones waiting on the user can be decided here.
import { useState } from 'react';
import { useLanguage, useMessages } from '../shell/i18n';
import { useUser } from '../shell/session';
import { workspaceMessages } from './messages';
import type { Approval } from './queries';

export function ApprovalsPanel(props: { approvals: readonly Approval[]; busy: boolean; onDecide(approval: Approval, decision: 'APPROVE' | 'REJECT', comment: string): void }) {
  const t = useMessages(workspaceMessages);
  const latestRound = new Map<string, number>();
  for (const a of props.approvals) latestRound.set(a.gate, Math.max(latestRound.get(a.gate) ?? 0, a.round));
  const current = props.approvals.filter((a) => a.round === latestRound.get(a.gate));
  const earlier = props.approvals.filter((a) => a.round !== latestRound.get(a.gate));
  return (
    <section aria-labelledby="approvals-title" className="card ws-panel ws-panel--approvals">
      <h2 id="approvals-title">{t.record.approvals}</h2>
      {props.approvals.length === 0 && <p className="muted">{t.record.noApprovals}</p>}
      <ApprovalList approvals={current} busy={props.busy} onDecide={props.onDecide} />
      {earlier.length > 0 && (
        <details className="ws-earlier">
          <summary>
            {t.record.approvals} ({earlier.length})
          </summary>
          <ApprovalList approvals={earlier} busy={props.busy} onDecide={props.onDecide} />
        </details>
      )}
    </section>
  );
}

/** Approvals of one level (of one row, in one round): the people asked and what each decided. */
interface Step {
  readonly key: string;
  readonly gateLabel: string;
  readonly level: number;
  readonly rowIndex: number | null;
  readonly approvals: Approval[];
}

function stepsOf(approvals: readonly Approval[]): Step[] {
  const steps = new Map<string, Step>();
  const sorted = [...approvals].sort((a, b) => a.gate.localeCompare(b.gate) || b.round - a.round || a.level - b.level || (a.rowIndex ?? 0) - (b.rowIndex ?? 0));
  for (const a of sorted) {
    const key = `${a.gate}|${a.round}|${a.level}|${a.rowIndex ?? ''}`;
    let step = steps.get(key);
    if (!step) steps.set(key, (step = { key, gateLabel: a.gateLabel, level: a.level, rowIndex: a.rowIndex, approvals: [] }));
    step.approvals.push(a);
  }
  return [...steps.values()];
}

/** A level's state as a whole: decided when anyone decided it, else pending while anyone may. */
function stepState(step: Step): string {
  const states = step.approvals.map((a) => a.state);
  if (states.includes('REJECTED')) return 'REJECTED';
  if (states.includes('APPROVED') && !states.includes('PENDING')) return 'APPROVED';
  if (states.includes('PENDING')) return 'PENDING';
  return states[0] ?? 'PENDING';
}

function ApprovalList(props: { approvals: readonly Approval[]; busy: boolean; onDecide(approval: Approval, decision: 'APPROVE' | 'REJECT', comment: string): void }) {
  const t = useMessages(workspaceMessages);
  const { formatDateTime } = useLanguage();
  const user = useUser();
  return (
    <ul className="ws-approvals">
      {stepsOf(props.approvals).map((step) => {
        const state = stepState(step);
        const mine = step.approvals.find((a) => a.state === 'PENDING' && a.approvers.some((p) => p.id === user.id));
        return (
          <li key={step.key} className={`ws-approval ws-approval--${state.toLowerCase()}`}>
            <div className="ws-approval__head">
              <strong>{step.gateLabel}</strong>
              <span className="muted">
                {t.record.level(step.level + 1)}
                {step.rowIndex !== null && ` · ${t.record.row(step.rowIndex + 1)}`}
              </span>
              <span className={`ws-badge ws-badge--${state.toLowerCase()}`}>{t.record.states[state] ?? state}</span>
              {mine && <span className="ws-badge ws-badge--mine">{t.record.waitingOnYou}</span>}
            </div>
            <ul className="ws-approval__people" aria-label={t.record.approvers}>
              {step.approvals.map((a) => (
                <li key={a.id}>
                  <span>{a.decidedBy?.displayName ?? a.approvers.map((p) => p.displayName).join(', ')}</span>
                  <span className={`ws-state ws-state--${a.state.toLowerCase()}`}>{t.record.states[a.state] ?? a.state}</span>
                  {a.decidedAt && <span className="muted">{formatDateTime(a.decidedAt)}</span>}
                  {a.comment && <blockquote className="ws-quote">{a.comment}</blockquote>}
                </li>
              ))}
            </ul>
            {mine && <DecisionForm approval={mine} busy={props.busy} onDecide={props.onDecide} />}
          </li>
        );
      })}
    </ul>
  );
}

function DecisionForm(props: { approval: Approval; busy: boolean; onDecide(approval: Approval, decision: 'APPROVE' | 'REJECT', comment: string): void }) {
  const t = useMessages(workspaceMessages);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const id = `decision-${props.approval.id}`;
  return (
    <div className="ws-decision">
      <label className="field" htmlFor={id}>
        <span>{t.record.decisionComment}</span>
      </label>
      <textarea
        id={id}
        className="ws-textarea"
        rows={2}
        value={comment}
        aria-invalid={missing}
        aria-describedby={missing ? `${id}-error` : undefined}
        onChange={(e) => {
          setComment(e.target.value);
          setMissing(false);
        }}
      />
      {missing && (
        <p id={`${id}-error`} role="alert" className="error">
          {t.record.rejectNeedsComment}
        </p>
      )}
      <div className="row">
        <button type="button" className="button" disabled={props.busy} onClick={() => props.onDecide(props.approval, 'APPROVE', comment)}>
          {t.record.approve}
        </button>
        <button
          type="button"
          className="button button--danger"
          disabled={props.busy}
          onClick={() => {
            if (comment.trim() === '') setMissing(true);
            else props.onDecide(props.approval, 'REJECT', comment);
          }}
        >
          {t.record.reject}
        </button>
      </div>
    </div>
  );
}
