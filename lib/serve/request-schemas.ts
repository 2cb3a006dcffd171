import type { FieldKind, FieldSpec, FitDataFormat } from '../data/fit-data-formats.js';
import { FIT_DATA_FORMATS, SIZE_RANGE } from '../data/fit-data-formats.js';
import type { JsonSchema } from './json-schema.js';
import type { ServiceLimits } from './service-limits.js';

const KIND_TYPES: Record<FieldKind, JsonSchema['type'] | undefined> = {
  id: ['string', 'number', 'null'],
  category: ['string', 'number', 'boolean', 'null'],
  fit: ['string', 'null'],
  number: ['number', 'string', 'null'],
  band: ['number', 'string', 'null'],
  range: ['number', 'string', 'null'],
  height: ['string', 'null'],
  weight: ['string', 'null'],
  date: ['string', 'null'],
  'bust-size': ['string', 'number', 'null'],
  cup: ['string', 'number', 'null'],
  drop: undefined,
};

const KIND_HINT: Partial<Record<FieldKind, string>> = {
  height: `expected a height string such as "5' 8\\"" or "5ft 6in"`,
  weight: 'expected a weight string such as "137lbs"',
  date: 'expected a date string such as "April 20, 2016"',
  'bust-size': 'expected a bust size such as "34d"',
};

/**
 * The deepest nesting of arrays and objects the lenient mode lets through in a record's value. The records are
 * written out as JSON lines for the record parser, and `JSON.stringify` overflows the call stack on some thousands of
 * levels (a 500 before); no field is read from a nested value, so a few levels are all a record ever needs.
 */
const MAX_LENIENT_VALUE_DEPTH = 64;

/**
 * Any JSON value, nested ones (objects, arrays, at most {@link MAX_LENIENT_VALUE_DEPTH} levels) included, strings
 * within the string limit: what the lenient mode lets through to the record parser, which reads a value of the wrong
 * type as missing and ignores an unknown key, as `sizefit predict` reads a line of a file.
 */
function anyValue(limits: Pick<ServiceLimits, 'maxStringLength'>): JsonSchema {
  return { maxLength: limits.maxStringLength, maxDepth: MAX_LENIENT_VALUE_DEPTH };
}

/**
 * Review texts (`drop` fields) are read and dropped: strings of any length within the body limit, never nested
 * values. `lenient` lets any value through (nested at most {@link MAX_LENIENT_VALUE_DEPTH} levels), as the file
 * reader drops those too.
 */
function droppedValue(lenient: boolean): JsonSchema {
  return lenient ? { maxDepth: MAX_LENIENT_VALUE_DEPTH } : { type: ['string', 'null'] };
}

/**
 * The JSON schema of one record in the dataset's own format (a line of the RentTheRunway or ModCloth file,
 * plus the dataset's declared extra fields): every key optional, unknown keys rejected, values of the JSON
 * types the record parser reads. Values are parsed afterwards by the record parser. Given several formats (a model
 * whose training data is in no record format reads records in the format their fields show), the keys of each are
 * known; which format the records are in is the record parser's to tell.
 *
 * With `lenient` (the request's `"badValues": "missing"`), a record is taken as a line of a dataset file is:
 * unknown keys and values of another type (a number as review text, an array or object anywhere included) are let
 * through to the record parser, which ignores the former and reads the latter as missing; only over-long strings
 * and values nested more than 64 levels deep are still refused. Review texts are never over-long (in either mode):
 * only the body limit bounds them.
 */
