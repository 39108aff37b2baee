/*
 * mkelf32: turn the 64-bit xen-syms into the 32-bit ELF that a Multiboot
 * loader boots. A small host-side version of Xen's arch/x86/boot/mkelf32.c,
 * written for this sample.
 *
 *   mkelf32 [--notes] <xen-syms> <output> <load-base> <final-exec-addr>
 *
 * The output has one PT_LOAD at physical <load-base> holding the loadable
 * bytes of the input's single PT_LOAD (and, with --notes, a PT_NOTE for the
 * input's PT_NOTE). Its memory size does NOT come from the input: like Xen,
 * it is <final-exec-addr> minus the input segment's start, rounded up so the
 * segment ends on a 4 KiB boundary. <final-exec-addr> is whatever the
 * Makefile computed with nm, so a wrong end address becomes a wrong p_memsz
 * in the built image, which is what the three Makefile eras demonstrate.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUT_PAGE_SIZE 0x1000u
/* Where the image data starts in the output file; keeps p_offset and p_vaddr
 * congruent modulo 64, the segment alignment we declare. */
#define OUT_DATA_ALIGN 64u

static const char *prog = "mkelf32";

static void __attribute__((noreturn)) die(const char *fmt, const char *arg)
{
    fprintf(stderr, "%s: ", prog);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(1);
}

static void __attribute__((noreturn)) usage(void)
{
    fprintf(stderr,
            "usage: %s [--notes] <xen-syms> <output> <load-base> <final-exec-addr>\n"
            "  numbers are hexadecimal, with or without 0x\n", prog);
    exit(1);
}

static uint64_t parse_hex(const char *what, const char *text)
{
    char *end;
    unsigned long long value;

    errno = 0;
    value = strtoull(text, &end, 16);
    if ( errno || end == text || *end )
        die("bad %s (want a hexadecimal number)", what);
    return value;
}

static unsigned char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;
    long len;

    if ( !f )
        die("cannot open %s", path);
    if ( fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) )
        die("cannot size %s", path);
    buf = malloc(len ? len : 1);
    if ( !buf || fread(buf, 1, len, f) != (size_t)len )
        die("cannot read %s", path);
    fclose(f);
    *size = len;
    return buf;
}

