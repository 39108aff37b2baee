/**
 * What --elf mode is given: the linked ELF (and optionally the objects it was linked from,
 * which let ldscope place symbols between input sections).
 */
import type { ElfFile } from '../../elf/types';

export interface ElfModeInput {
  elf: ElfFile;
  /** Objects were given too: trust their input sections where they add up to the ELF's sizes. */
  withObjects: boolean;
}
