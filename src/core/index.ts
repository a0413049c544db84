export { Matrix } from './matrix.js';
export { Rng } from './rng.js';
export { LabelSet } from './labels.js';
export { sha256, hashExamples, rowDigests } from './hash.js';
export { keyId, keyedDigest, keyFromBytes, parseKey, MIN_KEY_BYTES } from './keyed-hash.js';
export type { PseudonymKey, DigestPurpose } from './keyed-hash.js';
export type { Progress, ProgressFn, JobOptions } from './progress.js';
export {
  GraftError, DataError, UsageError, PrivacyError, BackboneError, NotFoundError, CancelledError,
  throwIfAborted, formatIssues,
} from './errors.js';
export type { Issue } from './errors.js';
export { errorToJSON, errorFromJSON } from './error-json.js';
export type { ErrorJSON } from './error-json.js';
export { loadTf } from './tensor.js';
export { startModuleWorker } from './worker.js';
export type { Tf } from './tensor.js';
export { encodeF32, decodeF32, encodeF64, decodeF64, encodeI32, decodeI32 } from './codec.js';
export { graftVersion } from './version.js';
