import { writeFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { CheckContext } from '../../checks/CheckContext';
import type { Finding } from '../../checks/Finding';
import { crossCheckLayout } from '../../checks/layoutCrossCheck';
import { checkMakefileImageEnd } from '../../checks/makefileImageEnd';
import { runChecks, type Profile } from '../../checks/runChecks';
import { InputError, LdscopeError } from '../../diagnostics/errors';
import { readObjectBufferFast } from '../../elf/fastRelocatable';
import { readElf, readInputFile } from '../../elf/readElf';
import type { ElfFile, ObjectFile } from '../../elf/types';
import type { LayoutResult } from '../../layout/LayoutResult';
import { layout } from '../../layout/Linker';
import { buildLayoutOptions, type LayoutOptionsInput } from '../../layout/options/LayoutOptions';
import { defaultScriptFor } from '../../layout/options/defaultScripts';
import { preprocessOptionsFromArgv } from '../../preprocess/cliOptions';
import { layoutToJson } from '../../report/layoutJson';
import { buildMapModel } from '../../report/map/buildMapModel';
import { compareLayouts, readLayoutJson } from '../../report/map/compare/LayoutComparison';
import { renderComparisonHtml, renderComparisonSvg, renderComparisonText } from '../../report/map/compare/renderComparison';
import { gatherMapFacts } from '../../report/map/gatherMapFacts';
import { layoutFindings } from '../../report/map/layoutFindings';
import { renderHtml } from '../../report/map/renderHtml';
import { renderSvg } from '../../report/map/renderSvg';
import { renderText } from '../../report/map/renderText';
import { loadScript } from '../../script/loadScript';
import type { Command } from '../Command';
import { argvList, argvSingle } from '../argvValues';
import { ldOptionsFromArgv } from '../ldOptions';
import { libraryPathsFromArgv } from '../libraryPathOption';
import { makeTargetFromArgv, makeVariablesFromArgv, withMakefileOptions } from '../makefileOptions';
import { evalCommand } from './eval';

/**
 * `ldscope map`: the layout as a picture — a self-contained HTML page (`-o`), an SVG
 * (`--svg`), or text for a terminal (`--text`); with `--compare`, what changed between two
 * layouts. The script, inputs, cpp and ld options are eval's (the same layout is drawn);
 * with `--elf` the check findings are marked where they happen.
 */
export const mapCommand: Command = {
  command: 'map [script] [objects..]',
  describe: 'draw the layout: sections, segments, regions, symbols and findings as an HTML page, SVG or text',
  builder: (y: Argv) =>
    withMakefileOptions(evalCommand.builder(y), "mark the image end the Makefile's mkelf32 recipe computes (needs --elf)")
      .hide('json')
      .option('output', { alias: 'o', type: 'string', requiresArg: true, describe: 'write the HTML page here (- for stdout)' })
      .option('svg', { type: 'string', requiresArg: true, describe: 'write the picture alone as SVG here (- for stdout)' })
      .option('text', { type: 'boolean', describe: "print ld's --print-memory-usage table and a bar per section" })
      .option('compare', {
        type: 'string',
        array: true,
        describe: "BEFORE.json [AFTER.json]: 'ldscope eval --json' results to compare (one: against this script's layout); put it last",
      })
      .option('profile', { choices: ['auto', 'xen', 'generic'], default: 'auto', describe: 'check rules to mark (auto: xen when it looks like Xen)' }),
  run: async (argv) => {
    const started = process.hrtime.bigint();
    if (argv.json) throw new InputError("ldscope map: --json is eval's option: write a layout with 'ldscope eval --json' and draw it with --compare");
    const html = argvSingle(argv, 'output');
    const svg = argvSingle(argv, 'svg');
    const text = Boolean(argv.text);
    if (html === undefined && svg === undefined && !text) throw new InputError('ldscope map: say what to write: -o PAGE.html, --svg PICTURE.svg, or --text');
    if ([html, svg].filter((f) => f === '-').length + (text ? 1 : 0) > 1) throw new InputError('ldscope map: only one of -o -, --svg - and --text can use stdout');
    const compare = argvList(argv, 'compare');
    if (compare.length > 2) throw new InputError(`ldscope map: --compare takes one or two 'eval --json' files, not ${compare.length} (put --compare last, after the objects)`);
    const written: string[] = [];
    const emit = (file: string | undefined, content: string, what: string) => {
      if (file === undefined) return;
      if (file === '-') process.stdout.write(content);
      else {
        try {
          writeFileSync(file, content);
        } catch (e) {
          throw new InputError(`ldscope map: cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        written.push(`${what} ${file}`);
      }
    };
    const done = () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (written.length) process.stderr.write(`ldscope map: wrote ${written.join(', ')} in ${ms.toFixed(0)} ms\n`);
      return 0;
    };

    if (compare.length === 2) {
      if (argv.script !== undefined) throw new InputError('ldscope map: --compare with two files compares them alone; give no script (or one file to compare against the script)');
      const c = compareLayouts(readLayoutJson(compare[0]), readLayoutJson(compare[1]), compare[0], compare[1]);
      emit(html, renderComparisonHtml(c), 'page');
      emit(svg, renderComparisonSvg(c), 'SVG');
      if (text) process.stdout.write(renderComparisonText(c));
      return done();
    }
    if (argv.script === undefined) throw new InputError("ldscope map: name the linker script (see 'ldscope map --help')");

    const scriptFile = String(argv.script);
    const objectFiles = argvList(argv, 'objects');
    const elfFile = argvSingle(argv, 'elf');
    const script = loadScript(scriptFile, { preprocess: preprocessOptionsFromArgv(argv), libraryPaths: libraryPathsFromArgv(argv) });
    const objects: Array<{ name: string; file: ObjectFile; data: () => Uint8Array }> = [];
    for (const name of objectFiles) {
      // Read as eval reads them: the bytes are kept for ld's string/constant merging, without
      // which merged sections (.comment, .debug_str, .rodata.str*) keep their full sizes.
      const bytes = readInputFile(name);
      objects.push({ name, file: await readObjectBufferFast(bytes, name), data: () => bytes });
    }
    const elf: ElfFile | undefined = elfFile !== undefined ? await readElf(elfFile) : undefined;
    if (elf && elf.type !== 2 && elf.type !== 3) throw new InputError(`${elfFile}: --elf wants a linked executable (ELF type ${elf.typeName})`);
    if (!elf && objects.length === 0) throw new InputError("ldscope map: give the link's objects, or --elf with the linked ELF (see 'ldscope map --help')");

    const ldInput = ldOptionsFromArgv(argv);
    const options = buildLayoutOptions(ldInput);
    const findings: Finding[] = [];
    const ctx = elf ? new CheckContext(script, elf) : undefined;
    let result: LayoutResult | undefined;
    let layoutError: string | undefined;
    try {
      if (ctx && objects.length === 0) {
        // The layout to draw is the one check's cross-check computes (eval --elf): run it once.
        const cross = crossCheckLayout(ctx, ldInput);
        result = cross.layout;
        findings.push(...cross.findings);
      } else {
        result = layout({ script, objects, options, defaultScript: () => defaultScriptFor(options), elf: elf ? { elf, withObjects: true } : undefined });
      }
      if (result.fatal) layoutError = result.diagnostics.find((d) => d.severity === 'error')?.rendered ?? 'a fatal error stopped the layout';
    } catch (e) {
      // Without an ELF there is nothing else to draw from: the error is the answer.
      if (!elf) throw e;
      layoutError = e instanceof LdscopeError ? e.message : `internal error: ${(e as Error).message}`;
    }
    if (layoutError) {
      if (!elf) throw new LdscopeError(`ldscope map: the layout failed, and there is no --elf to draw instead:\n${layoutError}`, 1);
      process.stderr.write(`ldscope map: the layout failed; drawing the ELF's own numbers instead:\n${layoutError}\n`);
    }

    const makefile = argvSingle(argv, 'makefile');
    if (ctx && elfFile) {
      // With objects, the cross-check still compares the ELF-only layout with the ELF.
      const { report, xen } = runChecks(ctx, argv.profile as Profile, { crossCheck: objects.length > 0, ld: ldInput });
      findings.push(...report.findings);
      if (makefile !== undefined) {
        const mk = await checkMakefileImageEnd(ctx, xen, makefile, elfFile, { variables: makeVariablesFromArgv(argv, 'map'), target: makeTargetFromArgv(argv) });
        findings.push(...mk.findings);
      }
    } else {
      if (makefile !== undefined) throw new InputError('ldscope map: --makefile needs --elf (the image end is read from the linked ELF)');
      if (result && !layoutError) findings.push(...layoutFindings(result));
    }

    const facts = gatherMapFacts({ scriptFile, script, layout: layoutError ? undefined : result, layoutError, elf, elfFile, objectFiles, findings });

    if (compare.length === 1) {
      if (!result || layoutError) throw new InputError('ldscope map: --compare OTHER.json needs the layout of this script, which failed');
      const c = compareLayouts(readLayoutJson(compare[0]), layoutToJson(result), compare[0], scriptFile);
      emit(html, renderComparisonHtml(c), 'page');
      emit(svg, renderComparisonSvg(c), 'SVG');
      if (text) process.stdout.write(renderComparisonText(c));
      return done();
    }
    const model = buildMapModel(facts);
    emit(html, renderHtml(model), 'page');
    emit(svg, renderSvg(model), 'SVG');
    if (text) process.stdout.write(renderText(facts));
    return done();
  },
};