export function recordSchema(
  format: FitDataFormat | readonly FitDataFormat[],
  extraFields: Readonly<Record<string, 'number' | 'category'>> = {},
  limits: Pick<ServiceLimits, 'maxStringLength'>,
  lenient = false,
): JsonSchema {
  const specs = formatSpecs(format);
  if (lenient) {
    const known: Record<string, JsonSchema> = {};
    for (const f of specs) known[f.key] = f.kind === 'drop' ? droppedValue(true) : anyValue(limits);
    for (const k of Object.keys(extraFields)) known[k] = anyValue(limits);
    return { type: 'object', properties: known, additionalProperties: anyValue(limits) };
  }
  const properties: Record<string, JsonSchema> = {};
  for (const f of specs) {
    const type = KIND_TYPES[f.kind];
    properties[f.key] =
      f.kind === 'drop'
        ? droppedValue(false)
        : {
            type,
            maxLength: limits.maxStringLength,
            ...(f.kind === 'fit' ? { enum: ['small', 'fit', 'large', null] } : {}),
            ...(KIND_HINT[f.kind] !== undefined ? { description: KIND_HINT[f.kind] } : {}),
          };
  }
  for (const [k, t] of Object.entries(extraFields)) {
    properties[k] = {
      type: t === 'number' ? ['number', 'string', 'boolean', 'null'] : ['string', 'number', 'boolean', 'null'],
      maxLength: limits.maxStringLength,
    };
  }
  return { type: 'object', properties, additionalProperties: false };
}

/**
 * The field specs of `format` (or of each of several formats, a key they share once: the formats give a shared key
 * the same kind).
 */
function formatSpecs(format: FitDataFormat | readonly FitDataFormat[]): FieldSpec[] {
  const formats: readonly FitDataFormat[] = typeof format === 'string' ? [format] : format;
  const specs = new Map<string, FieldSpec>();
  for (const f of formats) for (const spec of FIT_DATA_FORMATS[f]) if (!specs.has(spec.key)) specs.set(spec.key, spec);
  return [...specs.values()];
}

/** What `POST /v1/fit-predictions` does with a value it cannot read (`badValues`, default `error`). */
export const BAD_VALUE_POLICIES = ['error', 'missing'] as const;

/**
 * Schema of the body of `POST /v1/fit-predictions`: `{"records": [record, ...], "badValues"?: "error" | "missing"}`.
 */
export function fitPredictionsSchema(record: JsonSchema, limits: ServiceLimits): JsonSchema {
  return {
    type: 'object',
    required: ['records'],
    additionalProperties: false,
    properties: {
      records: { type: 'array', minItems: 1, maxItems: limits.maxRecords, items: record },
      badValues: { type: 'string', enum: [...BAD_VALUE_POLICIES] },
    },
  };
}

/**
 * Schema of the body of `POST /v1/size-recommendations`:
 * `{"requests": [{"customer", "item", "sizes"?, "labels"?, "body"?}], "minFitProbability"?}` where `body` is
 * a partial record in the dataset's format (customer body fields, article category...). `customer` and `item` are
 * strings or numbers; the service reads them as it reads a record's `user_id` and `item_id`.
 */
export function sizeRecommendationsSchema(record: JsonSchema, limits: ServiceLimits): JsonSchema {
  // Only the JSON type here: the record parser reads the ids afterwards, as it reads user_id and item_id (a string
  // trimmed, a number past 2^53 refused), so that both endpoints read an id alike.
  const id: JsonSchema = { type: ['string', 'number'], maxLength: limits.maxStringLength };
  return {
    type: 'object',
    required: ['requests'],
    additionalProperties: false,
    properties: {
      requests: {
        type: 'array',
        minItems: 1,
        maxItems: limits.maxRecommendations,
        items: {
          type: 'object',
          required: ['customer', 'item'],
          additionalProperties: false,
          properties: {
            customer: id,
            item: id,
            sizes: {
              type: 'array',
              maxItems: limits.maxSizes,
              items: { type: 'number', minimum: SIZE_RANGE.min, maximum: SIZE_RANGE.max },
            },
            labels: {
              type: 'array',
              maxItems: limits.maxSizes,
              items: { type: 'string', maxLength: limits.maxStringLength },
            },
            body: record,
          },
        },
      },
      minFitProbability: { type: 'number', minimum: 0, maximum: 1 },
    },
  };
}
