// The procedure's stages as a progress bar, the record's current stage marked (aria-current).
// Final stages other than the one reached are alternatives: only the first is shown while the
// record is open.

export function StageProgress(props: { stages: readonly { key: string; label: string; final: boolean }[]; current: string; label: string; currentLabel: string }) {
  const currentStage = props.stages.find((s) => s.key === props.current);
  const ends = props.stages.filter((s) => s.final);
  const shownEnd = currentStage?.final ? currentStage : ends[0];
  const shown = props.stages.filter((s) => !s.final || s === shownEnd);
  const index = shown.findIndex((s) => s.key === props.current);
  return (
    <div className="ws-progress-wrap">
      <ol className="ws-progress" aria-label={props.label}>
        {shown.map((stage, i) => {
          const state = i < index ? 'done' : i === index ? 'current' : 'todo';
          return (
            <li key={stage.key} className={`ws-progress__step ws-progress__step--${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="ws-progress__dot" aria-hidden="true">
                {i + 1}
              </span>
              <span className="ws-progress__label">
                {stage.label}
                {state === 'current' && <span className="visually-hidden"> ({props.currentLabel})</span>}
              </span>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
