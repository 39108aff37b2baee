#ifndef __XEN_COMPILER_H__
#define __XEN_COMPILER_H__

/*
 * Xen is compiled -fpic so it runs at any address, yet must not go through a
 * GOT (the linker script asserts .got is empty). Hidden visibility for every
 * declaration makes gcc use direct RIP-relative references instead.
 */
#pragma GCC visibility push(hidden)

#define __section(s)      __attribute__((__section__(s)))
#define __used            __attribute__((__used__))
#define __aligned(a)      __attribute__((__aligned__(a)))

#endif /* __XEN_COMPILER_H__ */
