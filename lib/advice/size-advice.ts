import { InvalidArgumentError, SizeError } from '../core/errors.js';
import { shownValue } from '../core/printable.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import { CANONICAL_FIELDS, plausibleRange } from '../data/fit-data-formats.js';
import type { FitModel } from '../models/fit-model.js';
import { checkGender, sizeDistances } from '../sizes/convert-size.js';
import { getSizeSystem, parseSize } from '../sizes/size-registry.js';
import { checkSizeArgument } from '../sizes/check-size-argument.js';
import type { Size } from '../sizes/size.js';
import { BODY_SIZE_INPUTS } from '../features/body-size-regression.js';
import { AdviceHistory } from './advice-history.js';
import {
  buildCandidateRows,
  checkRequestBody,
  checkRequestShape,
  type CandidateRequest,
  type CandidateRowOptions,
} from './candidate-rows.js';
import {
  checkChooseSizeOptions,
  chooseSize,
  type BetweenSizes,
  type ChooseSizeOptions,
  type SizeChoice,
} from './choose-size.js';

/** A size-advice question: a customer, an article and its available sizes. */
export interface SizeAdviceRequest extends CandidateRequest {
  /** Labels of `sizes` (same order), shown in the advice; parsed in `sizeSystem` when that is given. */
  labels?: readonly string[];
  /** lib/sizes id of the labels' system (e.g. `letter`); needed for the profile fallback. */
  sizeSystem?: string;
  /**
   * The customer's size in any lib/sizes system (e.g. from {@link customerSizeProfiles}): when the model gives
   * no advice, the available label nearest it by body dimensions is advised (source `profile`; see
   * {@link adviseSizes}). Needs `labels` and `sizeSystem` (a request with it but without them is refused).
   */
  profileSize?: Size;
}

/** The decision rules of {@link adviseSizes}. */
export const ADVICE_RULES = ['max-fit', 'usual-shift'] as const;

/** A decision rule of {@link adviseSizes} (see there). */
export type AdviceRule = (typeof ADVICE_RULES)[number];

/** Options of {@link adviseSizes}. */
export interface SizeAdviceOptions extends ChooseSizeOptions, CandidateRowOptions {
  /**
   * `max-fit` (default): the size of lowest expected misfit over all sizes ({@link chooseSize}); `usual-shift`: the
   * customer's usual size, moved one size toward the model's lean there (see {@link adviseSizes}).
   */
  rule?: AdviceRule;
  /** `usual-shift`: move off the usual size when |P(small) - P(large)| there exceeds this (default 0.3). */
  shiftMargin?: number;
  /** No advice when P(fit) at the chosen size is below this (default 0.5). */
  minFitProbability?: number;
  /**
   * Gender of the profile conversions: needed where neither system fixes it (`letter` to `jeans`), default `women`
   * there; where a system fixes it (men's EU), it must agree.
   */
  gender?: 'women' | 'men';
}

/** A {@link SizeAdvice.fitSpread} below this is flat: P(fit) barely changes with the size. */
export const FLAT_FIT_SPREAD = 0.05;

/** Largest minus smallest P(fit) of an n x 3 probability matrix; NaN for fewer than 2 rows. */
function fitSpreadOf(proba: ArrayLike<number>, n: number): number {
  if (n < 2) return NaN;
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < n; k++) {
    lo = Math.min(lo, proba[3 * k + 1]);
    hi = Math.max(hi, proba[3 * k + 1]);
  }
  return hi - lo;
}

/** Why no size is advised. */
export type NoAdviceReason = 'no-sizes' | 'unknown-customer' | 'unknown-customer-and-article' | 'low-confidence';

