import type { Label } from '../definitions/definition.types.js';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-codes.js';

/** A reason, in both languages; the API picks the caller's. */
export interface LocalizedReason {
  readonly kind: string;
  readonly key: string;
  readonly message: Label;
}

export interface LocalizedFieldError {
  readonly path: string;
  readonly message: Label;
}

/** Thrown by the engine and the services; each factory's message says what to do. */
export const DomainError = {
  validationFailed(fieldErrors: readonly LocalizedFieldError[]): AppError {
    const summary = fieldErrors.map((e) => `${e.path}: ${e.message.en}`).join('; ');
    return new AppError(ErrorCode.VALIDATION_FAILED, `The data is not valid: ${summary}`, { fieldErrors });
  },
  transitionBlocked(action: string, reasons: readonly LocalizedReason[]): AppError {
    const summary = reasons.map((r) => r.message.en).join(' ');
    return new AppError(ErrorCode.TRANSITION_BLOCKED, `"${action}" cannot be taken now. ${summary}`, { reasons });
  },
  versionConflict(expected: number, current: number): AppError {
    return new AppError(
      ErrorCode.VERSION_CONFLICT,
      `The record changed since you read it (you sent version ${expected}, it is now ${current}): reload it and try again.`,
      { currentVersion: current },
    );
  },
  forbidden(message: string): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message);
  },
  notFound(what: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} does not exist, or you may not see it.`);
  },
  badRequest(message: string): AppError {
    return new AppError(ErrorCode.BAD_REQUEST, message);
  },
};
