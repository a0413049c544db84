/** Writes `ROOT/dist/cli-bundle/` from `ROOT/dist/cli/main.js` and what it imports (see bundle-cli.mjs). */
export function bundleCli(root: string): Promise<void>;
