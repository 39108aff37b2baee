/**
 * Sections ld itself adds to the first input object before laying out a static x86 link:
 * the --build-id note (ldelf_setup_build_id) and the GOT/IFUNC sections the x86 backend
 * creates unconditionally (_bfd_x86_elf_link_setup_gnu_properties → _bfd_elf_create_got_section
 * and _bfd_elf_create_ifunc_sections). They are empty in a link without GOT or IFUNC use and
 * ld removes their output sections, but until then they are orphans like any other: they get
 * output section statements, and later orphans of the same kind are placed after them.
 */
import { SHT } from '../../elf/constants';
import { DYNAMIC_SEC_FLAGS, SEC } from '../bfd/sectionFlags';
import { specialSectionType } from '../bfd/specialSections';
import type { LayoutOptions } from '../options/LayoutOptions';
import { InputFile, InputSection } from './InputFile';
import type { SectionIds } from './readInputs';

function make(file: InputFile, name: string, flags: number, power: number, type: number, size: bigint, ids: SectionIds): InputSection {
  const s = new InputSection(file, name, flags, size, power, type, 0n, 0, 0n, ids.take());
  s.linkerCreated = true;
  file.sections.push(s);
  return s;
}

/** Appends them to DYNOBJ (the first ELF input that has sections), in ld's creation order. */
export function addLinkerCreatedSections(dynobj: InputFile, options: LayoutOptions, ids: SectionIds): void {
  const emu = options.emulation;
  const x86_64 = emu.name === 'elf_x86_64';
  if (options.buildIdNoteSize !== undefined) {
    make(
      dynobj,
      '.note.gnu.build-id',
      SEC.ALLOC | SEC.LOAD | SEC.IN_MEMORY | SEC.LINKER_CREATED | SEC.READONLY | SEC.DATA,
      2,
      SHT.NOTE,
      options.buildIdNoteSize,
      ids,
    );
  }
  const rel = emu.rela ? '.rela' : '.rel';
  const align = emu.logFileAlign;
  // Sizes are those after elf_x86_size_dynamic_sections: nothing uses the GOT or IFUNCs here,
  // so each is empty and marked SEC_EXCLUDE there, before ld strips empty output sections.
  // Their ELF types are what BFD's new-section hook gives the names (.rela.* RELA, .got PROGBITS).
  const t = (name: string) => specialSectionType(name, x86_64);
  make(dynobj, `${rel}.got`, DYNAMIC_SEC_FLAGS | SEC.READONLY, align, t(`${rel}.got`), 0n, ids);
  make(dynobj, '.got', DYNAMIC_SEC_FLAGS, align, t('.got'), 0n, ids);
  make(dynobj, '.got.plt', DYNAMIC_SEC_FLAGS, align, t('.got.plt'), 0n, ids);
  make(dynobj, '.iplt', DYNAMIC_SEC_FLAGS | SEC.ALLOC | SEC.CODE | SEC.LOAD | SEC.READONLY, 0, t('.iplt'), 0n, ids);
  make(dynobj, `${rel}.iplt`, DYNAMIC_SEC_FLAGS | SEC.READONLY, align, t(`${rel}.iplt`), 0n, ids);
  make(dynobj, '.igot.plt', DYNAMIC_SEC_FLAGS, align, t('.igot.plt'), 0n, ids);
}

/** What elf_x86_size_dynamic_sections does to them before allocation: empty ones are excluded. */
export function excludeEmptyLinkerCreated(files: InputFile[]): void {
  for (const f of files) {
    for (const s of f.sections) {
      if (s.linkerCreated && s.size === 0n && s.name !== '.note.gnu.build-id') s.flags |= SEC.EXCLUDE;
    }
  }
}
