/* cd-dashboard-page.h — the office's picture of itself ("Tổng quan", issue 18 item 1).
 *
 * For a chosen period of receipt (this week, the last 4 or 12 weeks, this quarter; weeks start on
 * Monday, the period ends today on the context's clock): the totals (claims, amount, the share
 * decided within the statutory 7 working days, the outbox and the verification backlog), the claims
 * and amounts by benefit and the claims by week (bars), the share on time week by week (a line),
 * the claims by status, officer and employer, and the overdue claims by working days over. Each
 * chart has its table (CdFigurePanel) and every table exports to CSV and prints, audited.
 *
 * Who sees what follows the access rights (cd-access.h): with CD_ACCESS_DASHBOARD_OFFICE (a
 * supervisor, the office head) the office, with CD_ACCESS_DASHBOARD_OWN (an officer) only their own
 * claims, and the office view is never opened for an officer. The figures are read off the main
 * loop (cd_office_stats_read_async: the store's running counts, not a claim at a time) with a
 * spinner; the page reloads when the store, the session or the period changes, and when its window
 * says claims changed (cd_dashboard_page_reload). It never reaches up to its window: ::toast
 * carries a message, ::loaded follows each load.
 */
#pragma once

#include <adwaita.h>

#include "cd-context.h"
#include "cd-office-stats.h"
#include "cd-figure-panel.h"

G_BEGIN_DECLS

#define CD_TYPE_DASHBOARD_PAGE (cd_dashboard_page_get_type ())
G_DECLARE_FINAL_TYPE (CdDashboardPage, cd_dashboard_page, CD, DASHBOARD_PAGE, AdwBin)

typedef enum
{
  CD_DASHBOARD_THIS_WEEK,
  CD_DASHBOARD_4_WEEKS,
  CD_DASHBOARD_12_WEEKS,
  CD_DASHBOARD_QUARTER,
} CdDashboardPeriod;

typedef enum
{
  CD_DASHBOARD_PANEL_BY_BENEFIT,         /* bars: claims received by benefit */
  CD_DASHBOARD_PANEL_AMOUNT_BY_BENEFIT,  /* bars: their amounts, VND */
  CD_DASHBOARD_PANEL_BY_WEEK,            /* bars: claims received by week */
  CD_DASHBOARD_PANEL_ON_TIME,            /* line: share decided on time, by week */
  CD_DASHBOARD_PANEL_BY_STATUS,          /* bars: claims by status */
  CD_DASHBOARD_PANEL_BY_OFFICER,         /* bars: claims by officer (the office view only) */
  CD_DASHBOARD_PANEL_BY_EMPLOYER,        /* bars: claims by employer, the top ten and the rest */
  CD_DASHBOARD_PANEL_OVERDUE,            /* table: open claims past the deadline, most days
                                          * over first */
  CD_DASHBOARD_N_PANELS
} CdDashboardPanel;

typedef enum
{
  CD_DASHBOARD_TOTAL_RECEIVED,
  CD_DASHBOARD_TOTAL_AMOUNT,
  CD_DASHBOARD_TOTAL_DECIDED,
  CD_DASHBOARD_TOTAL_ON_TIME_SHARE,
  CD_DASHBOARD_TOTAL_LATE,
  CD_DASHBOARD_TOTAL_OPEN_OVERDUE,
  CD_DASHBOARD_TOTAL_OUTBOX_WAITING,     /* the outbox: queued and sending */
  CD_DASHBOARD_TOTAL_OUTBOX_PROBLEMS,    /* the outbox: refused and quarantined */
  CD_DASHBOARD_TOTAL_VERIFICATION,       /* paper documents still to verify */
  CD_DASHBOARD_N_TOTALS
} CdDashboardTotal;

GtkWidget         *cd_dashboard_page_new          (CdContext         *context);
void               cd_dashboard_page_reload       (CdDashboardPage   *self);
void               cd_dashboard_page_set_period   (CdDashboardPage   *self,
                                                   CdDashboardPeriod  period);
CdDashboardPeriod  cd_dashboard_page_get_period   (CdDashboardPage   *self);
/* The first and last day of receipt of `period` ending on `today`. */
void               cd_dashboard_period_range      (CdDashboardPeriod  period,
                                                   CdDay              today,
                                                   CdDay             *from,
                                                   CdDay             *to);

gboolean           cd_dashboard_page_get_loading  (CdDashboardPage   *self);
/* TRUE while the whole office's figures are shown; FALSE for an officer's own. */
gboolean           cd_dashboard_page_get_office_view (CdDashboardPage *self);
/* The figures on show, or NULL before the first load (or after a refusal). */
const CdOfficeStats *cd_dashboard_page_get_stats  (CdDashboardPage *self);
CdFigurePanel     *cd_dashboard_page_get_panel    (CdDashboardPage   *self,
                                                   CdDashboardPanel   panel);
/* A total as shown ("75 %"). */
const char        *cd_dashboard_page_get_total    (CdDashboardPage   *self,
                                                   CdDashboardTotal   total);

G_END_DECLS