/** The advice for one request. */
export interface SizeAdvice {
  customer: string;
  item: string;
  /** The available sizes, in request order. */
  sizes: readonly number[];
  /** Their labels, when given. */
  labels?: readonly string[];
  /** P(small), P(fit), P(large) per size (n x 3, request order); NaN when the model was not asked. */
  proba: Float64Array;
  /** Where the advice comes from: the fit model, the converted profile size, or nowhere. */
  source: 'model' | 'profile' | 'none';
  /** Index of the advised size in `sizes` (-1 without advice). */
  index: number;
  /** The advised size value (NaN without advice). */
  size: number;
  /** The advised label, when labels were given. */
  label?: string;
  /**
   * P(fit) at the advised size; without advice, at the size the rule chose (with `max-fit` and equal costs the highest
   * P(fit)); NaN when the model was not asked.
   */
  confidence: number;
  /**
   * How much the size matters to the model: the largest minus the smallest P(fit) over the sizes (NaN when the model
   * was not asked or there is one size). Below {@link FLAT_FIT_SPREAD} the reason says that the choice says little
   * (a cold start with only body fields often looks so): `confidence` alone would not show it.
   */
  fitSpread: number;
  /**
   * Set when the customer falls between two available sizes (see {@link chooseSize}; under `usual-shift`, when the
   * rule moved off the usual size). Not set when `usual-shift` would move but the usual size is the article's
   * smallest or largest: there is no second size, and the reason says so.
   */
  between?: BetweenSizes;
  /**
   * Under `usual-shift`, for an unseen customer: the usual size estimated from the request's body
   * ({@link AdviceHistory.estimateUsualSize}, before rounding to the nearest available size), also when the choice
   * made from it is not advised (low confidence, or the profile answers; the reason then starts with the estimate).
   * Not set otherwise.
   */
  estimatedUsualSize?: number;
  /** Set when there is no advice. */
  noAdvice?: NoAdviceReason;
  /** One line saying why this advice (or none). */
  reason: string;
  customerSeen: boolean;
  articleSeen: boolean;
}

