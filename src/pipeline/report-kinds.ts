/**
 * The run kinds that have an HTML page (run-report.ts). Apart from the page's code, which loads
 * the advisor, so that `graft report` can check a run's kind without loading it.
 */
export const REPORT_KINDS: readonly string[] = Object.freeze(['bakeoff', 'advise']);
