/**
 * The request and response shapes of the HTTP API, as zod schemas: one source for validation,
 * TypeScript types and the OpenAPI document (`/openapi.json`, `/docs`). Response schemas are
 * the documented contract; the tests hold every answer to them.
 */
import { z } from 'zod';
import { DEFAULT_BAKEOFF_KINDS, DEFAULT_KIND } from '../heads/index.js';
import { API_SCOPES, JOB_STATES, TASK_NAME_RULE } from '../store/index.js';
import type { ServeLimits } from './options.js';

const named = <T extends z.ZodType>(id: string, schema: T): T => schema.meta({ id });

/** A JSON object whose keys are not fixed (a strategy's parameters, a run's config). */
const JsonObject = z.record(z.string(), z.unknown());

/** The store types such objects as `object`; they are JSON objects, which is what the schema says. */
export const asJsonObject = (o: object): Record<string, unknown> => o as Record<string, unknown>;

export const IssueSchema = named('Issue', z.object({
  code: z.string(),
  path: z.string().describe('Where: `file:line:column`, `rows:N`, or a request field such as `body.texts.3`.'),
  message: z.string(),
}));

export const ErrorSchema = named('Error', z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. `data_invalid`, `unauthorized`, `rate_limited`.'),
    message: z.string().describe('What was wrong, where, and what to do. Never quotes a request text.'),
    issues: z.array(IssueSchema).optional().describe('Every problem found, when there are several.'),
  }),
}));

/** The error answers a route may give, each documented with the shared error shape. */
export function errors(...statuses: number[]): Record<number, typeof ErrorSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorSchema]));
}

const taskName = () => z.string().regex(TASK_NAME_RULE, 'not a task name: 1-64 of a-z, 0-9, ".", "_", "-", starting with a letter or digit');
export const TaskParams = z.object({ task: taskName().describe('Task name.') });
export const IdParams = z.object({ id: z.string().min(1).max(64) });

const texts = (l: ServeLimits) => z.array(z.string().max(l.chars)).min(1).max(l.texts)
  .describe(`Texts to read: 1 to ${l.texts}, each at most ${l.chars} characters. The task's privacy policy is applied before anything is embedded.`);

// ---- predictions

export const ExplanationSchema = named('Explanation', z.object({
  text: z.string().describe('The text as the head read it: after the task\'s privacy policy (attribution offsets refer to it).'),
  attributions: z.array(z.object({ word: z.string(), start: z.number(), end: z.number(), delta: z.number() }))
    .describe('Words by how much removing each lowers the predicted label\'s probability.'),
  labelSimilarity: z.record(z.string(), z.number().nullable()).optional().describe('Cosine similarity of the text to each label\'s training examples.'),
  wordsSkipped: z.number(),
  neighbours: z.array(z.object({ label: z.string(), similarity: z.number(), text: z.string().optional() })).optional()
    .describe('The nearest training examples of the version, as stored (after the task\'s privacy policy), most similar first: when `neighbours` was asked.'),
}));

export const PredictionSchema = named('Prediction', z.object({
  label: z.string().describe('Most likely label; for a multi-label task, the predicted set joined with `|`.'),
  confidence: z.number(),
  probabilities: z.record(z.string(), z.number()).describe('Every label\'s probability, in the task\'s label order.'),
  labels: z.array(z.string()).optional().describe('Multi-label tasks: the predicted labels, most probable first.'),
  thresholds: z.record(z.string(), z.number()).optional(),
  outOfDistribution: z.boolean().nullable().describe('Whether the text looks unlike the training data (null: no novelty detector).'),
  novelty: z.number().nullable().describe('The novelty score behind that flag (higher = more unusual).'),
  explanation: ExplanationSchema.optional(),
}));

export const PredictResultSchema = named('PredictResult', z.object({
  task: z.string(),
  version: z.number().int(),
  backbone: z.string(),
  predictions: z.array(PredictionSchema).describe('One per text, in order.'),
}));

export const predictBody = (l: ServeLimits) => z.object({
  texts: texts(l),
  version: z.number().int().min(1).optional().describe('A saved version instead of the live one.'),
  explain: z.boolean().optional().describe('Add word attributions and label similarity to each prediction (slower: the text is re-read once per word).'),
  neighbours: z.number().int().min(0).max(20).optional()
    .describe('With `explain`: this many nearest training examples per text, as stored (redacted). They are training data, so a key needs the `train` scope.'),
}).strict();

