/**
 * Privacy: find private data in text, apply a policy (redact, pseudonymize, refuse, allow)
 * before anything is embedded or stored, scan reports, and exact unlearning.
 */
export { PII_TYPES, isPiiType } from './types.js';
export type { PiiType, Finding, Detector } from './types.js';
export { detect, checkTypes, DETECTORS, DEFAULT_MIN_CONFIDENCE } from './detect.js';
export type { DetectOptions } from './detect.js';
export { resolveOverlaps } from './resolve.js';
export { luhnValid, cardIssuer, ibanValid } from './detectors/financial.js';
export { createPhoneDetector } from './detectors/phone.js';
