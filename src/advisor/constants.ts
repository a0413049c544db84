/**
 * Every number the advisor did not measure itself, in one table: model sizes, the training and
 * serving cost model, prices, and the policy thresholds of the decision. Each entry says where
 * it comes from and when the source said so. `kind` says how far to trust it:
 *
 * - `published`: a paper's table or a vendor's documentation, quoted as printed.
 * - `price`: a price page on the date given. Prices change; every price can be overridden.
 * - `assumption`: graft's own estimate where no source gives the number; the reason is given.
 * - `policy`: a threshold of the decision, a choice rather than a fact.
 *
 * The published side-by-side results of fine-tuned models against frozen-embedding heads, which
 * the expected-gain range comes from, are the second table of this file (`FINE_TUNING_EVIDENCE`).
 * Changing either table changes `ADVISOR_TABLES_VERSION`, so saved advice is not reused across it.
 */
import { sha256 } from '../core/index.js';

export type ConstantKind = 'published' | 'price' | 'assumption' | 'policy';

export interface Constant {
  value: number;
  unit: string;
  meaning: string;
  /** Paper (with table or section) or page (with URL). */
  source: string;
  /** When the source said so: YYYY-MM or YYYY-MM-DD. */
  date: string;
  kind: ConstantKind;
}

const LIU_2019 = 'Liu et al. 2019, "RoBERTa: A Robustly Optimized BERT Pretraining Approach", arXiv:1907.11692, §5 and the released checkpoints (model cards FacebookAI/roberta-base, roberta-large)';
const HU_2021 = 'Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models", arXiv:2106.09685';
const KAPLAN_2020 = 'Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv:2001.08361, §2.1 (C ≈ 2N FLOPs per token forward, 6N forward + backward)';
const OPENAI_PRICING = 'OpenAI API pricing page, fine-tuning of gpt-4o-mini-2024-07-18 (https://openai.com/api/pricing/)';

