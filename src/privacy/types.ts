/** The kinds of personal or secret data graft detects. */
export const PII_TYPES = [
  'EMAIL', 'PHONE', 'CREDIT_CARD', 'IBAN', 'US_SSN', 'IP_ADDRESS', 'URL', 'MAC_ADDRESS',
  'CRYPTO', 'DATE_TIME', 'SECRET', 'PERSON', 'LOCATION', 'ORGANIZATION',
  'STREET_ADDRESS', 'POSTAL_CODE', 'AGE', 'DRIVER_LICENSE',
] as const;

export type PiiType = (typeof PII_TYPES)[number];

/** One span of private data found in a text. Offsets are UTF-16 indices, `end` exclusive. */
export interface Finding {
  type: PiiType;
  start: number;
  end: number;
  /** 0..1; context words (e.g. "call me at", "DOB", "Dear") raise it. */
  confidence: number;
  /** Which rule matched, e.g. `email.rfc5322-lite`, `phone.libphonenumber`. */
  rule: string;
}

/** A detector finds spans of one or more types in a text. Pure and stateless. */
export interface Detector {
  readonly name: string;
  readonly types: readonly PiiType[];
  detect(text: string): Finding[];
}

/** Type guard for user-given type names. */
export function isPiiType(s: string): s is PiiType {
  return (PII_TYPES as readonly string[]).includes(s);
}
