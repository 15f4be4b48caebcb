/* cd-deadline-report.c — processing time against the statutory deadline, for office oversight. */
#include "cd-access.h"
#include "cd-deadline-report.h"

#include "cd-list-deadline.h"
#include "cd-period-read.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-deadline-report-error-quark, cd_deadline_report_error)

#define STATUS_REJECTED 6

/* The range is a seek in claims_by_received, which carries status, benefit and officer; each
 * claim's decisions are a seek in decisions_claim. ?3 = 0 is the office, else one officer. */
static const char report_query[] =
  "SELECT c.number, b.name, u.login, c.received_on, c.status, c.updated_at,"
  "  (SELECT min (d.frozen_at) FROM decisions d"
  "    WHERE d.claim_id = c.id AND d.frozen_at IS NOT NULL)"
  " FROM claims c"
  " JOIN benefit_cases b ON b.code = c.benefit"
  " JOIN users u ON u.id = c.officer_id"
  " WHERE c.received_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR c.officer_id = ?3)"
  " ORDER BY c.received_on, c.id";

const char *
cd_deadline_report_get_query (void)
{
  return report_query;
}

void
cd_deadline_claim_free (CdDeadlineClaim *claim)
{
  if (claim == NULL)
    return;
  g_free (claim->number);
  g_free (claim->benefit);
  g_free (claim->officer);
  g_free (claim);
}

static void
group_free (CdDeadlineGroup *group)
{
  g_free (group->key);
  g_free (group);
}

void
cd_deadline_report_free (CdDeadlineReport *report)
{
  if (report == NULL)
    return;
  g_free (report->officer);
  g_clear_pointer (&report->decided_claims, g_ptr_array_unref);
  g_clear_pointer (&report->overdue, g_ptr_array_unref);
  g_clear_pointer (&report->weeks, g_ptr_array_unref);
  g_clear_pointer (&report->by_benefit, g_ptr_array_unref);
  g_clear_pointer (&report->by_officer, g_ptr_array_unref);
  g_free (report);
}

static CdDay
week_monday (CdDay day)
{
  return day - (cd_date_weekday (day) - 1);
}

/* "2026-W36": the ISO week-numbering year is the year of the week's Thursday. */
static char *
iso_week_key (CdDay monday)
{
  CdDay thursday = monday + 3;
  int year = cd_date_year (thursday);

  return g_strdup_printf ("%04d-W%02d", year,
                          (thursday - cd_date_from_ymd (year, 1, 1)) / 7 + 1);
}

static CdDeadlineGroup *
group_get (GHashTable *index,
           GPtrArray  *groups,
           const char *key)
{
  CdDeadlineGroup *group = g_hash_table_lookup (index, key);

  if (group == NULL)
    {
      group = g_new0 (CdDeadlineGroup, 1);
      group->key = g_strdup (key);
      g_ptr_array_add (groups, group);
      g_hash_table_insert (index, group->key, group);
    }
  return group;
}

static void
group_count (CdDeadlineGroup       *group,
             const CdDeadlineClaim *claim)
{
  if (group == NULL)
    return;
  group->received++;
  if (claim->decided_on != CD_DAY_NONE)
    {
      group->decided++;
      if (claim->on_time)
        group->on_time++;
      else
        group->late++;
    }
  else if (claim->days_over > 0)
    group->open_overdue++;
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const CdDeadlineGroup *x = *(const CdDeadlineGroup **) a;
  const CdDeadlineGroup *y = *(const CdDeadlineGroup **) b;

  return g_strcmp0 (x->key, y->key);
}

static int
compare_overdue (gconstpointer a,
                 gconstpointer b)
{
  const CdDeadlineClaim *x = *(const CdDeadlineClaim **) a;
  const CdDeadlineClaim *y = *(const CdDeadlineClaim **) b;

  if (x->days_over != y->days_over)
    return x->days_over > y->days_over ? -1 : 1;
  if (x->received_on != y->received_on)
    return x->received_on < y->received_on ? -1 : 1;
  return g_strcmp0 (x->number, y->number);
}

/* The office's date of an ISO 8601 UTC timestamp, or CD_DAY_NONE. */
static CdDay
local_day (const char *timestamp)
{
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (timestamp == NULL || (moment = g_date_time_new_from_iso8601 (timestamp, NULL)) == NULL)
    return CD_DAY_NONE;
  local = g_date_time_to_local (moment);
  return cd_date_from_date_time (local);
}

