/**
 * Every environment variable overthink reads, in one place: docs/reference.md is generated from this
 * table, and a test fails when the source reads a variable the table does not name.
 */
export const ENVIRONMENT: { name: string; meaning: string }[] = [
  {
    name: 'ANTHROPIC_API_KEY',
    meaning: 'key for `anthropic:` models (a model entry can name another variable with `apiKeyEnv`)',
  },
  { name: 'OPENAI_API_KEY', meaning: 'key for `openai:` models' },
  { name: 'GEMINI_API_KEY', meaning: 'key for `google:` models (`GOOGLE_API_KEY` is read when it is unset)' },
  { name: 'GOOGLE_API_KEY', meaning: 'key for `google:` models when `GEMINI_API_KEY` is unset' },
  {
    name: 'OPENAI_COMPATIBLE_API_KEY',
    meaning:
      'key sent to `openai-compatible:` servers when set (optional; a model entry with `apiKeyEnv` requires its own variable)',
  },
  {
    name: 'OVERTHINK_CACHE',
    meaning:
      'cache folder for `data pull` datasets (`data/`), `local:hf:` model files (`models/`) and the test suite’s llama-server build (default: `$XDG_CACHE_HOME/overthink`, else `~/.cache/overthink`)',
  },
  { name: 'XDG_CACHE_HOME', meaning: 'where the cache folder goes when `OVERTHINK_CACHE` is unset' },
  {
    name: 'OVERTHINK_OFFLINE',
    meaning:
      '`1`: never download a `local:hf:` model; one not in the cache is an input error saying where to put it',
  },
  { name: 'HF_HUB_OFFLINE', meaning: '`1`: the same as `OVERTHINK_OFFLINE=1`' },
  {
    name: 'OVERTHINK_HF_ENDPOINT',
    meaning: 'replaces `https://huggingface.co` for `local:hf:` downloads (a mirror)',
  },
  { name: 'HF_TOKEN', meaning: 'sent as a bearer token for gated `local:hf:` repositories' },
  {
    name: 'OVERTHINK_STORE_CODEC',
    meaning:
      'how new long texts are compressed in the store: `zstd` (the default where Node 22.15+ or the optional `zstd-napi` provides it; else `deflate`) or `deflate`; either kind is always read',
  },
  { name: 'GITHUB_STEP_SUMMARY', meaning: '`gate` appends its Markdown summary to this file when it is set' },
];

/** Read by the code for its own tests only (crash points); not for users. */
export const INTERNAL_ENVIRONMENT = ['OVERTHINK_CRASH_AT'];
