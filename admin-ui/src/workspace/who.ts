/**
 * Which fields the signed-in user may edit in the record's stage, read from the definition's
 * `editable` grants (definitions/README.md, "Who" entries). Only shapes the page: the server
 * decides again on every update and refuses a field the user may not write.
 */
import type { SessionUser } from '../shell/session';
import type { Definition, Who } from './queries';

export interface WhoContext {
  readonly user: SessionUser;
  readonly createdBy: string | null;
  readonly assignee: string | null;
  readonly departmentManager: string | null;
  readonly data: Record<string, unknown>;
}

export function matches(who: Who | readonly Who[], ctx: WhoContext): boolean {
  const entries = Array.isArray(who) ? (who as readonly Who[]) : [who as Who];
  return entries.some((entry) => matchesEntry(entry, ctx));
}

function matchesEntry(who: Who, ctx: WhoContext): boolean {
  const { user } = ctx;
  const checks: boolean[] = [];
  if (who.anyone) checks.push(true);
  if (who.roles) checks.push(who.roles.some((r) => user.roles.includes(r)));
  if (who.departments) checks.push(user.department !== null && who.departments.includes(user.department));
  if (who.users) checks.push(who.users.includes(user.username));
  if (who.creator) checks.push(ctx.createdBy === user.id);
  if (who.assignee) checks.push(ctx.assignee === user.id);
  if (who.departmentManager) checks.push(ctx.departmentManager === user.id);
  if (who.userField) checks.push(ctx.data[who.userField] === user.id);
  return checks.length > 0 && checks.every(Boolean);
}

export function writableFields(definition: Definition, stage: string, ctx: WhoContext): Set<string> {
  const grants = definition.stages.find((s) => s.key === stage)?.editable ?? [];
  return new Set(grants.filter((g) => matches(g.by, ctx)).flatMap((g) => g.fields));
}
