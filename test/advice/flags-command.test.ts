import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flagsCommand } from '../../lib/cli/flags-command.js';
import { commands } from '../../lib/cli/commands.js';

function capture(): { out: string[]; err: string[]; io: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => out.push(t), err: (t) => err.push(t) } };
}

test('sizefit flags --dataset sample --json: flagged articles with evidence, registered as a command', async () => {
  assert.ok(commands.includes(flagsCommand));
  const c = capture();
  assert.equal(await flagsCommand.run(['--dataset', 'sample', '--json'], c.io), 0);
  const r = JSON.parse(c.out.join('')) as {
    articles: number;
    flagged: number;
    flags: { flag: string; interval: [number, number]; baseline: number; counts: Record<string, number> }[];
  };
  assert.equal(r.flags.length, r.flagged);
  assert.ok(r.flagged > 0 && r.flagged < r.articles);
  for (const f of r.flags) {
    if (f.flag === 'runs-small') assert.ok(f.interval[0] > f.baseline);
    else assert.ok(f.flag === 'runs-large' && f.interval[1] < f.baseline);
  }
  const text = capture();
  assert.equal(await flagsCommand.run(['--dataset', 'sample'], text.io), 0);
  assert.match(text.out[0], /^sample: \d+ articles, \d+ run small, \d+ run large$/);
  await assert.rejects(
    () => flagsCommand.run(['--dataset', 'sample', '--level', 'x'], capture().io),
    /--level must be a number/,
  );
});
