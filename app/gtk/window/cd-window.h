/* cd-window.h — the main window: work queues in the sidebar, the selected queue in the content.
 *
 * It shows the store, the session and the sync state of the application's CdContext, and hands
 * the context to every page it makes.
 */
#pragma once

#include <adwaita.h>

#include "cd-backup-indicator.h"
#include "cd-claim-list.h"
#include "cd-context.h"
#include "cd-sync-indicator.h"

G_BEGIN_DECLS

typedef struct _CdApplication CdApplication;

#define CD_TYPE_WINDOW (cd_window_get_type ())
G_DECLARE_FINAL_TYPE (CdWindow, cd_window, CD, WINDOW, AdwApplicationWindow)

CdWindow   *cd_window_new              (CdApplication *application);
void        cd_window_add_toast        (CdWindow      *self,
                                        const char    *message);
void        cd_window_set_status       (CdWindow      *self,
                                        const char    *status);
const char *cd_window_get_status       (CdWindow      *self);
/* The warning the window shows while the context's rule pack is past its review date, or NULL. */
const char *cd_window_get_pack_warning (CdWindow      *self);
const char *cd_window_get_queue        (CdWindow      *self);
void        cd_window_select_queue     (CdWindow      *self,
                                        const char    *queue_id);
CdClaimList *cd_window_get_claim_list  (CdWindow      *self);
CdContext  *cd_window_get_context      (CdWindow      *self);
/* Whose the personal queues ("My Drafts") are: the signed-in user's users.id, 0 for nobody. */
gint64      cd_window_get_officer_id   (CdWindow      *self);
/* Shows a progress bar in place of the list (fraction < 0: no bar). */
void        cd_window_show_progress    (CdWindow      *self,
                                        const char    *title,
                                        double         fraction);
/* Counts are read in a worker thread; ::counts-changed follows. -1 while unknown. */
void        cd_window_refresh_counts   (CdWindow      *self);
gint64      cd_window_get_queue_count  (CdWindow      *self,
                                        const char    *queue_id);
/* Searches at once; ::search-finished (guint n_results) follows. */
void        cd_window_search           (CdWindow      *self,
                                        const char    *text);
guint       cd_window_get_n_results    (CdWindow      *self);
const char *cd_window_get_result_title (CdWindow      *self,
                                        guint          index);
gboolean    cd_window_get_result_is_person (CdWindow  *self,
                                            guint      index);
void        cd_window_activate_result  (CdWindow      *self,
                                        guint          index);
/* Limits the list to one person's claims (person_id 0: everyone's again). */
void        cd_window_show_person      (CdWindow      *self,
                                        gint64         person_id,
                                        const char    *name);
/* The new-claim page once win.new-claim has shown it, else NULL. */
GtkWidget  *cd_window_get_new_claim_page (CdWindow    *self);
/* The claim view once win.open-claim has shown it, else NULL. */
GtkWidget  *cd_window_get_claim_view   (CdWindow      *self);

/* The session the window shows (the context's), or NULL before sign-in. */
CdSession  *cd_window_get_session      (CdWindow      *self);
/* Someone else changed the store's accounts (the demo made its own): sign-in reads them again. */
void        cd_window_accounts_changed (CdWindow      *self);
GtkWidget  *cd_window_get_sign_in_page (CdWindow      *self);

CdSyncIndicator *cd_window_get_sync_indicator (CdWindow *self);
/* The header bar's warning that the last backup failed (hidden while backups go well). */
CdBackupIndicator *cd_window_get_backup_indicator (CdWindow *self);

/* The supervisor's approval page once its queue has been shown, else NULL. */
GtkWidget  *cd_window_get_approval_page (CdWindow     *self);
/* The employers' lists page once its queue has been shown, else NULL. */
GtkWidget  *cd_window_get_lists_page   (CdWindow      *self);
/* The anomaly alerts page once its queue has been shown, else NULL. */
GtkWidget  *cd_window_get_alerts_page  (CdWindow      *self);
/* The dashboard ("Overview") once its row has been shown, else NULL. */
GtkWidget  *cd_window_get_dashboard_page (CdWindow    *self);

G_END_DECLS
