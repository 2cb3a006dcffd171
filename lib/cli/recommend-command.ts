import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, CommandIO } from './command.js';
import { oneDecimal, printable } from '../core/printable.js';
import { hasFlag, optNumber, optString, parseArgs, parseDecimalArg, requireString, type ParsedArgs } from './args.js';
import { plausibleRange, SIZE_RANGE } from '../data/fit-data-formats.js';
import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';
import { parseHeightCm } from '../data/parse-height.js';
import { parseWeightKg } from '../data/parse-weight.js';
import { parseBustSize } from '../data/bust-size.js';
import { plural } from '../core/plural.js';
import type { SizeAdvice, SizeAdviceOptions } from '../advice/size-advice.js';

const USAGE = `sizefit recommend --model DIR --user ID --item ID [--sizes 4,6,8] [--height 5'7"|170cm] [--weight 137lbs|62kg]
                  [--bust 34d|34] [--rule RULE] [--min-fit 0.5] [--json]

  Size advice from a model directory written by \`sizefit train\` (the model and its advice-history.json): scores
  every available size of the article for the customer and prints P(small) / P(fit) / P(large) per size, the
  recommended size, whether the customer falls between two sizes, and the confidence (P(fit) at that size; the
  reason says when P(fit) barely changes with the size, and --json gives that spread as fitSpread); or
  "no advice" with the reason (an unseen customer without body fields; an unseen customer and an unknown article
  together, even with body fields and --sizes; an unknown article without --sizes; or no size likely enough to
  fit).
  --sizes    the available sizes (numbers on the dataset's size scale); default: the sizes seen for the article
  --height, --weight, --bust  body fields (the bust as a bra size or its band): the model scores the sizes with them
             (for a customer with history they replace theirs). For a customer without history, rule usual-shift
             estimates a usual size from the height, weight and bust band (the body-size regression of the training
             rows labelled fit, saved in advice-history.json) and starts from it, as from a known customer's usual
             size; without one of the three (or with a model trained before this or on data without those fields) it
             falls back to max-fit, and the reason says why
  --rule     decision rule: max-fit | usual-shift (default here usual-shift; adviseSizes describes both)
  --min-fit  no advice when P(fit) at the chosen size is below this (default 0.5)
  --json     one JSON object: {model: {dir, name, kind, dataset}, customer, item, customerSeen, articleSeen, usualSize,
             estimatedUsualSize, sizes: [{size, label, small, fit, large}], recommended: {size, label} | null, source,
             confidence, fitSpread, between, noAdvice, reason} (null where there is no value)`;

/** `--sizes`: distinct decimal numbers within the reader's size bounds, separated by commas. */
export function parseSizes(v: string): number[] {
  const words = v.split(',').map((s) => s.trim());
  const sizes = words.map(parseDecimalArg);
  const bad = words.findIndex((w, k) => !Number.isFinite(sizes[k]));
  if (bad >= 0) {
    throw new InvalidArgumentError(
      `--sizes must be numbers separated by commas (e.g. 4,6,8): '${words[bad]}' in '${v}' is not a number`,
    );
  }
  const out = sizes.findIndex((s) => s < SIZE_RANGE.min || s > SIZE_RANGE.max);
  if (out >= 0) {
    throw new InvalidArgumentError(
      `--sizes: ${words[out]} is outside the size range ${SIZE_RANGE.min} to ${SIZE_RANGE.max}`,
    );
  }
  const twice = sizes.findIndex((s, k) => sizes.indexOf(s) !== k);
  if (twice >= 0) throw new InvalidArgumentError(`--sizes: size ${words[twice]} is given more than once`);
  return sizes;
}

/** A body value within the bounds the reader holds the same column to (the service answers 400 outside them). */
function plausible(key: 'height' | 'weight', raw: string, x: number, unit: string): number {
  const range = plausibleRange(key === 'height' ? 'height_cm' : 'weight_kg');
  const min = range?.min ?? -Infinity;
  const max = range?.max ?? Infinity;
  if (x < min || x > max) {
    throw new InvalidArgumentError(
      `--${key} '${raw}' is ${oneDecimal(x)} ${unit}, outside the plausible range ${min} to ${max} ${unit}`,
    );
  }
  return x;
}

