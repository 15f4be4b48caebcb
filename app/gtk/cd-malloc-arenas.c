/* cd-malloc-arenas.c — how many heaps glibc's malloc may keep. */
#include "config.h"

#include <malloc.h>

#include "cd-malloc-arenas.h"

void
cd_malloc_limit_arenas (void)
{
  if (g_getenv ("MALLOC_ARENA_MAX") != NULL)
    return;
#ifdef M_ARENA_MAX
  mallopt (M_ARENA_MAX, CD_MALLOC_ARENAS);
#endif
}
