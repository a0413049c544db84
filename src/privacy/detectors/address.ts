/**
 * Postal addresses: STREET_ADDRESS (US street lines), and from "City, ST 12345", UK and
 * Canadian postcode lines the city (LOCATION), state (LOCATION) and code (POSTAL_CODE).
 * International layouts ("Hauptstr. 5\n10115 Berlin", military "APO AE 09012") are read by
 * postal-blocks.ts for the regions given.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { Detector, Finding } from '../types.js';
import { isCapital, isDigit, isWordChar } from './chars.js';
import { postalBlocks } from './postal-blocks.js';
import { DEFAULT_REGIONS } from './regions.js';

const STREET_TYPES = 'Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Lane|Ln|Boulevard|Blvd|Way|Court|Ct|Place|Pl|Parkway|Pkwy|Square|Sq|Terrace|Circle|Cir|Highway|Hwy';
const STATES = 'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY';

/** "1634 Eye Street NW, Suite 1100", "106 Longhorn Road", "5 East 19th Street". */
const STREET = new RegExp(`\\b\\d{1,6} (?:(?:[NSEW]\\.?|North|South|East|West) )?(?:(?:[A-Z][a-z]+|\\d{1,3}(?:st|nd|rd|th)) ){1,3}(?:${STREET_TYPES})\\.?(?: (?:NW|NE|SW|SE|N|S|E|W)\\b)?(?:,? (?:Suite|Ste|Apt|Unit|#) ?\\w+)?`, 'y');
/** UK postcodes ("Leicester LE3 2WZ", "OX16 4QJ") and Canadian ones ("V1L 2W3"), with the town before them when there is one. */
const POSTCODE = /\b(?:([A-Z][a-z]+),? )?([A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}|[ABCEGHJ-NPRSTVXY]\d[A-Z] \d[A-Z]\d)\b/g;
/** "Washington, DC 20006", "Winter Park FL 32792", "Garland, TX 75044-6749". */
const CITY_STATE_ZIP = new RegExp(`\\b((?:[A-Z][a-z]+ ){0,2}[A-Z][a-z]+),? (${STATES}) (\\d{5}(?:-\\d{4})?)\\b`, 'g');

/** A state code and ZIP: a cheap test before the city-state-ZIP pattern, tried two chars before a space. */
const ZIP_HINT = /[A-Z]{2} \d{5}/y;
/** The inward half of a UK postcode or the end of a Canadian one: a cheap test before the full pattern, tried one char before a space. */
const POSTCODE_HINT = /[A-Z\d] \d(?:[A-Z]{2}|[A-Z]\d)\b/y;
/**
 * A space between two capitals or digits: every street match has one after its house number,
 * and every postcode and city-state-ZIP match one before its digits. The match is read as a
 * space position, and the scan goes on from the char after it, so "1 2 3" gives both spaces.
 */
const SPACE_ANCHOR = /[A-Z\d] [A-Z\d]/g;
/** A house number is 1 to 6 digits; one more is enough to see it is too long. */
const MAX_NUMBER = 6;

/*
 * One scan for SPACE_ANCHOR stands in for three whole-text scans (STREET and the two hints),
 * each of which cost about as much: STREET is tried, sticky, only at the start of the house
 * number before an anchor (where `\b\d{1,6} ` can start), in order, so its findings are what
 * matchAll gave; each hint is tried where its space is an anchor, and the rare texts that hold
 * one are scanned with the full pattern as before.
 */
/** Creates the address detector for the regions' postal-code formats. */
export function createAddressDetector(regions: readonly CountryCode[] = DEFAULT_REGIONS): Detector {
  return {
  name: 'address',
  types: ['STREET_ADDRESS', 'POSTAL_CODE', 'LOCATION'],
  detect(text) {
    const out: Finding[] = [];
    let last = 0;
    let postcode = false;
    let zip = false;
    SPACE_ANCHOR.lastIndex = 0;
    while (SPACE_ANCHOR.test(text)) {
      const s = SPACE_ANCHOR.lastIndex - 2;
      SPACE_ANCHOR.lastIndex = s + 1;
      if (isDigit(text.charCodeAt(s - 1))) {
        let r = s - 1;
        while (r > 0 && s - r <= MAX_NUMBER && isDigit(text.charCodeAt(r - 1))) r--;
        if (r >= last && s - r <= MAX_NUMBER && !(r > 0 && isWordChar(text.charCodeAt(r - 1)))) {
          STREET.lastIndex = r;
          if (STREET.test(text)) {
            last = STREET.lastIndex;
            out.push({ type: 'STREET_ADDRESS', start: r, end: last, confidence: 0.75, rule: 'street.us' });
          }
        }
      }
      if (!isDigit(text.charCodeAt(s + 1)) || s + 2 >= text.length) continue;
      // The hints need a capital (postcode) or a digit (ZIP) two chars after the space, and the ZIP one two capitals before it.
      const after = text.charCodeAt(s + 2);
      if (!postcode && isCapital(after)) {
        POSTCODE_HINT.lastIndex = s - 1;
        postcode = POSTCODE_HINT.test(text);
      }
      if (!zip && s >= 2 && isDigit(after) && isCapital(text.charCodeAt(s - 1)) && isCapital(text.charCodeAt(s - 2))) {
        ZIP_HINT.lastIndex = s - 2;
        zip = ZIP_HINT.test(text);
      }
    }
    for (const m of postcode ? text.matchAll(POSTCODE) : []) {
      // Alone, the shape is also a product code ("MP3 4GB"): it needs a town, a comma or a line start before it.
      if (!/^[A-Z][a-z]/.test(m[0]) && !/(?:^|\n|,)[ \t]*$/.test(text.slice(Math.max(0, m.index! - 3), m.index!))) continue;
      const code = m.index! + m[0].length - m[2]!.length;
      if (m[1]) out.push({ type: 'LOCATION', start: m.index!, end: m.index! + m[1].length, confidence: 0.7, rule: 'location.postcode-town' });
      out.push({ type: 'POSTAL_CODE', start: code, end: code + m[2]!.length, confidence: 0.7, rule: 'postcode.uk-ca' });
    }
    for (const m of zip ? text.matchAll(CITY_STATE_ZIP) : []) {
      const state = m.index! + m[0].lastIndexOf(m[2]!, m[0].length - m[3]!.length);
      out.push({ type: 'LOCATION', start: m.index!, end: m.index! + m[1]!.length, confidence: 0.8, rule: 'location.city-state-zip' });
      out.push({ type: 'LOCATION', start: state, end: state + 2, confidence: 0.8, rule: 'location.city-state-zip' });
      out.push({ type: 'POSTAL_CODE', start: m.index! + m[0].length - m[3]!.length, end: m.index! + m[0].length, confidence: 0.8, rule: 'postcode.us-zip' });
    }
    postalBlocks(text, regions, out);
    return out;
  },
  };
}

export const addressDetector: Detector = createAddressDetector(DEFAULT_REGIONS);
