import type { RequestContext } from '../api/context.js';
import { pickLabel } from '../api/locale.js';
import type { Label } from '../definitions/definition.types.js';
import type { Actor } from '../engine/engine.types.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-codes.js';

/** The actor of a request that needs one; UNAUTHENTICATED without a token. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.auth) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in first: send "Authorization: Bearer <token>" (a token from login or createApiToken).');
  return ctx.auth.actor;
}

/** A label in the `locale` argument's language, else the request's. */
export function localized(label: Label | undefined | null, locale: string | null | undefined, ctx: RequestContext): string | null {
  return label ? pickLabel(label, locale ?? ctx.locale) : null;
}
