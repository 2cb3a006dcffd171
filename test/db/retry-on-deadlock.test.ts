import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryOnDeadlock } from '../../lib/db/retry-on-deadlock.js';

const deadlock = (): Error => Object.assign(new Error('deadlock detected'), { code: '40P01' });

test('retryOnDeadlock runs the transaction again after a deadlock and returns its result', async () => {
  let calls = 0;
  const retries: number[] = [];
  const r = await retryOnDeadlock(
    async () => {
      calls++;
      if (calls < 3) throw deadlock();
      return 'committed';
    },
    4,
    (_e, next) => retries.push(next),
  );
  assert.equal(r, 'committed');
  assert.equal(calls, 3);
  assert.deepEqual(retries, [2, 3]);
});

test('retryOnDeadlock gives up after the last try, and never retries other errors', async () => {
  let calls = 0;
  await assert.rejects(
    retryOnDeadlock(async () => {
      calls++;
      throw deadlock();
    }, 2),
    /deadlock detected/,
  );
  assert.equal(calls, 2);
  calls = 0;
  const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
  await assert.rejects(
    retryOnDeadlock(async () => {
      calls++;
      throw unique;
    }),
    (e) => e === unique,
  );
  assert.equal(calls, 1);
});
