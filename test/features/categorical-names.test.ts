// The one-hot steps give distinct output names: a category literally named '__unknown__' (or any other clash)
// used to give two columns of one name, which consumers that match columns by name (GBDT, logistic regression,
// the imputer) could read as each other.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BodyFeatures,
  CategoricalFeatures,
  FeaturePipeline,
  InvalidArgumentError,
  ModelFormatError,
  OneHotEncoder,
  matrixFromRows,
  matrixToRows,
  SimpleImputer,
  type EstimatorJSON,
} from '../../lib/index.js';
import { datasetFromRecords } from './make-dataset.js';

/** Asserts that `names` has no repeats. */
function distinct(names: string[]): void {
  assert.equal(new Set(names).size, names.length, `repeated names in ${JSON.stringify(names)}`);
}

/** Asserts that `load()` throws a ModelFormatError whose message matches `re`. */
function refused(load: () => unknown, re: RegExp): void {
  assert.throws(load, (e: unknown) => e instanceof ModelFormatError && re.test(e.message), String(re));
}

/** A JSON round trip of a saved state. */
function saved(json: EstimatorJSON): Record<string, unknown> {
  return JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
}

const hostile = datasetFromRecords([
  { rented_for: '__unknown__' },
  { rented_for: 'party' },
  { rented_for: '__unknown__' },
]);

test("CategoricalFeatures: a category named '__unknown__' keeps its name; the unseen level becomes '__unknown__#2'", () => {
  const t = new CategoricalFeatures({ columns: ['rented_for'] }).fit(hostile);
  const names = ['rented_for=__unknown__', 'rented_for=party', 'rented_for=__unknown__#2'];
  assert.deepEqual(t.blockNames(), names);
  assert.deepEqual(
    t.featureInfo().map((f) => f.name),
    names,
  );
  assert.match(t.featureInfo()[2].description, /not seen/);
  // The real category sets its own column; an unseen one sets the unseen level's.
  const rows = datasetFromRecords([{ rented_for: '__unknown__' }, { rented_for: 'wedding' }, { rented_for: null }]);
  const X = t.transform(rows);
  assert.deepEqual(X.names, names);
  assert.deepEqual(matrixToRows(X), [
    [1, 0, 0],
    [0, 0, 1],
    [0, 0, 0],
  ]);
  // Saved as version 2 (the names carry a suffix) and loaded back with the same names and values.
  const json = saved(t.toJSON());
  assert.equal(json.version, 2);
  const back = CategoricalFeatures.fromJSON(json);
  assert.deepEqual(back.blockNames(), names);
  assert.deepEqual(back.transform(rows), X);
});

test('CategoricalFeatures: the suffix skips names that are real categories, and clashes across columns', () => {
  const both = datasetFromRecords([{ c: '__unknown__' }, { c: '__unknown__#2' }]);
  assert.deepEqual(new CategoricalFeatures({ columns: ['c'] }).fit(both).blockNames(), [
    'c=__unknown__',
    'c=__unknown__#2',
    'c=__unknown__#3',
  ]);
  // Column 'a' with category 'b=c' and column 'a=b' with category 'c' both make 'a=b=c'.
  const across = datasetFromRecords([
    { a: 'b=c', 'a=b': 'c' },
    { a: 'x', 'a=b': 'c' },
  ]);
  const t = new CategoricalFeatures({ columns: ['a', 'a=b'], unseen: 'ignore' }).fit(across);
  assert.deepEqual(t.blockNames(), ['a=b=c', 'a=x', 'a=b=c#2']);
  assert.deepEqual(matrixToRows(t.transform(across)), [
    [1, 0, 1],
    [0, 1, 1],
  ]);
  // A column listed twice gives its block twice, the second under suffixed names.
  const twice = new CategoricalFeatures({ columns: ['rented_for', 'rented_for'] }).fit(hostile).blockNames();
  distinct(twice);
  assert.deepEqual(twice.slice(3), ['rented_for=__unknown__#3', 'rented_for=party#2', 'rented_for=__unknown__#4']);
});

test('CategoricalFeatures: ordinary names and saved states are unchanged (version 1)', () => {
  const ds = datasetFromRecords([{ rented_for: 'party' }, { rented_for: 'work' }]);
  const t = new CategoricalFeatures({ columns: ['rented_for'] }).fit(ds);
  assert.deepEqual(t.blockNames(), ['rented_for=party', 'rented_for=work', 'rented_for=__unknown__']);
  assert.deepEqual(t.toJSON(), {
    kind: 'categorical-features',
    version: 1,
    unseen: 'unknown',
    minCount: 1,
    levels: [{ column: 'rented_for', categories: ['party', 'work'] }],
  });
  // Without an unseen column, '__unknown__' clashes with nothing: version 1, plain names.
  const ignore = new CategoricalFeatures({ columns: ['rented_for'], unseen: 'ignore' }).fit(hostile);
  assert.equal(ignore.toJSON().version, 1);
  assert.deepEqual(CategoricalFeatures.fromJSON(saved(ignore.toJSON())).blockNames(), [
    'rented_for=__unknown__',
    'rented_for=party',
  ]);
});

