import type { Actor } from '../engine/engine.types.js';
import { DomainError } from '../errors/domain-errors.js';
import { can, type AuthzAction, type ResourceArgs } from './can.js';

/** `can`, enforced: throws FORBIDDEN with the decision's reason when the actor may not. */
export function authorize<A extends AuthzAction>(actor: Actor, action: A, ...resource: ResourceArgs<A>): void {
  const decision = can(actor, action, ...resource);
  if (!decision.allowed) throw DomainError.forbidden(decision.reason ?? 'You may not do this.');
}
