// The designer's GraphQL operations. Only the public API: the contract's procedures, drafts and
// the form preview (both for administrators).
import { ApiError, gql, type Label } from '../api/graphql';
import type { ProcedureDef } from './definition';

export interface Problem {
  readonly path: string;
  readonly message: string;
}

export interface VersionInfo {
  readonly version: number;
  readonly status: 'draft' | 'published';
  readonly publishedAt: string | null;
  readonly createdAt: string;
}

export interface ProcedureSummary {
  readonly key: string;
  readonly department: string;
  readonly label: string;
  readonly published: number | null;
  readonly draft: number | null;
  readonly records: number;
}

export interface Choice {
  readonly key: string;
  readonly label: string;
}

interface Listed {
  key: string;
  version: number;
  department: string;
  label: string;
}

export async function loadProcedureList(): Promise<{ procedures: ProcedureSummary[]; departments: Choice[] }> {
  const data = await gql<{ procedures: Listed[]; procedureDrafts: Listed[]; departments: Choice[] }>(
    '{ procedures { key version department label } procedureDrafts { key version department label } departments { key label } }',
  );
  const counts = data.procedures.length
    ? await gql<Record<string, { totalCount: number }>>(`{ ${data.procedures.map((p, i) => `c${i}: records(procedure: ${JSON.stringify(p.key)}, first: 1) { totalCount }`).join(' ')} }`)
    : {};
  const byKey = new Map<string, ProcedureSummary>();
  data.procedures.forEach((p, i) => byKey.set(p.key, { key: p.key, department: p.department, label: p.label, published: p.version, draft: null, records: counts[`c${i}`]?.totalCount ?? 0 }));
  for (const d of data.procedureDrafts) {
    const known = byKey.get(d.key);
    byKey.set(d.key, known ? { ...known, draft: d.version } : { key: d.key, department: d.department, label: d.label, published: null, draft: d.version, records: 0 });
  }
  return { procedures: [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)), departments: data.departments };
}

export interface Organisation {
  readonly departments: Choice[];
  readonly roles: Choice[];
  readonly procedures: { key: string; label: string; stages: string[] }[];
}

export async function loadOrganisation(): Promise<Organisation> {
  const data = await gql<{ departments: Choice[]; roles: Choice[]; procedures: { key: string; label: string; stages: { key: string }[] }[] }>(
    '{ departments { key label } roles { key label } procedures { key label stages { key } } }',
  );
  return { ...data, procedures: data.procedures.map((p) => ({ ...p, stages: p.stages.map((s) => s.key) })) };
}

export interface LoadedProcedure {
  readonly definition: ProcedureDef;
  /** The version being edited: the draft's, else the latest published one's. */
  readonly version: number;
  readonly status: 'draft' | 'published';
  readonly versions: VersionInfo[];
}

const versionFields = 'versions { version status publishedAt createdAt }';

/** The draft of `key` if there is one, else its latest published version; null for an unknown key. */
export async function loadProcedure(key: string): Promise<LoadedProcedure | null> {
  const data = await gql<{ procedureDrafts: { version: number; definition: ProcedureDef; versions: VersionInfo[] }[]; procedure: { version: number; definition: ProcedureDef; versions: VersionInfo[] } | null }>(
    `query($key: String!) { procedureDrafts(key: $key) { version definition ${versionFields} } procedure(key: $key) { version definition ${versionFields} } }`,
    { key },
  );
  const draft = data.procedureDrafts[0];
  if (draft) return { definition: draft.definition, version: draft.version, status: 'draft', versions: draft.versions };
  if (data.procedure) return { definition: data.procedure.definition, version: data.procedure.version, status: 'published', versions: data.procedure.versions };
  return null;
}

/** The definition of one version (published or the draft). */
export async function loadVersion(key: string, version: VersionInfo): Promise<ProcedureDef> {
  if (version.status === 'draft') {
    const data = await gql<{ procedureDrafts: { definition: ProcedureDef }[] }>('query($key: String!) { procedureDrafts(key: $key) { definition } }', { key });
    return data.procedureDrafts[0]!.definition;
  }
  const data = await gql<{ procedure: { definition: ProcedureDef } }>('query($key: String!, $v: Int!) { procedure(key: $key, version: $v) { definition } }', { key, v: version.version });
  return data.procedure.definition;
}

export async function validateDefinition(definition: ProcedureDef): Promise<Problem[]> {
  const data = await gql<{ validateProcedure: { ok: boolean; problems: Problem[] } }>(
    'mutation($d: JSON!) { validateProcedure(definition: $d) { ok problems { path message } } }',
    { d: definition },
  );
  return data.validateProcedure.problems;
}

export type SaveResult = { ok: true; version: number; versions: VersionInfo[] } | { ok: false; problems: Problem[] };

function problemsOf(error: unknown): Problem[] | null {
  if (!(error instanceof ApiError) || error.code !== 'INVALID_DEFINITION') return null;
  return error.errors.flatMap((e) => (Array.isArray(e.extensions.problems) ? (e.extensions.problems as Problem[]) : []));
}

/** Saves the draft; the problems instead when the server refuses the definition. */
export async function saveDefinition(definition: ProcedureDef): Promise<SaveResult> {
  try {
    const data = await gql<{ saveProcedure: { version: number; versions: VersionInfo[] } }>(
      `mutation($d: JSON!) { saveProcedure(definition: $d) { version ${versionFields} } }`,
      { d: definition },
    );
    return { ok: true, ...data.saveProcedure };
  } catch (error) {
    const problems = problemsOf(error);
    if (problems) return { ok: false, problems };
    throw error;
  }
}

export async function publishDefinition(key: string): Promise<SaveResult> {
  try {
    const data = await gql<{ publishProcedure: { version: number; versions: VersionInfo[] } }>(
      `mutation($key: String!) { publishProcedure(key: $key) { version ${versionFields} } }`,
      { key },
    );
    return { ok: true, ...data.publishProcedure };
  } catch (error) {
    const problems = problemsOf(error);
    if (problems) return { ok: false, problems };
    throw error;
  }
}

export interface FormPreview {
  readonly ok: boolean;
  readonly jsonSchema: Record<string, unknown> | null;
  readonly uiSchema: Record<string, unknown> | null;
  readonly problems: Problem[];
}

export async function previewForm(definition: ProcedureDef, signal?: AbortSignal): Promise<FormPreview> {
  const data = await gql<{ previewForm: FormPreview }>(
    'query($d: JSON!) { previewForm(definition: $d) { ok jsonSchema uiSchema problems { path message } } }',
    { d: definition },
    signal,
  );
  return data.previewForm;
}

export type { Label };