export const predictManyBody = (l: ServeLimits) => z.object({
  tasks: z.array(z.string().min(1).max(64)).min(1).max(64).describe('Tasks to predict with; texts are embedded once per backbone.'),
  texts: texts(l),
}).strict();

export const PredictManySchema = named('PredictMany', z.object({ results: z.array(PredictResultSchema).describe('One per task, in the order asked.') }));

// ---- OpenAI-compatible embeddings

export const embeddingsBody = (l: ServeLimits) => z.object({
  input: z.union([z.string().max(l.chars), z.array(z.string().max(l.chars)).min(1).max(l.texts)])
    .describe('A text or a list of texts (token arrays are not accepted).'),
  model: z.string().min(1).describe('A backbone this server offers (GET /v1/info), e.g. `use-lite`.'),
  encoding_format: z.enum(['float', 'base64']).optional().describe('`float` (default) or `base64` (little-endian float32, as OpenAI sends).'),
  dimensions: z.number().int().min(1).optional().describe('Must equal the backbone\'s dimension if given: graft does not shorten vectors.'),
  user: z.string().max(256).optional(),
});

export const EmbeddingsSchema = named('Embeddings', z.object({
  object: z.literal('list'),
  data: z.array(z.object({
    object: z.literal('embedding'),
    index: z.number().int(),
    embedding: z.union([z.array(z.number()), z.string()]),
  })),
  model: z.string(),
  usage: z.object({
    prompt_tokens: z.number().int(),
    total_tokens: z.number().int(),
  }).describe('Tokens read, counted by the backbone\'s tokenizer where it has one, else estimated (words and symbols).'),
}));

// ---- tasks

const Metrics = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));

export const TaskSummarySchema = named('TaskSummary', z.object({
  name: z.string(), backbone: z.string(), labels: z.array(z.string()), privacy: z.string(),
  liveVersion: z.number().int().nullable(), createdAt: z.string(), versions: z.number().int(), updatedAt: z.string(),
  metrics: Metrics.nullable().describe('Cross-validated metrics of the live version.'),
}));

export const VersionSchema = named('Version', z.object({
  task: z.string(), version: z.number().int(), kind: z.string(), strategy: JsonObject, seed: z.number().int(),
  dataHash: z.string(), metrics: Metrics, rows: z.number().int(), createdAt: z.string(), deletedAt: z.string().nullable(), live: z.boolean(),
}));

export const TaskDetailSchema = named('TaskDetail', z.object({
  name: z.string(), backbone: z.string(), labels: z.array(z.string()), privacy: z.string(),
  liveVersion: z.number().int().nullable(), createdAt: z.string(), versions: z.array(VersionSchema),
}));

export const TaskListSchema = named('TaskList', z.object({ tasks: z.array(TaskSummarySchema) }));

export const DeployBody = z.object({ version: z.number().int().min(1) }).strict();
export const DeploySchema = named('Deploy', z.object({
  task: z.string(), from: z.number().int().nullable(), to: z.number().int(), auditId: z.number().int(),
}));

export const DeleteTaskSchema = named('DeletedTask', z.object({
  task: z.string(), versions: z.number().int(), examples: z.number().int(),
  embeddings: z.number().int().describe('Cached vectors of texts no other task holds, deleted with the task.'), auditId: z.number().int(),
}));

export const RenameBody = z.object({
  to: taskName().describe('The new name.'),
}).strict();
export const RenameSchema = named('RenamedTask', z.object({ from: z.string(), to: z.string(), auditId: z.number().int() }));

export const AuditSchema = named('AuditLog', z.object({
  entries: z.array(z.object({ id: z.number().int(), task: z.string(), at: z.string(), action: z.string(), detail: z.record(z.string(), z.unknown()) })),
}));