/* The deadline of a day of receipt, worked out once per day: a period holds many claims a day. */
static const CdListDeadline *
deadline_for (GHashTable  *cache,
              CdRulePack  *pack,
              CdDay        received_on,
              GError     **error)
{
  CdListDeadline *deadline = g_hash_table_lookup (cache, GINT_TO_POINTER (received_on));
  g_autoptr(GError) local_error = NULL;

  if (deadline != NULL)
    return deadline;
  deadline = g_new0 (CdListDeadline, 1);
  if (!cd_list_deadline_compute (pack, received_on, deadline, &local_error))
    {
      g_autofree char *day = cd_date_to_string (received_on);

      g_free (deadline);
      g_set_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_RULES,
                   "No decision deadline for a claim received on %s: %s", day,
                   local_error->message);
      return NULL;
    }
  g_hash_table_insert (cache, GINT_TO_POINTER (received_on), deadline);
  return deadline;
}

typedef struct
{
  int      left;
  gboolean assumed;
} DaysLeft;

/* Fills in a claim's count. The working days taken are N less the days left on the day of
 * decision (cd_list_deadline_days_left, negative once late): one count, the list deadline's. Many
 * claims share a day of receipt and a day of decision, and an old open claim's count walks every
 * day since its deadline, so each pair is counted once. */
static void
claim_measure (CdDeadlineClaim      *claim,
               CdRulePack           *pack,
               const CdListDeadline *deadline,
               CdDay                 today,
               GHashTable           *counted)
{
  CdDay until = claim->decided_on != CD_DAY_NONE ? claim->decided_on : today;
  gint64 key = ((gint64) deadline->received_on << 32) | (guint32) until;
  DaysLeft *days = g_hash_table_lookup (counted, &key);

  if (days == NULL)
    {
      gint64 *stored = g_new (gint64, 1);

      *stored = key;
      days = g_new0 (DaysLeft, 1);
      days->left = cd_list_deadline_days_left (pack, deadline, until, &days->assumed);
      g_hash_table_insert (counted, stored, days);
    }
  claim->deadline = deadline->deadline;
  claim->working_days = deadline->working_days - days->left;
  claim->days_over = days->left < 0 ? -days->left : 0;
  claim->on_time = claim->decided_on != CD_DAY_NONE && days->left >= 0;
  claim->assumed = days->assumed || deadline->assumption != NULL;
}

/* A claim of report_query's or overdue_query's row (number, benefit, officer, received_on, status,
 * updated_at, first freeze), measured as of `today`. */
static CdDeadlineClaim *
claim_from_row (CdStatement  *stmt,
                CdRulePack   *pack,
                CdDay         today,
                GHashTable   *deadlines,
                GHashTable   *counted,
                GError      **error)
{
  g_autoptr(CdDeadlineClaim) claim = g_new0 (CdDeadlineClaim, 1);
  const CdListDeadline *deadline;
  CdDay decided_on;

  claim->number = cd_statement_dup_text (stmt, 0);
  claim->benefit = cd_statement_dup_text (stmt, 1);
  claim->officer = cd_statement_dup_text (stmt, 2);
  claim->received_on = cd_date_from_yyyymmdd ((guint32) cd_statement_get_int64 (stmt, 3));
  /* The column's CHECK bounds the number, not the calendar: 20260230 gets in. */
  if (claim->received_on == CD_DAY_NONE)
    {
      g_set_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_QUERY,
                   "Claim %s was received on %lld, which is not a date", claim->number,
                   (long long) cd_statement_get_int64 (stmt, 3));
      return NULL;
    }

  decided_on = local_day (cd_statement_get_text (stmt, 6));
  if (decided_on == CD_DAY_NONE && cd_statement_get_int (stmt, 4) == STATUS_REJECTED)
    decided_on = local_day (cd_statement_get_text (stmt, 5));
  /* As it stood on `today`: a decision taken later was not taken yet. */
  claim->decided_on = decided_on <= today ? decided_on : CD_DAY_NONE;

  deadline = deadline_for (deadlines, pack, claim->received_on, error);
  if (deadline == NULL)
    return NULL;
  claim_measure (claim, pack, deadline, today, counted);
  return g_steal_pointer (&claim);
}

