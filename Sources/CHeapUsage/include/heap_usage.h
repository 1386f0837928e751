#ifndef PDM_HEAP_USAGE_H
#define PDM_HEAP_USAGE_H
#include <stddef.h>

/// The heap as malloc sees it (glibc's mallinfo2); both 0 where unknown.
typedef struct {
    /// Bytes allocated, mapped chunks included (uordblks + hblkhd).
    size_t in_use;
    /// Bytes malloc holds from the system, in use or free (arena + hblkhd): what the heap adds to
    /// the resident memory at most.
    size_t reserved;
} pdm_heap_usage_t;

pdm_heap_usage_t pdm_heap_usage(void);

/// Returns the heap's free pages to the system (glibc's malloc_trim); a no-op where unknown.
void pdm_heap_trim(void);

/// Caps the number of malloc arenas (glibc's M_ARENA_MAX; a no-op where unknown or when count is
/// not positive). glibc's default of eight per core lets each thread that ever allocated keep an
/// arena of its own, whose free pages stay with the process.
void pdm_heap_limit_arenas(int count);

#endif