/**
 * Size advice for many requests with one `predictProba` call: scores every available size of each request (rows
 * built by {@link buildCandidateRows}), chooses one by `options.rule` and gives a confidence (P(fit) there).
 *
 * Rules. `max-fit` (default): the size of lowest expected misfit over all sizes, {@link chooseSize} (with equal costs
 * the highest P(fit)). `usual-shift`: the available size nearest the customer's usual size (median size in the
 * history; the larger on a tie, where `probabilitiesByUsualOffset` takes the smaller), moved one size up when the
 * model leans small there (costSmall·P(small) - costLarge·P(large) > `shiftMargin`, default 0.3; with the default
 * equal costs P(small) - P(large)) and one down when it leans large (when there is no larger or smaller size, it
 * stays and the reason says so). An unseen customer (body fields given) has no usual size: it is estimated from the
 * request's body by the history's body-size regression ({@link AdviceHistory.estimateUsualSize}: `size ~ 1 + weight_kg
 * + height_cm + bust_band` least squares on the training purchases labelled `fit`, as `RelativeSizeFeatures` fits it),
 * rounded to the nearest available size (the larger on a tie), and the rule shifts from there as from a usual size;
 * the reason gives the estimate and the body values it came from, and the advice has it as `estimatedUsualSize`.
 * Without an estimate (the request lacks one of the three body values; the history has no regression: data without
 * those columns, such as ModCloth without weight, or a history file of version 1 or 2) the rule falls back to
 * `max-fit`, and the reason says why. A customer seen in the history without any known size also falls back to
 * `max-fit`. On the RentTheRunway dev file (notebook 04: 80/20, seed 0, gbdt-relative, `minFitProbability` 0,
 * `evaluateHeldOutAdvice` with `body: true`), for the 14,143 held-out rows whose customer is unseen, this gave 0.299 of
 * the `fit` rows exactly their size against 0.203 with `max-fit`, and the right direction for 0.208 / 0.251 of the
 * `small` / `large` rows against 0.084 / 0.208. A usual size more than one step (the article's smallest size gap) outside the article's sizes, or other than the
 * only size of a one-size article, is said in the reason. Why: models trained on observed purchases learn
 * P(label | the size the customer chose), and a customer who picks a size off her usual one mostly does so because
 * the article runs off, so the fitted probabilities at off-usual sizes are confounded (on RentTheRunway the best model's P(small)
 * rises for sizes above the usual one); at the usual size the model's lean is still informative about the article and
 * the customer. On the RentTheRunway dev file (80/20, seed 0, `minFitProbability` 0, notebook 04), with
 * gbdt-relative, `usual-shift` kept most of the usual-size baseline's exact matches (0.504 vs 0.528 of `fit` rows)
 * and about doubled the right-direction shares of `small` / `large` rows (0.235 / 0.296 vs 0.118 / 0.214), where
 * `max-fit` reached 0.392 exact and 0.097 / 0.162 (neural: 0.496 and 0.226 / 0.299 with `usual-shift`, 0.209 and
 * 0.090 / 0.209 with `max-fit`). The usual size alone stays the best on exact matches. On synthetic data (no such
 * selection) `usual-shift` also beat `max-fit`: 0.745 vs 0.726 of advised purchases at the buyer's best size,
 * simulated return rate 0.230 vs 0.251.
 *
 * No advice (not an error) when the request has no sizes, when the customer is unseen and no body is given
 * (`unknown-customer`), when customer and article are both unseen, or when P(fit) at the choice is below
 * `minFitProbability` (the reason names any size that would pass: with unequal costs one can, at a higher expected
 * cost). In those cases, a request with `profileSize` and `sizeSystem` is answered from the profile: the available
 * size nearest the profile size by the distance of lib/sizes `convertSize` (Euclidean, in cm, over the body
 * dimensions both systems define: e.g. EU 38 → letter M; jeans by waist and inseam, bras by underbust and bust, not
 * by their waist-first or band-first order), the larger (later in the system's order) on a tie. A clothing profile
 * size gives no inseam, so jeans are then compared on the waist alone, as the reason says.
 *
 * Body values given in a request are held to the plausible ranges the dataset reader holds the same columns to
 * (`plausibleRange`: e.g. `height_cm` 120-220, `weight_kg` 30-250), as the CLI and the service do.
 *
 * @param history - past purchases (the model's training rows), or an index of them.
 * @returns one advice per request, in order.
 * @throws SizeError for a label that is not a size of `sizeSystem`, an unknown `sizeSystem`, or a profile size that
 *   cannot be compared with it (a conversion that does not exist); InvalidArgumentError when a request is not an
 *   object with string `customer` and `item` and an array `sizes`, a `date` is given that is not a finite number,
 *   labels are not an array of strings, labels and sizes differ in length, a size repeats, a body field is refused
 *   (see `checkRequestBody`: not a column, an id, size or outcome column, a value of the wrong type), a body value is
 *   outside its plausible range, or an option is refused (an unknown `rule`; `shiftMargin` below 0;
 *   `minFitProbability` outside [0, 1]; `costSmall`, `costLarge`, `betweenMargin` as {@link checkChooseSizeOptions}
 *   refuses them; a `gender` other than `women` and `men`, also when no profile is used). Every request is checked,
 *   also those that get no advice, and an error about a request (of either class) names it by its index in
 *   `requests` (`request 3: ...`).
 */
