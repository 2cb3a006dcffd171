import { InvalidArgumentError } from '../core/errors.js';
import { printable, shownValue } from '../core/printable.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';
import type { FitModel } from '../models/fit-model.js';
import { AdviceHistory } from './advice-history.js';
import { ADVICE_DATE_COLUMN, DEFAULT_CUSTOMER_COLUMNS, requestGivenColumns } from './candidate-rows.js';
import { fitCodes } from './fit-codes.js';
import { adviseSizes, type SizeAdviceOptions, type SizeAdviceRequest } from './size-advice.js';

/** How one method's advice compares with held-out feedback. */
export interface HeldOutMethodScore {
  /** Held-out rows the method advised (of `rows`). */
  advised: number;
  /** Rows with feedback `fit` advised, and the shares where the advice equals the size taken / is within one size. */
  fitRows: number;
  exact: number;
  withinOne: number;
  /** Rows with feedback `small` advised, and the share advised a larger size than taken. */
  smallRows: number;
  smallDirection: number;
  /** Rows with feedback `large` advised, and the share advised a smaller size than taken. */
  largeRows: number;
  largeDirection: number;
  /**
   * Share of the advised rows where the advice agrees with the feedback: the size taken for `fit` rows, a larger size
   * for `small`, a smaller one for `large` ((exact·fitRows + smallDirection·smallRows + largeDirection·largeRows) /
   * advised). NaN when nothing was advised.
   */
  agreement: number;
}

/** Options of {@link evaluateHeldOutAdvice}: those of `adviseSizes`, and `body`. */
export interface HeldOutAdviceOptions extends SizeAdviceOptions {
  /**
   * Give each held-out row whose customer is unseen in training the row's own body fields as the request's `body`
   * (default false: such rows get no advice, `unknown-customer`). See {@link evaluateHeldOutAdvice}.
   */
  body?: boolean;
}

/** {@link evaluateHeldOutAdvice}'s result: the model and two baselines on the same held-out rows. */
export interface HeldOutAdviceEvaluation {
  /** Held-out rows with a fit label and an article seen in training (the rows asked). */
  rows: number;
  /** The fit model's advice. */
  model: HeldOutMethodScore;
  /** The customer's usual size (median size in training), snapped to the nearest available size. */
  usualSize: HeldOutMethodScore;
  /** The article's most common size in training. */
  articleMode: HeldOutMethodScore;
  /** The model on the rows every method advised (a like-for-like comparison). */
  modelCommon: HeldOutMethodScore;
  usualSizeCommon: HeldOutMethodScore;
  articleModeCommon: HeldOutMethodScore;
  /** With `body: true` only: the rows asked whose customer is unseen in training (of `rows`). */
  unseenRows?: number;
  /** With `body: true` only: the model on the rows asked whose customer was seen in training. */
  modelSeen?: HeldOutMethodScore;
  /** With `body: true` only: the model on the rows asked whose customer is unseen (advised from the row's body). */
  modelUnseen?: HeldOutMethodScore;
  /**
   * With `body: true` only: the article's most common size on the unseen customers' rows (the usual-size baseline
   * has no size for them, so the `…Common` scores leave them out).
   */
  articleModeUnseen?: HeldOutMethodScore;
}

/**
 * Evaluates size advice against held-out fit feedback (the RentTheRunway protocol of issue 6): each held-out row
 * with a label, whose article was seen in training, asks for advice over the sizes seen for that article in
 * training. For feedback `fit` the advice should be the size taken (exact), or at most one available size away
 * (within one, the size taken snapped to the nearest available size); for `small` it should be larger than the size
 * taken, for `large` smaller. Each question is asked on the held-out row's review date (when the data has one).
 * Baselines: the customer's usual size and the article's most common size.
 *
 * A held-out row whose customer is unseen in training is asked without a body by default, so the model gives no
 * advice there (`unknown-customer`) and it counts only for the article-mode baseline. With `options.body` true it is
 * asked with the row's own body fields as the request's `body`: the non-missing values of the customer columns
 * (`options.customerColumns`, default `DEFAULT_CUSTOMER_COLUMNS`: `height_cm`, `weight_kg`, `bust_band`, …) that
 * both `train` and `test` have, other than the id, size and outcome columns; a row without any such value still gets
 * no advice. Under rule `usual-shift` the usual size of such a customer is then estimated from the body
 * (`AdviceHistory.estimateUsualSize`; without weight, height and band, `max-fit`). Rows of customers seen in training
 * are asked as before (body from their training history). The result then also has `unseenRows` and the model's
 * scores on the seen and the unseen customers' rows (`modelSeen`, `modelUnseen`), with the article-mode baseline on
 * the unseen ones (`articleModeUnseen`; the usual-size baseline has nothing for them); `model` covers both groups.
 * Without the option the result is what it was before the option existed (none of those fields).
 * Body values are held to their plausible ranges as in `adviseSizes` (data read by the dataset readers already is).
 *
 * @param model - a FitModel fitted on `train`.
 * @returns scores per method on the rows each advised, and on the rows all three advised (with `body`, also per
 *   seen / unseen customer).
 * @throws InvalidArgumentError when a needed column is missing, `options.body` is not a boolean, or (with `body`) a
 *   customer column has a different type in `train` and `test`.
 */
