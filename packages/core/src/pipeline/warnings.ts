// The warnings a finished page carries, worded once for Node, the browser
// and the CLI.
import { DEFAULT_MAX_LAYOUT_LENGTH } from '../layout/layout.js';
import type { Page } from '../page/page.js';

/**
 * Things worth telling the user about a finished page: blocks left
 * untranslated (with `untranslatedNote` saying why or what to do), blocks
 * that overflow their region, translations cut at the layout's length limit.
 *
 * @param page - a laid-out page
 * @param untranslatedNote - put in brackets after the untranslated count (the translator used, or a hint); omitted when absent
 * @returns one line per kind of problem, none for a clean page
 * @example
 * ```ts
 * for (const line of pageWarnings(page, 'no translation script covers them')) console.warn(line);
 * ```
 */
export function pageWarnings(page: Page, untranslatedNote?: string): string[] {
  const warnings: string[] = [];
  const untranslated = page.blocks.filter((b) => b.flags.untranslated).length;
  if (untranslated > 0) {
    warnings.push(`${untranslated} of ${page.blocks.length} blocks have no translation${untranslatedNote ? ` (${untranslatedNote})` : ''}; their text was left in place`);
  }
  // A translation over the layout's maxLength is laid out cut, ending with '…'.
  const cut = page.blocks.filter((b) => b.layout?.text?.endsWith('…') && b.translation !== undefined && !b.translation.trim().endsWith('…')).length;
  const overflow = page.blocks.filter((b) => b.flags.overflow).length - cut;
  if (overflow > 0) warnings.push(`${overflow} blocks overflow their region at the minimum font size`);
  if (cut > 0) warnings.push(`${cut} blocks have translations longer than ${DEFAULT_MAX_LAYOUT_LENGTH} characters: cut there, ending with '…'`);
  return warnings;
}
