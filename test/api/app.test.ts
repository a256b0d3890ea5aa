import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await createTestApp();
  token = (await t.user('reader', { department: 'sales' })).token;
});
afterAll(async () => {
  await t?.close();
});

describe('the GraphQL endpoint', () => {
  it('answers { __typename }', async () => {
    expect(await t.graphql('{ __typename }')).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it('serves the organisation with labels in the request language', async () => {
    const query = '{ departments { key label parent } roles { key label description } }';
    const zh = await t.graphql(query, { token, headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' } });
    expect(zh.body.data).toEqual({
      departments: [
        { key: 'management', label: '管理层', parent: null },
        { key: 'finance', label: '财务部', parent: 'management' },
        { key: 'sales', label: '销售部', parent: 'management' },
      ],
      roles: [
        { key: 'employee', label: '员工', description: null },
        { key: 'manager', label: '经理', description: null },
        { key: 'finance-officer', label: '财务专员', description: null },
        { key: 'executive', label: '管理层成员', description: null },
      ],
    });
    const en = await t.graphql('{ departments { label } }', { token });
    expect(en.body.data?.departments).toContainEqual({ label: 'Finance' });
  });

  it('lets the locale argument win over Accept-Language, and falls back to English', async () => {
    const result = await t.graphql('{ departments { zh: label(locale: "zh") en: label(locale: "en") fr: label(locale: "fr") } }', {
      token,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect((result.body.data?.departments as unknown[])[1]).toEqual({ zh: '财务部', en: 'Finance', fr: 'Finance' });
  });

  it('asks for a token before it tells anything about the organisation', async () => {
    const result = await t.graphql('{ departments { key } }');
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers a malformed document with an error and no internal detail', async () => {
    const result = await t.graphql('{ departments { key ');
    expect(result.body.data).toBeUndefined();
    expect(result.body.errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(JSON.stringify(result.body)).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('serves GraphiQL to a browser', async () => {
    const response = await t.app.yoga.fetch('http://procedo.test/graphql', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Procedo GraphiQL');
  });
});

describe('health endpoints', () => {
  it('/healthz says the process is up and /readyz that the database answers', async () => {
    expect((await t.app.yoga.fetch('http://procedo.test/healthz')).status).toBe(200);
    expect((await t.app.yoga.fetch('http://procedo.test/readyz')).status).toBe(200);
  });

  it('/readyz answers 503 with no detail once the database is gone', async () => {
    const other = await createTestApp();
    await other.db.close();
    const response = await other.app.yoga.fetch('http://procedo.test/readyz');
    expect(response.status).toBe(503);
    expect(await response.text()).toBe('');
    await other.app.close();
    await other.db.drop().catch(() => undefined);
  });
});
