/** LOCATION from postal-address shapes: US street lines, "City, ST 12345" lines, UK and Canadian postcodes. */
import type { Detector, Finding } from '../types.js';

const STREET_TYPES = 'Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Lane|Ln|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Square|Sq|Terrace|Circle|Cir|Highway|Hwy';
const STATES = 'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';

/** "1634 Eye Street NW, Suite 1100", "106 Longhorn Road", "5 East 19th Street". */
const STREET = new RegExp(`\\b\\d{1,6} (?:(?:[NSEW]\\.?|North|South|East|West) )?(?:(?:[A-Z][a-z]+|\\d{1,3}(?:st|nd|rd|th)) ){1,3}(?:${STREET_TYPES})\\.?(?: (?:NW|NE|SW|SE|N|S|E|W)\\b)?(?:,? (?:Suite|Ste|Apt|Unit|#) ?\\w+)?`, 'g');
/** UK postcodes ("Leicester LE3 2WZ", "OX16 4QJ") and Canadian ones ("V1L 2W3"), with the town before them when there is one. */
const POSTCODE = /\b(?:[A-Z][a-z]+,? )?(?:[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}|[ABCEGHJ-NPRSTVXY]\d[A-Z] \d[A-Z]\d)\b/g;
/** "Washington, DC 20006", "Winter Park FL 32792", "Garland, TX 75044-6749". */
const CITY_STATE_ZIP = new RegExp(`\\b(?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+,? (?:${STATES}) \\d{5}(?:-\\d{4})?\\b`, 'g');

/** A state code and ZIP: a cheap test before the city-state-ZIP pattern. */
const ZIP_HINT = /[A-Z]{2} \d{5}/;
/** The inward half of a UK postcode or the end of a Canadian one: a cheap test before the full pattern. */
const POSTCODE_HINT = /[A-Z\d] \d(?:[A-Z]{2}|[A-Z]\d)\b/;

export const addressDetector: Detector = {
  name: 'address',
  types: ['LOCATION'],
  detect(text) {
    const out: Finding[] = [];
    for (const m of text.matchAll(STREET)) {
      out.push({ type: 'LOCATION', start: m.index!, end: m.index! + m[0].length, confidence: 0.75, rule: 'location.street' });
    }
    for (const m of POSTCODE_HINT.test(text) ? text.matchAll(POSTCODE) : []) {
      // Alone, the shape is also a product code ("MP3 4GB"): it needs a town, a comma or a line start before it.
      if (!/^[A-Z][a-z]/.test(m[0]) && !/(?:^|\n|,)[ \t]*$/.test(text.slice(Math.max(0, m.index! - 3), m.index!))) continue;
      out.push({ type: 'LOCATION', start: m.index!, end: m.index! + m[0].length, confidence: 0.7, rule: 'location.postcode' });
    }
    for (const m of ZIP_HINT.test(text) ? text.matchAll(CITY_STATE_ZIP) : []) {
      out.push({ type: 'LOCATION', start: m.index!, end: m.index! + m[0].length, confidence: 0.8, rule: 'location.city-state-zip' });
    }
    return out;
  },
};
