/* cd-backup-indicator.h — the header bar's word that the last backup failed.
 *
 * Hidden while backups go well. When the context's backup worker reports a failure, a warning
 * button appears whose popover says why and offers Try Again (a backup now, in the signed-in
 * user's name); it goes away once a backup succeeds, however that came about.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_BACKUP_INDICATOR (cd_backup_indicator_get_type ())
G_DECLARE_FINAL_TYPE (CdBackupIndicator, cd_backup_indicator, CD, BACKUP_INDICATOR, AdwBin)

GtkWidget  *cd_backup_indicator_new         (void);
/* Shows the backup worker of `context`, whichever it has from now on. */
void        cd_backup_indicator_set_context (CdBackupIndicator *self,
                                             CdContext         *context);
/* The failure shown, or NULL while there is none (the indicator is then hidden). */
const char *cd_backup_indicator_get_reason  (CdBackupIndicator *self);

G_END_DECLS
