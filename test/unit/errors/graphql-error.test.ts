import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../server/src/errors/app-error.js';
import { ErrorCode } from '../../../server/src/errors/error-codes.js';
import { toGraphQLError } from '../../../server/src/errors/graphql-error.js';

describe('the translation of errors for clients', () => {
  it('gives an AppError its code and structured extensions', () => {
    const problems = [{ path: '/stages/0', message: 'no stage' }];
    const error = toGraphQLError(new AppError(ErrorCode.INVALID_DEFINITION, 'Refused', { problems }), 'Unexpected error.') as GraphQLError;
    expect(error.message).toBe('Refused');
    expect(error.extensions).toEqual({ code: 'INVALID_DEFINITION', problems });
  });

  it('finds an AppError wrapped by graphql-js in a resolver error', () => {
    const wrapped = new GraphQLError('x', { originalError: new AppError(ErrorCode.NOT_FOUND, 'No record 7'), path: ['record'] });
    const error = toGraphQLError(wrapped, 'Unexpected error.') as GraphQLError;
    expect([error.message, error.extensions.code, error.path]).toEqual(['No record 7', 'NOT_FOUND', ['record']]);
  });

  it('masks anything else: no message, stack or SQL of the original', () => {
    const internal = new Error('insert into "records" violates constraint "records_pkey"');
    const error = toGraphQLError(new GraphQLError(internal.message, { originalError: internal }), 'Unexpected error.') as GraphQLError;
    expect(error.message).toBe('Unexpected error.');
    expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', unexpected: true });
    expect(JSON.stringify(error.toJSON())).not.toContain('records_pkey');
  });
});
