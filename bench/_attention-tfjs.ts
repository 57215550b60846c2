// The benchmark peer for bench/attention.ts: softmax and Nyström attention layers written with
// @tensorflow/tfjs-core on @tensorflow/tfjs-backend-wasm 4.22 (XNNPACK, one thread), the same
// layer as ours (W_q, W_k, W_v, core, W_o; no padding). Nyström follows the reference code:
// D^-¼ scaling, segment-mean landmarks, three softmax kernels, 6 Newton–Schulz steps from the
// global-max init, out = (K1·Z)·(K3·V). forward+backward uses tf.grads over x and the weights.
// tfjs-core's Node (CommonJS) build ships without its gradient registry (the ESM file that
// registers it cannot be loaded by Node), so the gradients of the ten kernels used here are
// registered below from their textbook formulas.
type Tf = typeof import('@tensorflow/tfjs-core');
type T3 = import('@tensorflow/tfjs-core').Tensor;

export interface TfjsPeer {
  measure(core: 'softmax' | 'nystrom', t: number, timeMs: (fn: () => void, t: number) => number): { forwardMs: number; forwardBackwardMs: number };
}

export async function tfjsAttention(size: { C: number; H: number; D: number; M: number }): Promise<TfjsPeer | null> {
  let tf: Tf;
  try {
    tf = await import('@tensorflow/tfjs-core');
    registerGradients(tf);
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) throw new Error('setBackend(wasm) returned false');
    await tf.ready();
  } catch (error) {
    console.warn(`tfjs-backend-wasm unavailable, peer skipped: ${String(error)}`);
    return null;
  }
  const { C, H, D, M } = size;
  const weights = [0, 1, 2, 3].map((i) => tf.randomNormal([C, C], 0, 0.1, 'float32', i));

  const newtonSchulz = (k2: T3): T3 => {
    const eye = tf.eye(M);
    let z = tf.div(tf.transpose(k2, [0, 2, 1]), tf.max(tf.sum(k2, 1)));
    for (let n = 0; n < 6; n++) {
      const kz = tf.matMul(k2, z);
      const inner = tf.matMul(kz, tf.sub(tf.mul(eye, 15), tf.matMul(kz, tf.sub(tf.mul(eye, 7), kz))));
      z = tf.matMul(tf.mul(z, 0.25), tf.sub(tf.mul(eye, 13), inner));
    }
    return z;
  };

  const layer = (core: 'softmax' | 'nystrom', t: number, x: T3, wq: T3, wk: T3, wv: T3, wo: T3): T3 => {
    const heads = (w: T3): T3 => tf.transpose(tf.reshape(tf.matMul(x as import('@tensorflow/tfjs-core').Tensor2D, w as import('@tensorflow/tfjs-core').Tensor2D), [t, H, D]), [1, 0, 2]); // (H, T, D)
    const q = heads(wq);
    const k = heads(wk);
    const v = heads(wv);
    let o: T3;
    if (core === 'softmax') {
      o = tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(D))), v);
    } else {
      const qs = tf.mul(q, D ** -0.25);
      const ks = tf.mul(k, D ** -0.25);
      const qL = tf.mean(tf.reshape(qs, [H, M, t / M, D]), 2);
      const kL = tf.mean(tf.reshape(ks, [H, M, t / M, D]), 2);
      const k1 = tf.softmax(tf.matMul(qs, kL, false, true));
      const k2 = tf.softmax(tf.matMul(qL, kL, false, true));
      const k3 = tf.softmax(tf.matMul(qL, ks, false, true));
      o = tf.matMul(tf.matMul(k1, newtonSchulz(k2)), tf.matMul(k3, v));
    }
    return tf.matMul(tf.reshape(tf.transpose(o, [1, 0, 2]), [t, C]) as import('@tensorflow/tfjs-core').Tensor2D, wo as import('@tensorflow/tfjs-core').Tensor2D);
  };

  return {
    measure(core, t, timeMs) {
      const x = tf.randomNormal([t, C], 0, 1, 'float32', 5);
      const r = tf.randomNormal([t, C], 0, 1, 'float32', 6);
      const [wq, wk, wv, wo] = weights as [T3, T3, T3, T3];
      const forwardMs = timeMs(() => tf.tidy(() => void layer(core, t, x, wq, wk, wv, wo).dataSync()), t);
      const grads = tf.grads((...inputs: T3[]) => tf.sum(tf.mul(layer(core, t, ...(inputs as [T3, T3, T3, T3, T3])), r)));
      const forwardBackwardMs = timeMs(() => tf.tidy(() => grads([x, wq, wk, wv, wo]).forEach((g) => g.dataSync())), t);
      x.dispose();
      r.dispose();
      return { forwardMs, forwardBackwardMs };
    },
  };
}

