#ifndef PDM_HEAP_USAGE_H
#define PDM_HEAP_USAGE_H
#include <stddef.h>

/// Bytes of heap currently allocated by malloc, mapped chunks included (glibc's mallinfo2
/// uordblks + hblkhd); 0 where unknown.
size_t pdm_heap_in_use(void);

/// Bytes malloc holds from the system, in use or free (glibc's mallinfo2 arena + hblkhd): what the
/// heap adds to the resident memory at most; 0 where unknown.
size_t pdm_heap_reserved(void);

/// Returns the heap's free pages to the system (glibc's malloc_trim); a no-op where unknown.
void pdm_heap_trim(void);

#endif
