export { startTranslatorWorker, type WorkerEndpoint } from './host.js';
export { OUTPUT_FORMATS, type EngineConfig, type OutputFormat } from './protocol.js';
export {
  createBrowserGlossa,
  createBrowserTranslator,
  type BrowserGlossa,
  type BrowserGlossaOptions,
  type BrowserImageInput,
  type BrowserRenderOptions,
  type BrowserTranslateFailure,
  type BrowserTranslateManyOptions,
  type BrowserTranslateOptions,
  type BrowserTranslateResult,
  type BrowserTranslator,
  type BrowserTranslatorChoice,
  type BrowserTranslatorOptions,
} from './client.js';
