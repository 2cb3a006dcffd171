/**
 * Typed errors of sizefit. Every error says what went wrong and where
 * ("line 1,204, field height: '5 ft 13' is not a height").
 */

/** Base class of every error sizefit throws on purpose. `code` is stable for programs to branch on. */
export class SizefitError extends Error {
  /** A stable, machine-readable code, e.g. `NOT_FITTED`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A model or transformer was used before `fit`. */
export class NotFittedError extends SizefitError {
  constructor(what: string) {
    super('NOT_FITTED', `${what} is not fitted: call fit() first`);
  }
}

/** An argument or option is invalid (wrong shape, out of range, unknown value). */
export class InvalidArgumentError extends SizefitError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** Where in an input a problem was found. All fields are optional; the message names those given. */
export interface InputLocation {
  /** File or source name. */
  source?: string;
  /** 1-based line number. */
  line?: number;
  /** Field or column name. */
  field?: string;
}

/** Formats a location as "file.jsonl, line 1,204, field height". */
export function formatLocation(loc: InputLocation): string {
  const parts: string[] = [];
  if (loc.source !== undefined) parts.push(loc.source);
  if (loc.line !== undefined) parts.push(`line ${loc.line.toLocaleString('en-US')}`);
  if (loc.field !== undefined) parts.push(`field ${loc.field}`);
  return parts.join(', ');
}

/** A value in an input could not be parsed or is out of range. Carries the location and the raw value. */
export class ParseError extends SizefitError {
  readonly location: InputLocation;
  readonly raw: string | undefined;
  constructor(message: string, location: InputLocation = {}, raw?: string) {
    const where = formatLocation(location);
    super('PARSE_ERROR', where ? `${where}: ${message}` : message);
    this.location = location;
    this.raw = raw;
  }
}

/** A dataset could not be found or read. */
export class DataError extends SizefitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DATA_ERROR', message, options);
  }
}

/** A database could not be reached or refused an operation (connection, authentication, a failed statement). */
export class DatabaseError extends SizefitError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DATABASE_ERROR', message, options);
  }
}

/** A size label is not a size of the named system, or a conversion does not exist. */
export class SizeError extends SizefitError {
  readonly system: string;
  constructor(system: string, message: string) {
    super('SIZE_ERROR', message);
    this.system = system;
  }
}

/** A serialized model, transformer or artifact is malformed, tampered with, or of an unknown kind/version. */
export class ModelFormatError extends SizefitError {
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super('MODEL_FORMAT', file ? `${file}: ${message}` : message);
    this.file = file;
  }
}