export const ForgetBody = z.object({
  text: z.string().min(1).optional().describe('The example\'s text as given at fit time.'),
  match: z.string().min(1).max(1000).optional().describe('A regular expression tested against the stored (policy-applied) texts.'),
  id: z.string().min(1).optional().describe('The example\'s id (its `id` column, or the file\'s name without its extension and the line: `tickets:12`).'),
}).strict().refine((b) => [b.text, b.match, b.id].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of text, match or id' });

export const ForgetSchema = named('Forget', z.object({
  task: z.string(), removedTexts: z.number().int(), removedRows: z.number().int(), removedHashes: z.array(z.string()),
  refitted: z.array(z.object({
    from: z.number().int(), to: z.number().int(), rows: z.number().int(), dataHash: z.string(),
    shards: z.object({ total: z.number().int(), refitted: z.array(z.number().int()) }).optional(),
    novelty: z.object({ searched: z.number().int(), pairs: z.number().int() }).optional(),
  })),
  deletedVersions: z.array(z.number().int()), embeddingsDeleted: z.number().int(), embeddingsKept: z.number().int(), liveVersion: z.number().int().nullable(),
  auditId: z.number().int(), seconds: z.number(),
}));

// ---- data for fits and evaluations

export const RowSchema = z.object({
  text: z.string(),
  label: z.string().optional(),
  labels: z.array(z.string()).optional().describe('Multi-label rows: every label of the text.'),
  id: z.string().optional().describe('Stable id (default `rows:N`, N the 1-based position); `forget` can name it.'),
}).strict();

const POLICIES = ['redact', 'pseudonymize', 'refuse', 'allow'] as const;

/** Options of a fit, from a JSON body or from multipart fields (strings, coerced). */
export const FitOptionsSchema = z.object({
  strategy: z.string().optional().describe(`Head kind (default ${DEFAULT_KIND}).`),
  backbone: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('Backbone name (default: the server\'s first, GET /v1/info); several for an ensemble.'),
  member: z.string().optional(),
  folds: z.coerce.number().int().min(0).max(20).refine((f) => f !== 1, 'folds must be 0 (skip) or at least 2').optional(),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
  privacy: z.enum(POLICIES).optional(),
  calibrate: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]).optional(),
  shards: z.coerce.number().int().min(1).max(1000).optional().describe('Sub-heads (1 = one head); default: chosen from the data, so that a forget refits in about a second.'),
});

export const EvaluationOptionsSchema = z.object({
  mode: z.enum(['bakeoff', 'quick']).optional().describe('`bakeoff` (default): learning curves, calibration, significance, OOD, HTML report; `quick`: a cross-validated leaderboard.'),
  backbones: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('Default: the server\'s first backbone (GET /v1/info).'),
  strategies: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe(`Default ${DEFAULT_BAKEOFF_KINDS.join(', ')}.`),
  folds: z.coerce.number().int().min(2).max(20).optional(),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
  privacy: z.enum(POLICIES).optional(),
  fresh: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]).optional(),
});

const money = (what: string) => z.coerce.number().min(0).optional().describe(what);

/** Options of an advice (`POST /v1/advice`), as `graft advise` takes them. */
export const AdviceOptionsSchema = z.object({
  backbones: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('Default: the server\'s first backbone.'),
  strategies: z.union([z.string(), z.array(z.string()).min(1)]).optional().describe('Default logistic, knn, centroid.'),
  folds: z.coerce.number().int().min(2).max(20).optional(),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
  privacy: z.enum(POLICIES).optional(),
  quick: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]).optional().describe('Fewer curve points and seeds: faster, rougher.'),
  fresh: z.union([z.boolean(), z.enum(['true', 'false']).transform((s) => s === 'true')]).optional(),
  targetAccuracy: z.coerce.number().gt(0).max(1).optional().describe('The accuracy you need, a fraction (0.9).'),
  budgetUsd: money('Money you can spend on training (and labels, with labelCostUsd).'),
  latencyMs: z.coerce.number().positive().optional().describe('The most a prediction may take, per text.'),
  labelCostUsd: money('What one more label costs.'),
  gpuUsdPerHour: money('Price of a GPU-hour for the estimates (default: the advisor table\'s).'),
  hostedTrainUsdPerMTokens: money('Hosted fine-tuning price per million training tokens (default: the advisor table\'s).'),
});

/** Upload fields naming the columns of the file. */
export const ColumnsSchema = z.object({
  text: z.string().optional().describe('Column or key holding the text (default text).'),
  label: z.string().optional().describe('Column or key holding the label (default label).'),
  labelSep: z.string().optional().describe('Splits a label cell into several labels (multi-label), e.g. `|`.'),
});

export const fitBody = (l: ServeLimits) => FitOptionsSchema.extend({
  rows: z.array(RowSchema).min(1).max(l.rows).describe('Labelled examples. Or upload a CSV/TSV/JSONL file as multipart/form-data (field `file`, options as fields).'),
}).strict();

