// A record's history as a timeline: who did what and when, stage moves and field changes.
import { useLanguage, useMessages } from '../shell/i18n';
import { ValueText } from './forms/value-text';
import { workspaceMessages } from './messages';
import type { DefinitionField, HistoryEntry } from './queries';

export function HistoryTimeline(props: {
  history: readonly HistoryEntry[];
  fields: readonly DefinitionField[];
  stageLabel(key: string | null): string;
  gateLabel(key: string): string;
  departments: ReadonlyMap<string, string>;
}) {
  const t = useMessages(workspaceMessages);
  const { formatDateTime, pick } = useLanguage();
  const fieldOf = (key: string) => props.fields.find((f) => f.key === key);
  const entries = [...props.history].sort((a, b) => b.seq - a.seq);
  return (
    <section aria-labelledby="history-title" className="card ws-panel ws-panel--history">
      <h2 id="history-title">{t.record.history}</h2>
      <ol className="ws-timeline">
        {entries.map((entry) => {
          const gate = typeof entry.data?.gate === 'string' ? props.gateLabel(entry.data.gate) : null;
          const changes = Object.entries(entry.changes ?? {});
          return (
            <li key={entry.seq} className={`ws-timeline__item ws-timeline__item--${entry.type}`}>
              <div className="ws-timeline__head">
                <strong>{t.record.historyTypes[entry.type] ?? entry.type}</strong>
                {gate && <span>· {gate}</span>}
                <span className="muted">{entry.actor ? t.record.by(entry.actor.displayName) : t.record.system}</span>
                <time className="muted" dateTime={entry.at}>
                  {formatDateTime(entry.at)}
                </time>
              </div>
              {entry.toStage && entry.fromStage !== entry.toStage && (
                <p className="ws-timeline__stages">
                  {entry.fromStage && (
                    <>
                      <span className="ws-stage">{props.stageLabel(entry.fromStage)}</span> <span aria-hidden="true">→</span>{' '}
                    </>
                  )}
                  <span className="ws-stage ws-stage--to">{props.stageLabel(entry.toStage)}</span>
                </p>
              )}
              {entry.comment && <blockquote className="ws-quote">{entry.comment}</blockquote>}
              {changes.length > 0 && entry.type !== 'created' && (
                <div className="ws-table-wrap">
                  <table className="ws-table ws-table--compact ws-changes" aria-label={t.record.changed}>
                    <tbody>
                      {changes.map(([key, change]) => (
                        <tr key={key}>
                          <th scope="row">{pick(fieldOf(key)?.label) || key}</th>
                          <td className="ws-changes__from">
                            <ValueText field={fieldOf(key)} value={change.from} departments={props.departments} />
                          </td>
                          <td aria-hidden="true" className="muted">
                            →
                          </td>
                          <td>
                            <ValueText field={fieldOf(key)} value={change.to} departments={props.departments} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
