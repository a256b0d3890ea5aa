import type { EntityManager } from '@mikro-orm/postgresql';
import { authorize } from '../authz/authorize.js';
import { checkContextOf, validateProcedureValue } from '../definitions/definition-set.js';
import type { Procedure, ProcedureDef } from '../definitions/definition.types.js';
import { normaliseProcedure } from '../definitions/normalise.js';
import type { Registry } from '../definitions/registry.js';
import type { Actor } from '../engine/engine.types.js';
import { compileForm, type CompiledForm } from '../engine/form-schema.js';
import { ProcedureVersion } from '../persistence/entities/procedure-version.entity.js';
import type { DefinitionProblem } from './procedure-publish.service.js';

/** A stored draft, as the designer lists and opens it. */
export interface DraftView {
  readonly procedure: Procedure;
  readonly version: number;
  readonly status: 'draft';
}

/**
 * The drafts of every procedure (also of those never published), for administrators. A draft was
 * valid when it was saved, so it normalises without checks.
 */
export async function listDrafts(em: EntityManager, actor: Actor, key?: string | null): Promise<DraftView[]> {
  authorize(actor, 'definitions.edit');
  const rows = await em.find(ProcedureVersion, { status: 'draft', ...(key ? { procedureKey: key } : {}) }, { orderBy: { procedureKey: 'asc' } });
  return rows.map((row) => ({ procedure: normaliseProcedure(row.definition as unknown as ProcedureDef), version: row.version, status: 'draft' }));
}

export interface FormPreview {
  /** The form compiled as the server compiles a published one; null while the form itself has problems. */
  readonly form: CompiledForm | null;
  /** Problems of the form only (pointers into the whole definition, e.g. `/form/fields/2/options`). */
  readonly problems: readonly DefinitionProblem[];
}

/**
 * The JSON Schema and UI schema that `value`'s form would have once published, for the designer's
 * live preview of an unsaved definition. Only the form is checked (the stages, actions and gates
 * of a definition being written are often incomplete): it is placed in a minimal valid procedure
 * of the same department and checked with the same validator as a publish. Pure but for
 * authorization.
 */
export function previewForm(registry: Registry, actor: Actor, value: unknown): FormPreview {
  authorize(actor, 'definitions.edit');
  const form = (value as { form?: unknown } | null)?.form;
  const candidate = { ...previewShell(registry, value), form };
  const organisation = { departments: registry.organisation.departments, roles: registry.organisation.roles };
  const siblings = [...registry.procedures.values()].filter((p) => p.key !== candidate.key).map((p) => p.source);
  const problems = validateProcedureValue(candidate, checkContextOf(organisation, siblings))
    .filter((p) => p.pointer === '' ? p.message.includes('"form"') : p.pointer.startsWith('/form'))
    .map((p) => ({ path: p.pointer === '' ? '/form' : p.pointer, message: p.message }));
  if (problems.length > 0) return { form: null, problems };
  return { form: compileForm(normaliseProcedure(candidate as unknown as ProcedureDef)), problems: [] };
}

/** Everything a procedure needs besides its form, valid in any organisation. */
function previewShell(registry: Registry, value: unknown) {
  const department = registry.organisation.departments[0]!.key;
  const label = { en: 'Preview', 'zh-CN': '预览' };
  return {
    key: `${department}.designer-form-preview`,
    department,
    label,
    start: { anyone: true },
    stages: [
      { key: 'open', label, initial: true },
      { key: 'closed', label, final: true },
    ],
    actions: [{ key: 'close', label, from: 'open', to: 'closed', by: { anyone: true } }],
    // Conditions of the form may name the definition's gates (`approvals` fact): keep them when they
    // are well-formed enough to be listed, each required by the shell's action.
    ...gatesOf(value),
  };
}

function gatesOf(value: unknown): { gates?: unknown[]; actions?: unknown[] } {
  const gates = (value as { gates?: unknown } | null)?.gates;
  if (!Array.isArray(gates)) return {};
  const keys = gates.map((g) => (g as { key?: unknown })?.key).filter((k): k is string => typeof k === 'string');
  if (keys.length !== gates.length || keys.length === 0) return {};
  const label = { en: 'Preview', 'zh-CN': '预览' };
  return {
    gates: keys.map((key) => ({ key, label, levels: [{ approvers: { anyone: true } }] })),
    actions: [{ key: 'close', label, from: 'open', to: 'closed', by: { anyone: true }, requires: keys }],
  };
}
