/**
 * libphonenumber-js, required on first use (its CommonJS build of the same release), not imported
 * by every command: it is 112 of the 362 modules `graft forget` loads and 0.12–0.18 CPU-s of its
 * start-up (forget6, load 18), and forget, deploy and tasks never read a phone number.
 */
import { createRequire } from 'node:module';
import type * as PhoneLib from 'libphonenumber-js';

let loaded: typeof PhoneLib | undefined;

/** The library, loaded on the first call. */
export function phoneLib(): typeof PhoneLib {
  loaded ??= createRequire(import.meta.url)('libphonenumber-js') as typeof PhoneLib;
  return loaded;
}