test('CategoricalFeatures.fromJSON refuses a version-1 state whose names repeat, naming the fields', () => {
  // What earlier versions saved for a real '__unknown__' category: its column and the unseen level's had one name.
  const old = {
    kind: 'categorical-features',
    version: 1,
    unseen: 'unknown',
    minCount: 1,
    levels: [
      { column: 'category', categories: ['dress'] },
      { column: 'rented_for', categories: ['__unknown__', 'party'] },
    ],
  };
  refused(
    () => CategoricalFeatures.fromJSON(old),
    /^categorical-features: version 1 state: levels\[1\]\.categories\[0\] '__unknown__' and the unseen level of levels\[1\] are both named 'rented_for=__unknown__'/,
  );
  const across = { ...old, unseen: 'ignore', levels: [old.levels[0], { column: 'category', categories: ['dress'] }] };
  refused(
    () => CategoricalFeatures.fromJSON(across),
    /levels\[0\]\.categories\[0\] 'dress' and levels\[1\]\.categories\[0\] 'dress' are both named 'category=dress'/,
  );
  // The same levels saved as version 2 load, with distinct names.
  distinct(CategoricalFeatures.fromJSON({ ...old, version: 2 }).blockNames());
  refused(() => CategoricalFeatures.fromJSON({ ...old, version: 3 }), /format version 3 is not supported/);
});

test("a feature pipeline with an imputer gives distinct names on data with a category named '__unknown__'", () => {
  const ds = datasetFromRecords([
    { height_cm: 160, weight_kg: 55, category: 'dress', rented_for: '__unknown__' },
    { height_cm: 170, weight_kg: null, category: 'gown', rented_for: 'party' },
  ]);
  const pipeline = new FeaturePipeline({
    steps: [new BodyFeatures(), new CategoricalFeatures()],
    post: [new SimpleImputer({ strategy: 'median', addIndicator: true })],
  });
  const X = pipeline.fitTransform(ds);
  distinct(X.names);
  assert.ok(X.names.includes('rented_for=__unknown__#2'));
  const back = FeaturePipeline.fromJSON(saved(pipeline.toJSON()));
  assert.deepEqual(back.transform(ds), pipeline.transform(ds));
});

test('OneHotEncoder: fit refuses input columns that would give one output name, naming them and the name', () => {
  const X = matrixFromRows(
    [
      [1, 1],
      [2, 3],
    ],
    ['a', 'a'],
  );
  assert.throws(
    () => new OneHotEncoder().fit(X),
    (e: unknown) =>
      e instanceof InvalidArgumentError &&
      /^OneHotEncoder: columns 0 and 1 are both named 'a' and would both give the output column 'a=1'/.test(e.message),
  );
  // Under ignore, the shared level 1 still clashes; disjoint levels do not.
  assert.throws(() => new OneHotEncoder({ unseen: 'ignore' }).fit(X), /output column 'a=1'/);
  const disjoint = matrixFromRows(
    [
      [1, 3],
      [2, 4],
    ],
    ['a', 'a'],
  );
  assert.deepEqual(new OneHotEncoder({ unseen: 'ignore' }).fit(disjoint).outputNames, ['a=1', 'a=2', 'a=3', 'a=4']);
  assert.throws(() => new OneHotEncoder().fit(disjoint), /output column 'a=__unknown__'/);
  // A refused refit leaves the earlier fit whole.
  const Y = matrixFromRows([[1], [2]], ['c']);
  const e = new OneHotEncoder().fit(Y);
  assert.throws(() => e.fit(X), InvalidArgumentError);
  assert.deepEqual(e.categories, [[1, 2]]);
  assert.deepEqual(e.transform(Y).names, ['c=1', 'c=2', 'c=__unknown__']);
  // Columns 'a' and 'a=1' do not clash: a value is a number, so 'a=1=1' is column 'a=1''s.
  const near = matrixFromRows(
    [
      [1, 1],
      [2, 3],
    ],
    ['a', 'a=1'],
  );
  assert.deepEqual(new OneHotEncoder().fit(near).outputNames, [
    'a=1',
    'a=2',
    'a=__unknown__',
    'a=1=1',
    'a=1=3',
    'a=1=__unknown__',
  ]);
});

test('OneHotEncoder.fromJSON refuses saved names that give an output name twice, naming the field', () => {
  const json = saved(new OneHotEncoder().fit(matrixFromRows([[1, 1]], ['a', 'b'])).toJSON());
  assert.deepEqual(OneHotEncoder.fromJSON(json).outputNames, ['a=1', 'a=__unknown__', 'b=1', 'b=__unknown__']);
  refused(
    () => OneHotEncoder.fromJSON({ ...json, names: ['a', 'a'] }),
    /^one-hot-encoder: names\[1\] 'a' gives the output name 'a=1' that names\[0\] gives too$/,
  );
  // Under ignore with disjoint levels, repeated names give distinct outputs, as fit allows.
  const ignore = { ...json, unseen: 'ignore', names: ['a', 'a'], levels: [[1], [2]] };
  assert.deepEqual(OneHotEncoder.fromJSON(ignore).outputNames, ['a=1', 'a=2']);
});