export const evaluationBody = (l: ServeLimits) => EvaluationOptionsSchema.extend({
  name: z.string().max(64).optional().describe('Names the dataset in the run.'),
  rows: z.array(RowSchema).min(1).max(l.rows),
}).strict();

export const adviceBody = (l: ServeLimits) => AdviceOptionsSchema.extend({
  name: z.string().max(64).optional().describe('Names the dataset in the advice.'),
  rows: z.array(RowSchema).min(1).max(l.rows),
}).strict();

// ---- jobs

const PrivacySummary = z.object({
  policy: z.string(), texts: z.number().int(), textsWithFindings: z.number().int(), findings: z.number().int(),
  byType: z.record(z.string(), z.number()),
}).describe('What the privacy stage found and did: counts only, never values.');

export const FitResultSchema = named('FitResult', z.object({
  task: z.string(), version: z.number().int(), backbone: z.string(), strategy: z.string(), labels: z.array(z.string()),
  examples: z.number().int(), dataHash: z.string(),
  metrics: Metrics.nullable().describe('Cross-validated headline metrics (null with folds 0).'),
  warnings: z.array(z.string()), privacy: PrivacySummary,
  embedding: z.object({ texts: z.number().int(), cacheHits: z.number().int(), embedded: z.number().int(), truncated: z.number().int(), seconds: z.number() }),
  sharding: z.object({ shards: z.number().int(), by: z.enum(['option', 'default']), why: z.string(), refitCpuSeconds: z.number().optional() }).optional()
    .describe('Single-label fits: how many sub-heads the head was split into (a forget refits only the ones that held what it forgets), chosen by the `shards` option or from the data.'),
  seconds: z.number(),
}).loose().describe('A fit: the version it saved (live now) and how it scored. Multi-label, ensemble and zero-shot fits add their own fields.'));

export const EvaluationResultSchema = named('EvaluationResult', z.object({
  runId: z.string().describe('The saved run: GET /v1/runs/{id}.'),
  reusedFrom: z.string().nullable().describe('Set when an identical earlier run was reused.'),
  report: z.string().optional().describe('A bake-off: the path of its HTML report.'),
  best: z.object({ backbone: z.string(), strategy: z.string() }).optional(),
  protocol: z.string().optional(),
  rows: z.array(z.object({ backbone: z.string(), strategy: z.string() }).loose()).optional().describe('A quick evaluation: each backbone × strategy with its headline metrics, best first.'),
}));

export const AdviceResultSchema = named('AdviceResult', z.object({
  runId: z.string().describe('The saved advice: GET /v1/runs/{id} (kind `advise`; its result is the advice, docs/advise.md).'),
  reusedFrom: z.string().nullable().describe('Set when an identical earlier advice was reused.'),
  bakeoffRunId: z.string().describe('The bake-off the measured alternatives come from.'),
  decision: z.object({ action: z.enum(['use-graft', 'label-more', 'fine-tune', 'cannot-tell']), headline: z.string() }),
  report: z.string().describe('The path of its HTML report.'),
}));

export const JobSchema = named('Job', z.object({
  id: z.string(),
  kind: z.string().describe('`fit`, `evaluation` or `advice`.'),
  task: z.string().nullable(),
  state: z.enum(JOB_STATES).describe('queued → running → succeeded | failed | cancelled; interrupted when the server stopped first.'),
  progress: z.object({ phase: z.string(), done: z.number(), total: z.number(), unit: z.string().optional() }).nullable(),
  result: z.union([FitResultSchema, AdviceResultSchema, EvaluationResultSchema]).nullable().describe('Once succeeded: a FitResult, an AdviceResult or an EvaluationResult.'),
  error: z.object({ code: z.string(), message: z.string(), issues: z.array(IssueSchema).optional() }).nullable(),
  createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
}));

