// Names that come from outside (file names, zip entry names) are shown in log
// lines and become output file names: both must be safe.

/**
 * A name made printable on one log line: control characters (a newline in a
 * file name would split the line and could forge another) are escaped.
 * @internal
 */
export function printable(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

/**
 * The output file stem for an input name: its last path segment, split at `/`
 * and `\` alike (a zip entry `..\..\x.png` is `x`), without the extension,
 * with characters that are unsafe in file names on any system replaced by `_`.
 * @internal
 */
export function safeStem(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const dot = last.lastIndexOf('.');
  const stem = dot > 0 ? last.slice(0, dot) : last;
  const clean = stem.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  return clean || 'image';
}

/**
 * Gives every stem a name no other one has (compared case-insensitively, as
 * macOS and Windows compare file names). Stems that are unique keep their
 * name; a repeated one becomes `stem-2`, `stem-3`... skipping every name
 * already taken, so `a/x b/x c/x-2` become `x`, `x-3`, `x-2`.
 * @internal
 */
export function uniqueStems(stems: readonly string[]): string[] {
  const key = (s: string) => s.toLowerCase();
  const taken = new Set<string>();
  const firsts = new Set<number>();
  stems.forEach((stem, i) => {
    if (!taken.has(key(stem))) {
      taken.add(key(stem));
      firsts.add(i);
    }
  });
  return stems.map((stem, i) => {
    if (firsts.has(i)) return stem;
    let n = 2;
    while (taken.has(key(`${stem}-${n}`))) n++;
    taken.add(key(`${stem}-${n}`));
    return `${stem}-${n}`;
  });
}