export function adviseSizes(
  model: FitModel,
  history: AdviceHistory | ColumnarDataset,
  requests: readonly SizeAdviceRequest[],
  options: SizeAdviceOptions = {},
): SizeAdvice[] {
  const h = history instanceof AdviceHistory ? history : new AdviceHistory(history);
  const minFit = options.minFitProbability ?? 0.5;
  const rule = options.rule ?? 'max-fit';
  const shiftMargin = options.shiftMargin ?? 0.3;
  if (!(ADVICE_RULES as readonly string[]).includes(rule)) {
    throw new InvalidArgumentError(`unknown advice rule '${String(rule)}' (known: ${ADVICE_RULES.join(', ')})`);
  }
  if (!(shiftMargin >= 0)) throw new InvalidArgumentError(`shiftMargin must be >= 0, got ${shiftMargin}`);
  if (!(minFit >= 0 && minFit <= 1)) {
    throw new InvalidArgumentError(`minFitProbability must be in [0, 1], got ${minFit}`);
  }
  checkGender(options.gender, 'gender');
  checkChooseSizeOptions(options);
  // Every request is checked whether or not the model is asked: the same request always fails the same way.
  if (!Array.isArray(requests as unknown))
    throw new InvalidArgumentError(`adviseSizes: requests must be an array of requests, got ${shownValue(requests)}`);
  const parsed = requests.map((r, i) => {
    checkRequestShape(r, i);
    checkBody(r.body, i);
    checkRequestBody(h, r.body, i);
    if (r.profileSize !== undefined) checkSizeArgument(r.profileSize, `request ${i}: profileSize`);
    // The profile is matched against the labels read in their system: without both it could not be used, and was
    // dropped without a word.
    if (r.profileSize !== undefined && (r.labels === undefined || r.sizeSystem === undefined)) {
      throw new InvalidArgumentError(
        `request ${i}: profileSize needs labels and sizeSystem (the profile is matched against the labels in ` +
          `that system); missing: ${[r.labels === undefined ? 'labels' : '', r.sizeSystem === undefined ? 'sizeSystem' : ''].filter((x) => x !== '').join(' and ')}`,
      );
    }
    if (r.labels !== undefined && !Array.isArray(r.labels as unknown))
      throw new InvalidArgumentError(`request ${i}: labels must be an array of strings, got ${shownValue(r.labels)}`);
    if (r.labels !== undefined && r.labels.length !== r.sizes.length) {
      throw new InvalidArgumentError(`request ${i}: ${r.labels.length} labels for ${r.sizes.length} sizes`);
    }
    // (a number label was shown as the advice's label without a sizeSystem, and parsed as a size with one)
    for (let k = 0; k < (r.labels?.length ?? 0); k++) {
      const l: unknown = r.labels![k];
      if (typeof l !== 'string')
        throw new InvalidArgumentError(`request ${i}: label ${k} must be a string, got ${shownValue(l)}`);
    }
    const seen = new Set<number>();
    for (const size of r.sizes) {
      if (!Number.isFinite(size)) throw new InvalidArgumentError(`request ${i}: size ${size} is not a finite number`);
      if (seen.has(size)) throw new InvalidArgumentError(`request ${i}: size ${size} repeats`);
      seen.add(size);
    }
    try {
      const labels =
        r.sizeSystem !== undefined && r.labels !== undefined
          ? r.labels.map((l) => parseSize(l, r.sizeSystem!))
          : undefined;
      // the profile match a fallback would use, made here so that a missing conversion fails every time
      const profile =
        r.profileSize !== undefined && labels !== undefined && labels.length > 0
          ? profileAdvice(r, labels, options)
          : undefined;
      return { labels, profile };
    } catch (e) {
      // A label, the size system or the profile conversion: the same error, naming the request.
      if (e instanceof SizeError) throw new SizeError(e.system, `request ${i}: ${e.message}`);
      throw e;
    }
  });
  const blocked = requests.map((r): NoAdviceReason | undefined => {
    const cs = h.hasCustomer(r.customer);
    if (r.sizes.length === 0) return 'no-sizes';
    if (!cs && !h.hasArticle(r.item)) return 'unknown-customer-and-article';
    if (!cs && !hasBodyValue(r.body)) return 'unknown-customer';
    return undefined;
  });
  const asked = requests.filter((_, i) => blocked[i] === undefined);
  const rows = buildCandidateRows(h, asked, options);
  const P = asked.length > 0 && rows.dataset.length > 0 ? model.predictProba(rows.dataset) : new Float64Array(0);

  let a = 0;
  return requests.map((r, i) => {
    const base = {
      customer: r.customer,
      item: r.item,
      sizes: r.sizes,
      ...(r.labels !== undefined ? { labels: r.labels } : {}),
      customerSeen: h.hasCustomer(r.customer),
      articleSeen: h.hasArticle(r.item),
    };
    let reason: NoAdviceReason | undefined = blocked[i];
    let proba = new Float64Array(3 * r.sizes.length).fill(NaN);
    let advice: SizeAdvice | undefined;
    let lowConfidence = '';
    let spread = NaN;
    // Under usual-shift for an unseen customer: the body's estimate and the reason's words for it, kept when the
    // choice made from it is not advised (low confidence) or the profile answers instead.
    let fromBody: { size: number; words: string } | undefined;
    if (reason === undefined) {
      const from = 3 * rows.start[a++];
      proba = P.slice(from, from + 3 * r.sizes.length);
      let usual = rule === 'usual-shift' ? h.customerUsualSize(r.customer) : NaN;
      let off = Number.isNaN(usual) ? '' : usualOffSizes(r.sizes, usual);
      let estimated: number | undefined;
      if (rule === 'usual-shift' && !base.customerSeen) {
        const e = h.estimateUsualSize(r.body);
        if (Number.isNaN(e.size)) {
          off = `the customer has no usual size and none is estimated from the body (${e.why}), so rule max-fit: `;
        } else {
          estimated = e.size;
          const k = nearestSize(r.sizes, e.size);
          usual = r.sizes[k];
          const given = BODY_SIZE_INPUTS.map((c) => `${c} ${String(r.body![c])}`);
          off =
            `usual size estimated from the body: ${String(r.labels?.[k] ?? usual)} (${e.size.toFixed(1)} from ` +
            `${listed(given)}, the nearest available size); `;
        }
      }
      const { choice, why } = Number.isNaN(usual)
        ? { choice: chooseSize(r.sizes, proba, options, r.labels), why: undefined }
        : usualShift(r.sizes, proba, usual, shiftMargin, r.labels, options);
      const confidence = proba[3 * choice.index + 1];
      const labelOf = r.labels?.[choice.index];
      const name = String(labelOf ?? r.sizes[choice.index]);
      const equalCosts = (options.costSmall ?? 1) === (options.costLarge ?? 1);
      spread = fitSpreadOf(proba, r.sizes.length);
      const flat =
        spread < FLAT_FIT_SPREAD
          ? `; P(fit) barely changes with the size (${confidence.toFixed(2)} here, a spread of ${spread.toFixed(2)} ` +
            `over the ${r.sizes.length} sizes), so the choice says little`
          : '';
      advice = {
        ...base,
        proba,
        source: 'model',
        index: choice.index,
        size: r.sizes[choice.index],
        ...(labelOf !== undefined ? { label: labelOf } : {}),
        confidence,
        ...(choice.between !== undefined ? { between: choice.between } : {}),
        fitSpread: spread,
        ...(estimated !== undefined ? { estimatedUsualSize: estimated } : {}),
        reason:
          off +
          (choice.between?.reason ??
            why ??
            (equalCosts
              ? `highest P(fit) ${confidence.toFixed(2)} at ${name}`
              : `lowest expected misfit cost ${choice.expectedCost[choice.index].toFixed(2)} at ${name} (P(fit) ${confidence.toFixed(2)})`)) +
          flat,
      };
      if (estimated !== undefined) fromBody = { size: estimated, words: off.replace(/; $/, '') };
      if (confidence < minFit) {
        reason = 'low-confidence';
        lowConfidence = lowConfidenceReason(r, proba, choice, minFit, why !== undefined, equalCosts);
      }
    }
    if (reason === undefined) return advice!;
    const fromProfile = parsed[i].profile;
    const best = advice?.confidence ?? NaN;
    const said =
      (fromBody === undefined ? '' : `${fromBody.words}; `) +
      (reason === 'low-confidence' ? lowConfidence : REASONS[reason]);
    const estimate = fromBody === undefined ? {} : { estimatedUsualSize: fromBody.size };
    if (fromProfile !== undefined) {
      const k = fromProfile.index;
      return {
        ...base,
        proba,
        source: 'profile',
        index: k,
        size: r.sizes[k],
        label: r.labels![k],
        confidence: proba[3 * k + 1],
        fitSpread: spread,
        ...estimate,
        reason: `${said}; ${fromProfile.reason}`,
      };
    }
    return {
      ...base,
      proba,
      source: 'none',
      index: -1,
      size: NaN,
      confidence: best,
      fitSpread: spread,
      ...estimate,
      noAdvice: reason,
      reason: said,
    };
  });
}

