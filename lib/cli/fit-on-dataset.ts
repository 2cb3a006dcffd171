import { DataError, InvalidArgumentError } from '../core/errors.js';
import type { ColumnarDataset } from '../data/columnar-dataset.js';

/**
 * Fits `model` on `data`; an InvalidArgumentError of the fit (the options are the catalog's and checked before, so it
 * is about the data: too few labelled rows to hold out a validation set, say) becomes a DataError naming the dataset,
 * its rows and the model, with the model's reason: the command line is valid, the data does not fit the model.
 * @param rows - the rows trained on, for the message (e.g. `3 labelled rows`).
 * @param modelName - the catalog name the model was made from.
 * @throws DataError as said; anything else the fit throws, unchanged.
 */
export async function fitOnDataset(
  model: { fit(data: ColumnarDataset): unknown },
  data: ColumnarDataset,
  rows: string,
  modelName: string,
): Promise<void> {
  try {
    await model.fit(data);
  } catch (e) {
    if (!(e instanceof InvalidArgumentError)) throw e;
    throw new DataError(`${data.meta.name}: cannot train ${modelName} on ${rows}: ${e.message}`, { cause: e });
  }
}
