/* cd-backups-group.h — Preferences' Backups group, for administrators.
 *
 * Where the daily backups go (a folder chooser), how many are kept, when the last one was made,
 * Back Up Now, and the backups in the folder with what each holds and Restore…, which asks first
 * in a dialog naming the backup's date and contents. The settings are the store's (written as
 * the administrator, audited); the backups are the context's backup worker's; a restore is the
 * context's (cd_context_restore_backup_async). Results are told through ::toast.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_BACKUPS_GROUP (cd_backups_group_get_type ())
G_DECLARE_FINAL_TYPE (CdBackupsGroup, cd_backups_group, CD, BACKUPS_GROUP, AdwPreferencesGroup)

GtkWidget  *cd_backups_group_new                (void);
void        cd_backups_group_set_context        (CdBackupsGroup *self,
                                                 CdContext      *context);
/* The settings and the list have been read (::loaded follows each reading). */
gboolean    cd_backups_group_get_loaded         (CdBackupsGroup *self);
/* What choosing a folder does: saves it as the backup folder (NULL: back to the default);
 * ::saved follows. */
void        cd_backups_group_set_folder         (CdBackupsGroup *self,
                                                 const char     *folder);
/* Backups listed, and the path of the one at `index` (newest first). */
guint       cd_backups_group_get_n_backups      (CdBackupsGroup *self);
const char *cd_backups_group_get_backup_path    (CdBackupsGroup *self,
                                                 guint           index);
/* What Restore… does for the backup at `path`: the confirmation dialog, which it returns. */
AdwMessageDialog *cd_backups_group_ask_restore  (CdBackupsGroup *self,
                                                 const char     *path);

G_END_DECLS