/**
 * Size advice for one request: {@link adviseSizes} with a single request.
 * @throws as {@link adviseSizes}.
 */
export function adviseSize(
  model: FitModel,
  history: AdviceHistory | ColumnarDataset,
  request: SizeAdviceRequest,
  options: SizeAdviceOptions = {},
): SizeAdvice {
  return adviseSizes(model, history, [request], options)[0];
}

/**
 * Under `usual-shift`, a warning that the customer's usual size lies more than one step (the smallest gap between the
 * article's sizes) below the smallest or above the largest of them (a usual size 8 against sizes 20-24): the nearest
 * size stands in for it, and the reason says so. Falling back to `max-fit` there instead was measured worse on
 * RentTheRunway (notebook 04, gbdt-relative: exact 0.502 vs 0.504 of `fit` rows, right direction 0.234 / 0.294 vs
 * 0.235 / 0.296), so the choice is kept.
 * An article with one size has no step: any other usual size is said.
 * @returns the prefix of the reason, or '' when the usual size is within reach (or is the article's only size).
 */
function usualOffSizes(sizes: readonly number[], usual: number): string {
  const s = [...sizes].sort((a, b) => a - b);
  if (s.length === 1) {
    return s[0] === usual
      ? ''
      : `the article has one size, ${s[0]}, not the usual size ${usual}; it stands in for it; `;
  }
  let step = Infinity;
  for (let k = 1; k < s.length; k++) if (s[k] > s[k - 1]) step = Math.min(step, s[k] - s[k - 1]);
  if (step === Infinity || (usual >= s[0] - step && usual <= s[s.length - 1] + step)) return '';
  return (
    `the usual size ${usual} is more than a step (${step}) off this article's sizes ` +
    `${s[0]}-${s[s.length - 1]}, so the nearest stands in for it; `
  );
}

