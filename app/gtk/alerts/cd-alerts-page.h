/* cd-alerts-page.h — the anomaly alerts ("Cảnh báo bất thường", docs/alerts.md): every alert the
 * signed-in user may see (a supervisor or administrator all of them, an officer those naming their
 * own claims), newest first, with its kind, subject, when it was first and last seen and its state,
 * filtered by state and kind. Activating one shows it in the page: its explanation, the claims
 * behind it (activating one opens the claim, win.open-claim), the documents, the state with a note
 * (supervisors and administrators, written through cd_alerts_set_state: audited) and its history.
 * "Scan for Anomalies" runs the detector on the writer's thread, with progress.
 *
 * The page reads on a reader of its own, off the main loop, and follows the store and the session.
 * It never reaches up to its window: ::toast carries a summary, ::changed says alerts changed,
 * ::loaded follows each reload and each alert shown.
 */
#pragma once

#include <adwaita.h>

#include "cd-alerts.h"
#include "cd-context.h"

G_BEGIN_DECLS

#define CD_TYPE_ALERTS_PAGE (cd_alerts_page_get_type ())
G_DECLARE_FINAL_TYPE (CdAlertsPage, cd_alerts_page, CD, ALERTS_PAGE, AdwBin)

GtkWidget     *cd_alerts_page_new            (CdContext    *context);
/* Reads the alerts again, off the main loop. */
void           cd_alerts_page_reload         (CdAlertsPage *self);
/* Scans the store, as "Scan for Anomalies" does; ::toast says what was found. */
void           cd_alerts_page_scan           (CdAlertsPage *self);
/* Shows the alerts in `state` only (any_state: all), of `kind` only (NULL: every kind), as the
 * two filters do. */
void           cd_alerts_page_set_filter     (CdAlertsPage *self,
                                              gboolean      any_state,
                                              CdAlertState  state,
                                              const char   *kind);
/* Shows alert `alert_id` (one of those loaded) in the page; FALSE when there is no such alert. */
gboolean       cd_alerts_page_show_alert     (CdAlertsPage *self,
                                              gint64        alert_id);
/* Back to the alerts. */
void           cd_alerts_page_show_alerts    (CdAlertsPage *self);

/* State, for the window and the tests. */
gboolean       cd_alerts_page_get_loading    (CdAlertsPage *self);
/* A scan, a state change or an alert's details being read. */
gboolean       cd_alerts_page_get_busy       (CdAlertsPage *self);
/* The alerts the filters let through, and the one at `position` (newest first), or NULL. */
guint          cd_alerts_page_get_n_alerts   (CdAlertsPage *self);
const CdAlert *cd_alerts_page_get_alert      (CdAlertsPage *self,
                                              guint         position);
/* The alert shown, or NULL while the alerts are; its claims, documents and history rows. */
const CdAlert *cd_alerts_page_get_shown      (CdAlertsPage *self);
guint          cd_alerts_page_get_n_claims   (CdAlertsPage *self);
guint          cd_alerts_page_get_n_documents (CdAlertsPage *self);
guint          cd_alerts_page_get_n_history  (CdAlertsPage *self);

G_END_DECLS
