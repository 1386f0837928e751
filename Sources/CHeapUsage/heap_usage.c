#include "heap_usage.h"
#if defined(__linux__)
#include <malloc.h>
#endif

pdm_heap_usage_t pdm_heap_usage(void) {
    pdm_heap_usage_t usage = {0, 0};
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 info = mallinfo2();
    usage.in_use = info.uordblks + info.hblkhd;
    usage.reserved = info.arena + info.hblkhd;
#endif
    return usage;
}

void pdm_heap_trim(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

void pdm_heap_limit_arenas(int count) {
#if defined(__GLIBC__)
    if (count > 0) {
        mallopt(M_ARENA_MAX, count);
    }
#endif
}
