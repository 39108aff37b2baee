/**
 * An output section as BFD holds it while ld lays out (the output bfd's asection): flags,
 * addresses, size and alignment, the input sections mapped to it, and its place in the output
 * file's section list. ld's *ABS* and *UND* pseudo sections are instances too, so that a value
 * is always relative to "a section" exactly as in ldexp.c.
 */
import type { InputSection } from '../input/InputFile';
import type { OutputSectionStatement } from '../script/statements';

export class OutputSection {
  flags: number;
  vma = 0n;
  lma = 0n;
  size = 0n;
  /** The size of the previous sizing pass (ld's rawsize, what SIZEOF sees after a reset). */
  rawsize = 0n;
  alignmentPower = 0;
  /** The ELF section type BFD has decided on so far (elf_section_type). */
  elfType: number;
  entsize = 0n;
  /** Some input section has been added (bfd's linker_has_input). */
  linkerHasInput = false;
  /** Input sections in the order lang_add_section added them (map_head list). */
  readonly inputs: InputSection[] = [];
  /** SEC_FIXED_SIZE: sizing does not change `size` (--elf mode takes it from the linked ELF). */
  fixedSize = false;
  /** Taken out of the output file's section list (strip_excluded_output_sections). */
  removed = false;
  /** The statement this section belongs to (bfd_section_userdata). */
  statement: OutputSectionStatement | undefined;
  /**
   * --elf mode: what is not known about this section's addresses (the reason), when its
   * VMA depends on something the linked ELF alone cannot tell.
   */
  vmaUnknown: string | undefined;
  lmaUnknown: string | undefined;
  /** --elf mode: the alignment is only a lower bound (sh_addralign is capped by sh_addr). */
  alignUnknown: string | undefined;
  /** --elf mode: the linked section's stand-in this output section stands for. */
  elfStandIn: InputSection | undefined;

  constructor(
    readonly name: string,
    flags: number,
    elfType: number,
    /** Creation order (bfd section id): a stable tie-breaker, as ld uses it. */
    readonly id: number,
    readonly pseudo: 'abs' | 'und' | undefined = undefined,
  ) {
    this.flags = flags;
    this.elfType = elfType;
  }

  get isAbs(): boolean {
    return this.pseudo === 'abs';
  }
}

/** bfd_abs_section: vma 0; its own output section. */
export function makeAbsSection(): OutputSection {
  return new OutputSection('*ABS*', 0, 0, -1, 'abs');
}

/** bfd_und_section: what assignments see inside an output section that has no BFD section yet. */
export function makeUndSection(): OutputSection {
  return new OutputSection('*UND*', 0, 0, -2, 'und');
}