export const JobListSchema = named('JobList', z.object({ jobs: z.array(JobSchema) }));
export const JobListQuery = z.object({
  state: z.enum(JOB_STATES).optional(),
  task: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

// ---- runs

export const RunSummarySchema = named('RunSummary', z.object({
  id: z.string(), kind: z.string(), createdAt: z.string(), seed: z.number().int(), dataHash: z.string(),
  versions: z.record(z.string(), z.string()), config: JsonObject,
}));
export const RunSchema = named('Run', RunSummarySchema.extend({ result: z.unknown().describe('What the run found (a bake-off or leaderboard result).') }));
export const RunListSchema = named('RunList', z.object({ runs: z.array(RunSummarySchema) }));
export const RunListQuery = z.object({ kind: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).optional() });

// ---- privacy scan

export const scanBody = (l: ServeLimits) => z.object({ texts: texts(l) }).strict();
export const ScanSchema = named('ScanReport', z.object({
  texts: z.number().int(), bytes: z.number().int(), findings: z.number().int(), textsWithFindings: z.number().int(),
  byType: z.record(z.string(), z.number()),
  samples: z.array(z.object({ path: z.string(), column: z.string(), type: z.string(), rule: z.string(), confidence: z.number(), mask: z.string(), context: z.string() }))
    .describe('A few masked examples per type: the value\'s shape and its surroundings with every finding replaced, never a raw value.'),
  issues: z.array(IssueSchema).describe('One per finding: `input:N` (the Nth text), type and span.'),
  truncated: z.boolean(),
}));

// ---- service

/** A plain-text or HTML answer. */
export const TextSchema = z.string();

export const HealthSchema = named('Health', z.object({ status: z.literal('ok') }));
export const ReadySchema = named('Ready', z.object({
  ready: z.boolean(),
  checks: z.object({
    store: z.enum(['ok', 'failed']),
    backbone: z.enum(['ready', 'loading', 'failed', 'none']).describe('The default backbone\'s model: loaded, loading, failed to load, or none configured.'),
  }),
}));

export const InfoSchema = named('Info', z.object({
  version: z.string(),
  backbones: z.array(z.object({
    name: z.string(), id: z.string(), dim: z.number().int(),
    maxTokens: z.number().int().nullable().describe('Longest input read, in tokens; longer inputs are cut (null: no limit).'),
    tokens: z.enum(['exact', 'estimated']).describe('Whether usage counts come from the backbone\'s tokenizer.'),
  })),
  limits: z.object({ bodyBytes: z.number().int(), texts: z.number().int(), chars: z.number().int(), uploadBytes: z.number().int(), rows: z.number().int() }),
  batching: z.object({ maxWaitMs: z.number(), maxBatchTexts: z.number().int(), maxBatchTokens: z.number().int(), concurrency: z.number().int() }).nullable(),
  auth: z.object({ keysRequired: z.boolean(), scopes: z.array(z.enum(API_SCOPES)) }),
}));

// ---- the caller, and uploads looked at before anything is saved (the dashboard's first steps)

export const MeSchema = named('Me', z.object({
  key: z.object({ id: z.string(), scope: z.enum(API_SCOPES), tasks: z.array(z.string()).nullable() }).nullable()
    .describe('The key the request came with; null when this server needs none (loopback, no key created).'),
  keysRequired: z.boolean(),
  routes: z.array(z.string()).describe('Every route this caller may call, as `METHOD /path` (path parameters as `:name`); a task-limited key only on its tasks.'),
}));

export const PreviewOptionsSchema = z.object({
  privacy: z.enum(POLICIES).optional().describe('The policy the rows would be stored under (default redact); the preview always shows them redacted.'),
  folds: z.coerce.number().int().min(2).max(20).optional().describe('Checks every class has the examples these folds need (default 5).'),
});

const MaskedSampleSchema = z.object({ path: z.string(), column: z.string(), type: z.string(), rule: z.string(), confidence: z.number(), mask: z.string(), context: z.string() });

export const PreviewSchema = named('UploadPreview', z.object({
  file: z.string(), rows: z.number().int(), duplicates: z.number().int(), multiLabel: z.boolean(),
  labels: z.array(z.object({ label: z.string(), count: z.number().int() })).describe('Every label with its rows, most frequent first.'),
  privacy: z.object({
    policy: z.string(), textsWithFindings: z.number().int(), findings: z.number().int(), byType: z.record(z.string(), z.number()),
    samples: z.array(MaskedSampleSchema).describe('A few findings per type in their surroundings, the value shown by its shape (`file:line`).'),
  }),
  head: z.array(z.object({ line: z.number().int(), text: z.string(), label: z.string() })).describe('The first rows, their private data redacted (`<EMAIL>`): never a raw value.'),
}));

export const FileScanSchema = named('FileScanReport', ScanSchema.extend({
  source: z.string(), columns: z.array(z.string()).describe('The columns scanned (the text column by default).'),
}));
