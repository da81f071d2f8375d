import type { TextMeasurer } from '@glossa/core';

/** Deterministic measurer: CJK and Hangul 1 em, space 0.25 em, anything else 0.5 em. */
export const fakeMeasurer: TextMeasurer = {
  measure(text, font) {
    let em = 0;
    for (const ch of text) {
      if (/[\u1100-\u11FF\u3000-\u9FFF\uAC00-\uD7AF\uFE10-\uFE4F\uFF00-\uFFEF]/u.test(ch)) em += 1;
      else if (ch === ' ') em += 0.25;
      else em += 0.5;
    }
    return { width: em * font.size, ascent: 0.8 * font.size, descent: 0.2 * font.size };
  },
};
