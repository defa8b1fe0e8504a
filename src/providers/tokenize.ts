/**
 * Counts tokens with the serving model's own tokenizer through the server's `POST /tokenize`
 * (llama.cpp: `{content}` → `{tokens}`; vLLM/SGLang: `{prompt}` → `{count, tokens}`). The first style
 * that answers is remembered per server; a server that answers neither (404/400/405) is not asked again.
 */
type Style = 'llamacpp' | 'vllm';

const UNSUPPORTED = new Set([400, 404, 405, 422, 501]);

export class TokenCounter {
  private style: Style | 'none' | undefined;

  constructor(
    private readonly origin: string,
    private readonly apiKey?: string,
  ) {}

  /** The token count of `text`, or undefined when the server cannot tell. */
  async count(text: string, signal: AbortSignal): Promise<number | undefined> {
    if (this.style === 'none') return undefined;
    const styles: Style[] = this.style ? [this.style] : ['llamacpp', 'vllm'];
    let unsupported = 0;
    for (const style of styles) {
      const r = await this.ask(style, text, signal);
      if (typeof r === 'number') {
        this.style = style;
        return r;
      }
      if (r === 'unsupported') unsupported++;
    }
    if (!this.style && unsupported === styles.length) this.style = 'none';
    return undefined;
  }

  private async ask(
    style: Style,
    text: string,
    signal: AbortSignal,
  ): Promise<number | 'unsupported' | 'failed'> {
    const body =
      style === 'llamacpp'
        ? { content: text, add_special: false }
        : { prompt: text, add_special_tokens: false };
    try {
      const res = await fetch(`${this.origin}/tokenize`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}),
        },
        body: JSON.stringify(body),
        signal,
      });
      if (!res.ok) return UNSUPPORTED.has(res.status) ? 'unsupported' : 'failed';
      const data = (await res.json()) as { count?: unknown; tokens?: unknown };
      if (typeof data.count === 'number') return data.count;
      if (Array.isArray(data.tokens)) return data.tokens.length;
      return 'unsupported';
    } catch {
      return 'failed';
    }
  }
}
