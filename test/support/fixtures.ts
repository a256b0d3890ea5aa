import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = path.join(repoRoot, 'test', 'fixtures', 'definitions');
export const validDefinitionsDir = path.join(fixturesDir, 'valid');
export const shippedDefinitionsDir = path.join(repoRoot, 'definitions');

export interface Expectation {
  readonly pointer: string;
  readonly message: string;
}

/** A fixture file and the problems its `# expect: <pointer> | <message part>` lines announce. */
export interface InvalidFixture {
  readonly name: string;
  readonly text: string;
  readonly expected: readonly Expectation[];
}

export async function readInvalidFixtures(kind: 'invalid-procedures' | 'invalid-organisation'): Promise<InvalidFixture[]> {
  const dir = path.join(fixturesDir, kind);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.yaml')).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(path.join(dir, name), 'utf8');
      const expected = [...text.matchAll(/^# expect: ?(.*?) \| (.*)$/gm)].map(([, pointer = '', message = '']) => ({
        pointer: pointer.trim(),
        message: message.trim(),
      }));
      return { name, text, expected };
    }),
  );
}
