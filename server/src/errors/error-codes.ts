/** The error codes of the GraphQL contract (DESIGN.md). Fixed: external tools rely on them. */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  TRANSITION_BLOCKED: 'TRANSITION_BLOCKED',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  INVALID_DEFINITION: 'INVALID_DEFINITION',
  BAD_REQUEST: 'BAD_REQUEST',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
