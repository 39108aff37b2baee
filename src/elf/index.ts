/** ELF files and archives as plain data (see types.ts), and GNU nm's view of their symbols. */
export * from './types';
export * from './constants';
export { readElf, readElfBuffer, readObjectFile, readObjectBuffer, readInputFile, isElf } from './readElf';
export { parseArchive, isArchive, type RawArchiveMember } from './archive';
export { nmSymbols, type NmSymbol } from './nmSymbolClass';
export { formatNm, formatNmSymbols, selectNmSymbols, compareBytes, type NmOptions, type NmOutput } from './nmFormat';
