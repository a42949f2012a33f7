/**
 * The typed message protocol between the extension host and the cluster webview: the one module
 * both import. Each part of it lives in its own module (below) and writes every message once, as
 * its runtime guard; the unions here are derived from those guards (MessageOf), so a type cannot
 * say what the guard does not check.
 *
 * Host → webview messages are snapshots and events named `did…`; webview → host messages are
 * requests. Both directions are validated at runtime on arrival (`parseHostMessage`,
 * `parseWebviewMessage`): the webview is untrusted input to the host, and the webview must not
 * draw garbage if the host and webview bundles ever disagree.
 */
import { type Check, isRecord, type MessageOf } from './guards';
import { agreementHostShapes, agreementWebviewShapes } from './agreementProtocol';
import { compareHostShapes, compareWebviewShapes } from './compareProtocol';
import { fitHostShapes, fitWebviewShapes } from './fitProtocol';
import { methodsHostShapes, methodsWebviewShapes } from './methodsProtocol';
import { modelSearchHostShapes, modelSearchWebviewShapes } from './modelSearchProtocol';
import { tableHostShapes, tableWebviewShapes } from './tableProtocol';

export {
  ALGORITHMS, type Algorithm, COVARIANCE_TYPES, type CovarianceType, DENSITY_METHODS, FINDS_K, MAX_COMPARE_K, MAX_SEARCH_K,
  MISSING_POLICIES, MIXTURE_MODELS, type MissingPolicy, type MixtureModel, RAN_IN, type RanIn, SEARCH_STATUSES,
} from './vocabulary';
export { type AlgorithmDefaults, FIT_LIMITS, type FitOptions, isFitOptions } from './fitOptions';
export type { ClusterProfiles, DensitySnapshot, FitSnapshot } from './snapshotProtocol';
export { type ColumnSummary, type DatasetSummary, parsePersistedState, type PersistedState } from './fitProtocol';
export type { ComparedModel } from './compareProtocol';
export type { SearchedModel } from './modelSearchProtocol';

export const PROTOCOL_VERSION = 1;

/** Every host → webview message's guard, by type: the file and its fit, the table, and each tab's own. */
const hostMessageShapes = {
  ...fitHostShapes, ...tableHostShapes, ...compareHostShapes, ...agreementHostShapes, ...methodsHostShapes, ...modelSearchHostShapes,
};
/** Every webview → host message's guard, by type. */
const webviewMessageShapes = {
  ...fitWebviewShapes, ...tableWebviewShapes, ...compareWebviewShapes, ...agreementWebviewShapes, ...methodsWebviewShapes, ...modelSearchWebviewShapes,
};

export type HostMessage = MessageOf<typeof hostMessageShapes>;
export type WebviewMessage = MessageOf<typeof webviewMessageShapes>;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };

function parse<S extends Record<string, Check>>(value: unknown, shapes: S): Parsed<MessageOf<S>> {
  if (!isRecord(value) || typeof value.type !== 'string' || !Object.hasOwn(shapes, value.type)) {
    return { ok: false, error: 'message has no known type' };
  }
  const why = shapes[value.type]!(value, value.type);
  return why ? { ok: false, error: why } : { ok: true, message: value as MessageOf<S> };
}

export function parseHostMessage(value: unknown): Parsed<HostMessage> {
  return parse(value, hostMessageShapes);
}

export function parseWebviewMessage(value: unknown): Parsed<WebviewMessage> {
  return parse(value, webviewMessageShapes);
}