export const CONSTANTS = Object.freeze({
  baseParams: { value: 125e6, unit: 'parameters', meaning: 'size of the base-size reference encoder (RoBERTa-base)', source: LIU_2019, date: '2019-07', kind: 'published' },
  largeParams: { value: 355e6, unit: 'parameters', meaning: 'size of the large reference encoder (RoBERTa-large)', source: LIU_2019, date: '2019-07', kind: 'published' },
  baseLayers: { value: 12, unit: 'layers', meaning: 'transformer layers of RoBERTa-base', source: LIU_2019, date: '2019-07', kind: 'published' },
  baseHidden: { value: 768, unit: 'units', meaning: 'hidden size of RoBERTa-base', source: LIU_2019, date: '2019-07', kind: 'published' },
  largeLayers: { value: 24, unit: 'layers', meaning: 'transformer layers of RoBERTa-large', source: LIU_2019, date: '2019-07', kind: 'published' },
  largeHidden: { value: 1024, unit: 'units', meaning: 'hidden size of RoBERTa-large', source: LIU_2019, date: '2019-07', kind: 'published' },
  maxSequenceTokens: { value: 512, unit: 'tokens', meaning: 'longest input the reference encoders read; longer texts are truncated', source: LIU_2019, date: '2019-07', kind: 'published' },
  loraRank: { value: 8, unit: 'rank', meaning: 'LoRA rank, adapting the query and value projections of every layer (0.3M / 0.8M trainable parameters on RoBERTa-base / -large)', source: `${HU_2021}, Table 2`, date: '2021-06', kind: 'published' },
  loraErrorRatio: { value: 1.0, unit: 'ratio', meaning: 'error of LoRA ÷ error of full fine-tuning of the same model (GLUE averages: base 87.2 vs 86.4, large 89.0 vs 88.9, i.e. LoRA at least as good; 1.0 keeps full fine-tuning\'s range)', source: `${HU_2021}, Table 2`, date: '2021-06', kind: 'published' },
  baseToLargeErrorRatio: { value: 1.23, unit: 'ratio', meaning: 'error of a fine-tuned base encoder ÷ error of the fine-tuned large one (GLUE average 86.4 vs 88.9: 13.6 vs 11.1 points of error)', source: `${HU_2021}, Table 2 (full fine-tuning rows of RoBERTa-base and -large)`, date: '2021-06', kind: 'published' },
  trainFlopsPerParamToken: { value: 6, unit: 'FLOPs per parameter per token', meaning: 'training compute of full fine-tuning (forward + backward)', source: KAPLAN_2020, date: '2020-01', kind: 'published' },
  loraTrainFlopsPerParamToken: { value: 4.5, unit: 'FLOPs per parameter per token', meaning: 'training compute with LoRA: no weight gradients for the frozen weights (LoRA reports a 25% speed-up over full fine-tuning)', source: `${HU_2021}, §4.2 (25% faster training of GPT-3 175B)`, date: '2021-06', kind: 'published' },
  forwardFlopsPerParamToken: { value: 2, unit: 'FLOPs per parameter per token', meaning: 'inference compute of one forward pass', source: KAPLAN_2020, date: '2020-01', kind: 'published' },
  epochsLargeData: { value: 3, unit: 'epochs', meaning: 'passes over the data when fine-tuning on 10,000 examples or more', source: 'Devlin et al. 2019, "BERT", NAACL, §4.1 (fine-tune for 3 epochs on GLUE)', date: '2019-06', kind: 'published' },
  epochsSmallData: { value: 20, unit: 'epochs', meaning: 'passes over the data when fine-tuning on fewer than 10,000 examples (more iterations stabilise fine-tuning on small data)', source: 'Mosbach, Andriushchenko, Klakow 2021, "On the Stability of Fine-tuning BERT", ICLR, §6 (20 epochs on RTE, MRPC, CoLA)', date: '2021-05', kind: 'published' },
  smallDataRows: { value: 10_000, unit: 'examples', meaning: 'where "small data" (epochsSmallData) ends; the datasets Mosbach et al. call small have 2.5k–8.5k examples', source: 'graft: the largest of Mosbach et al. 2021\'s small datasets (CoLA, 8.5k) rounded up', date: '2021-05', kind: 'assumption' },
  trialsPerFineTune: { value: 4, unit: 'runs', meaning: 'fine-tuning runs to pick a learning rate (5e-5, 4e-5, 3e-5, 2e-5) on held-out data', source: 'Devlin et al. 2019, "BERT", NAACL, §4.1 and Appendix A.3', date: '2019-06', kind: 'published' },
  gpuPeakFlops: { value: 312e12, unit: 'FLOP/s', meaning: 'peak dense BF16/FP16 tensor throughput of the reference GPU (NVIDIA A100)', source: 'NVIDIA A100 Tensor Core GPU datasheet (2020), https://www.nvidia.com/en-us/data-center/a100/', date: '2020-11', kind: 'published' },
  gpuUtilisation: { value: 0.3, unit: 'fraction of peak', meaning: 'model FLOPs utilisation of fine-tuning a 125M–355M encoder on short texts; large tuned pre-training reaches 46% (PaLM), small short-sequence jobs less', source: 'graft, below Chowdhery et al. 2022, "PaLM", arXiv:2204.02311, §4.1 (46.2% MFU)', date: '2022-04', kind: 'assumption' },
  gpuUsdPerHour: { value: 4.1, unit: 'USD per GPU-hour', meaning: 'on-demand A100 price: AWS p4d.24xlarge (8× A100 40 GB, us-east-1) at $32.77/h ÷ 8', source: 'AWS EC2 on-demand pricing page (https://aws.amazon.com/ec2/pricing/on-demand/)', date: '2024-05', kind: 'price' },
  jobOverheadHours: { value: 0.25, unit: 'GPU-hours per run', meaning: 'per fine-tuning run: starting the instance, fetching the model, evaluating and saving it', source: 'graft: typical start-up and evaluation time of a single-GPU job; no published figure', date: '2026-12', kind: 'assumption' },
  charsPerToken: { value: 4, unit: 'characters', meaning: 'characters per token of English text, to count tokens without the reference tokenizers', source: 'OpenAI Help Center, "What are tokens and how to count them?" (https://help.openai.com/en/articles/4936856)', date: '2023-10', kind: 'published' },
  bytesPerServedParam: { value: 2, unit: 'bytes', meaning: 'bytes per parameter of a served model in 16-bit floating point', source: 'IEEE 754 half precision; the usual serving precision of fine-tuned encoders', date: '2019-07', kind: 'published' },
  cpuFlopsPerSecond: { value: 1e11, unit: 'FLOP/s', meaning: 'effective encoder inference throughput on a 4-core AVX2 server CPU (ONNX Runtime, fp32)', source: 'graft: order of magnitude of batch-1 BERT-base CPU inference; no single published figure', date: '2026-12', kind: 'assumption' },
  hostedTrainUsdPerMTokens: { value: 3.0, unit: 'USD per million training tokens', meaning: 'hosted fine-tuning price (gpt-4o-mini), billed on tokens × epochs', source: OPENAI_PRICING, date: '2024-07', kind: 'price' },
  hostedInputUsdPerMTokens: { value: 0.3, unit: 'USD per million input tokens', meaning: 'price of predictions from the fine-tuned hosted model (input)', source: OPENAI_PRICING, date: '2024-07', kind: 'price' },
  hostedOutputUsdPerMTokens: { value: 1.2, unit: 'USD per million output tokens', meaning: 'price of predictions from the fine-tuned hosted model (output)', source: OPENAI_PRICING, date: '2024-07', kind: 'price' },
  hostedEpochs: { value: 3, unit: 'epochs', meaning: 'epochs of a hosted fine-tuning job (the API chooses "auto" by default)', source: 'graft: the API\'s choice is not documented as a number; 3 is its usual choice on a few thousand examples', date: '2024-07', kind: 'assumption' },
  hostedOverheadTokens: { value: 20, unit: 'tokens per example', meaning: 'chat framing (roles, instruction) and the label in each hosted training example and prediction', source: 'graft: count of a minimal chat-format classification example', date: '2026-12', kind: 'assumption' },
  hostedOutputTokens: { value: 3, unit: 'tokens per prediction', meaning: 'tokens of the generated label', source: 'graft: a label name is one to a few tokens', date: '2026-12', kind: 'assumption' },
  hostedMinExamples: { value: 10, unit: 'examples', meaning: 'fewest training examples a hosted fine-tuning job accepts', source: 'OpenAI fine-tuning guide (https://platform.openai.com/docs/guides/fine-tuning)', date: '2024-07', kind: 'published' },
  hostedJobHours: { value: 1, unit: 'hours', meaning: 'queue and training time of a hosted job on a few thousand examples', source: 'graft: the provider documents minutes to hours depending on the queue; no figure', date: '2024-07', kind: 'assumption' },
  hostedLatencyMs: { value: 500, unit: 'ms', meaning: 'one prediction from a hosted model: a network round trip plus generating a short label', source: 'graft: order of magnitude; no published figure for fine-tuned models', date: '2026-12', kind: 'assumption' },
  minWorthwhileGain: { value: 0.02, unit: 'accuracy', meaning: 'smallest expected gain (2 points) worth a change of route (labelling or fine-tuning)', source: 'graft decision policy', date: '2026-12', kind: 'policy' },
  maxExtrapolation: { value: 100, unit: '× current labels', meaning: 'beyond this many times the current labels a target is called out of reach (the curve says nothing that far out)', source: 'graft decision policy', date: '2026-12', kind: 'policy' },
  maxForecastHalfWidth: { value: 0.1, unit: 'accuracy', meaning: 'widest half of the 95% forecast interval at 2× the labels (10 points) that still tells what more labels buy; wider, or a curve of fewer than 4 sizes, is "cannot tell yet"', source: 'graft decision policy', date: '2026-12', kind: 'policy' },
  evidenceFloor: { value: 0.1, unit: 'weight', meaning: 'least weight of every published result, whatever its number of examples per class: where no result is close, the estimate and its range fall back on all of them', source: 'graft decision policy', date: '2026-12', kind: 'policy' },
  evidenceBandwidth: { value: 1.5, unit: 'doublings of examples per class', meaning: 'how far apart (in log2 of examples per class) a published result may be and still weigh in on this data\'s estimate (Gaussian kernel width)', source: 'graft decision policy', date: '2026-12', kind: 'policy' },
} as const satisfies Record<string, Constant>);

