/**
 * Summarises a V8 .cpuprofile (from `npm run bench -- writes --cpu-prof=<dir>`): the functions
 * and the files that used the most CPU, by self time and by total (inclusive) time.
 *
 *   node --import tsx bench/profile-summary.ts <file.cpuprofile> [--top=30] [--match=<text>] [--last=<seconds>]
 *
 * `--last` keeps only the samples of the profile's last seconds: the measured run, without the
 * server's start-up and the benchmark's sign-ins.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '30' }, match: { type: 'string' }, last: { type: 'string' } },
  allowPositionals: true,
});
const profile = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as Profile;
const top = Number(values.top);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfTime = new Map<number, number>();
const end = profile.timeDeltas.reduce((a, b) => a + b, 0);
const from = values.last === undefined ? 0 : end - Number(values.last) * 1e6;
let at = 0;
profile.samples.forEach((id, i) => {
  at += profile.timeDeltas[i] ?? 0;
  if (at >= from) selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...selfTime.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) => url.replace(/^file:\/\/.*?\/(node_modules|server\/src)\//, '$1/').replace(/^file:\/\//, '');
const frameName = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const fileOf = (n: ProfileNode) => {
  const url = shortUrl(n.callFrame.url);
  const pkg = /^node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  return pkg ? `pkg ${pkg}` : url || `(${n.callFrame.functionName})`;
};

const selfByFrame = new Map<string, number>();
const selfByFile = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, time] of selfTime) {
  const node = byId.get(id)!;
  selfByFrame.set(frameName(node), (selfByFrame.get(frameName(node)) ?? 0) + time);
  selfByFile.set(fileOf(node), (selfByFile.get(fileOf(node)) ?? 0) + time);
  // Each frame on the stack gets the sample once, however often it recurs.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const name = frameName(byId.get(at)!);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + time);
  }
}

const print = (title: string, map: Map<string, number>) => {
  console.log(`\n## ${title}`);
  const rows = [...map].filter(([k]) => !values.match || k.includes(values.match)).sort((a, b) => b[1] - a[1]).slice(0, top);
  for (const [name, time] of rows) console.log(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${(time / 1000).toFixed(0).padStart(7)} ms  ${name}`);
};
console.log(`${(total / 1e6).toFixed(1)} s of samples`);
print('self time by package or file', selfByFile);
print('self time by function', selfByFrame);
print('total time by function (inclusive)', inclusive);