/**
 * The `usual-shift` rule: start at the available size nearest the customer's usual size (the larger on a tie;
 * `probabilitiesByUsualOffset` takes the smaller, the first of the article's ascending sizes); when the model leans
 * small there (costSmall·P(small) - costLarge·P(large) > margin) take the next larger size, when it leans large the
 * next smaller one. Reported as between sizes when it moves; when there is no such size it stays, and says why.
 */
function usualShift(
  sizes: readonly number[],
  proba: ArrayLike<number>,
  usual: number,
  margin: number,
  labels: readonly string[] | undefined,
  costs: ChooseSizeOptions,
): { choice: SizeChoice; why: string } {
  const choice = chooseSize(sizes, proba, costs);
  const cs = costs.costSmall ?? 1;
  const cl = costs.costLarge ?? 1;
  const order = Array.from(sizes.keys()).sort((a, b) => sizes[a] - sizes[b]);
  let rank = 0;
  for (let k = 1; k < order.length; k++) {
    if (Math.abs(sizes[order[k]] - usual) <= Math.abs(sizes[order[rank]] - usual)) rank = k;
  }
  const u = order[rank];
  const lean = cs * proba[3 * u] - cl * proba[3 * u + 2];
  const next = lean > margin ? rank + 1 : lean < -margin ? rank - 1 : rank;
  const name = (k: number): string => labels?.[k] ?? String(sizes[k]);
  const f = (x: number): string => x.toFixed(2);
  if (next === rank || next < 0 || next >= order.length) {
    const weighted = cs === cl ? '' : ' (weighted by the costs)';
    const [leans, none] = lean > 0 ? ['small', 'larger'] : ['large', 'smaller'];
    return {
      choice: { index: u, expectedCost: choice.expectedCost },
      why:
        `the usual size ${usual} (as ${name(u)}): P(small) ${f(proba[3 * u])} and P(large) ${f(proba[3 * u + 2])} there` +
        (next === rank
          ? ` differ by at most ${margin}${weighted}`
          : `: the model leans ${leans} by more than ${margin}${weighted}, but no ${none} size is available`),
    };
  }
  const k = order[next];
  const [lo, hi] = sizes[k] < sizes[u] ? [k, u] : [u, k];
  // The usual size may not be offered: the rule then starts from the nearest size offered, as the branch above says.
  const at = sizes[u] === usual ? name(u) : `${usual} (as ${name(u)})`;
  const reason =
    `between sizes ${name(lo)} and ${name(hi)}: at the usual size ${at} P(small) ${f(proba[3 * u])} vs ` +
    `P(large) ${f(proba[3 * u + 2])} (margin ${margin}): chose ${name(k)}`;
  return {
    choice: { index: k, expectedCost: choice.expectedCost, between: { lower: lo, upper: hi, chosen: k, reason } },
    why: reason,
  };
}