int main(int argc, char **argv)
{
    int i = 1, want_notes = 0;
    const char *in_path, *out_path;
    uint64_t load_base, final_exec_addr, mem_siz;
    unsigned char *in;
    size_t in_size;
    const Elf64_Ehdr *eh;
    const Elf64_Phdr *ph, *load = NULL, *note = NULL;
    Elf32_Ehdr out_eh;
    Elf32_Phdr out_ph[2];
    unsigned int nr_out_ph, n;
    uint32_t data_off;
    FILE *out;
    static const unsigned char zeros[OUT_DATA_ALIGN];

    if ( argc > 1 && !strcmp(argv[1], "--notes") )
    {
        want_notes = 1;
        i++;
    }
    /* A back-quoted nm pipeline that found nothing leaves an argument out. */
    if ( argc - i != 4 )
        usage();

    in_path = argv[i++];
    out_path = argv[i++];
    load_base = parse_hex("load base", argv[i++]);
    final_exec_addr = parse_hex("final exec address", argv[i++]);
    if ( load_base & (OUT_PAGE_SIZE - 1) || load_base > UINT32_MAX )
        die("load base %s is not a page-aligned 32-bit address", argv[i - 2]);

    in = read_file(in_path, &in_size);
    eh = (const Elf64_Ehdr *)in;
    if ( in_size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
         eh->e_ident[EI_CLASS] != ELFCLASS64 ||
         eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64 )
        die("%s is not a little-endian x86-64 ELF64 file", in_path);
    if ( eh->e_phentsize != sizeof(Elf64_Phdr) ||
         eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) > in_size )
        die("%s has a malformed program header table", in_path);

    for ( n = 0; n < eh->e_phnum; n++ )
    {
        ph = (const Elf64_Phdr *)(in + eh->e_phoff) + n;
        if ( ph->p_type == PT_LOAD && ph->p_memsz )
        {
            if ( load )
                die("%s has more than one loadable segment", in_path);
            load = ph;
        }
        else if ( ph->p_type == PT_NOTE )
            note = ph;
    }
    if ( !load )
        die("%s has no loadable segment", in_path);
    if ( load->p_offset + load->p_filesz > in_size )
        die("%s: loadable segment extends past the end of the file", in_path);
    if ( want_notes && (!note || note->p_vaddr < load->p_vaddr ||
                        note->p_vaddr + note->p_filesz >
                        load->p_vaddr + load->p_filesz) )
        die("--notes: %s has no PT_NOTE inside its loadable segment", in_path);

    /* Like Xen: the input's p_memsz stops at the last section, not at the
     * end the image really needs; the Makefile tells us that end. */
    if ( final_exec_addr < load->p_vaddr + load->p_filesz )
        die("final exec address %s is below the end of the loaded data",
            argv[i - 1]);
    mem_siz = final_exec_addr - load->p_vaddr;
    mem_siz += -(load_base + mem_siz) & (OUT_PAGE_SIZE - 1);
    if ( load_base + mem_siz > UINT32_MAX )
        die("image ending at %s does not fit below 4 GiB", argv[i - 1]);

    nr_out_ph = want_notes ? 2 : 1;
    data_off = sizeof(out_eh) + nr_out_ph * sizeof(Elf32_Phdr);
    data_off = (data_off + OUT_DATA_ALIGN - 1) & ~(OUT_DATA_ALIGN - 1);

    memset(&out_eh, 0, sizeof(out_eh));
    memcpy(out_eh.e_ident, ELFMAG, SELFMAG);
    out_eh.e_ident[EI_CLASS] = ELFCLASS32;
    out_eh.e_ident[EI_DATA] = ELFDATA2LSB;
    out_eh.e_ident[EI_VERSION] = EV_CURRENT;
    out_eh.e_type = ET_EXEC;
    out_eh.e_machine = EM_386;
    out_eh.e_version = EV_CURRENT;
    /* `start` is the first thing in the image. */
    out_eh.e_entry = (uint32_t)load_base;
    out_eh.e_phoff = sizeof(out_eh);
    out_eh.e_ehsize = sizeof(out_eh);
    out_eh.e_phentsize = sizeof(Elf32_Phdr);
    out_eh.e_phnum = nr_out_ph;
    out_eh.e_shentsize = sizeof(Elf32_Shdr);

    memset(out_ph, 0, sizeof(out_ph));
    out_ph[0].p_type = PT_LOAD;
    out_ph[0].p_offset = data_off;
    out_ph[0].p_vaddr = out_ph[0].p_paddr = (uint32_t)load_base;
    out_ph[0].p_filesz = (uint32_t)load->p_filesz;
    out_ph[0].p_memsz = (uint32_t)mem_siz;
    out_ph[0].p_flags = PF_R | PF_W | PF_X;
    out_ph[0].p_align = OUT_DATA_ALIGN;
    if ( want_notes )
    {
        uint32_t delta = (uint32_t)(note->p_vaddr - load->p_vaddr);

        out_ph[1].p_type = PT_NOTE;
        out_ph[1].p_offset = data_off + delta;
        out_ph[1].p_vaddr = out_ph[1].p_paddr = (uint32_t)load_base + delta;
        out_ph[1].p_filesz = out_ph[1].p_memsz = (uint32_t)note->p_filesz;
        out_ph[1].p_flags = PF_R;
        out_ph[1].p_align = 4;
    }

    out = fopen(out_path, "wb");
    if ( !out )
        die("cannot create %s", out_path);
    if ( fwrite(&out_eh, sizeof(out_eh), 1, out) != 1 ||
         fwrite(out_ph, sizeof(Elf32_Phdr), nr_out_ph, out) != nr_out_ph ||
         fwrite(zeros, 1, data_off - sizeof(out_eh) -
                          nr_out_ph * sizeof(Elf32_Phdr), out) !=
             data_off - sizeof(out_eh) - nr_out_ph * sizeof(Elf32_Phdr) ||
         fwrite(in + load->p_offset, 1, load->p_filesz, out) != load->p_filesz ||
         fclose(out) )
        die("cannot write %s", out_path);

    printf("%s: %s: load 0x%" PRIx64 ", end 0x%" PRIx64 ", filesz 0x%" PRIx64
           ", memsz 0x%" PRIx64 " (%" PRIu64 " KiB)\n",
           prog, out_path, load_base, final_exec_addr,
           (uint64_t)load->p_filesz, mem_siz, mem_siz >> 10);
    free(in);
    return 0;
}
