// Evaluation: the mean task loss and the accuracy of a model on a whole split, in eval mode
// (no dropout) and without recording a graph. Batches are taken in order, the last one short,
// so every example counts exactly once. Not here: the training loop (trainer.ts).
import { noGrad } from '../autograd/grad-mode.ts';
import { epochBatches } from '../data/batch.ts';
import { countCorrect, modelLoss, type LraModel } from './model.ts';
import { batchOf, splitSize, type SplitName, type TaskData } from './task-data.ts';

export interface EvalResult {
  loss: number;
  acc: number;
  examples: number;
}

export function evaluate(model: LraModel, data: TaskData, split: SplitName, batchSize: number, limit = Infinity): EvalResult {
  const n = Math.min(splitSize(data, split), limit);
  if (n === 0) throw new Error(`evaluate: the ${split} split is empty`);
  const wasTraining = model.training;
  model.eval();
  let lossSum = 0;
  let correct = 0;
  try {
    noGrad(() => {
      for (const indices of epochBatches(n, batchSize)) {
        const batch = batchOf(data, split, indices);
        const out = modelLoss(model, batch);
        lossSum += out.taskLoss.item() * indices.length;
        correct += countCorrect(out.logits, batch.labels);
      }
    });
  } finally {
    model.train(wasTraining);
  }
  return { loss: lossSum / n, acc: correct / n, examples: n };
}