/** Index of the available size nearest `v` (the larger on a tie, as `usualShift` starts from). */
function nearestSize(sizes: readonly number[], v: number): number {
  let best = 0;
  for (let k = 1; k < sizes.length; k++) {
    const d = Math.abs(sizes[k] - v) - Math.abs(sizes[best] - v);
    if (d < 0 || (d === 0 && sizes[k] > sizes[best])) best = k;
  }
  return best;
}

/** 'a', 'a and b', 'a, b and c'. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Why a model choice is too uncertain to advise: its P(fit) against `minFit`. Under `max-fit` with unequal costs the
 * lowest-cost size may fail while others pass: they are named with their higher expected costs. Under `usual-shift`,
 * also the size of highest P(fit) when that one would pass, since it lies off the customer's usual size.
 */
function lowConfidenceReason(
  r: SizeAdviceRequest,
  proba: ArrayLike<number>,
  choice: SizeChoice,
  minFit: number,
  usualShiftRule: boolean,
  equalCosts: boolean,
): string {
  const chosen = choice.index;
  const name = (k: number): string => String(r.labels?.[k] ?? r.sizes[k]);
  const p = (k: number): string => proba[3 * k + 1].toFixed(2);
  const cost = (k: number): string => choice.expectedCost[k].toFixed(2);
  if (!usualShiftRule) {
    // With equal costs the lowest cost is the highest P(fit), so none passes; with unequal costs some may.
    const passing = Array.from(r.sizes.keys())
      .filter((k) => proba[3 * k + 1] >= minFit)
      .sort((a, b) => proba[3 * b + 1] - proba[3 * a + 1] || a - b);
    if (passing.length === 0) return `${REASONS['low-confidence']} (P(fit) ${p(chosen)} < ${minFit})`;
    const one = passing.length === 1;
    return (
      `the lowest-cost size ${name(chosen)} is not likely enough to fit (P(fit) ${p(chosen)} < ${minFit}, expected ` +
      `misfit cost ${cost(chosen)}); ${listed(passing.map(name))} ${one ? 'has' : 'have'} P(fit) ` +
      `${listed(passing.map(p))} but ${one ? 'a higher expected cost' : 'higher expected costs'} ` +
      `(${listed(passing.map(cost))})`
    );
  }
  let top = chosen;
  for (let k = 0; k < r.sizes.length; k++) if (proba[3 * k + 1] > proba[3 * top + 1]) top = k;
  const other =
    top !== chosen && proba[3 * top + 1] >= minFit
      ? `; ${name(top)} has P(fit) ${p(top)}, but off the customer's usual size the model's P(fit) is less reliable` +
        // with unequal costs max-fit takes the lowest expected cost, not necessarily this size
        (equalCosts ? ' (rule max-fit would advise it)' : '')
      : '';
  return `the usual-shift choice ${name(chosen)} is not likely enough to fit (P(fit) ${p(chosen)} < ${minFit})${other}`;
}