export type ConstantName = keyof typeof CONSTANTS;

/** A constant's value. */
export function constant(name: ConstantName): number {
  return CONSTANTS[name].value;
}

/** Base or large reference encoder. */
export type EncoderSize = 'base' | 'large';

/**
 * One published comparison: a fine-tuned model and a frozen-embedding head on the same dataset,
 * test set and number of training examples per class. Accuracies are fractions.
 */
export interface EvidenceRow {
  id: string;
  dataset: string;
  /** Training examples per class the fine-tuned model saw (the full training set: its rows ÷ classes). */
  perClass: number;
  frozen: { accuracy: number; encoder: string; head: string };
  fineTuned: { accuracy: number; model: string; size: EncoderSize };
  source: string;
  date: string;
  note?: string;
}

const FEW_SHOT_INTENT = 'Few-shot intent detection leaderboard, github.com/jianguoz/Few-Shot-Intent-Detection README (USE: Casanueva et al. 2020, NLP4ConvAI, frozen USE + MLP; RoBERTa+Classifier: Zhang et al. 2020, EMNLP, fine-tuned RoBERTa)';
const SETFIT = 'Tunstall et al. 2022, "Efficient Few-Shot Learning Without Prompts" (SetFit), arXiv:2209.11055, Table 2, RoBERTa-large fine-tuned (FINETUNE)';
const GRAFT_FEWSHOT = 'graft bench/RESULTS.md fewshot, use-lite@1 + logistic, same N and test set (graft\'s own measurement)';

