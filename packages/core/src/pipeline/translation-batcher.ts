import { GlossaError, abortedError, isGlossaError, toGlossaError } from '../errors.js';
import type { TranslationContext, TranslationItem, Translator } from '../plugins.js';
import type { Limiter } from './limiter.js';
import { LruCache } from './lru-cache.js';

/** How translation requests from different pages are merged into one call. */
export interface BatchingOptions {
  /** Most blocks in one translator call; default 64. */
  maxBlocks?: number;
  /** Most characters of source text in one call; default 4000. */
  maxChars?: number;
  /** How long a non-full batch waits for more pages before it is sent, in ms; default 30. */
  lingerMs?: number;
}

/** One page's share of a batch. @internal */
interface Entry {
  items: TranslationItem[];
  context?: TranslationContext;
  signal?: AbortSignal;
  resolve: (texts: Map<string, string>) => void;
  reject: (error: unknown) => void;
  settled: boolean;
}

/** Requests with the same language pair that are waiting to be sent together. @internal */
interface Bucket {
  sourceLang?: string;
  targetLang: string;
  entries: Entry[];
  blocks: number;
  chars: number;
  timer?: ReturnType<typeof setTimeout>;
}

/** What a page asks the batcher for. @internal */
export interface PageTranslationRequest {
  items: TranslationItem[];
  sourceLang?: string;
  targetLang: string;
  context?: TranslationContext;
  signal?: AbortSignal;
}

/**
 * Merges the translation requests of pages in flight into few translator
 * calls (up to a block and character budget, after a short linger), answers
 * repeated texts from an LRU cache, and checks every reply: one answer per id.
 * A failed multi-page call is retried page by page, so one page's bad text
 * cannot fail its neighbours.
 * @internal
 */
export class TranslationBatcher {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxBlocks: number;
  private readonly maxChars: number;
  private readonly lingerMs: number;

  constructor(
    private readonly translator: Translator,
    private readonly limiter: Limiter,
    options: BatchingOptions,
    private readonly cache: LruCache<string> | undefined,
  ) {
    this.maxBlocks = options.maxBlocks ?? 64;
    this.maxChars = options.maxChars ?? 4000;
    this.lingerMs = options.lingerMs ?? 30;
  }

