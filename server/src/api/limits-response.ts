import { ErrorCode } from '../errors/error-codes.js';

/** A GraphQL-shaped error for a request refused before GraphQL runs (413, 429). */
export function errorResponse(fetchAPI: { Response: typeof Response }, status: number, message: string, headers: Record<string, string> = {}): Response {
  const body = JSON.stringify({ errors: [{ message, extensions: { code: ErrorCode.BAD_REQUEST } }] });
  return new fetchAPI.Response(body, { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}
