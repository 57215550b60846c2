// The README's library example: a two-layer network fitted by plain gradient descent.
import { Rng, crossEntropy, matmul, noGrad, randn, relu, tensor } from '../src/index.ts';

const rng = new Rng(0);
const x = randn([64, 2], rng); // (N, 2) points
const labels = Int32Array.from({ length: 64 }, (_, i) => (x.data[2 * i]! * x.data[2 * i + 1]! > 0 ? 1 : 0)); // XOR-like quadrants
const w1 = randn([2, 16], rng, { std: 0.5, requiresGrad: true });
const w2 = randn([16, 2], rng, { std: 0.5, requiresGrad: true });
for (let step = 0; step <= 300; step++) {
  const loss = crossEntropy(matmul(relu(matmul(x, w1)), w2), labels); // (N, 2) logits
  loss.backward();
  noGrad(() => {
    for (const w of [w1, w2]) {
      for (let i = 0; i < w.size; i++) w.data[i]! -= 0.5 * w.grad!.data[i]!;
      w.zeroGrad();
    }
  });
  if (step % 100 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
}
console.log(tensor([[1, 2]]).toString());
