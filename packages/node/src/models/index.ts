export { defaultModelsDir, type ModelsDirEnvironment } from './cache-dir.js';
export {
  MODEL_TASKS,
  bundledModelManifest,
  getModelEntry,
  parseModelManifest,
  type ModelEntry,
  type ModelFile,
  type ModelInputSpec,
  type ModelManifest,
  type ModelTask,
  type ModelTensorSpec,
} from './manifest.js';
export {
  listModels,
  modelPath,
  resolveModel,
  verifyModel,
  type ModelStatus,
  type ModelStoreOptions,
  type ModelVerification,
  type ResolvedModel,
  type VerifiedFile,
} from './store.js';
export { pullModel, type PullModelOptions, type PullProgress } from './pull.js';
