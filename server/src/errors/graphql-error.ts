import type { GraphQLError } from 'graphql';
import { createGraphQLError, maskError } from 'graphql-yoga';
import { AppError } from './app-error.js';

/**
 * The one translation from domain errors to GraphQL errors. An AppError keeps its message and
 * becomes `extensions.code` plus its structured extensions. Anything else goes to yoga's own
 * masking, never in development mode: GraphQL's own errors (syntax, validation) pass, and every
 * other error becomes "Unexpected error." with no stack, SQL or message of the original.
 */
export function toGraphQLError(error: unknown, message: string): Error {
  const wrapped = error as Partial<GraphQLError>;
  const original = wrapped.originalError ?? error;
  if (original instanceof AppError) {
    return createGraphQLError(original.message, {
      nodes: wrapped.nodes,
      path: wrapped.path,
      extensions: { code: original.code, ...original.extensions },
    });
  }
  return maskError(error, message, false);
}