/** A required id option: not empty or blank. */
function requireId(args: ParsedArgs, name: string): string {
  const v = requireString(args, name);
  if (v.trim() === '') throw new InvalidArgumentError(`--${name} must not be blank`);
  return v;
}

/** Prints the advice as a table; ids, labels and reasons come from the user and the data, so each line is made printable. */
function printAdvice(a: SizeAdvice, terminal: CommandIO): void {
  const io = { out: (t: string) => terminal.out(printable(t)) };
  const f = (x: number): string => (Number.isNaN(x) ? '   -' : x.toFixed(2));
  io.out('size      P(small)  P(fit)  P(large)');
  a.sizes.forEach((s, k) => {
    const name = a.labels?.[k] !== undefined && a.labels[k] !== String(s) ? `${s} (${a.labels[k]})` : String(s);
    const mark = k === a.index ? '  <- recommended' : '';
    io.out(
      `${name.padEnd(9)} ${f(a.proba[3 * k]).padStart(8)}  ${f(a.proba[3 * k + 1]).padStart(6)}  ${f(a.proba[3 * k + 2]).padStart(8)}${mark}`,
    );
  });
  if (a.index < 0) {
    io.out(`no advice: ${a.reason}`);
    return;
  }
  const label = a.label !== undefined && a.label !== String(a.size) ? ` (${a.label})` : '';
  const conf = Number.isNaN(a.confidence) ? 'unknown' : a.confidence.toFixed(2);
  io.out(`recommended: ${a.size}${label} from the ${a.source}; confidence P(fit) ${conf}`);
  if (a.between !== undefined) io.out(`between sizes: ${a.between.reason}`);
  io.out(`why: ${a.reason}`);
}

