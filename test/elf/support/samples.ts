/**
 * Real ELF files for the tests, built with the machine's gcc, as, ld, ar and strip (and the
 * powerpc64 cross binutils for a big-endian file; scripts/install-deps.sh installs them).
 *
 * Each sample is built once into a directory named by a hash of its recipe under the system
 * temp directory, so that test files (run in separate jest workers) share the work; a sample
 * is built in a fresh directory and renamed into place, so concurrent builders do not clash.
 */
import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type SampleName =
  | 'x86_64-exec'
  | 'x86_64-obj'
  | 'x86_64-dyn'
  | 'i386-obj'
  | 'i386-exec'
  | 'ppc64-obj'
  | 'ppc64-exec'
  | 'empty-strtab-obj'
  | 'many-sections-obj'
  | 'stripped-exec'
  | 'suffix-names-obj'
  | 'utf8-names-obj'
  | 'archive'
  | 'archive-with-text';

/** A C file exercising most of nm's symbol classes. */
const CLASSES_C = `
int global_data = 1;
static int local_data = 2;
int global_bss = 0;
static int local_bss;
int common_var;
const int global_ro = 3;
static const char local_ro[] = "hello";
__thread int tls_data = 4;
__thread int tls_bss;
int global_func(void) { return global_data + local_data + local_bss + local_ro[0] + tls_data + tls_bss; }
static int local_func(void) { return 0; }
__attribute__((weak)) int weak_func(void) { return local_func(); }
__attribute__((weak)) int weak_data = 5;
extern int undefined_func(void);
extern int weak_undefined_func(void) __attribute__((weak));
int uses(void) { return undefined_func() + (weak_undefined_func ? weak_undefined_func() : 0); }
__attribute__((section(".text.hot"))) int hot_func(void) { return 1; }
__attribute__((section(".pdata"))) int pdata_var = 6;
static int impl(void) { return 7; }
static void *resolve(void) { return (void *)impl; }
int ifunc_sym(void) __attribute__((ifunc("resolve")));
int zero_size_marker[0];
`;

/** Symbol kinds C cannot express: absolute, unique, weak undefined object, debug, '?' and more. */
const CLASSES_S = `
	.globl	abs_global
	.set	abs_global, 0x1234
	.set	abs_local, 5
	.section .rodata.unique,"aG",@progbits,grp,comdat
	.globl	unique_obj
	.type	unique_obj, @gnu_unique_object
	.size	unique_obj, 4
unique_obj: .long 1
	.weak	weak_undef_obj
	.type	weak_undef_obj, @object
	.data
	.quad	weak_undef_obj
	.section .debug_mine,"",@progbits
debug_sym: .long 0
	.section .myinfo,"",@progbits
info_sym: .long 0
	.section .mywritable,"w",@progbits
wr_sym: .long 0
	.largecomm large_common, 100000, 32
	.section .idata$2,"a"
idata_sym: .long 0
	.section .sdata,"aw"
	.globl sdata_sym
sdata_sym: .long 0
	.section .note.GNU-stack,"",@progbits
`;

/** A Xen-like image: a linker script at the hypervisor's virtual start, absolute symbols. */
const XEN_LIKE_S = `
	.section .text.head,"ax",@progbits
	.globl	start
start:	jmp	__high_start
	.text
	.globl	__high_start
	.type	__high_start, @function
__high_start:
	call	cmain
	hlt
	.size	__high_start, .-__high_start
	.section .init.text,"ax",@progbits
	.globl	init_func
init_func: ret
	.section .note.GNU-stack,"",@progbits
`;

const XEN_LIKE_C = `
int counter = 1;
static int hidden_counter;
const char banner[] = "ldscope";
char page_pool[4096 * 3];
static int helper(int x) { return x + hidden_counter; }
int cmain(void) { return helper(counter) + banner[0]; }
`;

