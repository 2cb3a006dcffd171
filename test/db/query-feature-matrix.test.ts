import assert from 'node:assert/strict';
import { DataError, queryFeatureMatrix } from '../../lib/index.js';
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