static GPtrArray *
trend_weeks (CdDay from,
             CdDay to)
{
  GPtrArray *weeks = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);

  for (CdDay monday = week_monday (from); monday <= to; monday += 7)
    {
      CdDeadlineGroup *week = g_new0 (CdDeadlineGroup, 1);

      week->key = iso_week_key (monday);
      week->first_day = monday;
      g_ptr_array_add (weeks, week);
    }
  return weeks;
}

/* The report for one scope: the office (officer_id 0) or one officer's claims. Runs in any
 * thread: it sees no session. */
static CdDeadlineReport *
build_report (CdDatabase    *db,
              CdRulePack    *pack,
              gint64         officer_id,
              const char    *officer_login,
              CdDay          from,
              CdDay          to,
              CdDay          today,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(CdDeadlineReport) report = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GHashTable) deadlines = NULL;
  g_autoptr(GHashTable) counted = NULL;
  g_autoptr(GHashTable) benefits = NULL;
  g_autoptr(GHashTable) officers = NULL;
  g_autoptr(GError) local_error = NULL;
  CdDay first_monday;
  CdStep step;
  guint64 rows = 0;

  report = g_new0 (CdDeadlineReport, 1);
  report->from = from;
  report->to = to;
  report->today = today;
  report->officer = g_strdup (officer_login);
  report->decided_claims =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cd_deadline_claim_free);
  report->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_deadline_claim_free);
  report->weeks = trend_weeks (from, to);
  report->by_benefit = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  report->by_officer = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  first_monday = week_monday (from);

  deadlines = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  counted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  benefits = g_hash_table_new (g_str_hash, g_str_equal);
  officers = g_hash_table_new (g_str_hash, g_str_equal);

  stmt = cd_database_prepare (db, report_query, &local_error);
  if (stmt == NULL)
    {
      g_set_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_QUERY,
                   "Cannot read the claims received from %u to %u: %s",
                   cd_date_to_yyyymmdd (from), cd_date_to_yyyymmdd (to), local_error->message);
      return NULL;
    }
  cd_statement_bind_int64 (stmt, 1, cd_date_to_yyyymmdd (from));
  cd_statement_bind_int64 (stmt, 2, cd_date_to_yyyymmdd (to));
  cd_statement_bind_int64 (stmt, 3, officer_id);

  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      g_autoptr(CdDeadlineClaim) claim = NULL;

      /* A year of a busy office is some 300,000 rows: a closed dashboard should not wait. */
      if (++rows % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      claim = claim_from_row (stmt, pack, today, deadlines, counted, error);
      if (claim == NULL)
        return NULL;

      report->received++;
      report->assumed |= claim->assumed;
      group_count (g_ptr_array_index (report->weeks, (claim->received_on - first_monday) / 7),
                   claim);
      group_count (group_get (benefits, report->by_benefit, claim->benefit), claim);
      group_count (group_get (officers, report->by_officer, claim->officer), claim);
      if (claim->decided_on != CD_DAY_NONE)
        {
          report->decided++;
          if (claim->on_time)
            report->on_time++;
          else
            report->late++;
          g_ptr_array_add (report->decided_claims, g_steal_pointer (&claim));
        }
      else
        {
          report->open++;
          if (claim->days_over > 0)
            {
              report->open_overdue++;
              g_ptr_array_add (report->overdue, g_steal_pointer (&claim));
            }
        }
    }
  if (step == CD_STEP_FAILED)
    {
      g_set_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_QUERY,
                   "Cannot read the claims received from %u to %u: %s",
                   cd_date_to_yyyymmdd (from), cd_date_to_yyyymmdd (to), local_error->message);
      return NULL;
    }

  report->on_time_share = report->decided > 0 ? (double) report->on_time / report->decided : 0.0;
  g_ptr_array_sort (report->overdue, compare_overdue);
  g_ptr_array_sort (report->by_benefit, compare_groups);
  g_ptr_array_sort (report->by_officer, compare_groups);
  return g_steal_pointer (&report);
}

/* The claims undecided now, by claims_by_status (the statuses before a freeze or a rejection; a
 * claim frozen before, refused by central and worked again is among them and is dropped by its
 * first freeze), and the claims received on the days when a claim was decided after ?4 (none when
 * ?4 is today). ?3 = 0 is the office, else one officer. */