export function evaluateHeldOutAdvice(
  model: FitModel,
  train: ColumnarDataset,
  test: ColumnarDataset,
  options: HeldOutAdviceOptions = {},
): HeldOutAdviceEvaluation {
  const { body: withBody = false, ...adviceOptions } = options;
  if (typeof withBody !== 'boolean')
    throw new InvalidArgumentError(`evaluateHeldOutAdvice: body must be true or false, got ${shownValue(withBody)}`);
  const history = new AdviceHistory(train);
  const { user, item, size } = history.columns;
  const given = requestGivenColumns(history);
  const bodyColumns = withBody
    ? (adviceOptions.customerColumns ?? DEFAULT_CUSTOMER_COLUMNS).filter(
        (c) => !given.has(c) && history.data.has(c) && test.has(c),
      )
    : [];
  for (const c of bodyColumns) {
    const [a, b] = [history.data.column(c).type, test.column(c).type];
    if (a !== b) {
      throw new InvalidArgumentError(
        `evaluateHeldOutAdvice: customer column '${printable(c)}' is ${a === 'number' ? 'numeric' : 'categorical'} ` +
          `in the training data but ${b === 'number' ? 'numeric' : 'categorical'} in the held-out data`,
      );
    }
  }
  const unseen: boolean[] = [];
  const users = test.categories(user);
  const items = test.categories(item);
  const taken = test.numbers(size);
  const date =
    test.has(ADVICE_DATE_COLUMN) && test.column(ADVICE_DATE_COLUMN).type === 'number'
      ? test.numbers(ADVICE_DATE_COLUMN)
      : null;
  const y = fitCodes(test);
  const rows: number[] = [];
  const requests: SizeAdviceRequest[] = [];
  const sizeCache = new Map<string, number[]>();
  for (let i = 0; i < test.length; i++) {
    if (y[i] < 0 || users.codes[i] < 0 || items.codes[i] < 0 || Number.isNaN(taken[i])) continue;
    const it = items.categories[items.codes[i]];
    let sizes = sizeCache.get(it);
    if (sizes === undefined) sizeCache.set(it, (sizes = history.articleSizes(it)));
    if (sizes.length === 0) continue;
    rows.push(i);
    const when = date !== null && Number.isFinite(date[i]) ? { date: date[i] } : {};
    const customer = users.categories[users.codes[i]];
    const isUnseen = withBody && !history.hasCustomer(customer);
    unseen.push(isUnseen);
    let body: Record<string, number | string> | undefined;
    if (isUnseen) {
      body = {};
      for (const c of bodyColumns) {
        const v = test.value(c, i);
        if (v !== null) body[c] = v;
      }
    }
    requests.push({ customer, item: it, sizes, ...when, ...(body !== undefined ? { body } : {}) });
  }
  const advice = adviseSizes(model, history, requests, adviceOptions);
  const nearest = (sizes: readonly number[], v: number): number => {
    let best = 0;
    for (let k = 1; k < sizes.length; k++) if (Math.abs(sizes[k] - v) < Math.abs(sizes[best] - v)) best = k;
    return best;
  };
  const picks: number[][] = [[], [], []]; // advised index per method, -1 = none
  requests.forEach((r, k) => {
    picks[0].push(advice[k].index);
    const usual = history.customerUsualSize(r.customer);
    picks[1].push(Number.isNaN(usual) ? -1 : nearest(r.sizes, usual));
    picks[2].push(r.sizes.indexOf(history.articleModeSize(r.item)));
  });
  const score = (m: number, only: (k: number) => boolean): HeldOutMethodScore => {
    const s = {
      advised: 0,
      fitRows: 0,
      exact: 0,
      withinOne: 0,
      smallRows: 0,
      smallDirection: 0,
      largeRows: 0,
      largeDirection: 0,
    };
    requests.forEach((r, k) => {
      const pick = picks[m][k];
      if (pick < 0 || !only(k)) return;
      s.advised++;
      const i = rows[k];
      const rec = r.sizes[pick];
      if (y[i] === 1) {
        s.fitRows++;
        s.exact += rec === taken[i] ? 1 : 0;
        s.withinOne += Math.abs(pick - nearest(r.sizes, taken[i])) <= 1 ? 1 : 0;
      } else if (y[i] === 0) {
        s.smallRows++;
        s.smallDirection += rec > taken[i] ? 1 : 0;
      } else {
        s.largeRows++;
        s.largeDirection += rec < taken[i] ? 1 : 0;
      }
    });
    return {
      ...s,
      agreement: (s.exact + s.smallDirection + s.largeDirection) / s.advised,
      exact: s.exact / s.fitRows,
      withinOne: s.withinOne / s.fitRows,
      smallDirection: s.smallDirection / s.smallRows,
      largeDirection: s.largeDirection / s.largeRows,
    };
  };
  const all = (): boolean => true;
  const common = (k: number): boolean => picks[0][k] >= 0 && picks[1][k] >= 0 && picks[2][k] >= 0;
  const result: HeldOutAdviceEvaluation = {
    rows: rows.length,
    model: score(0, all),
    usualSize: score(1, all),
    articleMode: score(2, all),
    modelCommon: score(0, common),
    usualSizeCommon: score(1, common),
    articleModeCommon: score(2, common),
  };
  if (!withBody) return result;
  const isUnseen = (k: number): boolean => unseen[k];
  return {
    ...result,
    unseenRows: unseen.filter((u) => u).length,
    modelSeen: score(0, (k) => !unseen[k]),
    modelUnseen: score(0, isUnseen),
    articleModeUnseen: score(2, isUnseen),
  };
}