/** Gradients of the kernels this layer uses, registered into the CommonJS tfjs-core instance. */
function registerGradients(tf: Tf): void {
  const reduceTo = (g: T3, shape: number[]): T3 => {
    let r = g;
    const lead = r.rank - shape.length;
    if (lead > 0) r = tf.sum(r, [...Array(lead).keys()]);
    const axes = shape.map((d, i) => (d === 1 && r.shape[i] !== 1 ? i : -1)).filter((i) => i >= 0);
    if (axes.length > 0) r = tf.sum(r, axes, true);
    return tf.reshape(r, shape);
  };
  type Saved = T3[];
  type Attrs = Record<string, unknown>;
  const reg = (kernelName: string, inputsToSave: string[], outputsToSave: boolean[] | undefined, gradFunc: (dy: T3, saved: Saved, attrs: Attrs) => Record<string, () => T3>): void =>
    tf.registerGradient({ kernelName, inputsToSave, outputsToSave, gradFunc: gradFunc as never });
  reg('BatchMatMul', ['a', 'b'], undefined, (dy, [a, b], attrs) => {
    const tA = attrs.transposeA as boolean;
    const tB = attrs.transposeB as boolean;
    const mm = (x: T3, y: T3, ta: boolean, tb: boolean): T3 => tf.matMul(x, y, ta, tb);
    if (!tA && !tB) return { a: () => mm(dy, b!, false, true), b: () => mm(a!, dy, true, false) };
    if (!tA && tB) return { a: () => mm(dy, b!, false, false), b: () => mm(dy, a!, true, false) };
    if (tA && !tB) return { a: () => mm(b!, dy, false, true), b: () => mm(a!, dy, false, false) };
    return { a: () => mm(b!, dy, true, true), b: () => mm(dy, a!, true, true) };
  });
  reg('Softmax', [], [true], (dy, [y]) => ({ logits: () => tf.mul(y!, tf.sub(dy, tf.sum(tf.mul(dy, y!), -1, true))) }));
  reg('Multiply', ['a', 'b'], undefined, (dy, [a, b]) => ({ a: () => reduceTo(tf.mul(dy, b!), a!.shape), b: () => reduceTo(tf.mul(dy, a!), b!.shape) }));
  reg('RealDiv', ['a', 'b'], undefined, (dy, [a, b]) => ({ a: () => reduceTo(tf.div(dy, b!), a!.shape), b: () => reduceTo(tf.neg(tf.div(tf.mul(dy, a!), tf.mul(b!, b!))), b!.shape) }));
  reg('Sub', ['a', 'b'], undefined, (dy, [a, b]) => ({ a: () => reduceTo(dy, a!.shape), b: () => reduceTo(tf.neg(dy), b!.shape) }));
  reg('Reshape', ['x'], undefined, (dy, [x]) => ({ x: () => tf.reshape(dy, x!.shape) }));
  reg('Transpose', [], undefined, (dy, _s, attrs) => {
    const perm = attrs.perm as number[];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return { x: () => tf.transpose(dy, inverse) };
  });
  const spread = (dy: T3, x: T3, attrs: Attrs, scale: boolean): T3 => {
    const raw = attrs.axis as number | number[] | null;
    const axes = raw === null || raw === undefined ? [...x.shape.keys()] : (Array.isArray(raw) ? raw : [raw]).map((a) => (a < 0 ? a + x.rank : a));
    const kept = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const g = tf.mul(tf.reshape(dy, kept), tf.ones(x.shape));
    return scale ? tf.div(g, axes.reduce((n, a) => n * x.shape[a]!, 1)) : g;
  };
  reg('Sum', ['x'], undefined, (dy, [x], attrs) => ({ x: () => spread(dy, x!, attrs, false) }));
  reg('Mean', ['x'], undefined, (dy, [x], attrs) => ({ x: () => spread(dy, x!, attrs, true) }));
  reg('Max', ['x'], [true], (dy, [x, y], attrs) => ({ x: () => tf.mul(spread(dy, x!, attrs, false), tf.cast(tf.equal(x!, spread(y!, x!, attrs, false)), 'float32')) }));
}
