import type {
  Action, ActionDef, FieldDef, Field, GateDef, Gate, OutcomeDef, Outcome, Procedure, ProcedureDef, RuleDef, Rule, StageDef, Stage,
  Who, WhoList,
} from './definition.types.js';
import { fromList, outcomesOf } from './procedure.checker.js';

/** Pure: turns a valid authored definition into the one form everything downstream reads. */
export function normaliseProcedure(def: ProcedureDef): Procedure {
  return {
    key: def.key,
    department: def.department,
    label: def.label,
    description: def.description,
    start: whoList(def.start),
    readers: def.readers ? whoList(def.readers) : [],
    fields: def.form.fields.map(normaliseField),
    stages: def.stages.map(normaliseStage),
    actions: def.actions.map(normaliseAction),
    gates: (def.gates ?? []).map(normaliseGate),
    rules: (def.rules ?? []).map(normaliseRule),
    unique: def.unique ?? [],
    initialStage: def.stages.find((s) => s.initial)!.key,
    source: def,
  };
}

export function whoList(who: Who): WhoList {
  return Array.isArray(who) ? who : [who as Exclude<Who, readonly unknown[]>];
}

function normaliseField(field: FieldDef): Field {
  return {
    ...field,
    required: field.required ?? false,
    readers: field.readers ? whoList(field.readers) : undefined,
    columns: field.columns?.map(normaliseField),
  };
}

function normaliseOutcome(outcome: OutcomeDef): Outcome {
  return outcome.to ? { ...outcome, to: whoList(outcome.to) } : { ...outcome, to: undefined };
}

function normaliseStage(stage: StageDef): Stage {
  return {
    ...stage,
    initial: stage.initial ?? false,
    final: stage.final ?? false,
    responsible: stage.responsible ? whoList(stage.responsible) : [],
    editable: (stage.editable ?? []).map((grant) => ({ fields: grant.fields, by: whoList(grant.by) })),
    requires: stage.requires ?? [],
    onEnter: (stage.onEnter ?? []).map(normaliseOutcome),
  };
}

function normaliseAction(action: ActionDef): Action {
  return { ...action, ...actionParts(action) };
}

function actionParts(action: ActionDef) {
  return {
    from: fromList(action.from),
    by: whoList(action.by),
    requires: action.requires ?? [],
    comment: action.comment ?? ('none' as const),
    recheck: action.recheck ?? [],
  };
}

function normaliseGate(gate: GateDef): Gate {
  return {
    ...gate,
    selfApproval: gate.selfApproval ?? false,
    reopenOn: gate.reopenOn ?? [],
    exclude: gate.exclude ? whoList(gate.exclude) : [],
    distinctApprovers: gate.distinctApprovers ?? false,
    keepOnReentry: gate.keepOnReentry ?? false,
    levels: gate.levels.map((level, i) => ({
      ...level,
      key: level.key ?? `level-${i + 1}`,
      exclude: level.exclude ? whoList(level.exclude) : [],
      approvers: whoList(level.approvers),
      quorum: level.quorum ?? 'any',
    })),
  };
}

function normaliseRule(rule: RuleDef): Rule {
  return {
    ...rule,
    on: { actions: rule.on?.actions ?? [], events: rule.on?.events ?? [] },
    then: outcomesOf(rule.then).map(normaliseOutcome),
  };
}