const XEN_LIKE_LDS = `
OUTPUT_FORMAT("elf64-x86-64")
ENTRY(start)
PHDRS { text PT_LOAD ; note PT_NOTE ; }
__XEN_VIRT_START = 0xffff82d080000000;
SECTIONS
{
  . = __XEN_VIRT_START + 0x200000;
  _start = .;
  .text : {
    _stext = .;
    *(.text.head)
    *(.text .text.*)
    _etext = .;
  } :text
  . = ALIGN(0x1000);
  .rodata : { *(.rodata .rodata.*) } :text
  . = ALIGN(0x1000);
  __init_begin = .;
  .init.text : { *(.init.text) } :text
  __init_end = .;
  . = ALIGN(0x200000);
  __2M_rwdata_start = .;
  .data : { *(.data .data.*) } :text
  .bss : { __bss_start = .; *(.bss .bss.*) *(COMMON) . = ALIGN(8); __bss_end = .; } :text
  __2M_rwdata_end = ALIGN(0x200000);
  _end = .;
  ALT_START = 0xffff82d0c0000000;
  /DISCARD/ : { *(.comment) *(.note.gnu.property) *(.eh_frame) }
}
`;

const I386_C = `
int i386_data = 42;
int i386_bss;
static const char i386_ro[] = "ro";
static int i386_helper(int x) { return x * 2; }
int i386_main(void) { return i386_helper(i386_data) + i386_ro[0] + i386_bss; }
`;

const I386_START_S = `
	.text
	.globl	_start
_start:	call	i386_main
	hlt
	.section .note.GNU-stack,"",@progbits
`;

/** Big-endian PowerPC64 (ELFv1): function descriptors in .opd, small data in .sdata/.sbss. */
const PPC64_S = `
	.section ".opd","aw"
	.align 3
	.globl _start
_start:	.quad .L._start, .TOC.@tocbase, 0
	.text
.L._start:
	bl	helper
	nop
	b	.L._start
	.globl helper
	.type helper, @function
helper:	blr
	.size helper, .-helper
	.data
	.globl	ppc_data
	.type	ppc_data, @object
	.size	ppc_data, 8
ppc_data:	.quad 0x1122334455667788
	.section .sdata,"aw"
	.globl	small_data
small_data:	.long 1
local_small:	.long 2
	.section .sbss,"aw",@nobits
	.globl	small_bss
small_bss:	.space 4
	.section .rodata
	.globl ppc_ro
ppc_ro:	.string "big-endian"
	.bss
	.globl	ppc_bss
ppc_bss:	.space 16
	.set	ppc_abs, 0xdeadbeef
	.globl	ppc_abs
`;

const EMPTY_STRTAB_S = `
	.section .emptystr,"",@3
	.text
	.globl	_start
_start:	ret
	.section .note.GNU-stack,"",@progbits
`;

/** More sections than SHN_LORESERVE (0xff00 = 65,280): needs extended section numbering. */
export const MANY_SECTIONS = 65300;

function manySectionsSource(): string {
  const lines: string[] = [];
  for (let i = 0; i < MANY_SECTIONS; i++) {
    lines.push(`\t.section .s${i},"a"`);
    // Symbols around SHN_LORESERVE and at both ends, so some need SHN_XINDEX and some not.
    if (i % 1000 === 0 || i >= 65200) lines.push(`\t.globl g${i}`, `g${i}:`);
    lines.push(`\t.byte ${i % 256}`);
  }
  lines.push('\t.data', 'local_in_data: .long 1', '\t.section .note.GNU-stack,"",@progbits');
  return lines.join('\n') + '\n';
}

/**
 * UTF-8 names whose byte order differs from JavaScript's UTF-16 order: U+E000 sorts before
 * U+1F600 in bytes (ee.. < f0..), after it in UTF-16 (0xe000 > 0xd83d).
 */
const UTF8_NAMES_S = [
  '\t.text',
  '\t.globl "café", "\u{1F600}", "\uE000", "Ärger", Zebra, apple, _under',
  '"café": nop',
  '"\u{1F600}": nop',
  '"\uE000": nop',
  '"Ärger": nop',
  'Zebra: nop',
  'apple: nop',
  '_under: nop',
  '"\uFFFD": nop',
  '\t.section .note.GNU-stack,"",@progbits',
].join('\n') + '\n';

/** Pairs of names where one is the tail of the other: the assembler stores the tail once. */
export const SUFFIX_PAIRS = 3000;

