/**
 * A coarse split of linker-script text into tokens, only so that mutations can delete, copy
 * and swap whole words and operators instead of bytes. It is deliberately not the parser's
 * lexer (that would make the fuzzer blind to the lexer's own mistakes): every character
 * belongs to exactly one token, and joining the tokens gives back the text.
 */
const TOKEN = new RegExp(
  [
    String.raw`\s+`, // whitespace runs
    String.raw`/\*[\s\S]*?(?:\*/|$)`, // comments, unterminated ones too
    String.raw`"[^"\n]*"?`, // quoted names
    String.raw`[A-Za-z0-9_.$/\\~*?\[\]!:+-]+`, // names, numbers, file and section patterns
    String.raw`<<=|>>=|[-+*/&|^]=|&&|\|\||<<|>>|==|!=|<=|>=`, // two- and three-char operators
    String.raw`[\s\S]`, // any other single character
  ].join('|'),
  'g',
);

export function splitTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Tokens and the interesting ones among them (not whitespace), for picking mutation sites. */
export interface TokenizedText {
  tokens: string[];
  /** Indexes into `tokens` of the tokens that are not whitespace. */
  solid: number[];
}

export function tokenize(text: string): TokenizedText {
  const tokens = splitTokens(text);
  const solid: number[] = [];
  tokens.forEach((t, i) => {
    if (!/^\s/.test(t)) solid.push(i);
  });
  return { tokens, solid };
}

/**
 * Words and punctuation of ld's script language that a mutation may drop into a script:
 * keywords of every lexer state, operators, and the characters that switch lexer states.
 */
export const SCRIPT_DICTIONARY: readonly string[] = [
  ...(
    'ABSOLUTE ADDR AFTER ALIGN ALIGNOF ALIGN_WITH_INPUT ASSERT AS_NEEDED AT BEFORE BLOCK BYTE ' +
    'COMMON CONSTANT CONSTRUCTORS COPY CREATE_OBJECT_SYMBOLS DATA_SEGMENT_ALIGN DATA_SEGMENT_END ' +
    'DATA_SEGMENT_RELRO_END DEFINED DSECT ENTRY EXCLUDE_FILE EXTERN FILL FORCE_COMMON_ALLOCATION ' +
    'FORCE_GROUP_ALLOCATION GROUP HIDDEN INCLUDE INFO INHIBIT_COMMON_ALLOCATION INPUT ' +
    'INPUT_SECTION_FLAGS INSERT KEEP LD_FEATURE LENGTH LOADADDR LOG2CEIL LONG MAX MEMORY MIN NEXT ' +
    'NOCROSSREFS NOCROSSREFS_TO NOLOAD ONLY_IF_RO ONLY_IF_RW ORIGIN OUTPUT OUTPUT_ARCH ' +
    'OUTPUT_FORMAT OVERLAY PHDRS PROVIDE PROVIDE_HIDDEN QUAD READONLY REGION_ALIAS SEARCH_DIR ' +
    'SECTIONS SEGMENT_START SHORT SIZEOF SIZEOF_HEADERS SORT SORT_BY_ALIGNMENT ' +
    'SORT_BY_INIT_PRIORITY SORT_BY_NAME SORT_NONE SQUAD STARTUP SUBALIGN TARGET TYPE VERSION ' +
    'FILEHDR FLAGS PT_LOAD global: local: extern ASCIZ REVERSE org len o l'
  ).split(' '),
  ...'{ } ( ) [ ] ; : , = . * ? ! ~ - + / % & | ^ < > " # @ \\ $ \' `'.split(' '),
  '<<=', '>>=', '+=', '-=', '*=', '/=', '&=', '|=', '^=', '&&', '||', '<<', '>>', '==', '!=',
  '/*', '*/', '/DISCARD/', '0x', '0x7fffffffffffffff', '0xffffffffffffffff', '18446744073709551616',
  '99999999999999999999999999', '1K', '1M', '$ff', '0ffh', '777o', '1010b', '99d', '-0', '"',
  '"unterminated', 'a-b', '.text', '*(.text)', '> REGION', 'AT>', ':phdr', '=0x90', '\n', '\t', '\r',
  '\0', '\x7f', '\xff', '\u00a0', '\ufffd', '\ud800', '\u{1f600}',
];
