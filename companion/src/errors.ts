// Typed errors that carry what and where; http/error-response.ts maps them to HTTP codes in one place,
// and the CLI maps them to exit code 2 (bad input) or 1 (internal).

export class ConformError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
}

/** A request or argument that is malformed or missing something. */
export class BadInputError extends ConformError {
  constructor(message: string) {
    super(message, 400, 'bad_input');
  }
}

/** A file whose content cannot be read as what it claims to be (corrupt PSD, fake AEPX…). */
export class FileFormatError extends ConformError {
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(file ? `${file}: ${message}` : message, 422, 'bad_file');
    this.file = file;
  }
}

export class UnsupportedMediaError extends ConformError {
  constructor(message: string) {
    super(message, 415, 'unsupported_media_type');
  }
}

export class TooLargeError extends ConformError {
  constructor(message: string) {
    super(message, 413, 'too_large');
  }
}

export class NotFoundError extends ConformError {
  constructor(message: string) {
    super(message, 404, 'not_found');
  }
}

export class InvalidTransitionError extends ConformError {
  constructor(from: string | number, to: string | number) {
    super(`Invalid transition from stage ${from} to ${to}`, 409, 'invalid_transition');
  }
}

export class ConflictError extends ConformError {
  constructor(message: string) {
    super(message, 409, 'conflict');
  }
}

export class ForbiddenError extends ConformError {
  constructor(message: string) {
    super(message, 403, 'forbidden');
  }
}
