// A Glossa translator plugin for any OpenAI-compatible chat-completions
// endpoint (OpenAI, Azure, OpenRouter, vLLM, Ollama, llama.cpp server...).
// A plugin is a plain object: an `id` and `translate({items, targetLang, ...})`
// that answers one {id, text} per item. Errors it throws reach the caller as
// GlossaError('TRANSLATOR_FAILED') with this error as the cause.
/** @returns {import('@glossa/core').Translator} */
export function createChatTranslator({
  baseUrl = process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
  apiKey = process.env.OPENAI_API_KEY,
  model = process.env.OPENAI_MODEL ?? 'gpt-4o-mini',
} = {}) {
  if (!apiKey) throw new Error('Set OPENAI_API_KEY (and OPENAI_BASE_URL for a server other than OpenAI)');
  const url = `${baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return {
    id: `chat-completions:${model}`, // part of the translation cache key
    async translate({ items, sourceLang, targetLang, context, signal }) {
      const glossary = Object.entries(context?.glossary ?? {}).map(([s, t]) => `"${s}" → "${t}"`).join(', ');
      const system =
        `Translate the "text" of each item ${sourceLang ? `from ${sourceLang} ` : ''}into ${targetLang}. ` +
        'The texts were read from an image (a poster, a product photo, a comic), so keep translations about as short. ' +
        (glossary ? `Always translate these terms this way: ${glossary}. ` : '') +
        'Reply with only a JSON array of {"id", "text"} objects, one per item, with the same ids.';
      const response = await fetch(url, {
        method: 'POST',
        signal, // cancelling the Glossa call cancels the request
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({
          model,
          temperature: 0,
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: JSON.stringify(items.map(({ id, text }) => ({ id, text }))) },
          ],
        }),
      });
      if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      const content = (await response.json()).choices?.[0]?.message?.content ?? '';
      // Models like to wrap JSON in a Markdown code fence.
      const answers = JSON.parse(content.replace(/^\s*```(?:json)?\s*|\s*```\s*$/g, ''));
      if (!Array.isArray(answers)) throw new Error(`${model} did not answer a JSON array: ${content.slice(0, 300)}`);
      // Glossa checks the rest: one answer per id, no unknown ids.
      return answers.map((a) => ({ id: String(a.id), text: String(a.text) }));
    },
  };
}
