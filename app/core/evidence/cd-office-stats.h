/* cd-office-stats.h — the office dashboard's figures, read from running counts (issue 18, item 1).
 *
 * For the claims received in a period [from, to] (days of receipt) this gives, as of `today`: how
 * many and how much (sum of claims.amount) by benefit, by status, by officer and by employer (the
 * employers with most claims, the rest summed as one "others" group); week by week (ISO week of
 * receipt) received, decided and decided in time; the share decided within the statutory 7 working
 * days and the open claims past it; and, as they stand now, the outbox by state and the paper
 * documents waiting for deferred verification.
 *
 * Nothing here reads claims one by one. The store keeps running counts by triggers (the
 * claim_stats_* tables, docs/data-model.md), keyed by day of receipt, so a period costs the days in
 * it times the groups, whatever the store's size. The deadline is the deadline report's
 * (cd-deadline-report.h, cd_list_deadline_compute on the pack's calendar): the counts keep each
 * claim's day of decision beside its day of receipt, and the deadline of each pair of days is
 * worked out here, at reading time, so a calendar announced later (Tết 2027) counts at once and
 * the figures agree with the report's.
 *
 * Lives in evidence beside the deadline report: it needs the rules (the calendar) and the workflow
 * (CdSession). Only reads.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"
#include "cd-deadline-report.h"
#include "cd-rule-pack.h"
#include "cd-session.h"

G_BEGIN_DECLS

#define CD_OFFICE_STATS_ERROR (cd_office_stats_error_quark ())

typedef enum
{
  CD_OFFICE_STATS_ERROR_INVALID, /* a period that ends before it starts, or a bad day */
  CD_OFFICE_STATS_ERROR_QUERY,   /* the store could not be read */
  CD_OFFICE_STATS_ERROR_RULES,   /* the pack has no deadline for a day of receipt */
} CdOfficeStatsError;

GQuark cd_office_stats_error_quark (void);

/* How many employers by_employer names before it sums the rest as "others". */
#define CD_OFFICE_STATS_TOP_EMPLOYERS 10

/* How many of the overdue claims `overdue` lists, most working days over first (open_overdue
 * counts them all; cd_deadline_report_list_overdue lists them all). */
#define CD_OFFICE_STATS_MAX_OVERDUE 500

/* The key of by_employer's last group, the employers not among the top ones, and of the group of
 * claims with no employer. */
#define CD_OFFICE_STATS_KEY_OTHERS      "others"
#define CD_OFFICE_STATS_KEY_NO_EMPLOYER "none"

/* One bar of a chart, one row of its table. */
typedef struct
{
  char   *key;          /* stable: benefit or status name (cd-claim-types.h), officer's login,
                         * employer's code, ISO week "2026-W36", or one of the keys above */
  char   *label;        /* for people: the benefit's or status's translated label, the officer's
                         * or employer's name, "Week 36 (31/08/2026)", "Other employers" */
  gint64  id;           /* benefit or status code, user id, employer id; 0: weeks, others, none */
  CdDay   first_day;    /* a week's Monday; CD_DAY_NONE for the other groups */
  guint   n;            /* claims received in the period */
  gint64  amount;       /* their claims.amount, VND */
  /* The deadline's counts, in `weeks`, `by_officer` and the totals (the running counts keep the
   * day of decision by officer, not by benefit, status or employer: 0 there). */
  guint   decided;      /* decided by `today` */
  guint   on_time;      /* decided on or before the deadline */
  guint   late;         /* decided after it */
  guint   open_overdue; /* still open on `today`, past the deadline */
} CdOfficeStatsGroup;

/* The outbox as it stands (all of it: not limited to the period). */
typedef struct
{
  guint queued;
  guint sending;
  guint acknowledged;
  guint refused;
  guint quarantined;
} CdOfficeStatsOutbox;

/* Deferred verification as it stands (docs/deferred-verification.md): paper documents whose
 * electronic record is still to be found ('unverified', and 'not_found', which is tried again),
 * and the people they belong to. */
typedef struct
{
  guint unverified;
  guint not_found;
  guint people;
} CdOfficeStatsVerification;

typedef struct
{
  CdDay      from;
  CdDay      to;
  CdDay      today;
  char      *officer;         /* the login the figures are restricted to, or NULL: the office */
  guint      received;        /* claims received in [from, to] */
  gint64     amount;          /* their claims.amount, VND */
  guint      decided;         /* the deadline report's meaning: decided by `today` */
  guint      on_time;
  guint      late;
  guint      open;            /* not decided by `today` */
  guint      open_overdue;    /* …and past the deadline */
  double     on_time_share;   /* on_time / decided, 0 to 1; 0 when nothing was decided */
  gboolean   assumed;         /* some count ran on a year without a confirmed calendar */
  GPtrArray *by_benefit;      /* CdOfficeStatsGroup with n > 0, by benefit code */
  GPtrArray *by_status;       /* CdOfficeStatsGroup with n > 0, by status code */
  GPtrArray *by_officer;      /* CdOfficeStatsGroup with n > 0, by login */
  GPtrArray *by_employer;     /* the top CD_OFFICE_STATS_TOP_EMPLOYERS by n (then by key),
                               * then "others" when there are more; "none" counts among them
                               * like an employer */
  GPtrArray *weeks;           /* CdOfficeStatsGroup, every ISO week from `from`'s to `to`'s,
                               * counting only the days of the period */
  GPtrArray *overdue;         /* CdDeadlineClaim open on `today` past the deadline, most working
                               * days over first, at most CD_OFFICE_STATS_MAX_OVERDUE */
  CdOfficeStatsOutbox        outbox;        /* an officer's: the items of their claims */
  CdOfficeStatsVerification  verification;  /* an officer's: the documents of their claims */
} CdOfficeStats;

void cd_office_stats_free (CdOfficeStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdOfficeStats, cd_office_stats_free)

/* The figures for the claims received in [from, to], as of `today`. An officer's `session` sees
 * only their own claims; a supervisor's or an administrator's, and a NULL session (the command line
 * without a sign-in), the whole office — as in the deadline report. A locked session is refused
 * (CD_USERS_ERROR). One read transaction, so one snapshot. */
CdOfficeStats *cd_office_stats_read        (CdDatabase          *db,
                                            CdRulePack          *pack,
                                            CdSession           *session,
                                            CdDay                from,
                                            CdDay                to,
                                            CdDay                today,
                                            GError             **error);

/* As cd_office_stats_read, on a reader connection of its own to `db_path`, in a worker thread;
 * the session is looked at (locked? whose figures?) in the calling thread. `pack` is kept until the
 * job ends. _finish returns the figures (owned) or NULL. */
void           cd_office_stats_read_async  (const char          *db_path,
                                            CdRulePack          *pack,
                                            CdSession           *session,
                                            CdDay                from,
                                            CdDay                to,
                                            CdDay                today,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
CdOfficeStats *cd_office_stats_read_finish (GAsyncResult        *result,
                                            GError             **error);

/* The statements the read runs, NULL-terminated (parameters: from, to as yyyymmdd; officer id or
 * 0; the top employers' amounts an employer id as ?4), so that a test and the docs can show their
 * EXPLAIN QUERY PLAN. The overdue list's are cd_deadline_report_get_overdue_query and
 * cd_deadline_report_get_overdue_days_query. */
const char * const *cd_office_stats_get_queries (void);

G_END_DECLS
