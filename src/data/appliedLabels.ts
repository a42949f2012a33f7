// A saved model applied to a table read whole: the rows with a value in every model column get the
// model's cluster and probabilities (single precision, as the extension's applied fit keeps them),
// the others none. The in-memory path of `label --model` (Parquet, UTF-16, --no-stream), and the
// reference the streaming pass (streamingLabel.ts) is held to.

import { predictWithModel, type PortableModel } from '../core/portableModel';
import type { Dataset } from './csvReader';
import { buildFeatureMatrix } from './featureMatrix';
import type { ClusterAssignment } from './labelledWriter';

export function applyModelToDataset(model: PortableModel, dataset: Dataset, columns: string[]): ClusterAssignment {
  const selection = buildFeatureMatrix(dataset, columns, 'drop');
  const { labels, resp } = predictWithModel(model, selection.matrix);
  return { k: model.nComponents, labels, probabilities: new Float32Array(resp), rowIndex: selection.rowIndex };
}
