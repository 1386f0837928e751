#ifndef PDM_HEAP_USAGE_H
#define PDM_HEAP_USAGE_H
#include <stddef.h>

/// Bytes of heap currently allocated by malloc (glibc's mallinfo2 uordblks); 0 where unknown.
size_t pdm_heap_in_use(void);

#endif
