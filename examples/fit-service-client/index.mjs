#!/usr/bin/env node
// A service's view of sizefit: install the library, load an exported model directory, predict.
//
//   node index.mjs MODEL_DIR RECORDS.jsonl [--via-service]
//
// Prints one CSV row per record, as `sizefit predict` writes them: line,p_small,p_fit,p_large,label.
// With --via-service the same records go through the HTTP service (started in process on an ephemeral
// loopback port, POST /v1/fit-predictions in batches of at most 1,000 records, the service's default limit,
// then a graceful stop) instead of calling the model directly; the service's notes on values it could not read
// go to stderr. In both modes a line that is not a JSON object (malformed JSON, an array, a number) is left out,
// as `sizefit predict` leaves it out, with a note on stderr.
import { readFileSync } from 'node:fs';
import {
  FitService,
  fileReadOptions,
  findDuplicateJsonKeys,
  loadModel,
  parseFitData,
  recordFormatOf,
  startFitServer,
} from 'sizefit';

const [dir, recordsPath, mode] = process.argv.slice(2);
if (!dir || !recordsPath) {
  console.error('usage: node index.mjs MODEL_DIR RECORDS.jsonl [--via-service]');
  process.exit(2);
}
const text = readFileSync(recordsPath, 'utf8');

/**
 * The lines the file reader makes records of, with their 1-based line numbers: not blank, and a JSON object (a byte
 * order mark before it is no part of it). Any other line is left out, as the reader leaves it out, and said on
 * stderr by its line number and shape only (a record's text holds ids and body measurements).
 */
function recordLines(text) {
  const kept = [];
  text.split('\n').forEach((raw, i) => {
    const l = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (l.trim() === '') return;
    const line = i + 1;
    let value;
    try {
      value = JSON.parse(l);
    } catch {
      console.error(`note: line ${line}: not valid JSON: left out`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const type = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      console.error(`note: line ${line}: JSON ${type}, not an object: left out`);
      return;
    }
    kept.push({ l, line });
  });
  return kept;
}

/**
 * A line as the file reader reads it: a key given twice with different values is missing (JSON.parse would keep
 * the last value), so the service sees the record the file reader sees.
 */
function asRecord(line) {
  const record = JSON.parse(line);
  for (const d of findDuplicateJsonKeys(line, Infinity, true)) if (d.path === '$') record[d.key] = null;
  return record;
}

// Both modes read the same lines and say the same of those left out.
const lines = recordLines(text);

const rows = [];
if (mode === '--via-service') {
  const service = await FitService.load(dir);
  const server = await startFitServer(service, { port: 0, log: () => {} });
  try {
    for (let s = 0; s < lines.length; s += 1000) {
      const part = lines.slice(s, s + 1000);
      const res = await fetch(`${server.url}/v1/fit-predictions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // "badValues": "missing" reads each record as the file reader reads a line (a value it cannot read is
        // missing, an unknown key ignored), so both paths score the same; the service lists what it left out.
        body: JSON.stringify({ records: part.map(({ l }) => asRecord(l)), badValues: 'missing' }),
      });
      const body = await res.json();
      if (res.status !== 200) throw new Error(`service answered ${res.status}: ${JSON.stringify(body)}`);
      for (const n of body.notes)
        console.error(
          `note: ${n.path.replace(/^\$\.records\[(\d+)\]/, (_, i) => `line ${part[Number(i)].line}`)}: ${n.reason}`,
        );
      body.probabilities.forEach((p, i) => rows.push([part[i].line, ...p, body.labels[i]]));
    }
  } finally {
    await server.close();
  }
} else {
  const { model, manifest } = await loadModel(dir);
  // Read the records as `sizefit predict` and the service read them for this model (fileReadOptions): in the format
  // and with the extra fields of its training data, or, for training data in no record format (generated synthetic
  // data), in the format the records' own fields show, with every column.
  const options = fileReadOptions(recordFormatOf(manifest));
  const { dataset } = parseFitData(text, { ...options, keepUnlabeled: true, keepMissingIds: true });
  const P = model.predictProba(dataset);
  const k = model.classes.length;
  for (let i = 0; i < dataset.length; i++) {
    const p = Array.from(P.subarray(i * k, i * k + k));
    rows.push([dataset.lineNumbers[i], ...p, model.classes[p.indexOf(Math.max(...p))]]);
  }
}
console.log('line,p_small,p_fit,p_large,label');
for (const r of rows) console.log(r.join(','));
