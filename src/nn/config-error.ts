// ConfigError: a bad configuration value. The message names the option, the value given and
// the allowed values, so the user can fix the config without reading the source.
export class ConfigError extends Error {
  constructor(readonly option: string, message: string) {
    super(`${option}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** Throws unless value is one of allowed. */
export function checkChoice<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(option, `unknown value ${JSON.stringify(value)}; allowed values: ${allowed.map((a) => `'${a}'`).join(', ')}`);
  }
  return value as T;
}

/** Throws unless value is an integer in [min, max]. */
export function checkInteger(option: string, value: unknown, min: number, max = Infinity): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Infinity ? `>= ${min}` : `in [${min}, ${max}]`;
    throw new ConfigError(option, `must be an integer ${range}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless value is a dropout-style rate in [0, 1). */
export function checkRate(option: string, value: unknown): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ConfigError(option, `must be a rate in [0, 1), got ${String(value)}`);
  }
  return value;
}

/** Throws unless value is a finite number > 0 (or >= 0 when zero is allowed). */
export function checkPositive(option: string, value: unknown, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ConfigError(option, `must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${String(value)}`);
  }
  return value;
}
