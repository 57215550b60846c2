// tfjs-core on tfjs-backend-wasm 4.22, set up once for the benchmark peers (bench/_attention-tfjs.ts,
// bench/_train-tfjs.ts): one thread, XNNPACK. tfjs-core's CommonJS build (the one Node loads) ships
// without its gradient registry (the ESM file that registers it cannot be loaded by Node), so the
// gradients of the kernels the peers use are registered here from their textbook formulas.
export type Tf = typeof import('@tensorflow/tfjs-core');
type T = import('@tensorflow/tfjs-core').Tensor;

let loaded: Promise<Tf | null> | null = null;

/** tfjs with the wasm backend on one thread, or null (with a warning) when it cannot start. */
export function loadTfjsWasm(): Promise<Tf | null> {
  loaded ??= (async () => {
    try {
      const tf = await import('@tensorflow/tfjs-core');
      registerGradients(tf);
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setThreadsCount(1);
      if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false');
      await tf.ready();
      return tf;
    } catch (error) {
      console.warn(`tfjs-backend-wasm unavailable, peer skipped: ${String(error)}`);
      return null;
    }
  })();
  return loaded;
}

function registerGradients(tf: Tf): void {
  const reduceTo = (g: T, shape: number[]): T => {
    let r = g;
    const lead = r.rank - shape.length;
    if (lead > 0) r = tf.sum(r, [...Array(lead).keys()]);
    const axes = shape.map((d, i) => (d === 1 && r.shape[i] !== 1 ? i : -1)).filter((i) => i >= 0);
    if (axes.length > 0) r = tf.sum(r, axes, true);
    return tf.reshape(r, shape);
  };
  type Attrs = Record<string, unknown>;
  const reg = (kernelName: string, inputsToSave: string[], outputsToSave: boolean[] | undefined, gradFunc: (dy: T, saved: T[], attrs: Attrs) => Record<string, () => T>): void =>
    tf.registerGradient({ kernelName, inputsToSave, outputsToSave, gradFunc: gradFunc as never });
  reg('BatchMatMul', ['a', 'b'], undefined, (dy, [a, b], attrs) => {
    const mm = (x: T, y: T, ta: boolean, tb: boolean): T => tf.matMul(x, y, ta, tb);
    const [tA, tB] = [attrs.transposeA as boolean, attrs.transposeB as boolean];
    if (!tA && !tB) return { a: () => mm(dy, b!, false, true), b: () => mm(a!, dy, true, false) };
    if (!tA && tB) return { a: () => mm(dy, b!, false, false), b: () => mm(dy, a!, true, false) };
    if (tA && !tB) return { a: () => mm(b!, dy, false, true), b: () => mm(a!, dy, false, false) };
    return { a: () => mm(b!, dy, true, true), b: () => mm(dy, a!, true, true) };
  });
  reg('Softmax', [], [true], (dy, [y]) => ({ logits: () => tf.mul(y!, tf.sub(dy, tf.sum(tf.mul(dy, y!), -1, true))) }));
  reg('Add', ['a', 'b'], undefined, (dy, [a, b]) => ({ a: () => reduceTo(dy, a!.shape), b: () => reduceTo(dy, b!.shape) }));
  reg('Sub', ['a', 'b'], undefined, (dy, [a, b]) => ({ a: () => reduceTo(dy, a!.shape), b: () => reduceTo(tf.neg(dy), b!.shape) }));
  reg('Multiply', ['a', 'b'], undefined, (dy, [a, b]) => ({ a: () => reduceTo(tf.mul(dy, b!), a!.shape), b: () => reduceTo(tf.mul(dy, a!), b!.shape) }));
  reg('RealDiv', ['a', 'b'], undefined, (dy, [a, b]) => ({ a: () => reduceTo(tf.div(dy, b!), a!.shape), b: () => reduceTo(tf.neg(tf.div(tf.mul(dy, a!), tf.mul(b!, b!))), b!.shape) }));
  reg('Cast', [], undefined, (dy) => ({ x: () => dy }));
  reg('Neg', [], undefined, (dy) => ({ x: () => tf.neg(dy) }));
  reg('Reshape', ['x'], undefined, (dy, [x]) => ({ x: () => tf.reshape(dy, x!.shape) }));
  reg('Transpose', [], undefined, (dy, _s, attrs) => {
    const perm = attrs.perm as number[];
    return { x: () => tf.transpose(dy, perm.map((_, i) => perm.indexOf(i))) };
  });
  const spread = (dy: T, x: T, attrs: Attrs, scale: boolean): T => {
    const raw = (attrs.axis ?? attrs.reductionIndices) as number | number[] | null; // Max names it reductionIndices
    const axes = raw === null || raw === undefined ? [...x.shape.keys()] : (Array.isArray(raw) ? raw : [raw]).map((a) => (a < 0 ? a + x.rank : a));
    const g = tf.mul(tf.reshape(dy, x.shape.map((d, i) => (axes.includes(i) ? 1 : d))), tf.ones(x.shape));
    return scale ? tf.div(g, axes.reduce((n, a) => n * x.shape[a]!, 1)) : g;
  };
  reg('Sum', ['x'], undefined, (dy, [x], attrs) => ({ x: () => spread(dy, x!, attrs, false) }));
  reg('Mean', ['x'], undefined, (dy, [x], attrs) => ({ x: () => spread(dy, x!, attrs, true) }));
  reg('Max', ['x'], [true], (dy, [x, y], attrs) => ({ x: () => tf.mul(spread(dy, x!, attrs, false), tf.cast(tf.equal(x!, spread(y!, x!, attrs, false)), 'float32')) }));
  reg('Relu', ['x'], undefined, (dy, [x]) => ({ x: () => tf.mul(dy, tf.cast(tf.greater(x!, 0), 'float32')) }));
  reg('Tanh', [], [true], (dy, [y]) => ({ x: () => tf.mul(dy, tf.sub(1, tf.mul(y!, y!))) }));
  reg('Rsqrt', ['x'], undefined, (dy, [x]) => ({ x: () => tf.mul(dy, tf.mul(tf.pow(x!, -1.5), -0.5)) }));
  reg('Exp', [], [true], (dy, [y]) => ({ x: () => tf.mul(dy, y!) }));
  reg('Log', ['x'], undefined, (dy, [x]) => ({ x: () => tf.div(dy, x!) }));
}
