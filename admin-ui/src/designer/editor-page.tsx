// /designer/:key — one procedure in the designer: overview, form, stages and actions, gates,
// rules, versions; check, save as draft, publish. Problems the server reports are shown next to
// the element their JSON pointer names, and listed above the tabs with a way to reach each.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useLanguage, useMessages } from '../shell/i18n';
import { LabelInputs, ProblemNote, ProblemsContext, SelectInput, TextInput } from './controls';
import { DesignContext } from './design-context';
import { newDefinition, withProp, type ProcedureDef } from './definition';
import { loadOrganisation, loadProcedure, publishDefinition, saveDefinition, validateDefinition, type Organisation, type Problem, type VersionInfo } from './designer-api';
import { FlowEditor } from './flow-editor';
import { FormBuilder } from './form-builder';
import { GatesEditor } from './gates-editor';
import './designer.css';
import { designerMessages } from './messages';
import { editorPath } from './paths';
import { RulesEditor } from './rules-editor';
import { VersionsPanel } from './versions-panel';
import { WhoEditor } from './who-editor';

const TABS = ['overview', 'form', 'flow', 'gates', 'rules', 'versions'] as const;
type Tab = (typeof TABS)[number];

/** The tab that shows the element a JSON pointer names. */
function tabOf(path: string): Tab {
  if (path.startsWith('/form')) return 'form';
  if (path.startsWith('/stages') || path.startsWith('/actions')) return 'flow';
  if (path.startsWith('/gates')) return 'gates';
  if (path.startsWith('/rules')) return 'rules';
  return 'overview';
}

interface Loaded {
  organisation: Organisation;
  definition: ProcedureDef;
  saved: string | null;
  version: number | null;
  status: 'draft' | 'published' | null;
  versions: VersionInfo[];
}

type Feedback = { kind: 'ok' | 'error'; text: string } | null;

export function EditorPage() {
  const t = useMessages(designerMessages);
  const { language } = useLanguage();
  const params = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const creating = params.name === undefined;
  const key = creating ? (search.get('key') ?? '') : `${params.department}.${params.name}`;
  const [state, setState] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setLoadError(null);
    Promise.all([loadOrganisation(), creating ? Promise.resolve(null) : loadProcedure(key)]).then(
      ([organisation, loaded]) => {
        if (!live) return;
        if (!creating && !loaded) return setLoadError(t.notFound(key));
        setState((previous) => {
          // A language switch reloads the organisation's labels, not the definition being edited.
          if (previous && previous.definition.key === key) return { ...previous, organisation };
          if (loaded) return { organisation, definition: loaded.definition, saved: JSON.stringify(loaded.definition), version: loaded.version, status: loaded.status, versions: loaded.versions };
          const [department = '', name = ''] = key.split('.');
          return { organisation, definition: newDefinition(department, name), saved: null, version: null, status: null, versions: [] };
        });
      },
      (e: unknown) => live && setLoadError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [key, creating, language]);

  if (loadError)
    return (
      <p role="alert" className="error">
        {t.loadFailed}: {loadError}
      </p>
    );
  if (!state) return <p role="status">{t.loading}</p>;
  return <Editor loaded={state} creating={creating} onSaved={(next) => { setState(next); if (creating) navigate(editorPath(next.definition.key), { replace: true }); }} />;
}

