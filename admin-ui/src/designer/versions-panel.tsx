// Version history: every saved version, a line diff between two of them (their YAML), and the
// export of the definition being edited as a YAML file.
import { diffLines, type Change } from 'diff';
import { useEffect, useId, useMemo, useState } from 'react';
import { stringify } from 'yaml';
import { ApiError } from '../api/graphql';
import { useLanguage, useMessages } from '../shell/i18n';
import type { ProcedureDef } from './definition';
import { loadVersion, type VersionInfo } from './designer-api';
import { designerMessages } from './messages';

/** The definition as a YAML file of definitions/ (with the editor hint of definitions/README.md). */
export function definitionYaml(definition: ProcedureDef): string {
  const { $schema: _ignored, ...rest } = definition;
  return `# yaml-language-server: $schema=../schema/procedure.schema.json\n${stringify(rest, { lineWidth: 0 })}`;
}

export function VersionsPanel({ procedureKey, versions, definition }: { procedureKey: string; versions: readonly VersionInfo[]; definition: ProcedureDef }) {
  const t = useMessages(designerMessages);
  const { formatDateTime } = useLanguage();
  const id = useId();
  const sorted = useMemo(() => [...versions].sort((a, b) => a.version - b.version), [versions]);
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  useEffect(() => {
    if (sorted.length >= 2) {
      setFrom(sorted.at(-2)!.version);
      setTo(sorted.at(-1)!.version);
    }
  }, [sorted]);
  const [diff, setDiff] = useState<{ changes: Change[]; from: string; to: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const nameOf = (v: VersionInfo) => `v${v.version} (${v.status === 'draft' ? t.versions.draftName : t.versions.publishedName})`;

  const compare = async () => {
    const a = sorted.find((v) => v.version === from);
    const b = sorted.find((v) => v.version === to);
    if (!a || !b) return;
    setError(null);
    try {
      const [left, right] = await Promise.all([loadVersion(procedureKey, a), loadVersion(procedureKey, b)]);
      setDiff({ changes: diffLines(definitionYaml(left), definitionYaml(right)), from: nameOf(a), to: nameOf(b) });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };

  const download = () => {
    const blob = new Blob([definitionYaml(definition)], { type: 'application/yaml' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${definition.key.split('.').at(-1) ?? 'procedure'}.yaml`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const changed = diff?.changes.some((c) => c.added || c.removed);
  return (
    <div className="dz-versions">
      <section className="dz-panel" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{t.versions.title}</h3>
        {sorted.length === 0 ? (
          <p className="muted">{t.versions.none}</p>
        ) : (
          <table className="dz-table">
            <thead>
              <tr>
                <th scope="col">{t.versions.version}</th>
                <th scope="col">{t.versions.status}</th>
                <th scope="col">{t.versions.date}</th>
              </tr>
            </thead>
            <tbody>
              {[...sorted].reverse().map((v) => (
                <tr key={v.version}>
                  <td>v{v.version}</td>
                  <td>
                    <span className={`dz-status dz-status--${v.status}`}>{v.status === 'draft' ? t.versions.draftName : t.versions.publishedName}</span>
                  </td>
                  <td>{formatDateTime(v.publishedAt ?? v.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {sorted.length >= 2 && (
          <form
            className="dz-compare"
            onSubmit={(e) => {
              e.preventDefault();
              void compare();
            }}
          >
            <div className="dz-input">
              <label htmlFor={`${id}-from`}>{t.versions.compareFrom}</label>
              <select id={`${id}-from`} value={from ?? ''} onChange={(e) => setFrom(Number(e.target.value))}>
                {sorted.map((v) => (
                  <option key={v.version} value={v.version}>
                    {nameOf(v)}
                  </option>
                ))}
              </select>
            </div>
            <div className="dz-input">
              <label htmlFor={`${id}-to`}>{t.versions.compareTo}</label>
              <select id={`${id}-to`} value={to ?? ''} onChange={(e) => setTo(Number(e.target.value))}>
                {sorted.map((v) => (
                  <option key={v.version} value={v.version}>
                    {nameOf(v)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button">
              {t.versions.compare}
            </button>
          </form>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {diff && (
          <figure className="dz-diff" aria-label={t.versions.diffTitle(diff.from, diff.to)}>
            <figcaption>{t.versions.diffTitle(diff.from, diff.to)}</figcaption>
            {!changed ? (
              <p className="muted">{t.versions.noChanges}</p>
            ) : (
              <pre>
                {diff.changes.map((c, i) => (
                  <DiffPart key={i} change={c} />
                ))}
              </pre>
            )}
          </figure>
        )}
      </section>
      <section className="dz-panel" aria-labelledby={`${id}-export`}>
        <h3 id={`${id}-export`}>{t.versions.export}</h3>
        <p className="muted dz-small">{t.versions.exportHelp}</p>
        <button type="button" className="button" onClick={download}>
          {t.versions.export}
        </button>
      </section>
    </div>
  );
}

/** Changed lines in full; unchanged runs folded to their first and last lines. */
function DiffPart({ change }: { change: Change }) {
  const t = useMessages(designerMessages);
  const lines = change.value.replace(/\n$/, '').split('\n');
  if (change.added || change.removed) {
    const sign = change.added ? '+' : '−';
    return (
      <>
        {lines.map((line, i) =>
          change.added ? (
            <ins key={i} className="dz-diff__line dz-diff__line--added" aria-label={`${t.versions.added}: ${line}`}>
              {`${sign} ${line}\n`}
            </ins>
          ) : (
            <del key={i} className="dz-diff__line dz-diff__line--removed" aria-label={`${t.versions.removed}: ${line}`}>
              {`${sign} ${line}\n`}
            </del>
          ),
        )}
      </>
    );
  }
  const shown = lines.length > 6 ? [...lines.slice(0, 2), '…', ...lines.slice(-2)] : lines;
  return (
    <>
      {shown.map((line, i) => (
        <span key={i} className="dz-diff__line">{`  ${line}\n`}</span>
      ))}
    </>
  );
}
