/* cd-deadline-report.h — processing time against the statutory deadline, for office oversight.
 *
 * The office decides a claim within the rule pack's `list_decision_wd` working days of receiving
 * it (7; L41 Art 48, 62), counted exactly as an employer's list is (cd-list-deadline.h: day 1 is
 * the first office working day after `received_on`, on the pack's public-sector calendar). For the
 * claims received in [from, to] this reports, as of `today`: each decided claim's working days and
 * whether it was in time; the open claims past their deadline by working days over; the share
 * decided in time; an ISO-week trend; and the same counts by benefit and by officer.
 *
 * The moment of decision is the office's own decision: the freeze of the approved decision
 * (`decisions.frozen_at`, the earliest when a refusal by central or an amendment had it decided
 * again), or for a rejected claim its last status change (`claims.updated_at`: `rejected` is
 * final). Its date is the office's local date. A claim decided after `today` is still open then.
 *
 * Lives in evidence because it needs both the rules (the calendar) and the workflow (CdSession),
 * which sit side by side below this layer (docs/architecture.md). Only reads.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"
#include "cd-rule-pack.h"
#include "cd-session.h"

G_BEGIN_DECLS

#define CD_DEADLINE_REPORT_ERROR (cd_deadline_report_error_quark ())

typedef enum
{
  CD_DEADLINE_REPORT_ERROR_INVALID, /* a period that ends before it starts */
  CD_DEADLINE_REPORT_ERROR_QUERY,   /* the store could not be read */
  CD_DEADLINE_REPORT_ERROR_RULES,   /* the pack has no deadline for a day of receipt */
} CdDeadlineReportError;

GQuark cd_deadline_report_error_quark (void);

typedef struct
{
  char     *number;
  char     *benefit;      /* benefit_cases.name */
  char     *officer;      /* the claim's officer's login */
  CdDay     received_on;
  CdDay     deadline;     /* the last day in time */
  CdDay     decided_on;   /* CD_DAY_NONE while open on `today` */
  int       working_days; /* decided: working days taken; open: counted up to `today` */
  int       days_over;    /* working days past the deadline (0 when in time) */
  gboolean  on_time;      /* decided on or before the deadline */
  gboolean  assumed;      /* a day counted had no confirmed calendar (weekly rest only) */
} CdDeadlineClaim;

typedef struct
{
  char *key;             /* the benefit's name, the officer's login, or an ISO week "2026-W36" */
  CdDay first_day;       /* a week's Monday; CD_DAY_NONE for the other groups */
  guint received;
  guint decided;
  guint on_time;
  guint late;            /* decided after the deadline */
  guint open_overdue;    /* still open on `today`, past the deadline */
} CdDeadlineGroup;

typedef struct
{
  CdDay      from;
  CdDay      to;
  CdDay      today;
  char      *officer;        /* the login the figures are restricted to, or NULL: the office */
  guint      received;
  guint      decided;
  guint      on_time;
  guint      late;
  guint      open;
  guint      open_overdue;
  double     on_time_share;  /* on_time / decided, 0 to 1; 0 when nothing was decided */
  gboolean   assumed;        /* some count ran on a year without a confirmed calendar */
  GPtrArray *decided_claims; /* CdDeadlineClaim, by day of receipt */
  GPtrArray *overdue;        /* CdDeadlineClaim open past the deadline, most days over first */
  GPtrArray *weeks;          /* CdDeadlineGroup, every ISO week from `from`'s to `to`'s */
  GPtrArray *by_benefit;     /* CdDeadlineGroup, by name */
  GPtrArray *by_officer;     /* CdDeadlineGroup, by login */
} CdDeadlineReport;

void cd_deadline_report_free (CdDeadlineReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDeadlineReport, cd_deadline_report_free)

/* The report for the claims received in [from, to], as of `today`. An officer's `session` sees
 * only their own claims; a supervisor's or an administrator's, and a NULL session (the command
 * line without a sign-in), the whole office. A locked session is refused (CD_USERS_ERROR). One
 * statement, so one snapshot, through the received-date index (cd_deadline_report_get_query). */
CdDeadlineReport *cd_deadline_report_build     (CdDatabase   *db,
                                                CdRulePack   *pack,
                                                CdSession    *session,
                                                CdDay         from,
                                                CdDay         to,
                                                CdDay         today,
                                                GError      **error);

/* As cd_deadline_report_build, on a reader connection of its own to `db_path`, in a worker
 * thread; the session is looked at (locked? whose claims?) in the calling thread. `pack` is kept
 * until the job ends; cancelling stops the read. _finish returns the report (owned) or NULL. */
void              cd_deadline_report_build_async  (const char          *db_path,
                                                   CdRulePack          *pack,
                                                   CdSession           *session,
                                                   CdDay                from,
                                                   CdDay                to,
                                                   CdDay                today,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CdDeadlineReport *cd_deadline_report_build_finish (GAsyncResult        *result,
                                                   GError             **error);

void              cd_deadline_claim_free (CdDeadlineClaim *claim);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDeadlineClaim, cd_deadline_claim_free)

/* The claims received in [from, to] still open on `today` and past their deadline, most working
 * days over first (CdDeadlineClaim, as the report's `overdue`), without reading the decided ones:
 * the claims in an undecided status (claims_by_status), and those received on the days when the
 * running counts (claim_stats_decided) hold a claim decided after `today`. For a reader thread:
 * `officer_id` (0: the office) is whose claims, which the caller has worked out from the session
 * as cd_deadline_report_build does. */
GPtrArray        *cd_deadline_report_list_overdue (CdDatabase    *db,
                                                   CdRulePack    *pack,
                                                   gint64         officer_id,
                                                   CdDay          from,
                                                   CdDay          to,
                                                   CdDay          today,
                                                   GCancellable  *cancellable,
                                                   GError       **error);

/* As cd_deadline_report_list_overdue, reading the claims of [from, to] by day of receipt
 * (claims_by_received) instead of the undecided ones by status: the cheaper when the period holds
 * fewer claims than the backlog (the dashboard knows both from the running counts). */
GPtrArray        *cd_deadline_report_list_overdue_in_days (CdDatabase    *db,
                                                           CdRulePack    *pack,
                                                           gint64         officer_id,
                                                           CdDay          from,
                                                           CdDay          to,
                                                           CdDay          today,
                                                           GCancellable  *cancellable,
                                                           GError       **error);

/* The one query the report runs (parameters: from, to as yyyymmdd; officer id or 0), so that a
 * test and the docs can show its EXPLAIN QUERY PLAN. */
const char       *cd_deadline_report_get_query (void);
/* cd_deadline_report_list_overdue's (parameters: from, to, today as yyyymmdd; officer id or 0). */
const char       *cd_deadline_report_get_overdue_query (void);
/* cd_deadline_report_list_overdue_in_days's (the same parameters). */
const char       *cd_deadline_report_get_overdue_days_query (void);

G_END_DECLS
