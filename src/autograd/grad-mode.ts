// Grad mode: whether ops record themselves on the tape. `noGrad(fn)` runs fn without recording
// (inference, optimizer updates, and every backward function, which must not build a graph).

let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

/** Runs fn with recording switched off, and restores the previous mode even if fn throws. */
export function noGrad<T>(fn: () => T): T {
  const previous = enabled;
  enabled = false;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}