function suffixNamesSource(): string {
  const lines: string[] = ['\t.text'];
  for (let i = 0; i < SUFFIX_PAIRS; i++) lines.push(`\t.globl x_sym${i}, sym${i}`, `x_sym${i}: nop`, `sym${i}: nop`);
  lines.push('\t.section .note.GNU-stack,"",@progbits');
  return lines.join('\n') + '\n';
}

function run(cmd: string, args: string[], cwd: string): void {
  try {
    execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    const hint = cmd.startsWith('powerpc64')
      ? ' (install the cross binutils: scripts/install-deps.sh installs binutils-powerpc64-linux-gnu)'
      : '';
    throw new Error(`${cmd} ${args.join(' ')} failed${hint}: ${err.stderr?.toString() || err.message}`);
  }
}

interface Recipe {
  /** Source files written into the build directory. */
  files: Record<string, string>;
  /** Commands run in order in the build directory. */
  commands: [string, ...string[]][];
  /** The file the sample is. */
  output: string;
}

const recipes: Record<SampleName, () => Recipe> = {
  'x86_64-exec': () => ({
    files: { 'head.s': XEN_LIKE_S, 'main.c': XEN_LIKE_C, 'xen.lds': XEN_LIKE_LDS },
    commands: [
      ['as', 'head.s', '-o', 'head.o'],
      ['gcc', '-c', '-O1', '-fno-pic', '-ffreestanding', '-mcmodel=kernel', '-fno-asynchronous-unwind-tables', 'main.c', '-o', 'main.o'],
      ['ld', '-T', 'xen.lds', '-z', 'noexecstack', 'head.o', 'main.o', '-o', 'xen-syms'],
    ],
    output: 'xen-syms',
  }),
  'x86_64-obj': () => ({
    files: { 'classes.c': CLASSES_C, 'classes.s': CLASSES_S },
    commands: [
      ['gcc', '-c', '-O0', '-g', '-fcommon', 'classes.c', '-o', 'classes-c.o'],
      ['as', 'classes.s', '-o', 'classes-s.o'],
      ['ld', '-r', 'classes-c.o', 'classes-s.o', '-o', 'classes.o'],
    ],
    output: 'classes.o',
  }),
  'x86_64-dyn': () => ({
    files: { 'prog.c': 'int printf(const char *, ...);\nint answer = 42;\nint main(void) { return printf("%d\\n", answer) < 0; }\n' },
    commands: [['gcc', '-O1', 'prog.c', '-o', 'prog']],
    output: 'prog',
  }),
  'i386-obj': () => ({
    files: { 'i386.c': I386_C },
    commands: [['gcc', '-m32', '-c', '-O1', '-fno-pic', '-fno-asynchronous-unwind-tables', 'i386.c', '-o', 'i386.o']],
    output: 'i386.o',
  }),
  'i386-exec': () => ({
    files: { 'i386.c': I386_C, 'start.s': I386_START_S },
    commands: [
      ['gcc', '-m32', '-c', '-O1', '-fno-pic', '-fno-asynchronous-unwind-tables', 'i386.c', '-o', 'i386.o'],
      ['as', '--32', 'start.s', '-o', 'start.o'],
      ['ld', '-m', 'elf_i386', '-Ttext=0x100000', 'start.o', 'i386.o', '-o', 'i386.elf'],
    ],
    output: 'i386.elf',
  }),
  'ppc64-obj': () => ({
    files: { 'ppc.s': PPC64_S },
    commands: [['powerpc64-linux-gnu-as', '-a64', '-mbig', 'ppc.s', '-o', 'ppc.o']],
    output: 'ppc.o',
  }),
  'ppc64-exec': () => ({
    files: { 'ppc.s': PPC64_S },
    commands: [
      ['powerpc64-linux-gnu-as', '-a64', '-mbig', 'ppc.s', '-o', 'ppc.o'],
      ['powerpc64-linux-gnu-ld', '-Ttext=0x10000000', 'ppc.o', '-o', 'ppc.elf'],
    ],
    output: 'ppc.elf',
  }),
  'empty-strtab-obj': () => ({
    files: { 'empty.s': EMPTY_STRTAB_S },
    commands: [['as', 'empty.s', '-o', 'empty.o']],
    output: 'empty.o',
  }),
  'many-sections-obj': () => ({
    files: { 'many.s': manySectionsSource() },
    commands: [['as', 'many.s', '-o', 'many.o']],
    output: 'many.o',
  }),
  'stripped-exec': () => ({
    files: { 'head.s': XEN_LIKE_S, 'main.c': XEN_LIKE_C, 'xen.lds': XEN_LIKE_LDS },
    commands: [
      ['as', 'head.s', '-o', 'head.o'],
      ['gcc', '-c', '-O1', '-fno-pic', '-ffreestanding', '-mcmodel=kernel', '-fno-asynchronous-unwind-tables', 'main.c', '-o', 'main.o'],
      ['ld', '-T', 'xen.lds', '-z', 'noexecstack', 'head.o', 'main.o', '-o', 'xen-syms'],
      ['strip', '-o', 'xen-stripped', 'xen-syms'],
    ],
    output: 'xen-stripped',
  }),
  'suffix-names-obj': () => ({
    files: { 'names.s': suffixNamesSource() },
    commands: [['as', 'names.s', '-o', 'names.o']],
    output: 'names.o',
  }),
  'utf8-names-obj': () => ({
    files: { 'utf8.s': UTF8_NAMES_S },
    commands: [['as', 'utf8.s', '-o', 'utf8.o']],
    output: 'utf8.o',
  }),
  archive: () => ({
    files: { 'classes.c': CLASSES_C, 'classes.s': CLASSES_S, 'main.c': XEN_LIKE_C },
    commands: [
      ['gcc', '-c', '-O0', '-fcommon', 'classes.c', '-o', 'classes.o'],
      ['as', 'classes.s', '-o', 'a_member_with_a_rather_long_name.o'],
      ['gcc', '-c', '-O1', 'main.c', '-o', 'main.o'],
      ['ar', 'rcs', 'libsample.a', 'classes.o', 'a_member_with_a_rather_long_name.o', 'main.o'],
    ],
    output: 'libsample.a',
  }),
  'archive-with-text': () => ({
    files: { 'main.c': XEN_LIKE_C, 'README.txt': 'not an object\n' },
    commands: [
      ['gcc', '-c', '-O1', 'main.c', '-o', 'main.o'],
      ['ar', 'rc', 'libmixed.a', 'main.o', 'README.txt'],
    ],
    output: 'libmixed.a',
  }),
};

