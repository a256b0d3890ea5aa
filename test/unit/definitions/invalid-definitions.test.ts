import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORGANISATION_FILE, parseDefinitionTexts, validateDefinitionFiles } from '../../../server/src/definitions/definition-set.js';
import type { Problem } from '../../../server/src/definitions/problem.js';
import { readInvalidFixtures, validDefinitionsDir, type InvalidFixture } from '../../support/fixtures.js';

const validFiles = ['organisation.yaml', 'test/expense.yaml', 'test/purchase.yaml'];
const valid = new Map(
  await Promise.all(validFiles.map(async (f) => [f, await readFile(path.join(validDefinitionsDir, f), 'utf8')] as const)),
);

/** A fixture `test.<case>.yaml` holds key `test.<case>`, so it belongs in `test/<case>.yaml`. */
function placed(fixture: string): string {
  return fixture.replace(/^test\./, 'test/');
}

function problemsOf(texts: ReadonlyMap<string, string>): readonly Problem[] {
  const result = validateDefinitionFiles(parseDefinitionTexts(texts));
  return result.ok ? [] : result.problems;
}

/** Every announced problem is reported at its pointer in that file, and nothing else is. */
function expectExactly(problems: readonly Problem[], file: string, fixture: InvalidFixture): void {
  expect(fixture.expected.length, `${fixture.name} announces no problem`).toBeGreaterThan(0);
  expect(problems.map((p) => p.file)).toEqual(problems.map(() => file));
  const actual = problems.map((p) => ({ pointer: p.pointer, message: p.message }));
  expect(actual).toHaveLength(fixture.expected.length);
  for (const expected of fixture.expected) {
    expect(actual).toContainEqual({ pointer: expected.pointer, message: expect.stringContaining(expected.message) });
  }
}

describe('an invalid procedure is reported with its file, pointer and a fix', async () => {
  for (const fixture of await readInvalidFixtures('invalid-procedures')) {
    it(fixture.name, () => {
      const file = placed(fixture.name);
      const problems = problemsOf(new Map([...valid, [file, fixture.text]]));
      expectExactly(problems, file, fixture);
      for (const problem of problems) expect(problem.line, `${problem.pointer} has a line`).toBeGreaterThan(0);
    });
  }
});

describe('an invalid organisation is reported with its pointer', async () => {
  for (const fixture of await readInvalidFixtures('invalid-organisation')) {
    it(fixture.name, () => {
      expectExactly(problemsOf(new Map([[ORGANISATION_FILE, fixture.text]])), ORGANISATION_FILE, fixture);
    });
  }
});

describe('problems are collected, not stopped at the first', () => {
  it('reports the problems of every file in one run, in file and line order', async () => {
    const fixtures = await readInvalidFixtures('invalid-procedures');
    const chosen = fixtures.filter((f) => ['test.unknown-role.yaml', 'test.unknown-field-type.yaml', 'test.unreachable-stage.yaml'].includes(f.name));
    const problems = problemsOf(new Map([...valid, ...chosen.map((f) => [placed(f.name), f.text] as const)]));
    expect(problems.map((p) => `${p.file} ${p.pointer}`)).toEqual([
      'test/unknown-field-type.yaml /form/fields/0/type',
      'test/unknown-role.yaml /actions/1/by/roles/0',
      'test/unreachable-stage.yaml /stages/2',
    ]);
  });

  it('names the organisation file when it is missing', () => {
    const problems = problemsOf(new Map([...valid].filter(([f]) => f !== ORGANISATION_FILE)));
    expect(problems).toEqual([expect.objectContaining({ file: ORGANISATION_FILE, message: expect.stringContaining('does not exist') })]);
  });

  it('refuses a second file with the same procedure key', () => {
    const copy = valid.get('test/purchase.yaml')!;
    const problems = problemsOf(new Map([...valid, ['other/purchase.yaml', copy]]));
    expect(problems).toContainEqual(
      expect.objectContaining({ file: 'test/purchase.yaml', pointer: '/key', message: expect.stringContaining('is already defined in other/purchase.yaml') }),
    );
  });
});
