/* cd-sync-problems-page.h — the Sync Problems queue: decisions central refused or that were set
 * aside, newest first, each with its reason; activating one opens its claim (win.open-claim).
 * ::loaded follows each reload. */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_SYNC_PROBLEMS_PAGE (cd_sync_problems_page_get_type ())
G_DECLARE_FINAL_TYPE (CdSyncProblemsPage, cd_sync_problems_page, CD, SYNC_PROBLEMS_PAGE, AdwBin)

GtkWidget *cd_sync_problems_page_new         (CdContext          *context);
/* Reads the problems of the context's store again, off the main loop. */
void       cd_sync_problems_page_reload      (CdSyncProblemsPage *self);
guint      cd_sync_problems_page_get_n_rows  (CdSyncProblemsPage *self);

G_END_DECLS