static const char overdue_query[] =
  "SELECT c.number, b.name, u.login, c.received_on, c.status, c.updated_at,"
  "  (SELECT min (d.frozen_at) FROM decisions d"
  "    WHERE d.claim_id = c.id AND d.frozen_at IS NOT NULL)"
  " FROM claims c"
  " JOIN benefit_cases b ON b.code = c.benefit"
  " JOIN users u ON u.id = c.officer_id"
  " WHERE c.status IN (0, 1, 2, 3, 4, 5) AND c.received_on BETWEEN ?1 AND ?2"
  "  AND (?3 = 0 OR c.officer_id = ?3)"
  " UNION ALL "
  "SELECT c.number, b.name, u.login, c.received_on, c.status, c.updated_at,"
  "  (SELECT min (d.frozen_at) FROM decisions d"
  "    WHERE d.claim_id = c.id AND d.frozen_at IS NOT NULL)"
  " FROM claims c"
  " JOIN benefit_cases b ON b.code = c.benefit"
  " JOIN users u ON u.id = c.officer_id"
  " WHERE c.received_on IN (SELECT s.received_on FROM claim_stats_decided s"
  "    WHERE s.received_on BETWEEN ?1 AND ?2 AND s.decided_on > ?4 AND s.n > 0"
  "    AND (?3 = 0 OR s.officer_id = ?3))"
  "  AND c.status NOT IN (0, 1, 2, 3, 4, 5) AND (?3 = 0 OR c.officer_id = ?3)";

/* The same claims by day of receipt (claims_by_received; the unary + keeps the planner off
 * claims_by_status), the undecided status and the later decision told inside the index. */
static const char overdue_days_query[] =
  "SELECT c.number, b.name, u.login, c.received_on, c.status, c.updated_at,"
  "  (SELECT min (d.frozen_at) FROM decisions d"
  "    WHERE d.claim_id = c.id AND d.frozen_at IS NOT NULL)"
  " FROM claims c"
  " JOIN benefit_cases b ON b.code = c.benefit"
  " JOIN users u ON u.id = c.officer_id"
  " WHERE c.received_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR c.officer_id = ?3)"
  "  AND (+c.status IN (0, 1, 2, 3, 4, 5)"
  "   OR c.received_on IN (SELECT s.received_on FROM claim_stats_decided s"
  "    WHERE s.received_on BETWEEN ?1 AND ?2 AND s.decided_on > ?4 AND s.n > 0"
  "    AND (?3 = 0 OR s.officer_id = ?3)))";

const char *
cd_deadline_report_get_overdue_query (void)
{
  return overdue_query;
}

const char *
cd_deadline_report_get_overdue_days_query (void)
{
  return overdue_days_query;
}

static GPtrArray *
list_overdue (const char    *query,
              CdDatabase    *db,
              CdRulePack    *pack,
              gint64         officer_id,
              CdDay          from,
              CdDay          to,
              CdDay          today,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GPtrArray) overdue = NULL;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GHashTable) deadlines = NULL;
  g_autoptr(GHashTable) counted = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;
  guint64 rows = 0;

  overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_deadline_claim_free);
  deadlines = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  counted = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);

  stmt = cd_database_prepare (db, query, &local_error);
  if (stmt == NULL)
    {
      g_set_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_QUERY,
                   "Cannot read the open claims received from %u to %u: %s",
                   cd_date_to_yyyymmdd (from), cd_date_to_yyyymmdd (to), local_error->message);
      return NULL;
    }
  cd_statement_bind_int64 (stmt, 1, cd_date_to_yyyymmdd (from));
  cd_statement_bind_int64 (stmt, 2, cd_date_to_yyyymmdd (to));
  cd_statement_bind_int64 (stmt, 3, officer_id);
  cd_statement_bind_int64 (stmt, 4, cd_date_to_yyyymmdd (today));

  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      g_autoptr(CdDeadlineClaim) claim = NULL;

      if (++rows % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      claim = claim_from_row (stmt, pack, today, deadlines, counted, error);
      if (claim == NULL)
        return NULL;
      if (claim->decided_on == CD_DAY_NONE && claim->days_over > 0)
        g_ptr_array_add (overdue, g_steal_pointer (&claim));
    }
  if (step == CD_STEP_FAILED)
    {
      g_set_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_QUERY,
                   "Cannot read the open claims received from %u to %u: %s",
                   cd_date_to_yyyymmdd (from), cd_date_to_yyyymmdd (to), local_error->message);
      return NULL;
    }
  g_ptr_array_sort (overdue, compare_overdue);
  return g_steal_pointer (&overdue);
}