function Editor({ loaded, creating, onSaved }: { loaded: Loaded; creating: boolean; onSaved(next: Loaded): void }) {
  const t = useMessages(designerMessages);
  const { pick } = useLanguage();
  const [definition, setDefinition] = useState(loaded.definition);
  const [tab, setTab] = useState<Tab>(creating ? 'overview' : 'form');
  const [selectedField, setSelectedField] = useState(0);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(definition) !== loaded.saved;

  const change = useCallback((next: ProcedureDef) => setDefinition(next), []);
  useEffect(() => {
    if (!dirty) return;
    // Leaving the page (reload, closing the tab) with unsaved changes asks first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const design = useMemo(() => ({ organisation: loaded.organisation, definition }), [loaded.organisation, definition]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setFeedback(null);
    try {
      await work();
    } catch (e) {
      setFeedback({ kind: 'error', text: `${t.feedback.failed}: ${e instanceof Error ? e.message : String(e)}` });
    } finally {
      setBusy(false);
    }
  };
  const report = (found: Problem[]) => {
    setProblems(found);
    setFeedback({ kind: 'error', text: t.feedback.problems(found.length) });
    if (found[0]) showProblem(found[0]);
  };
  const showProblem = (problem: Problem) => {
    const target = tabOf(problem.path);
    setTab(target);
    const field = /^\/form\/fields\/(\d+)/.exec(problem.path);
    if (field) setSelectedField(Number(field[1]));
    const element = /^\/(stages|actions|gates|rules)\/(\d+)/.exec(problem.path);
    if (element) {
      const id = `dz-${element[1]!.replace(/s$/, '')}-${element[2]}`;
      setTimeout(() => {
        const node = document.getElementById(id);
        node?.scrollIntoView({ block: 'start' });
        node?.focus({ preventScroll: true });
      }, 50);
    }
  };

  const check = () =>
    run(async () => {
      const found = await validateDefinition(definition);
      if (found.length) report(found);
      else {
        setProblems([]);
        setFeedback({ kind: 'ok', text: t.feedback.valid });
      }
    });
  const saveDraft = async (): Promise<Loaded | null> => {
    const result = await saveDefinition(definition);
    if (!result.ok) {
      report(result.problems);
      return null;
    }
    setProblems([]);
    const next: Loaded = { ...loaded, definition, saved: JSON.stringify(definition), version: result.version, status: 'draft', versions: result.versions };
    return next;
  };
  const save = () =>
    run(async () => {
      const next = await saveDraft();
      if (!next) return;
      setFeedback({ kind: 'ok', text: t.feedback.saved(next.version!) });
      onSaved(next);
    });
  const publish = () =>
    run(async () => {
      let current: Loaded | null = loaded;
      if (dirty || loaded.status !== 'draft') {
        current = await saveDraft();
        if (!current) return;
      }
      const result = await publishDefinition(definition.key);
      if (!result.ok) return report(result.problems);
      setFeedback({ kind: 'ok', text: t.feedback.published(result.version) });
      onSaved({ ...current, version: result.version, status: 'published', versions: result.versions });
    });

  const tabLabel: Record<Tab, string> = t.tabs;
  const counts = (which: Tab) => problems.filter((p) => tabOf(p.path) === which).length;
  const title = pick(definition.label) || definition.key;
  const statusText = loaded.status === null ? t.status.new : loaded.status === 'draft' ? t.status.draft(loaded.version!) : t.status.published(loaded.version!);

  let panel: ReactNode;
  switch (tab) {
    case 'overview':
      panel = <Overview definition={definition} creating={creating && loaded.status === null} organisation={loaded.organisation} onChange={change} />;
      break;
    case 'form':
      panel = <FormBuilder definition={definition} onChange={(fields) => change({ ...definition, form: { ...definition.form, fields } })} selected={selectedField} onSelect={setSelectedField} />;
      break;
    case 'flow':
      panel = <FlowEditor definition={definition} onChange={change} />;
      break;
    case 'gates':
      panel = <GatesEditor definition={definition} onChange={change} />;
      break;
    case 'rules':
      panel = <RulesEditor definition={definition} onChange={change} />;
      break;
    case 'versions':
      panel = <VersionsPanel procedureKey={definition.key} versions={loaded.versions} definition={definition} />;
      break;
  }

  return (
    <DesignContext.Provider value={design}>
      <ProblemsContext.Provider value={problems}>
        <div className="dz dz-editor">
          <nav className="dz-crumbs" aria-label={t.title}>
            <Link to="/designer">← {t.toolbar.back}</Link>
          </nav>
          <header className="dz-editor__head">
            <div>
              <h1>{title}</h1>
              <p className="dz-editor__meta">
                <code>{definition.key}</code>
                <span className={`dz-status dz-status--${loaded.status ?? 'new'}`}>{statusText}</span>
                {dirty && loaded.status !== null && <span className="dz-status dz-status--dirty">{t.status.unsaved}</span>}
              </p>
            </div>
            <div className="dz-toolbar" role="toolbar" aria-label={t.editorTitle}>
              <button type="button" className="button button--quiet" onClick={check} disabled={busy}>
                {t.toolbar.validate}
              </button>
              <button type="button" className="button button--quiet" onClick={save} disabled={busy}>
                {t.toolbar.save}
              </button>
              <button type="button" className="button" onClick={publish} disabled={busy}>
                {t.toolbar.publish}
              </button>
            </div>
          </header>
          <div aria-live="polite" className="dz-feedback-slot">
            {feedback && (
              <p role={feedback.kind === 'error' ? 'alert' : 'status'} className={`dz-feedback dz-feedback--${feedback.kind}`}>
                {feedback.text}
              </p>
            )}
          </div>
          {problems.length > 0 && (
            <details className="dz-problems" open>
              <summary>
                {t.problems.title} ({problems.length})
              </summary>
              <ul>
                {problems.map((p) => (
                  <li key={`${p.path}:${p.message}`}>
                    <button type="button" className="dz-link-button" onClick={() => showProblem(p)}>
                      {tabLabel[tabOf(p.path)]} <code>{p.path || '/'}</code>
                    </button>{' '}
                    {p.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <div className="dz-tabs" role="tablist" aria-label={t.editorTitle}>
            {TABS.map((which) => (
              <button
                key={which}
                type="button"
                role="tab"
                id={`dz-tab-${which}`}
                aria-selected={tab === which}
                aria-controls="dz-tabpanel"
                tabIndex={tab === which ? 0 : -1}
                className="dz-tab"
                onClick={() => setTab(which)}
                onKeyDown={(e) => {
                  const i = TABS.indexOf(which);
                  const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : undefined;
                  if (next) {
                    setTab(next);
                    document.getElementById(`dz-tab-${next}`)?.focus();
                  }
                }}
              >
                {tabLabel[which]}
                {counts(which) > 0 && <span className="dz-badge dz-badge--error">{counts(which)}</span>}
              </button>
            ))}
          </div>
          <div role="tabpanel" id="dz-tabpanel" aria-labelledby={`dz-tab-${tab}`} className="dz-tabpanel">
            {panel}
          </div>
        </div>
      </ProblemsContext.Provider>
    </DesignContext.Provider>
  );
}

function Overview({ definition, creating, organisation, onChange }: { definition: ProcedureDef; creating: boolean; organisation: Organisation; onChange(def: ProcedureDef): void }) {
  const t = useMessages(designerMessages);
  return (
    <div className="dz-overview dz-panel">
      <ProblemNote at="" exact />
      <div className="dz-grid2">
        <div>
          {creating ? (
            <TextInput label={t.overview.key} mono value={definition.key} onChange={(v) => onChange({ ...definition, key: v })} name="procedure-key" />
          ) : (
            <p className="dz-input">
              <span>{t.overview.key}</span>
              <code>{definition.key}</code>
            </p>
          )}
          <ProblemNote at="/key" />
        </div>
        <div>
          <SelectInput label={t.overview.department} value={definition.department} blank={t.common.select} options={organisation.departments.map((d) => ({ value: d.key, label: d.label }))} onChange={(v) => onChange({ ...definition, department: v })} name="procedure-department" />
          <ProblemNote at="/department" />
        </div>
      </div>
      <LabelInputs legend={t.common.label} value={definition.label} onChange={(v) => onChange({ ...definition, label: v ?? { en: '', 'zh-CN': '' } })} name="procedure-label" />
      <ProblemNote at="/label" />
      <LabelInputs legend={t.common.description} value={definition.description} optional onChange={(v) => onChange(withProp(definition, 'description', v))} name="procedure-description" />
      <ProblemNote at="/description" />
      <WhoEditor startOnly legend={t.overview.start} value={definition.start} onChange={(v) => onChange({ ...definition, start: v ?? {} })} />
      <ProblemNote at="/start" />
      <details className="dz-fold" open={definition.readers !== undefined}>
        <summary>{t.overview.readers}</summary>
        <p className="muted dz-small">{t.overview.readersHelp}</p>
        <WhoEditor startOnly legend={t.overview.readers} value={definition.readers} onChange={(v) => onChange(withProp(definition, 'readers', v))} />
      </details>
      <ProblemNote at="/readers" />
    </div>
  );
}
