/** Between the engine's PortableModel (typed arrays) and the saved JSON model file. */
import type { DensityModel } from '../core/densityModel';
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

/**
 * A DBSCAN or HDBSCAN model as its file: the rows and tree it labels with, the scaling that leads
 * to their space, and each cluster's share of the fitted rows and members' mean (original units).
 */
export function densityModelToFile(
  model: DensityModel, scaling: { mean: Float64Array; scale: Float64Array } | null, weights: Float64Array, means: Float64Array, record: ModelRecord,
): ModelFile {
  const d = model.nFeatures;
  const density: NonNullable<ModelFile['density']> = model.algorithm === 'dbscan'
    ? { eps: model.eps, minSamples: model.minSamples, points: nestRows(model.points, d), labels: Array.from(model.labels) }
    : {
      eps: null, minSamples: model.minSamples, points: nestRows(model.points, d), coreDistances: Array.from(model.coreDistances),
      rowNode: Array.from(model.rowNode), rowLambda: Array.from(model.rowLambda), nodeParent: Array.from(model.nodeParent),
      nodeBirth: Array.from(model.nodeBirth), nodeLabel: Array.from(model.nodeLabel), nodeMaxLambda: Array.from(model.nodeMaxLambda),
    };
  return {
    format: MODEL_FORMAT, version: MODEL_VERSION, algorithm: model.algorithm, options: record.options, columns: record.columns,
    scaling: scaling ? { mean: Array.from(scaling.mean), scale: Array.from(scaling.scale) } : null,
    weights: Array.from(weights), means: nestRows(means, d), covariances: null, covarianceType: null, bic: null, aic: null,
    density,
  };
}

/** A validated DBSCAN or HDBSCAN model file as the engine's density model and its scaling. */
export function densityModelFromFile(file: ModelFile): { model: DensityModel; scaling: { mean: Float64Array; scale: Float64Array } | null } {
  const density = file.density;
  if (!density || (file.algorithm !== 'dbscan' && file.algorithm !== 'hdbscan')) { throw new Error('not a DBSCAN or HDBSCAN model'); }
  const k = file.weights.length;
  const d = file.columns.length;
  const points = Float64Array.from(density.points.flat());
  const scaling = file.scaling ? { mean: Float64Array.from(file.scaling.mean), scale: Float64Array.from(file.scaling.scale) } : null;
  if (file.algorithm === 'dbscan') {
    return { model: { algorithm: 'dbscan', nFeatures: d, nClusters: k, eps: density.eps!, minSamples: density.minSamples, points, labels: Int32Array.from(density.labels!) }, scaling };
  }
  return {
    model: {
      algorithm: 'hdbscan', nFeatures: d, nClusters: k, minSamples: density.minSamples, points,
      coreDistances: Float64Array.from(density.coreDistances!), rowNode: Int32Array.from(density.rowNode!), rowLambda: Float64Array.from(density.rowLambda!),
      nodeParent: Int32Array.from(density.nodeParent!), nodeBirth: Float64Array.from(density.nodeBirth!),
      nodeLabel: Int32Array.from(density.nodeLabel!), nodeMaxLambda: Float64Array.from(density.nodeMaxLambda!),
    },
    scaling,
  };
}

/** A validated Gaussian mixture or k-means model file (parseModel) as the engine's model. */
export function fromModelFile(file: ModelFile): PortableModel {
  if (file.algorithm !== 'gmm' && file.algorithm !== 'kmeans') { throw new Error(`a ${file.algorithm} model is read by densityModelFromFile`); }
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