  /** Translates one page's items; resolves to a map from item id to translation (ids a partial translator left out are absent). */
  translate(request: PageTranslationRequest): Promise<Map<string, string>> {
    const { items, sourceLang, targetLang } = request;
    const done = new Map<string, string>();
    const missing: TranslationItem[] = [];
    for (const item of items) {
      const hit = this.cache?.get(this.cacheKey(item.text, sourceLang, targetLang));
      if (hit !== undefined) done.set(item.id, hit);
      else missing.push(item);
    }
    if (missing.length === 0) return Promise.resolve(done);
    if (request.signal?.aborted) return Promise.reject(abortedError(request.signal));
    return new Promise<Map<string, string>>((resolve, reject) => {
      // Listeners are removed on settle: one long run must not pile up thousands on the run's signal.
      const onAbort = () => entry.reject(abortedError(request.signal));
      const settle = () => {
        entry.settled = true;
        request.signal?.removeEventListener('abort', onAbort);
      };
      const entry: Entry = {
        items: missing,
        context: request.context,
        signal: request.signal,
        settled: false,
        resolve: (texts) => {
          if (entry.settled) return;
          settle();
          for (const [id, text] of texts) done.set(id, text);
          resolve(done);
        },
        reject: (error) => {
          if (entry.settled) return;
          settle();
          reject(error);
        },
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      this.enqueue(entry, sourceLang, targetLang);
    });
  }

  private cacheKey(text: string, sourceLang: string | undefined, targetLang: string): string {
    return `${this.translator.id}\u0000${sourceLang ?? ''}\u0000${targetLang}\u0000${text}`;
  }

  private enqueue(entry: Entry, sourceLang: string | undefined, targetLang: string): void {
    const key = `${sourceLang ?? ''}\u0000${targetLang}`;
    const chars = entry.items.reduce((n, item) => n + item.text.length, 0);
    let bucket = this.buckets.get(key);
    if (bucket && (bucket.blocks + entry.items.length > this.maxBlocks || bucket.chars + chars > this.maxChars)) {
      this.flush(key);
      bucket = undefined;
    }
    if (!bucket) {
      bucket = { sourceLang, targetLang, entries: [], blocks: 0, chars: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.entries.push(entry);
    bucket.blocks += entry.items.length;
    bucket.chars += chars;
    if (bucket.blocks >= this.maxBlocks || bucket.chars >= this.maxChars) this.flush(key);
    else bucket.timer ??= setTimeout(() => this.flush(key), this.lingerMs);
  }

  private flush(key: string): void {
    const bucket = this.buckets.get(key);
    if (!bucket) return;
    this.buckets.delete(key);
    if (bucket.timer) clearTimeout(bucket.timer);
    void this.send(bucket.entries, bucket.sourceLang, bucket.targetLang);
  }

  /** Sends entries as one call; on failure of a multi-page call, retries each page alone. */
  private async send(entries: Entry[], sourceLang: string | undefined, targetLang: string): Promise<void> {
    const live = entries.filter((e) => !e.settled);
    if (live.length === 0) return;
    // The call is cancelled only when every page waiting on it has been cancelled.
    const controller = new AbortController();
    let remaining = live.length;
    const onAbort = () => --remaining === 0 && controller.abort();
    for (const e of live) {
      if (!e.signal) remaining = Infinity;
      e.signal?.addEventListener('abort', onAbort, { once: true });
    }
    const detach = () => live.forEach((e) => e.signal?.removeEventListener('abort', onAbort));
    try {
      const replies = await this.limiter.run(() => this.call(live, sourceLang, targetLang, controller.signal), controller.signal);
      detach();
      live.forEach((e, i) => e.resolve(replies[i]));
    } catch (error) {
      detach();
      if (live.length > 1 && !(isGlossaError(error) && error.code === 'ABORTED')) {
        await Promise.all(live.map((e) => this.send([e], sourceLang, targetLang)));
      } else {
        const failure = isGlossaError(error) ? error : toGlossaError(error, 'TRANSLATOR_FAILED', 'Translation failed');
        for (const e of live) e.reject(failure);
      }
    }
  }

  private async call(entries: Entry[], sourceLang: string | undefined, targetLang: string, signal: AbortSignal): Promise<Map<string, string>[]> {
    // Ids are made unique across pages: `<entry>:<block id>`.
    const items = entries.flatMap((e, n) => e.items.map((item) => ({ id: `${n}:${item.id}`, text: item.text })));
    const first = entries[0].context;
    const context: TranslationContext | undefined = first && {
      glossary: first.glossary,
      previous: first.previous,
      // A page image only makes sense when the call is about one page.
      ...(entries.length === 1 && first.image ? { image: first.image } : {}),
    };
    const reply = await this.translator.translate({ items, sourceLang, targetLang, context, signal });
    const byId = checkReply(items, reply, this.translator);
    const out = entries.map(() => new Map<string, string>());
    for (const [id, text] of byId) {
      const colon = id.indexOf(':');
      const n = Number(id.slice(0, colon));
      out[n].set(id.slice(colon + 1), text);
      const source = entries[n].items.find((item) => item.id === id.slice(colon + 1));
      if (source) this.cache?.set(this.cacheKey(source.text, sourceLang, targetLang), text);
    }
    return out;
  }
}

/** Every requested id exactly once (a partial translator may leave some out), no unknown ids. @internal */
function checkReply(items: TranslationItem[], reply: unknown, translator: Translator): Map<string, string> {
  if (!Array.isArray(reply)) {
    throw new GlossaError('TRANSLATOR_FAILED', `Translator ${translator.id} returned ${typeof reply}, expected an array of {id, text}`);
  }
  const wanted = new Set(items.map((i) => i.id));
  const byId = new Map<string, string>();
  for (const r of reply as Array<Partial<TranslationItem>>) {
    if (!r || typeof r.id !== 'string' || typeof r.text !== 'string') {
      throw new GlossaError('TRANSLATOR_FAILED', `Translator ${translator.id} returned an item that is not {id, text}`);
    }
    if (!wanted.has(r.id)) throw new GlossaError('TRANSLATOR_FAILED', `Translator ${translator.id} returned an unknown id '${r.id}'`);
    if (byId.has(r.id)) throw new GlossaError('TRANSLATOR_FAILED', `Translator ${translator.id} returned id '${r.id}' twice`);
    byId.set(r.id, r.text);
  }
  if (!translator.partial && byId.size !== wanted.size) {
    const lost = [...wanted].filter((id) => !byId.has(id));
    throw new GlossaError('TRANSLATOR_FAILED', `Translator ${translator.id} left out ${lost.length} of ${wanted.size} items`);
  }
  return byId;
}
