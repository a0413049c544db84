/**
 * The privacy stage of the data flow: every text passes through the policy before it is
 * embedded, cached or stored. Unless the policy is `allow`, raw text goes no further.
 */
import { PrivacyError } from '../core/index.js';
import { applyPrivacyToDataset, applyPrivacy, parsePolicy, DEFAULT_POLICY } from '../privacy/index.js';
import { isRemoteBackbone, tryParseBackboneSpec } from '../backbones/index.js';
import type { PrivacyReport } from '../privacy/index.js';
import type { PseudonymKey } from '../core/index.js';
import type { Dataset } from '../data/index.js';
import type { WorkspaceContext } from './context.js';
import { backboneParts } from './backbones.js';

/**
 * Texts sent to a remote backbone leave the machine. Under `redact`, `pseudonymize` or
 * `refuse` the privacy stage has already cleaned or refused them; `allow` would send them raw,
 * so it needs the caller's explicit `allowRemotePii`.
 */
export function checkBorder(backbones: string | readonly string[], policy: string | undefined, allowRemotePii: boolean | undefined): void {
  if (parsePolicy(policy ?? DEFAULT_POLICY) !== 'allow' || allowRemotePii === true) return;
  const remote = backboneParts(backbones).filter((name) => {
    const spec = tryParseBackboneSpec(name);
    return spec !== undefined && isRemoteBackbone(spec);
  });
  if (remote.length > 0) {
    throw new PrivacyError(
      `--privacy allow would send raw texts, private data included, to ${remote.map((r) => r.split('?')[0]).join(', ')}, off this machine. ` +
        'Keep the default (redact) or use pseudonymize; or add --allow-remote-pii to send them as they are.',
      'remote_pii',
    );
  }
}

/**
 * Applies `policy` (default `redact`) to a dataset's texts and labels, with the workspace's
 * detection settings (regions, NER); `refuse` throws PrivacyError naming rows only. Examples
 * with findings carry `findings` (keyed digests for the finding index); `keyId` names the key
 * they and any pseudonyms were made with (null when none was needed): save both with the version.
 */
export async function privatize(ws: WorkspaceContext, ds: Dataset, policy: string = DEFAULT_POLICY): Promise<{ dataset: Dataset; report: PrivacyReport; keyId: string | null }> {
  parsePolicy(policy); // a bad name is refused before any NER model is loaded
  // The policy reads labels too (a label can hold a name): the NER stage must have seen them.
  const labels = new Set(ds.examples.flatMap((e) => [e.label, ...(e.labels ?? [])]));
  const detection = await ws.detectionFor([...ds.examples.map((e) => e.text), ...labels]);
  let keyId: string | null = null;
  const key = (): PseudonymKey => {
    const k = ws.keys().current();
    keyId = k.id;
    return k;
  };
  const r = applyPrivacyToDataset(ds, { policy, key, ...detection });
  return { ...r, keyId };
}

/**
 * Texts to predict, treated as the task's training data was: redacted or pseudonymized the
 * same way (so inputs look like what the head learned from). A `refuse` task redacts its
 * inputs rather than refusing them: predictions must not fail on a stray e-mail address.
 */
export async function privatizeInputs(ws: WorkspaceContext, texts: readonly string[], taskPolicy: string, keyId?: string | null): Promise<string[]> {
  const policy = parsePolicy(taskPolicy);
  if (policy === 'allow') return [...texts];
  const effective = policy === 'refuse' ? 'redact' : policy;
  // The key the version's training texts were pseudonymized with (it may predate a rotation), so inputs read as they did.
  const key = effective === 'pseudonymize' ? (keyId ? ws.keys().byId(keyId) : ws.keys().current()).key : undefined;
  const detection = await ws.detectionFor(texts);
  const { examples } = applyPrivacy(texts.map((text, i) => ({ text, line: i + 1 })), { policy: effective, key, source: 'input', labels: false, ...detection });
  return examples.map((e) => e.text);
}
