/**
 * The real Xen 4.17 build of scripts/xen-e2e.sh, when it is on this machine
 * ($XEN_E2E_WORK/source/xen, default /tmp/ldscope-xen-e2e/source/xen): arch/x86/Makefile's
 * image-end recipe evaluated against xen-syms must print what the real pipeline prints in
 * xen/, and give the p_memsz of the `xen` image the build wrote. Skipped (and says so) when the
 * tree is absent: building it takes the e2e script's half hour.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { evaluateImageEndRecipe, explainImageEnd, readImageEndRecipe } from '../../../src/checks/makefile';
import { C_LOCALE_ENV } from './support/realTools';

const XEN = path.join(process.env.XEN_E2E_WORK ?? '/tmp/ldscope-xen-e2e', 'source/xen');
const present = ['arch/x86/Makefile', 'xen-syms', 'xen'].every((f) => fs.existsSync(path.join(XEN, f)));

(present ? describe : describe.skip)(`real Xen tree at ${XEN}${present ? '' : ' (absent: skipped)'}`, () => {
  test('the recipe gives the end address and p_memsz the real build used', async () => {
    const recipe = readImageEndRecipe(path.join(XEN, 'arch/x86/Makefile'));
    const result = await evaluateImageEndRecipe(recipe, path.join(XEN, 'xen-syms'));
    expect(result.unsupported).toBeUndefined();
    const real = execFileSync('sh', ['-c', recipe.end!.shell!], { cwd: XEN, encoding: 'utf8', env: C_LOCALE_ENV });
    expect(result.output).toBe(real);

    const load = execFileSync('readelf', ['-lW', path.join(XEN, 'xen')], { encoding: 'utf8' })
      .split('\n')
      .find((l) => /^\s*LOAD\s/.test(l))!;
    expect(result.image?.memorySize).toBe(BigInt(load.trim().split(/\s+/)[5]));

    const end = execFileSync('nm', [path.join(XEN, 'xen-syms')], { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.endsWith(' __2M_rwdata_end'))!;
    const explanation = explainImageEnd(result, { address: BigInt(`0x${end.split(' ')[0]}`), symbol: '__2M_rwdata_end' }, recipe);
    expect(explanation.verdict).toBe('ok');
  });
});
