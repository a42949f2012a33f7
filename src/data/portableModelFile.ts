/** Between the engine's PortableModel (typed arrays) and the saved JSON model file. */
import type { PortableModel } from '../core/portableModel';
import { MODEL_FORMAT, MODEL_VERSION, type ModelCovarianceType, type ModelFile } from './modelFile';

export interface ModelRecord {
  columns: string[];
  covarianceType: ModelCovarianceType | null;
  options: ModelFile['options'];
  bic: number | null;
  aic: number | null;
}

/** (n × width) flat, row-major → n arrays of width numbers: how JSON files nest matrices. */
export const nestRows = (values: Float64Array, width: number): number[][] =>
  Array.from({ length: values.length / width }, (_, i) => Array.from(values.subarray(i * width, (i + 1) * width)));

export function toModelFile(model: PortableModel, record: ModelRecord): ModelFile {
  const d = model.nFeatures;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    algorithm: model.algorithm,
    options: record.options,
    columns: record.columns,
    scaling: model.scaling ? { mean: Array.from(model.scaling.mean), scale: Array.from(model.scaling.scale) } : null,
    weights: Array.from(model.weights),
    means: nestRows(model.means, d),
    covariances: model.covariances ? nestRows(model.covariances, d * d).map(c => nestRows(Float64Array.from(c), d)) : null,
    covarianceType: record.covarianceType,
    bic: record.bic,
    aic: record.aic,
  };
}

/** A validated model file (parseModel) as the engine's model. */
export function fromModelFile(file: ModelFile): PortableModel {
  const k = file.weights.length;
  const d = file.columns.length;
  return {
    algorithm: file.algorithm,
    nComponents: k,
    nFeatures: d,
    weights: Float64Array.from(file.weights),
    means: Float64Array.from(file.means.flat()),
    covariances: file.covariances ? Float64Array.from(file.covariances.flat(2)) : null,
    scaling: file.scaling ? { mean: Float64Array.from(file.scaling.mean), scale: Float64Array.from(file.scaling.scale) } : null,
  };
}