/** Refuses a request's numeric body value outside its column's plausible range (NaN and null are missing values). */
function checkBody(body: SizeAdviceRequest['body'], i: number): void {
  if (body === undefined || body === null) return;
  for (const [column, v] of Object.entries(body)) {
    const range = plausibleRange(column);
    if (range === undefined || typeof v !== 'number' || Number.isNaN(v)) continue;
    if (v < range.min || v > range.max) {
      const unit = CANONICAL_FIELDS.get(column)?.unit;
      const u = unit !== undefined && ['cm', 'kg', 'in', 'years'].includes(unit) ? ` ${unit}` : '';
      throw new InvalidArgumentError(
        `request ${i}: body field '${column}' is ${v}${u}, outside the plausible range ${range.min} to ${range.max}${u}`,
      );
    }
  }
}

/** Whether a request's body gives at least one value (an empty body, or one of nulls and blanks, gives nothing). */
function hasBodyValue(body: SizeAdviceRequest['body']): boolean {
  if (body === undefined) return false;
  return Object.values(body).some((v) => v !== null && v !== undefined && !Number.isNaN(v) && String(v).trim() !== '');
}

const REASONS: Record<NoAdviceReason, string> = {
  'no-sizes': 'the article has no available size',
  'unknown-customer': 'the customer has no purchase history and no body fields were given',
  'unknown-customer-and-article': 'neither the customer nor the article has any purchase history',
  'low-confidence': 'no size is likely enough to fit',
};

/**
 * The profile fallback of a request: the available size nearest the profile size by the body-dimension distance of
 * `convertSize` (not by ordinal: jeans run waist-first and bras band-first), the larger ordinal on a tie, with the
 * reason. Gender: `options.gender` when given; else the gender a system fixes (men's EU 48 compares as men's), and
 * `women` only when neither does.
 * @throws SizeError when the profile size cannot be compared with `sizeSystem` (see `convertSize`).
 */
function profileAdvice(
  r: SizeAdviceRequest,
  labels: readonly Size[],
  options: SizeAdviceOptions,
): { index: number; reason: string } {
  const profile = r.profileSize!;
  const system = r.sizeSystem!;
  const fixed = [getSizeSystem(profile.system), getSizeSystem(system)].some((sys) => sys.gender !== 'unisex');
  const gender = options.gender ?? (fixed ? undefined : 'women');
  const how = gender !== undefined ? { gender } : {};
  const whole = sizeDistances(profile, system, undefined, how);
  const near = sizeDistances(profile, system, labels, how);
  let best = near.nearest[0];
  for (const k of near.nearest) if (labels[k].ordinal > labels[best].ordinal) best = k;
  const from = `profile size ${profile.label} (${profile.system})`;
  const head =
    whole.undetermined.length === 0
      ? `${from} is ${whole.nearest.map((k) => whole.to.at(k).label).join(' or ')} in ${system}`
      : `${from} gives no ${whole.undetermined.join(' or ')} for ${system}, so the sizes are compared on the ` +
        near.dimensions.join(' and ');
  const tie =
    near.nearest.length > 1
      ? ` (${listed(near.nearest.map((k) => labels[k].label))} are equally near: the larger)`
      : '';
  return { index: best, reason: `${head}; advised ${labels[best].label}${tie}` };
}
