/**
 * Words for the NER stage, with their offsets in the text: what BERT's basic tokenizer splits
 * on (blanks, each punctuation or symbol character, each CJK ideograph or kana), so that every
 * sub-word token the model sees belongs to one word, and an entity's span is the text from its
 * first word's start to its last word's end, exactly.
 */

export interface Word {
  start: number;
  end: number;
}

/** A CJK ideograph or kana alone, a punctuation or symbol character alone, or a run of anything else but blanks. */
const WORD = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\p{P}\p{S}]|[^\s\p{P}\p{S}\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu;

/**
 * The words of a text, in order.
 *
 * @example
 * words('Dr. Ana Kovač') // [{0,2}, {2,3}, {4,7}, {8,13}]
 */
export function words(text: string): Word[] {
  const out: Word[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}
