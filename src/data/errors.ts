// DataError: the one error type of the data layer. Its message always says where (file, and line
// number or byte offset when known) and what was expected, so a user can fix the input.
// Not here: recovery; the data layer never skips a bad row silently.

export class DataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataError';
  }
}

/** An error located at a line of a text file: `file:line: message`. */
export function lineError(file: string, lineNo: number, message: string): DataError {
  return new DataError(`${file}:${lineNo}: ${message}`);
}

/** Checks that a label is an integer in [0, numClasses); never clamps. */
export function checkLabel(value: number, numClasses: number, where: string): number {
  if (!Number.isInteger(value) || value < 0 || value >= numClasses) {
    throw new DataError(`${where}: label ${value} is out of range; expected an integer in 0..${numClasses - 1}`);
  }
  return value;
}