/** `sizefit recommend`: the size to advise a customer for an article, from a model directory. */
export const recommendCommand: Command = {
  name: 'recommend',
  summary: 'size advice for a customer and an article from a model directory (per-size fit probabilities)',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, {
      values: ['model', 'user', 'item', 'sizes', 'height', 'weight', 'bust', 'rule', 'min-fit'],
      flags: ['json'],
    });
    const dir = requireString(args, 'model');
    const customer = requireId(args, 'user');
    const item = requireId(args, 'item');
    const sizesArg = optString(args, 'sizes');
    const heightArg = optString(args, 'height');
    const weightArg = optString(args, 'weight');
    const bustArg = optString(args, 'bust');
    const rule = optString(args, 'rule');
    const minFit = optNumber(args, 'min-fit', { min: 0, max: 1 });
    const sizesGiven = sizesArg !== undefined ? parseSizes(sizesArg) : undefined;
    const { ADVICE_RULES, adviseSize } = await import('../advice/size-advice.js');
    if (rule !== undefined && !(ADVICE_RULES as readonly string[]).includes(rule)) {
      throw new InvalidArgumentError(`--rule must be one of ${ADVICE_RULES.join(', ')}, got '${rule}'`);
    }
    const body: Record<string, number | string> = {};
    if (heightArg !== undefined) {
      const h = parseHeightCm(heightArg);
      if (Number.isNaN(h)) throw new InvalidArgumentError(`--height '${heightArg}' is not a height (5'7" or 170cm)`);
      body.height_cm = plausible('height', heightArg, h, 'cm');
    }
    if (weightArg !== undefined) {
      const w = parseWeightKg(weightArg);
      if (Number.isNaN(w)) throw new InvalidArgumentError(`--weight '${weightArg}' is not a weight (137lbs or 62kg)`);
      body.weight_kg = plausible('weight', weightArg, w, 'kg');
    }
    let cupGiven: { cup: number; cupLabel: string } | undefined;
    if (bustArg !== undefined) {
      const b = parseBustSize(bustArg);
      if (b === null)
        throw new InvalidArgumentError(`--bust '${bustArg}' is not a bra size (34d, or the band alone: 34)`);
      const range = plausibleRange('bust_band');
      if (range !== undefined && (b.band < range.min || b.band > range.max)) {
        throw new InvalidArgumentError(
          `--bust '${bustArg}' has the band ${b.band}, outside the plausible range ${range.min} to ${range.max}`,
        );
      }
      body.bust_band = b.band;
      if (b.cupLabel !== '') cupGiven = b;
    }
    const { loadModel } = await import('../export/load-model.js');
    const { ADVICE_HISTORY_FILE, parseAdviceHistory } = await import('../advice/load-advice-history.js');
    // The directory is verified once: the history's bytes are the ones checked with it, parsed as read.
    const { model, manifest, dir: root, files } = await loadModel(dir, { read: [ADVICE_HISTORY_FILE] });
    const historyPath = join(root, ADVICE_HISTORY_FILE);
    const historyBytes = files?.get(ADVICE_HISTORY_FILE);
    if (historyBytes === undefined) {
      // A history that is present but unlisted is unchecked: an entry removed from the manifest must not switch
      // the checksum off silently.
      if (existsSync(historyPath)) {
        throw new ModelFormatError('is in the model directory but not listed in its manifest', historyPath);
      }
      throw new ModelFormatError(
        'has no advice-history.json (saved without one): retrain it with `sizefit train` to get size advice',
        dir,
      );
    }
    const history = parseAdviceHistory(historyBytes, historyPath);
    // The cup of --bust 34d, as the service reads "bust size": where the history has the columns (it would otherwise
    // be refused as no column of the data; a band alone leaves the customer's own cup).
    if (cupGiven !== undefined) {
      if (history.data.has('cup')) body.cup = cupGiven.cup;
      if (history.data.has('cup_label')) body.cup_label = cupGiven.cupLabel;
    }
    const sizes = sizesGiven ?? history.articleSizes(item);
    const labels = history.sizeLabels(item, sizes) ?? sizes.map(String);
    const options: SizeAdviceOptions = {
      rule: (rule ?? 'usual-shift') as SizeAdviceOptions['rule'],
      ...(minFit !== undefined ? { minFitProbability: minFit } : {}),
    };
    const advice = adviseSize(
      model,
      history,
      { customer, item, sizes, labels, ...(Object.keys(body).length > 0 ? { body } : {}) },
      options,
    );
    if (advice.noAdvice === 'no-sizes' && sizesArg === undefined) {
      advice.reason = `the article '${item}' has no sizes in the model's history: pass --sizes`;
    }
    if (hasFlag(args, 'json')) {
      io.out(
        JSON.stringify({
          model: { dir, name: manifest.model, kind: manifest.kind, dataset: manifest.dataset.name },
          customer,
          item,
          customerSeen: advice.customerSeen,
          articleSeen: advice.articleSeen,
          usualSize: nullIfNaN(history.customerUsualSize(customer)),
          estimatedUsualSize: advice.estimatedUsualSize ?? null,
          sizes: sizes.map((s, k) => ({
            size: s,
            label: labels[k],
            small: nullIfNaN(advice.proba[3 * k]),
            fit: nullIfNaN(advice.proba[3 * k + 1]),
            large: nullIfNaN(advice.proba[3 * k + 2]),
          })),
          recommended: advice.index < 0 ? null : { size: advice.size, label: labels[advice.index] },
          source: advice.source,
          confidence: nullIfNaN(advice.confidence),
          fitSpread: nullIfNaN(advice.fitSpread),
          between: advice.between ?? null,
          noAdvice: advice.noAdvice ?? null,
          reason: advice.reason,
        }),
      );
      return 0;
    }
    const usual = history.customerUsualSize(customer);
    const purchases = (rows: readonly number[]): string => plural(rows.length, 'purchase');
    const seenCustomer = `${purchases(history.customerRows(customer))}, ${Number.isNaN(usual) ? 'no usual size' : `usual size ${usual}`}`;
    io.out(
      printable(
        `model ${dir} (${manifest.model}, ${manifest.kind}, trained on ${manifest.dataset.name}); customer ${customer} ` +
          `(${advice.customerSeen ? seenCustomer : 'no history'}), ` +
          `article ${item} (${advice.articleSeen ? purchases(history.articleRows(item)) : 'no history'})`,
      ),
    );
    printAdvice(advice, io);
    return 0;
  },
};

function nullIfNaN(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}