const built = new Map<SampleName, string>();

/** The path of a built sample, building it on first use. */
export function sample(name: SampleName): string {
  const done = built.get(name);
  if (done) return done;
  const recipe = recipes[name]();
  const hash = createHash('sha256').update(JSON.stringify(recipe)).digest('hex').slice(0, 16);
  const root = path.join(os.tmpdir(), 'ldscope-elf-samples');
  const dir = path.join(root, `${name}-${hash}`);
  const output = path.join(dir, recipe.output);
  if (!fs.existsSync(output)) {
    fs.mkdirSync(root, { recursive: true });
    const work = fs.mkdtempSync(path.join(root, `${name}-build-`));
    for (const [file, text] of Object.entries(recipe.files)) fs.writeFileSync(path.join(work, file), text);
    for (const [cmd, ...args] of recipe.commands) run(cmd, args, work);
    try {
      fs.renameSync(work, dir);
    } catch {
      // Another worker got there first; its copy is the same.
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  built.set(name, output);
  return output;
}

/** The nm that knows the sample's machine: the cross nm for PowerPC, the host nm otherwise. */
export function nmFor(name: SampleName): string {
  return name.startsWith('ppc64') ? 'powerpc64-linux-gnu-nm' : 'nm';
}

/** Every sample that is a single ELF file (not an archive). */
export const ELF_SAMPLES: SampleName[] = [
  'x86_64-exec',
  'x86_64-obj',
  'x86_64-dyn',
  'i386-obj',
  'i386-exec',
  'ppc64-obj',
  'ppc64-exec',
  'empty-strtab-obj',
  'many-sections-obj',
  'stripped-exec',
  'utf8-names-obj',
];
