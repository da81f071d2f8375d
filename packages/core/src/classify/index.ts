export { classifyBlocks } from './product-text.js';
export {
  PRODUCT_TEXT_MODES,
  checkProductTextMode,
  keepProductText,
  withProductText,
  type ProductTextMode,
  type ProductTextOptions,
} from './product-text-option.js';
export {
  SCRIPT_ROLES,
  applyScriptRoles,
  splitTranslationScript,
  type ScriptRole,
  type SplitTranslationScript,
  type TranslationScript,
  type TranslationScriptEntry,
} from './script-roles.js';
