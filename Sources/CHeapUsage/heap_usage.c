#include "heap_usage.h"
#if defined(__linux__)
#include <malloc.h>
#endif

#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
#define PDM_HAS_MALLINFO2 1
#endif

size_t pdm_heap_in_use(void) {
#ifdef PDM_HAS_MALLINFO2
    struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
#else
    return 0;
#endif
}

size_t pdm_heap_reserved(void) {
#ifdef PDM_HAS_MALLINFO2
    struct mallinfo2 info = mallinfo2();
    return info.arena + info.hblkhd;
#else
    return 0;
#endif
}

void pdm_heap_trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
