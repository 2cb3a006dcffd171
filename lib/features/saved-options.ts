import { InvalidArgumentError, ModelFormatError } from '../core/errors.js';

/**
 * Makes a step from the options saved in its JSON (internal to lib/features). An option its constructor refuses
 * (an InvalidArgumentError: a negative prior strength, a seed of 1.5) means a bad file, not a bad call, so it becomes
 * the ModelFormatError that `fromJSON` promises, naming the step's kind and keeping the constructor's message
 * (which names the option).
 * @param kind - the step's kind, as the message starts. @param make - calls the constructor with the saved options.
 * @throws ModelFormatError on an option the constructor refuses; any other error as it is.
 */
export function fromSavedOptions<T>(kind: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    if (e instanceof InvalidArgumentError) throw new ModelFormatError(`${kind}: saved options: ${e.message}`);
    throw e;
  }
}
