import type { ErrorCode } from './error-codes.js';

/**
 * The base of every error that may reach a client. Its message is written for the person who
 * has to fix the problem; `extensions` carries the structured detail of the contract
 * (fieldErrors, reasons, currentVersion, problems). Anything that is not an AppError is internal
 * and is masked by the API layer.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}
