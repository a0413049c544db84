/**
 * Regions: the countries whose national phone formats and postal codes the rules read. A
 * national number ("06 12 34 56 78", "030 1234567", "612 345 678") has no country in it, so
 * each region's numbering plan (libphonenumber's metadata) is tried in turn; the first region
 * is the home one, whose numbers libphonenumber also finds inside longer runs.
 */
import type { CountryCode } from 'libphonenumber-js';
import { UsageError } from '../../core/index.js';
import { phoneLib } from './phone-lib.js';

/**
 * The default: North America first (the home region, as graft read numbers before regions
 * existed), then the countries of Europe, the Americas, Asia-Pacific and Africa whose numbers
 * people most often write in English-language or European text. A broad list costs precision
 * (a grouped digit run valid in one of 40 plans is more often something else than one valid in
 * one plan): bench/pii reports the trade-off.
 */
export const DEFAULT_REGIONS: readonly CountryCode[] = Object.freeze([
  'US', 'CA', 'GB', 'IE', 'AU', 'NZ', 'IN', 'ZA', 'NG', 'KE',
  'DE', 'AT', 'CH', 'FR', 'BE', 'LU', 'NL', 'ES', 'PT', 'IT', 'GR', 'MT', 'CY',
  'SE', 'NO', 'DK', 'FI', 'IS', 'PL', 'CZ', 'SK', 'HU', 'RO', 'BG', 'HR', 'SI', 'EE', 'LV', 'LT', 'UA', 'TR', 'IL',
  'BR', 'MX', 'AR', 'CL', 'CO', 'JP', 'KR', 'CN', 'HK', 'TW', 'SG', 'PH', 'MY', 'AE',
] as CountryCode[]);

let known: ReadonlySet<string> | undefined;

/**
 * Checks a user-given region list ("US,DE,fr" or an array): ISO 3166 alpha-2 codes that
 * libphonenumber knows, upper-cased, without repeats; UsageError names the bad ones.
 *
 * @example
 * parseRegions('de, at,CH') // ['DE', 'AT', 'CH']
 */
export function parseRegions(spec: string | readonly string[]): CountryCode[] {
  const items = (typeof spec === 'string' ? spec.split(',') : spec).map((s) => s.trim().toUpperCase()).filter(Boolean);
  if (items.length === 0) throw new UsageError('a region list needs at least one region (ISO 3166 alpha-2 codes such as US, DE, FR).', 'bad_regions');
  known ??= new Set(phoneLib().getCountries());
  const bad = items.filter((r) => !known!.has(r));
  if (bad.length) {
    throw new UsageError(`Unknown region ${bad.map((b) => `'${b}'`).join(', ')}: give ISO 3166 alpha-2 country codes (e.g. US, GB, DE, FR, JP); the default list is ${DEFAULT_REGIONS.join(',')}.`, 'bad_regions');
  }
  return [...new Set(items)] as CountryCode[];
}

/** The parts of libphonenumber's Metadata this file reads (typed there only as `numberingPlan?`). */
interface PlanReader {
  selectNumberingPlan(country: string): void;
  numberingPlan: {
    nationalPrefixForParsing(): string | undefined;
    nationalPrefixTransformRule(): string | undefined;
    possibleLengths(): number[] | undefined;
    nationalNumberPattern(): string;
  };
}

/**
 * A cheap test that the digits of a candidate could be one national number of the region:
 * after nothing or the national prefix, a run of one of the plan's lengths matching its
 * national-number pattern. A number libphonenumber finds valid for the region passes it; the
 * test only spares the library the candidates that cannot be.
 */
export type NationalTest = (digits: string) => boolean;

const tests = new Map<CountryCode, NationalTest>();

export function nationalTest(region: CountryCode): NationalTest {
  let t = tests.get(region);
  if (t) return t;
  const m = new (phoneLib().Metadata)() as unknown as PlanReader;
  m.selectNumberingPlan(region);
  const plan = m.numberingPlan;
  const prefix = plan.nationalPrefixForParsing() ?? '';
  const lengths = new Set(plan.possibleLengths() ?? []);
  const national = new RegExp(`^(?:${plan.nationalNumberPattern()})$`);
  // A prefix given as a pattern, or a transform rule: let the library decide every candidate.
  if (!/^\d*$/.test(prefix) || plan.nationalPrefixTransformRule() || lengths.size === 0) t = () => true;
  else {
    t = (d) => (lengths.has(d.length) && national.test(d)) || (prefix !== '' && d.startsWith(prefix) && lengths.has(d.length - prefix.length) && national.test(d.slice(prefix.length)));
  }
  tests.set(region, t);
  return t;
}