GPtrArray *
cd_deadline_report_list_overdue (CdDatabase    *db,
                                 CdRulePack    *pack,
                                 gint64         officer_id,
                                 CdDay          from,
                                 CdDay          to,
                                 CdDay          today,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (pack != NULL, NULL);
  g_return_val_if_fail (from != CD_DAY_NONE && to != CD_DAY_NONE && today != CD_DAY_NONE, NULL);

  return list_overdue (overdue_query, db, pack, officer_id, from, to, today, cancellable, error);
}

GPtrArray *
cd_deadline_report_list_overdue_in_days (CdDatabase    *db,
                                         CdRulePack    *pack,
                                         gint64         officer_id,
                                         CdDay          from,
                                         CdDay          to,
                                         CdDay          today,
                                         GCancellable  *cancellable,
                                         GError       **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (pack != NULL, NULL);
  g_return_val_if_fail (from != CD_DAY_NONE && to != CD_DAY_NONE && today != CD_DAY_NONE, NULL);

  return list_overdue (overdue_days_query, db, pack, officer_id, from, to, today, cancellable,
                       error);
}

/* Checks the period and works out whose claims `session` sees, in the caller's thread (a session
 * belongs to the main context). */
static gboolean
resolve_scope (CdSession  *session,
               CdDay       from,
               CdDay       to,
               gint64     *officer_id,
               GError    **error)
{
  *officer_id = 0;
  if (to < from)
    {
      g_autofree char *from_text = cd_date_to_string (from);
      g_autofree char *to_text = cd_date_to_string (to);

      g_set_error (error, CD_DEADLINE_REPORT_ERROR, CD_DEADLINE_REPORT_ERROR_INVALID,
                   "The period %s – %s ends before it starts", from_text, to_text);
      return FALSE;
    }
  return cd_access_figures_scope (session, officer_id, error);
}

CdDeadlineReport *
cd_deadline_report_build (CdDatabase  *db,
                          CdRulePack  *pack,
                          CdSession   *session,
                          CdDay        from,
                          CdDay        to,
                          CdDay        today,
                          GError     **error)
{
  gint64 officer_id;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (pack != NULL, NULL);
  g_return_val_if_fail (session == NULL || CD_IS_SESSION (session), NULL);
  g_return_val_if_fail (from != CD_DAY_NONE && to != CD_DAY_NONE && today != CD_DAY_NONE, NULL);

  if (!resolve_scope (session, from, to, &officer_id, error))
    return NULL;
  return build_report (db, pack, officer_id,
                       officer_id != 0 ? cd_session_get_login (session) : NULL,
                       from, to, today, NULL, error);
}

/* The period's read on the worker's reader (cd-period-read.h). */
static gpointer
read_period (CdDatabase          *reader,
             const CdPeriodRead  *job,
             GCancellable        *cancellable,
             GError             **error)
{
  return build_report (reader, job->pack, job->officer_id, job->officer_login, job->from, job->to,
                      job->today, cancellable, error);
}

void
cd_deadline_report_build_async (const char          *db_path,
                                CdRulePack          *pack,
                                CdSession           *session,
                                CdDay                from,
                                CdDay                to,
                                CdDay                today,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;
  gint64 officer_id;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (pack != NULL);
  g_return_if_fail (session == NULL || CD_IS_SESSION (session));
  g_return_if_fail (from != CD_DAY_NONE && to != CD_DAY_NONE && today != CD_DAY_NONE);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_deadline_report_build_async);
  if (!resolve_scope (session, from, to, &officer_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  cd_period_read_run (task, db_path, pack, officer_id,
                      officer_id != 0 ? cd_session_get_login (session) : NULL, from, to, today,
                      read_period, (GDestroyNotify) cd_deadline_report_free);
}

CdDeadlineReport *
cd_deadline_report_build_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_deadline_report_build_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
