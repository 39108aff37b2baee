/**
 * The three image-end eras of the mini-Xen sample's Makefile, evaluated against the ELF files
 * its real build linked, and compared with what the real tools did: the pipeline run by the
 * real shell with the real nm and sed, the command make prints for the rule (make -n), and the
 * p_memsz the sample's mkelf32 wrote into xen-eraN (readelf).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { evaluateImageEndRecipe, explainImageEnd, readImageEndRecipe } from '../../../src/checks/makefile';
import { miniXenBuild, MINI_XEN_SOURCE } from './support/miniXen';
import { C_LOCALE_ENV } from './support/realTools';

const MAKEFILE = path.join(MINI_XEN_SOURCE, 'Makefile');

function sh(command: string, cwd: string): string {
  const r = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', env: C_LOCALE_ENV });
  if (r.status !== 0) throw new Error(`${command} failed: ${r.stderr}`);
  return r.stdout;
}

/** A defined symbol from the real nm: [value, type letter]. */
function realSymbol(file: string, name: string, cwd: string): { value: bigint; type: string } {
  const line = sh(`nm ${file}`, cwd)
    .split('\n')
    .find((l) => l.endsWith(` ${name}`));
  if (!line) throw new Error(`nm ${file}: no ${name}`);
  const [value, type] = line.split(' ');
  return { value: BigInt(`0x${value}`), type };
}

/** p_vaddr and p_memsz of the first LOAD segment, from the real readelf. */
function loadSegment(file: string, cwd: string): { vaddr: bigint; memsz: bigint } {
  const load = sh(`readelf -lW ${file}`, cwd)
    .split('\n')
    .find((l) => /^\s*LOAD\s/.test(l));
  if (!load) throw new Error(`${file}: no LOAD segment`);
  const f = load.trim().split(/\s+/);
  return { vaddr: BigInt(f[2]), memsz: BigInt(f[5]) };
}

const loadMemsz = (file: string, cwd: string) => loadSegment(file, cwd).memsz;

const ERAS = [
  { target: 'xen-era1', elf: 'xen-syms', endSymbol: '__2M_rwdata_end', endElf: 'xen-syms' },
  { target: 'xen-era2', elf: 'xen-pad-syms', endSymbol: '__end_of_image__', endElf: 'xen-pad-syms' },
  { target: 'xen-era3', elf: 'xen-syms', endSymbol: '__2M_rwdata_end', endElf: 'xen-syms' },
];

describe('mini-Xen image-end eras', () => {
  let build: string;
  beforeAll(() => {
    build = miniXenBuild();
  });

  describe.each(ERAS)('$target', (era) => {
    test('the evaluated pipeline prints what the real shell, nm and sed print', async () => {
      const recipe = readImageEndRecipe(MAKEFILE, { target: era.target });
      const result = await evaluateImageEndRecipe(recipe, path.join(build, era.elf));
      expect(result.unsupported).toBeUndefined();
      expect(recipe.end?.shell).toBeDefined();
      const real = sh(recipe.end!.shell!, build);
      expect(real).toMatch(/^0x[0-9a-f]{16}\n$/);
      expect(result.output).toBe(real);
      expect(result.value).toBe(BigInt(real.trim()));
    });

    test('the mkelf32 command is the one make runs (make -n)', () => {
      const recipe = readImageEndRecipe(MAKEFILE, { target: era.target });
      const printed = sh(
        `make -n -W ${era.elf} -f ${MAKEFILE} sub_make_done=1 ${era.target}`,
        build,
      )
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        // The mkelf32 run, not the compile that builds mkelf32 when it is not built yet.
        .find((l) => /^\S*mkelf32 /.test(l.trim()));
      const normalize = (s: string) => s.replace(/\s+/g, ' ').trim();
      expect(printed).toBeDefined();
      expect(normalize(recipe.command)).toBe(normalize(printed!));
      // The recipe is located at the mkelf32 line of the rule, the end argument at its back quote.
      expect(recipe.recipe.line).toBe(recipe.rule.line + 1);
      expect(recipe.end!.position.line).toBe(recipe.recipe.line + 1);
    });

    test('the memory size is the p_memsz the sample mkelf32 wrote', async () => {
      const recipe = readImageEndRecipe(MAKEFILE, { target: era.target });
      const result = await evaluateImageEndRecipe(recipe, path.join(build, era.elf));
      expect(result.image?.loadBase).toBe(0x200000n);
      expect(result.image?.memorySize).toBe(loadMemsz(era.target, build));
    });

    test('the picked symbol is the nm line the real pipeline used', async () => {
      const recipe = readImageEndRecipe(MAKEFILE, { target: era.target });
      const result = await evaluateImageEndRecipe(recipe, path.join(build, era.elf));
      const picked = result.pickedSymbol!;
      expect(picked).toBeDefined();
      expect(picked.value).toBe(result.value);
      const real = realSymbol(era.elf, picked.name, build);
      expect(real).toEqual({ value: picked.value, type: picked.type });
    });
  });

  test("given xen-syms, era 2 reads its own input image, xen-pad-syms, from the same directory", async () => {
    const recipe = readImageEndRecipe(MAKEFILE, { target: 'xen-era2' });
    const viaSyms = await evaluateImageEndRecipe(recipe, path.join(build, 'xen-syms'));
    const direct = await evaluateImageEndRecipe(recipe, path.join(build, 'xen-pad-syms'));
    expect(viaSyms.value).toBe(direct.value);
    expect(viaSyms.image).toEqual(direct.image);
    expect(viaSyms.image?.segmentMemsz).toBe(loadSegment('xen-pad-syms', build).memsz);
  });

  test('era 1 is an error that names ALT_START; eras 2 and 3 pass', async () => {
    const verdicts: Record<string, string> = {};
    for (const era of ERAS) {
      const recipe = readImageEndRecipe(MAKEFILE, { target: era.target });
      const result = await evaluateImageEndRecipe(recipe, path.join(build, era.elf));
      const end = realSymbol(era.endElf, era.endSymbol, build);
      const explanation = explainImageEnd(result, { address: end.value, symbol: era.endSymbol }, recipe);
      verdicts[era.target] = explanation.verdict;
      if (era.target === 'xen-era1') {
        const alt = realSymbol('xen-syms', 'ALT_START', build);
        const size = loadMemsz('xen-era1', build);
        expect(explanation.text).toBe(
          `${MAKEFILE}:${recipe.end!.position.line}: \`$(NM) -nr $(TARGET)-syms | head -n 1\` picks ALT_START ` +
            `(A, 0x${alt.value.toString(16)}), so mkelf32 sets the memory size to ${size / (1n << 20n)} MiB ` +
            `(0x${size.toString(16)}), ending at 0x${(loadSegment('xen-syms', build).vaddr + size).toString(16)}; ` +
            `the image ends at 0x${end.value.toString(16)} (__2M_rwdata_end)`,
        );
      } else {
        expect(explanation.message).toContain(`picks ${era.endSymbol} (B, 0x${end.value.toString(16)})`);
        expect(explanation.message).toContain(`which ends at the image end 0x${end.value.toString(16)} (${era.endSymbol})`);
      }
    }
    expect(verdicts).toEqual({ 'xen-era1': 'wrong', 'xen-era2': 'ok', 'xen-era3': 'ok' });
  });
});
