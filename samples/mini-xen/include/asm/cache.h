#ifndef __ASM_X86_CACHE_H__
#define __ASM_X86_CACHE_H__

#define L1_CACHE_SHIFT 7
#define L1_CACHE_BYTES (1 << L1_CACHE_SHIFT)

#endif /* __ASM_X86_CACHE_H__ */