/**
 * The published side-by-side results the fine-tuning range comes from. Where the frozen side is
 * graft's own measurement (use-lite + logistic) beside a published fine-tuned figure on the same
 * test set and N, the row says so. Evidence is thin: 13 comparisons, one frozen encoder family
 * (USE), intent detection, topic, emotion and sentiment only.
 */
export const FINE_TUNING_EVIDENCE: readonly EvidenceRow[] = Object.freeze([
  { id: 'banking77-5', dataset: 'BANKING77', perClass: 5, frozen: { accuracy: 0.7629, encoder: 'USE', head: 'MLP' }, fineTuned: { accuracy: 0.7404, model: 'RoBERTa', size: 'base' }, source: FEW_SHOT_INTENT, date: '2021-09' },
  { id: 'clinc150-5', dataset: 'CLINC150', perClass: 5, frozen: { accuracy: 0.8782, encoder: 'USE', head: 'MLP' }, fineTuned: { accuracy: 0.8799, model: 'RoBERTa', size: 'base' }, source: FEW_SHOT_INTENT, date: '2021-09' },
  { id: 'hwu64-5', dataset: 'HWU64', perClass: 5, frozen: { accuracy: 0.7779, encoder: 'USE', head: 'MLP' }, fineTuned: { accuracy: 0.7556, model: 'RoBERTa', size: 'base' }, source: FEW_SHOT_INTENT, date: '2021-09' },
  { id: 'banking77-10', dataset: 'BANKING77', perClass: 10, frozen: { accuracy: 0.8423, encoder: 'USE', head: 'MLP' }, fineTuned: { accuracy: 0.8427, model: 'RoBERTa', size: 'base' }, source: FEW_SHOT_INTENT, date: '2021-09' },
  { id: 'clinc150-10', dataset: 'CLINC150', perClass: 10, frozen: { accuracy: 0.9085, encoder: 'USE', head: 'MLP' }, fineTuned: { accuracy: 0.9155, model: 'RoBERTa', size: 'base' }, source: FEW_SHOT_INTENT, date: '2021-09' },
  { id: 'hwu64-10', dataset: 'HWU64', perClass: 10, frozen: { accuracy: 0.8375, encoder: 'USE', head: 'MLP' }, fineTuned: { accuracy: 0.829, model: 'RoBERTa', size: 'base' }, source: FEW_SHOT_INTENT, date: '2021-09' },
  {
    id: 'banking77-full', dataset: 'BANKING77', perClass: 130, frozen: { accuracy: 0.9336, encoder: 'USE + ConveRT', head: 'MLP' }, fineTuned: { accuracy: 0.9366, model: 'BERT-large', size: 'large' },
    source: 'Casanueva et al. 2020, "Efficient Intent Detection with Dual Sentence Encoders", NLP4ConvAI, Table 3 (full training data, 10,003 rows ÷ 77 intents)', date: '2020-07',
  },
  { id: 'emotion-8', dataset: 'emotion', perClass: 8, frozen: { accuracy: 0.275, encoder: 'graft use-lite@1', head: 'logistic regression' }, fineTuned: { accuracy: 0.287, model: 'RoBERTa-large', size: 'large' }, source: `${SETFIT}; frozen: ${GRAFT_FEWSHOT}`, date: '2022-09' },
  { id: 'agnews-8', dataset: 'AG News', perClass: 8, frozen: { accuracy: 0.788, encoder: 'graft use-lite@1', head: 'logistic regression' }, fineTuned: { accuracy: 0.817, model: 'RoBERTa-large', size: 'large' }, source: `${SETFIT}; frozen: ${GRAFT_FEWSHOT}`, date: '2022-09' },
  { id: 'emotion-64', dataset: 'emotion', perClass: 64, frozen: { accuracy: 0.39, encoder: 'graft use-lite@1', head: 'logistic regression' }, fineTuned: { accuracy: 0.65, model: 'RoBERTa-large', size: 'large' }, source: `${SETFIT}; frozen: ${GRAFT_FEWSHOT}`, date: '2022-09' },
  { id: 'agnews-64', dataset: 'AG News', perClass: 64, frozen: { accuracy: 0.855, encoder: 'graft use-lite@1', head: 'logistic regression' }, fineTuned: { accuracy: 0.884, model: 'RoBERTa-large', size: 'large' }, source: `${SETFIT}; frozen: ${GRAFT_FEWSHOT}`, date: '2022-09' },
  {
    id: 'sst2-full-large', dataset: 'SST-2', perClass: 33_675, frozen: { accuracy: 0.794, encoder: 'graft use-lite@1', head: 'logistic regression' }, fineTuned: { accuracy: 0.964, model: 'RoBERTa-large', size: 'large' },
    source: `${LIU_2019}, Table 5 (SST-2 dev, the test file of graft's sst2); frozen: graft bench/RESULTS.md fewshot extrapolation (use-lite@1 + logistic on 10,000 of the 67,349 training phrases, same 872 test sentences)`,
    date: '2019-07', note: 'the frozen head saw 10,000 of the 67,349 phrases the fine-tuned model saw',
  },
  {
    id: 'sst2-full-base', dataset: 'SST-2', perClass: 33_675, frozen: { accuracy: 0.794, encoder: 'graft use-lite@1', head: 'logistic regression' }, fineTuned: { accuracy: 0.948, model: 'RoBERTa-base', size: 'base' },
    source: `${LIU_2019}, Table 5 (SST-2 dev); frozen as sst2-full-large`, date: '2019-07', note: 'the frozen head saw 10,000 of the 67,349 phrases the fine-tuned model saw',
  },
] satisfies EvidenceRow[]);

/** A short hash of both tables: saved advice built with other numbers is not reused. */
export const ADVISOR_TABLES_VERSION: string = sha256(JSON.stringify({ CONSTANTS, FINE_TUNING_EVIDENCE })).slice(0, 12);
