import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors/error-codes.js';
import { errorResponse } from './limits-response.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Brackets, braces and parentheses a document may nest; the selection depth limit is far lower. */
export const MAX_DOCUMENT_NESTING = 200;

/**
 * Refusals of malformed requests that the libraries below would otherwise answer with an
 * internal error (500) or accept silently, each BAD_REQUEST:
 * - a JSON or GraphQL body that is not valid UTF-8 (400). JSON text must be UTF-8 (RFC 8259);
 *   decoded leniently, each bad byte would become U+FFFD and be stored in a record as if the
 *   client had sent it. Multipart bodies (file uploads) carry bytes and are left alone.
 * - a GET whose `variables` or `extensions` parameter is not JSON (yoga's own parser throws);
 * - a document nesting deeper than MAX_DOCUMENT_NESTING: GraphQL's parser recurses per level and
 *   overflows the stack before the token limit ends the parse.
 * Runs after the body limit, so it never reads more than that limit allows.
 */
export function useRequestShape(): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.method === 'GET') {
        const problem = getParamsProblem(new URL(request.url).searchParams);
        if (problem) endResponse(errorResponse(fetchAPI, 400, problem));
        return;
      }
      if (!request.body || !isTextBody(request.headers.get('content-type'))) return;
      const bytes = new Uint8Array(await request.arrayBuffer());
      try {
        strictUtf8.decode(bytes);
      } catch {
        return endResponse(errorResponse(fetchAPI, 400, 'The request body is not valid UTF-8: send JSON encoded as UTF-8.'));
      }
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: bytes, signal: request.signal }));
    },
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (nestingOf(source) > MAX_DOCUMENT_NESTING) {
        throw createGraphQLError(`The document nests brackets deeper than ${MAX_DOCUMENT_NESTING} levels.`, { extensions: { code: ErrorCode.BAD_REQUEST } });
      }
    },
  };
}

function isTextBody(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === '' || type.endsWith('/json') || type.endsWith('+json') || type === 'application/graphql';
}

function getParamsProblem(params: URLSearchParams): string | undefined {
  for (const name of ['variables', 'extensions']) {
    const value = params.get(name);
    if (value === null || value === '') continue;
    try {
      JSON.parse(value);
    } catch {
      return `The "${name}" parameter is not valid JSON.`;
    }
  }
  return undefined;
}

/** The deepest nesting of (), [] and {} outside strings and comments. Linear; never recurses. */
function nestingOf(source: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < source.length; i += 1) {
    const c = source[i];
    if (c === '"') {
      const block = source.startsWith('"""', i);
      const end = block ? source.indexOf('"""', i + 3) : endOfString(source, i + 1);
      if (end === -1) break;
      i = block ? end + 2 : end;
    } else if (c === '#') {
      const end = source.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === '{' || c === '[' || c === '(') {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (c === '}' || c === ']' || c === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

function endOfString(source: string, from: number): number {
  for (let i = from; i < source.length; i += 1) {
    if (source[i] === '\\') i += 1;
    else if (source[i] === '"' || source[i] === '\n') return i;
  }
  return -1;
}
