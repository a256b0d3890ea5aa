import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { defaultRequestLimits, type RequestLimits } from '../config/config.js';
import { ErrorCode } from '../errors/error-codes.js';
import { errorResponse } from './limits-response.js';
import { useRateLimit } from './rate-limit.js';
import { useRequestShape } from './request-shape.js';

type ArmorConfig = NonNullable<Parameters<typeof EnvelopArmorPlugin>[0]>;
type RejectCallback = NonNullable<NonNullable<ArmorConfig['maxDepth']>['onReject']>[number];

/** What tests may change: any limit, and the clock the rate limiter refills by (milliseconds). */
export interface LimitOptions extends Partial<RequestLimits> {
  readonly now?: () => number;
}

/**
 * The guards in front of execution, in the order a request meets them: the rate limit (429), the
 * body size (413) and its shape (UTF-8, JSON GET parameters, nesting; see request-shape.ts)
 * before the body is parsed, then the token count while parsing, then depth, cost, aliases and
 * directives as validation rules. Every refusal answers BAD_REQUEST before any context is built:
 * no authentication, no database, no resolver.
 */
export function limitPlugins(options: LimitOptions = {}): Plugin[] {
  const limits: RequestLimits = { ...defaultRequestLimits, ...withoutUndefined(options) };
  return [
    useRateLimit({ perSecond: limits.ratePerSecond, burst: limits.rateBurst, now: options.now }),
    useBodyLimit(limits.maxBodyBytes),
    useRequestShape(),
    EnvelopArmorPlugin({
      // Field suggestions stay: the schema is public through introspection, and "Did you mean"
      // is what makes a validation error informative.
      blockFieldSuggestion: { enabled: false },
      maxTokens: { n: limits.maxTokens, exposeLimits: true },
      maxDepth: { n: limits.maxDepth, ...reportAsBadRequest },
      costLimit: { maxCost: limits.maxCost, ...reportAsBadRequest },
      maxAliases: { n: limits.maxAliases, ...reportAsBadRequest },
      maxDirectives: { n: limits.maxDirectives, ...reportAsBadRequest },
    }) as Plugin,
  ];
}

/**
 * graphql-armor words its refusals as syntax errors and, by default, throws them out of
 * validation. Reporting them to the validation context instead lists them with the other
 * validation errors, coded BAD_REQUEST, without the misleading prefix; yoga's createGraphQLError
 * makes it of the graphql build yoga uses, which keeps `extensions.http` out of the answer. (The
 * token limit runs in the parser, where no context exists: it throws a syntax error, which
 * graphql-error.ts codes.)
 */
const rejectAsBadRequest: RejectCallback = (context, error) => {
  context?.reportError(createGraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: ErrorCode.BAD_REQUEST } }));
};
const reportAsBadRequest = { exposeLimits: true, propagateOnRejection: false, onReject: [rejectAsBadRequest] };

/**
 * Refuses a body over `maxBytes` with 413. A declared Content-Length is trusted (Node's HTTP
 * parser never reads past it); a body without one (chunked) is read up to the limit and handed
 * on as bytes. Applies to every body, file uploads included.
 */
function useBodyLimit(maxBytes: number): Plugin {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (!request.body) return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        const size = Number(declared);
        if (size > maxBytes) endResponse(tooLarge(fetchAPI, maxBytes, size));
        return;
      }
      const bytes = await readAtMost(request.body, maxBytes);
      if (!bytes) return endResponse(tooLarge(fetchAPI, maxBytes));
      setRequest(new fetchAPI.Request(request.url, { method: request.method, headers: request.headers, body: bytes, signal: request.signal }));
    },
  };
}

async function readAtMost(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function tooLarge(fetchAPI: { Response: typeof Response }, maxBytes: number, size?: number): Response {
  const found = size === undefined ? '' : ` (found ${size})`;
  return errorResponse(fetchAPI, 413, `The request body is larger than the limit of ${maxBytes} bytes${found}.`);
}

function withoutUndefined(options: LimitOptions): Partial<RequestLimits> {
  return Object.fromEntries(Object.entries(options).filter(([key, value]) => value !== undefined && key !== 'now'));
}
