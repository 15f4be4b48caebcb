/* cd-access.h — which role may see and do what in the office's oversight (issue 18).
 *
 * The claim workflow has its own table of who may take each step (cd_workflow_can); this module
 * answers the rest: the office's figures or one's own, the anomaly alerts, the lists a person may
 * export, the agency's statistics forms, and the review sampling rule. Decision 893/QĐ-BHXH asks
 * for statistics and reports "with access rights": one table here (docs/workflow.md, "Access
 * rights") keeps every page and command of them in agreement, instead of a role check of its own
 * in each. The answer depends on the role alone; what a right covers (the claims that are one's
 * own, say) is the caller's business.
 */
#pragma once

#include "cd-session.h"

G_BEGIN_DECLS

typedef enum
{
  CD_ACCESS_DASHBOARD_OWN,        /* the dashboard with one's own figures */
  CD_ACCESS_DASHBOARD_OFFICE,     /* the dashboard with the whole office's figures */
  CD_ACCESS_ALERTS_OWN,           /* the alerts that name one's own claims */
  CD_ACCESS_ALERTS_ALL,           /* every alert of the office */
  CD_ACCESS_ALERTS_CHANGE_STATE,  /* mark an alert looked at or explained, with a note */
  CD_ACCESS_ALERTS_REFER,         /* refer an alert for inspection */
  CD_ACCESS_EXPORT_OWN_LISTS,     /* export and print lists of one's own claims */
  CD_ACCESS_EXPORT_OFFICE_LISTS,  /* export and print any list of the office's claims */
  CD_ACCESS_EXPORT_PAYOUTS,       /* export payout batches (who is paid how much) */
  CD_ACCESS_STATISTICS_FORMS,     /* the quarterly statistics forms 22A-HSB and 22B-HSB */
  CD_ACCESS_REVIEW_RISK,          /* see a proposal's risk score and why it is to be reviewed */
  CD_ACCESS_REVIEW_RULE,          /* set the office's review sampling rule */
} CdAccessRight;

#define CD_ACCESS_LAST CD_ACCESS_REVIEW_RULE

/* A stable name ("dashboard.office"…), for the command line and the docs. */
const char *cd_access_right_to_string   (CdAccessRight   right);
gboolean    cd_access_right_from_string (const char     *name,
                                         CdAccessRight  *out);
/* What the right lets one do, translated, to finish "%s (%s) may not …". */
const char *cd_access_right_describe    (CdAccessRight   right);

/* Whether `role` has `right`: the table of docs/workflow.md. */
gboolean    cd_access_role_allows       (CdRole          role,
                                         CdAccessRight   right);
/* Whether the signed-in `session` has `right`; FALSE without a session. For showing or enabling
 * a page or an action: it does not look at the idle lock. */
gboolean    cd_access_allows            (CdSession      *session,
                                         CdAccessRight   right);
/* Before doing it: the session must not be locked (cd_session_begin_action, which records the
 * activity) and must have `right`, else CD_USERS_ERROR_NOT_ALLOWED naming the account, its role
 * and what it may not do. */
gboolean    cd_access_require           (CdSession      *session,
                                         CdAccessRight   right,
                                         GError        **error);

/* Whose figures `session` reads (the dashboard, the deadline report): the office's (`officer_id`
 * 0) with CD_ACCESS_DASHBOARD_OFFICE, its own (its user id) with CD_ACCESS_DASHBOARD_OWN, else
 * CD_USERS_ERROR_NOT_ALLOWED; a locked session is refused. NULL — a command-line tool run without
 * --officer by whoever holds the file, as the other reading commands are — reads the office's. */
gboolean    cd_access_figures_scope     (CdSession      *session,
                                         gint64         *officer_id,
                                         GError        **error);

G_END_DECLS
