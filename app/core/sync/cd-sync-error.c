/* cd-sync-error.c — the sync layer's error domain. */
#include "config.h"

#include "cd-sync-error.h"

G_DEFINE_QUARK (cd-sync-error-quark, cd_sync_error)
