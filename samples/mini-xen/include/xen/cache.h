#ifndef __XEN_CACHE_H__
#define __XEN_CACHE_H__

#include <asm/cache.h>

#define SMP_CACHE_BYTES L1_CACHE_BYTES

#ifndef __ASSEMBLY__
#define __read_mostly __section(".data.read_mostly")
#endif

#endif /* __XEN_CACHE_H__ */
