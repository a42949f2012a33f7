// The data layer's public surface: the host imports from here only.
export { CsvError, isCsvError, type CsvErrorCode } from './csvError';
export { byteSourceFromBytes, byteSourceFromText, type ByteSource } from './byteSource';
export { readCsv, type ReadCsvOptions, type Dataset, type ReadReport, type Column, type NumericColumn, type TextColumn, type MostlyNumericColumn } from './csvReader';
export type { Dialect, Delimiter } from './dialect';
export type { DecimalMark } from './cellParsing';
export { buildFeatureMatrix, defaultFeatureColumns, type FeatureSelection, type MissingPolicy } from './featureMatrix';
export { writeLabelledCsv, labelledCsvBytes, labelledColumnNames, formatProbability, type ClusterAssignment, type LabelledColumnNames } from './labelledWriter';
export { parseModel, serializeModel, validateModel, checkModelColumns, MODEL_FORMAT, MODEL_VERSION, type ModelFile, type ModelScaling, type ModelAlgorithm, type ModelCovarianceType } from './modelFile';
