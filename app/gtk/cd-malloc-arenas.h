/* cd-malloc-arenas.h — how many heaps glibc's malloc may keep, set before any thread starts.
 *
 * Every worker thread that allocates while another holds the heap's lock gets a heap (an arena) of
 * its own, up to eight per core, and each keeps what its thread freed for its next allocations.
 * On the workstation each claim read, search, page of the list and sync run is a short job on a
 * GTask worker, so the RSS grew with the number of arenas, not with what is alive: 500 claims
 * opened added 19 MiB to the RSS and 4 MiB of live heap, a short working day some 65 MiB with the
 * live heap back near where it started (docs/performance.md, issue 20). Two arenas serve a 2-core
 * office PC; MALLOC_ARENA_MAX in the environment still wins.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_MALLOC_ARENAS 2

/* Limits malloc to CD_MALLOC_ARENAS arenas unless MALLOC_ARENA_MAX is set. Call first in main(). */
void cd_malloc_limit_arenas (void);

G_END_DECLS
