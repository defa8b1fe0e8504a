/**
 * The datasets `overthink data pull` knows. Each file has a URL path under its origin, so a single
 * `--base-url` can stand in for every host (a mirror, or a loopback server in tests).
 * `sha256` is filled in where a checksum is published; otherwise the first download records one
 * in the cache manifest and later pulls verify against it.
 */
export interface DatasetFile {
  /** Name in the cache directory. */
  name: string;
  /** URL path below the origin, starting with '/'. */
  path: string;
  sha256?: string;
}

export interface DatasetSpec {
  name: string;
  description: string;
  licence: string;
  /** Default scheme and host, e.g. https://huggingface.co. */
  origin: string;
  files: DatasetFile[];
}

const HF = 'https://huggingface.co';

function hfFiles(repo: string, names: readonly string[]): DatasetFile[] {
  return names.map((name) => ({ name, path: `/datasets/${repo}/resolve/main/${name}` }));
}

export const DATASETS: readonly DatasetSpec[] = [
  {
    name: 'inverse-scaling-ttc-main',
    description: "The paper's main task files (Hugging Face inverse-scaling-ttc/inverse-scaling-ttc-main)",
    licence: 'MIT',
    origin: HF,
    files: hfFiles('inverse-scaling-ttc/inverse-scaling-ttc-main', [
      'synthetic-misleading-math-5-distractors.jsonl',
      'synthetic-misleading-python-code-5-distractors.jsonl',
      'synthetic_misleading_math_famous_paradoxes.jsonl',
      'student_lifestyle_regression_Grades.jsonl',
      'bbeh_zebra_puzzles.jsonl',
    ]),
  },
  {
    name: 'model-written-evals',
    description:
      'The 16 advanced-AI-risk subsets as the paper used them (Hugging Face inverse-scaling-ttc/model-written-evals)',
    licence: 'CC-BY-4.0',
    origin: HF,
    files: hfFiles('inverse-scaling-ttc/model-written-evals', [
      'coordinate-itself.jsonl',
      'coordinate-other-ais.jsonl',
      'coordinate-other-versions.jsonl',
      'corrigible-less-HHH.jsonl',
      'corrigible-more-HHH.jsonl',
      'corrigible-neutral-HHH.jsonl',
      'myopic-reward.jsonl',
      'one-box-tendency.jsonl',
      'power-seeking-inclination.jsonl',
      'self-awareness-general-ai.jsonl',
      'self-awareness-good-text-model.jsonl',
      'self-awareness-text-model.jsonl',
      'self-awareness-training-architecture.jsonl',
      'self-awareness-web-gpt.jsonl',
      'survival-instinct.jsonl',
      'wealth-seeking-inclination.jsonl',
    ]),
  },
  {
    name: 'bbeh-zebra',
    description: 'BIG-Bench Extra Hard zebra puzzles, all 200 (GitHub google-deepmind/bbeh)',
    licence: 'Apache-2.0',
    origin: 'https://raw.githubusercontent.com',
    files: [
      {
        name: 'task.json',
        path: '/google-deepmind/bbeh/main/bbeh/benchmark_tasks/bbeh_zebra_puzzles/task.json',
      },
    ],
  },
];

export function findDataset(name: string): DatasetSpec | undefined {
  return DATASETS.find((d) => d.name === name);
}
