import type { GraphQLError } from 'graphql';
import { createGraphQLError, maskError, type Plugin } from 'graphql-yoga';
import { AppError } from './app-error.js';
import { ErrorCode } from './error-codes.js';

const contractCodes: ReadonlySet<unknown> = new Set(Object.values(ErrorCode));

/**
 * The one translation from errors to what a client sees (yoga's `maskError`):
 * - an AppError keeps its message and becomes `extensions.code` plus its structured extensions;
 * - GraphQL's complaints about the request itself (syntax, validation, variables, the HTTP body)
 *   keep their informative message and are coded BAD_REQUEST;
 * - everything else is internal: "Unexpected error." with no stack, SQL or message of the
 *   original (yoga logs the original), including GraphQL's own errors about a result, such as a
 *   non-null field that resolved to null.
 *
 * Internal errors keep yoga's code INTERNAL_SERVER_ERROR. DESIGN's codes are the ones a caller
 * can act on; this one says "not your request, our fault", which a client should tell apart
 * from BAD_REQUEST (retry or report rather than fix the request), and it is the code GraphQL
 * servers and clients (Apollo, yoga) already use for it.
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
  if (isGraphQLError(error) && isGraphQLOwn(error)) {
    if (error.path === undefined) return asBadRequest(error);
    if (contractCodes.has(error.extensions.code)) return error;
    return createGraphQLError(message, { nodes: error.nodes, path: error.path, extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true } });
  }
  return maskError(error, message, false);
}

/**
 * Codes the validation errors, which yoga returns without passing them through `maskError`.
 * Registered before yoga's own validation hook, which then keeps the code set here.
 */
export function useRequestErrorCodes(): Plugin {
  return {
    onValidate: () => ({ result }) => {
      for (const error of result) asBadRequest(error);
    },
  };
}

/**
 * By name, not `instanceof`: graphql 16 ships both a CommonJS and an ES module build, and yoga
 * and our code may load different ones (vitest does), each with its own GraphQLError class.
 */
function isGraphQLError(error: unknown): error is GraphQLError {
  return error instanceof Error && error.name === 'GraphQLError';
}

/** Raised by GraphQL or yoga themselves, not wrapping anything thrown by our code or a library. */
function isGraphQLOwn(error: GraphQLError): boolean {
  const cause = error.originalError;
  return cause == null || (isGraphQLError(cause) && isGraphQLOwn(cause));
}

/**
 * Changes the error in place: a new error would make yoga log the client's mistake as a server
 * failure. The JSON parser's own message (`originalError` of an unreadable body) is dropped, the
 * message says enough; yoga chose 400 over 200 by its presence, so the status is kept explicitly.
 */
function asBadRequest(error: GraphQLError): GraphQLError {
  const extensions = error.extensions as Record<string, unknown>;
  if (!contractCodes.has(extensions.code)) extensions.code = ErrorCode.BAD_REQUEST;
  if ('originalError' in extensions) {
    delete extensions.originalError;
    extensions.http = { ...(extensions.http as object | undefined), spec: false };
  }
  return error;
}
