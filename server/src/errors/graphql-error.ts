import { GraphQLError } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import { AppError } from './app-error.js';

/**
 * The one translation from domain errors to GraphQL errors. An AppError keeps its message and
 * becomes `extensions.code` plus its structured extensions; anything else is internal and is
 * replaced by a generic message (the original is logged, never sent).
 */
export function toGraphQLError(error: unknown, message: string): GraphQLError {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof AppError) {
    return createGraphQLError(original.message, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
      extensions: { code: original.code, ...original.extensions },
    });
  }
  if (error instanceof GraphQLError && !error.originalError) return error;
  return createGraphQLError(message, {
    ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path } : {}),
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  });
}
