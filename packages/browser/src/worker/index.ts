export { startTranslatorWorker, type WorkerEndpoint } from './engine.js';
export { OUTPUT_FORMATS, type EngineConfig, type OutputFormat } from './protocol.js';
export {
  createBrowserTranslator,
  type BrowserImageInput,
  type BrowserTranslateFailure,
  type BrowserTranslateManyOptions,
  type BrowserTranslateOptions,
  type BrowserTranslateResult,
  type BrowserTranslator,
  type BrowserTranslatorChoice,
  type BrowserTranslatorOptions,
} from './translator.js';
