/** --elf mode (placeholder until implemented). */
import type { AssignNode } from '../expr/Etree';
import type { InputFile } from '../input/InputFile';
import type { SectionIds } from '../input/readInputs';
import type { LinkContext } from '../LinkContext';
import type { SourceRange } from '../../diagnostics/SourceRange';
import type { ElfModeInput } from './ElfModeInput';

export class ElfMode {
  constructor(
    private readonly ctx: LinkContext,
    private readonly input: ElfModeInput,
  ) {}
  standInFiles(_ids: SectionIds): InputFile[] {
    return [];
  }
  afterOpen(): void {}
  beforeMapping(): void {}
  beforeStrip(): void {}
  stackFlags(): boolean {
    return false;
  }
  sizeofHeaders(): bigint | undefined {
    return undefined;
  }
  provideDecision(_node: AssignNode): 'define' | 'skip' | undefined {
    return undefined;
  }
  checkProgramHeaders(_count: number): void {}
  noteUnknownAssert(_message: string, _unknown: string, _range: SourceRange | undefined): void {}
  finish(_symbols: Map<string, bigint>, _unknown: Map<string, string>): void {
    void this.ctx;
    void this.input;
  }
}
