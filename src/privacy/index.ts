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
export { createAddressDetector } from './detectors/address.js';
export { DEFAULT_REGIONS, parseRegions } from './detectors/regions.js';
export { CARD_ISSUERS } from './detectors/financial.js';
export { loadNer, mergeModelFindings, MODEL_OVERRULES } from './ner/index.js';
export type { NerStage, NerOptions, NerPrepareOptions } from './ner/index.js';
export { redactText, pseudonymizeText, pseudonym, shapeMask, findingDigests, lookupDigests } from './transform.js';
export { applyLabelPolicy, LABEL_TYPES } from './labels.js';
export type { LabelFindings } from './labels.js';
export { applyPrivacy, redact, parsePolicy, findingIssue, PRIVACY_POLICIES, DEFAULT_POLICY } from './policy.js';
export type { PrivacyPolicy, PrivacyOptions, PrivacyReport, PrivacyResult, RowFindings } from './policy.js';
export { scan, scanItems } from './scan.js';
export type { ScanItem, ScanReport, ScanOptions, MaskedSample } from './scan.js';
export { scanFile, MAX_LINE_CHARS, TEXT_COLUMN } from './scan-file.js';
export type { ScanFileOptions, FileScanReport } from './scan-file.js';
export { renderScanHtml } from './scan-html.js';
export { formatPrivacyReport } from './format.js';
export { applyPrivacyToDataset } from './stage.js';
export type { DatasetPrivacyOptions } from './stage.js';
