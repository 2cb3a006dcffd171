import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataError, queryFeatureMatrix, type Database } from '../../lib/index.js';
import { engineTest } from './engines.js';

engineTest('queryFeatureMatrix reads numbers, booleans, NULL and decimal text', async (db) => {
  const m = await queryFeatureMatrix(
    db,
    `SELECT '1e3'::text AS a, '-2.5'::text AS b, '+.5'::text AS c, 12.50::numeric AS d, true AS e,
            NULL::text AS f, 7::int8 AS g, '5.'::text AS h, '-1E-3'::text AS i, 0.25::float8 AS j`,
  );
  assert.deepEqual(m.names, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']);
  assert.deepEqual(Array.from(m.data), [1000, -2.5, 0.5, 12.5, 1, NaN, 7, 5, -0.001, 0.25]);
});

engineTest('queryFeatureMatrix refuses text that is not a finite decimal, naming row and column', async (db) => {
  // Before: '' and ' ' were read as 0 and '0x10' as 16 (Number()).
  for (const text of ['', ' ', '0x10', '0b1', 'abc', '1,5', ' 1', 'NaN', 'Infinity', '-Infinity', '1e400', '1e']) {
    await assert.rejects(
      queryFeatureMatrix(db, `SELECT v FROM (VALUES (1, '1'), (2, $1::text)) t(k, v) ORDER BY k`, [text]),
      (e: unknown) =>
        e instanceof DataError &&
        e.message === `query result row 1, column 'v': ${JSON.stringify(text)} is not a finite decimal number`,
      JSON.stringify(text),
    );
  }
  // numeric NaN and infinity come as text too
  await assert.rejects(queryFeatureMatrix(db, `SELECT 'NaN'::numeric AS n`), /row 0, column 'n': "NaN" is not/);
});

engineTest('int8 beyond 2^53 comes back as a JS number on both engines, rounded as pg rounds it', async (db) => {
  // Before: PGlite gave a BigInt beyond 2^53 (pg a number), and queryFeatureMatrix then failed with a plain
  // TypeError ("Do not know how to serialize a BigInt") instead of reading it.
  const r = await db.query<{ big: unknown; neg: unknown; small: unknown }>(
    `SELECT 9007199254740993::int8 AS big, (-9007199254740993)::int8 AS neg, 42::int8 AS small`,
  );
  assert.deepEqual(r.rows[0], { big: 2 ** 53, neg: -(2 ** 53), small: 42 });
  const m = await queryFeatureMatrix(db, `SELECT 9007199254740993::int8 AS x`);
  assert.deepEqual(Array.from(m.data), [2 ** 53]);
});

engineTest('queryFeatureMatrix refuses float8 NaN and infinities, naming row and column', async (db) => {
  // Before: float8 NaN read as a missing value and an infinity as itself, while the same values as text were refused.
  for (const v of ['NaN', 'Infinity', '-Infinity']) {
    await assert.rejects(
      queryFeatureMatrix(db, `SELECT v FROM (VALUES (1, 1::float8), (2, $1::float8)) t(k, v) ORDER BY k`, [v]),
      (e: unknown) =>
        e instanceof DataError && e.message === `query result row 1, column 'v': ${v} is not a finite decimal number`,
      v,
    );
  }
});

test('queryFeatureMatrix names row and column of a BigInt, a date or an object a database gives', async () => {
  // Before: a BigInt made the message itself fail (JSON.stringify of a BigInt: a plain TypeError).
  for (const [value, shown] of [
    [2n ** 60n, `${2n ** 60n}n (a BigInt)`],
    [new Date(0), 'a date'],
    [{ a: 1 }, 'an object'],
    [[1, 2], 'an array'],
  ] as const) {
    const fake = {
      engine: 'pglite',
      schema: undefined,
      query: () =>
        Promise.resolve({ rows: [{ x: 1 }, { x: value }], rowCount: 2, fields: [{ name: 'x', dataTypeID: 20 }] }),
    } as unknown as Database;
    await assert.rejects(
      queryFeatureMatrix(fake, 'SELECT x'),
      (e: unknown) =>
        e instanceof DataError &&
        e.message === `query result row 1, column 'x': ${shown} is not a finite decimal number`,
      shown,
    );
  }
});
