/* cd-office-stats.c — the office dashboard's figures, read from running counts. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-access.h"
#include "cd-claim-types.h"
#include "cd-list-deadline.h"
#include "cd-period-read.h"
#include "cd-office-stats.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-office-stats-error-quark, cd_office_stats_error)

/* Claims and amount per (day, officer, benefit, status) in the period: a range of the primary key.
 * ?3 = 0 is the office, else one officer (filtered inside the range). */
static const char day_query[] =
  "SELECT received_on, officer_id, benefit, status, n, amount FROM claim_stats_day"
  " WHERE received_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR officer_id = ?3) AND n > 0";

/* Claims per (day of receipt, officer, day of decision; 0 while open), the same range. */
static const char decided_query[] =
  "SELECT received_on, officer_id, decided_on, n FROM claim_stats_decided"
  " WHERE received_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR officer_id = ?3) AND n > 0";

/* Per employer (and 0, no employer), the running total at the end of the period less the one
 * before it: two seeks in claim_stats_employer's key per employer, whatever the period. The
 * amounts are read only for the top employers (amount_query): the others' is the period's total
 * less theirs. */
#define EMPLOYER_TOTAL(column, employer, op, day)                                              \
  "(SELECT t." column " FROM claim_stats_employer t WHERE t.officer_id = ?3"                   \
  "  AND t.employer_id = " employer " AND t.received_on " op " " day                          \
  "  ORDER BY t.received_on DESC LIMIT 1)"
static const char employer_query[] =
  "SELECT id, code, name, n FROM"
  " (SELECT e.id, e.code, e.name,"
  "   coalesce (" EMPLOYER_TOTAL ("n", "e.id", "<=", "?2") ", 0)"
  "    - coalesce (" EMPLOYER_TOTAL ("n", "e.id", "<", "?1") ", 0) AS n"
  "  FROM (SELECT id, code, name FROM employers UNION ALL SELECT 0, NULL, NULL) e)"
  " WHERE n > 0";
static const char amount_query[] =
  "SELECT coalesce (" EMPLOYER_TOTAL ("amount", "?4", "<=", "?2") ", 0)"
  "  - coalesce (" EMPLOYER_TOTAL ("amount", "?4", "<", "?1") ", 0)";

/* The officers' names: a handful of users, or the one whose figures these are. */
static const char users_query[] =
  "SELECT id, login, full_name FROM users WHERE ?3 = 0 OR id = ?3";

/* The outbox now, by state, from its running counts. */
static const char outbox_query[] =
  "SELECT state, sum (n) FROM claim_stats_outbox WHERE (?3 = 0 OR officer_id = ?3)"
  " GROUP BY state";

/* Paper documents waiting for deferred verification: the partial index documents_paper. An
 * officer's are those of their claims. */
static const char verification_query[] =
  "SELECT sum (p.paper_state = 'unverified'), sum (p.paper_state = 'not_found'),"
  "  count (DISTINCT p.person_id)"
  " FROM documents p LEFT JOIN claims c ON c.id = p.claim_id"
  " WHERE p.paper_state IN ('unverified', 'not_found') AND (?3 = 0 OR c.officer_id = ?3)";

/* The undecided claims, from the claim list's running counts (claim_counts). */
static const char backlog_query[] =
  "SELECT coalesce (sum (n), 0) FROM claim_counts"
  " WHERE status IN (0, 1, 2, 3, 4, 5) AND (?3 = 0 OR officer_id = ?3)";

static const char * const queries[] = {
  day_query, decided_query, employer_query, amount_query, users_query, outbox_query,
  verification_query, backlog_query, NULL,
};

const char * const *
cd_office_stats_get_queries (void)
{
  return queries;
}

static void
group_free (CdOfficeStatsGroup *group)
{
  /* read_employers steals the top groups out of its array, leaving NULLs behind. */
  if (group == NULL)
    return;
  g_free (group->key);
  g_free (group->label);
  g_free (group);
}

void
cd_office_stats_free (CdOfficeStats *stats)
{
  if (stats == NULL)
    return;
  g_free (stats->officer);
  g_clear_pointer (&stats->by_benefit, g_ptr_array_unref);
  g_clear_pointer (&stats->by_status, g_ptr_array_unref);
  g_clear_pointer (&stats->by_officer, g_ptr_array_unref);
  g_clear_pointer (&stats->by_employer, g_ptr_array_unref);
  g_clear_pointer (&stats->weeks, g_ptr_array_unref);
  g_clear_pointer (&stats->overdue, g_ptr_array_unref);
  g_free (stats);
}

static CdOfficeStatsGroup *
group_new (const char *key,
           const char *label,
           gint64      id)
{
  CdOfficeStatsGroup *group = g_new0 (CdOfficeStatsGroup, 1);

  group->key = g_strdup (key);
  group->label = g_strdup (label != NULL ? label : key);
  group->id = id;
  group->first_day = CD_DAY_NONE;
  return group;
}

static GPtrArray *
groups_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
}

static CdDay
week_monday (CdDay day)
{
  return day - (cd_date_weekday (day) - 1);
}

/* Every ISO week from the one of `from` to the one of `to`: "2026-W36", labelled with its number
 * and Monday as officers read dates ("Week 36 (31/08/2026)"). The ISO week-numbering year is the
 * year of the week's Thursday. */
static GPtrArray *
trend_weeks (CdDay from,
             CdDay to)
{
  GPtrArray *weeks = groups_new ();

  for (CdDay monday = week_monday (from); monday <= to; monday += 7)
    {
      CdDay thursday = monday + 3;
      int year = cd_date_year (thursday);
      int number = (thursday - cd_date_from_ymd (year, 1, 1)) / 7 + 1;
      g_autofree char *key = g_strdup_printf ("%04d-W%02d", year, number);
      g_autofree char *label = NULL;
      char day[11];
      CdOfficeStatsGroup *week;

      cd_date_format_display (monday, day);
      /* TRANSLATORS: a bar of the weekly chart: the ISO week's number and its Monday. */
      label = g_strdup_printf (_("Week %d (%s)"), number, day);
      week = group_new (key, label, 0);
      week->first_day = monday;
      g_ptr_array_add (weeks, week);
    }
  return weeks;
}

/* Whose figures `session` sees: 0 for the whole office, else the user id of the officer whose own
 * claims they are. The one place the dashboard decides by role, so that a rights module can take
 * it over. Called in the caller's thread (a session belongs to the main context). */
static gboolean
scope_for_session (CdSession  *session,
                   gint64     *officer_id,
                   GError    **error)
{
  return cd_access_figures_scope (session, officer_id, error);
}

static gboolean
check_period (CdDay    from,
              CdDay    to,
              GError **error)
{
  if (to >= from)
    return TRUE;
  {
    g_autofree char *from_text = cd_date_to_string (from);
    g_autofree char *to_text = cd_date_to_string (to);

    g_set_error (error, CD_OFFICE_STATS_ERROR, CD_OFFICE_STATS_ERROR_INVALID,
                 "The period %s – %s ends before it starts", from_text, to_text);
    return FALSE;
  }
}

typedef struct
{
  CdDatabase    *db;
  CdRulePack    *pack;
  CdOfficeStats *stats;
  gint64         officer_id;
  CdDay          first_monday;
  GHashTable    *officers;    /* user id → CdOfficeStatsGroup (in stats->by_officer) */
  GHashTable    *deadlines;   /* day of receipt → CdListDeadline */
  GHashTable    *days_left;   /* (day of receipt, day counted to) → int */
  guint         *day_claims;    /* claims received on each day of the period, from `from` */
  guint          overdue_seen;  /* open overdue claims counted so far, in day order */
  CdDay          overdue_until; /* the day by which CD_OFFICE_STATS_MAX_OVERDUE of them were */
} Reader;

static gboolean
query_failed (const Reader  *r,
              const char    *what,
              GError        *cause,
              GError       **error)
{
  g_set_error (error, CD_OFFICE_STATS_ERROR, CD_OFFICE_STATS_ERROR_QUERY,
               "Cannot read %s for %u – %u: %s", what, cd_date_to_yyyymmdd (r->stats->from),
               cd_date_to_yyyymmdd (r->stats->to), cause != NULL ? cause->message : "?");
  return FALSE;
}

static CdStatement *
prepare (Reader      *r,
         const char  *sql,
         const char  *what,
         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  CdStatement *stmt = cd_database_prepare (r->db, sql, &local_error);

  if (stmt == NULL)
    {
      query_failed (r, what, local_error, error);
      return NULL;
    }
  /* Every statement takes the same parameters (each names ?3, so that all three exist). */
  cd_statement_bind_int64 (stmt, 1, cd_date_to_yyyymmdd (r->stats->from));
  cd_statement_bind_int64 (stmt, 2, cd_date_to_yyyymmdd (r->stats->to));
  cd_statement_bind_int64 (stmt, 3, r->officer_id);
  return stmt;
}

/* A stored day of receipt as a day; the column's CHECK bounds the number, not the calendar. */
static gboolean
received_day (gint64    yyyymmdd,
              CdDay    *out,
              GError  **error)
{
  *out = cd_date_from_yyyymmdd ((guint32) yyyymmdd);
  if (*out != CD_DAY_NONE)
    return TRUE;
  g_set_error (error, CD_OFFICE_STATS_ERROR, CD_OFFICE_STATS_ERROR_QUERY,
               "Claims were received on %lld, which is not a date", (long long) yyyymmdd);
  return FALSE;
}

static CdOfficeStatsGroup *
officer_group (Reader *r,
               gint64  officer_id)
{
  CdOfficeStatsGroup *group = g_hash_table_lookup (r->officers, &officer_id);

  if (group == NULL)
    {
      g_autofree char *key = g_strdup_printf ("#%" G_GINT64_FORMAT, officer_id);

      /* Named by read_officers; an id without a user keeps its number. */
      group = group_new (key, NULL, officer_id);
      g_ptr_array_add (r->stats->by_officer, group);
      g_hash_table_insert (r->officers, &group->id, group);
    }
  return group;
}

static gboolean
read_days (Reader  *r,
           GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdOfficeStatsGroup *benefits[CD_N_BENEFITS] = { NULL };
  CdOfficeStatsGroup *statuses[CD_N_CLAIM_STATUSES] = { NULL };
  CdOfficeStats *stats = r->stats;
  gint64 last_yyyymmdd = -1;
  CdOfficeStatsGroup *week = NULL;
  CdDay day = CD_DAY_NONE;
  CdStep step;

  if ((stmt = prepare (r, day_query, "the claims by day", error)) == NULL)
    return FALSE;
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      gint64 yyyymmdd = cd_statement_get_int64 (stmt, 0);
      gint64 benefit = cd_statement_get_int64 (stmt, 2);
      gint64 status = cd_statement_get_int64 (stmt, 3);
      guint n = (guint) cd_statement_get_int64 (stmt, 4);
      gint64 amount = cd_statement_get_int64 (stmt, 5);
      CdOfficeStatsGroup *group;

      /* Rows come in day order: the week changes with the day only. */
      if (yyyymmdd != last_yyyymmdd)
        {
          if (!received_day (yyyymmdd, &day, error))
            return FALSE;
          week = g_ptr_array_index (stats->weeks, (day - r->first_monday) / 7);
          last_yyyymmdd = yyyymmdd;
        }
      /* The reference tables' CHECKs keep these in range; a store from elsewhere might not. */
      if (benefit < 0 || benefit >= CD_N_BENEFITS || status < 0 || status >= CD_N_CLAIM_STATUSES)
        {
          g_set_error (error, CD_OFFICE_STATS_ERROR, CD_OFFICE_STATS_ERROR_QUERY,
                       "Claims received on %lld have benefit %lld and status %lld, which are not "
                       "known", (long long) yyyymmdd, (long long) benefit, (long long) status);
          return FALSE;
        }

      stats->received += n;
      stats->amount += amount;
      r->day_claims[day - stats->from] += n;
      week->n += n;
      week->amount += amount;
      if (benefits[benefit] == NULL)
        benefits[benefit] = group_new (cd_benefit_to_string (benefit),
                                       cd_benefit_get_label (benefit), benefit);
      benefits[benefit]->n += n;
      benefits[benefit]->amount += amount;
      if (statuses[status] == NULL)
        statuses[status] = group_new (cd_claim_status_to_string (status),
                                      cd_claim_status_get_label (status), status);
      statuses[status]->n += n;
      statuses[status]->amount += amount;
      group = officer_group (r, cd_statement_get_int64 (stmt, 1));
      group->n += n;
      group->amount += amount;
    }
  if (step == CD_STEP_FAILED)
    return query_failed (r, "the claims by day", local_error, error);

  for (guint b = 0; b < CD_N_BENEFITS; b++)
    if (benefits[b] != NULL)
      g_ptr_array_add (stats->by_benefit, benefits[b]);
  for (guint s = 0; s < CD_N_CLAIM_STATUSES; s++)
    if (statuses[s] != NULL)
      g_ptr_array_add (stats->by_status, statuses[s]);
  return TRUE;
}

/* The deadline of a day of receipt, worked out once per day. */
static const CdListDeadline *
deadline_for (Reader  *r,
              CdDay    received_on,
              GError **error)
{
  CdListDeadline *deadline = g_hash_table_lookup (r->deadlines, GINT_TO_POINTER (received_on));
  g_autoptr(GError) local_error = NULL;

  if (deadline != NULL)
    return deadline;
  deadline = g_new0 (CdListDeadline, 1);
  if (!cd_list_deadline_compute (r->pack, received_on, deadline, &local_error))
    {
      g_autofree char *day = cd_date_to_string (received_on);

      g_free (deadline);
      g_set_error (error, CD_OFFICE_STATS_ERROR, CD_OFFICE_STATS_ERROR_RULES,
                   "No decision deadline for a claim received on %s: %s", day,
                   local_error->message);
      return NULL;
    }
  if (deadline->assumption != NULL)
    r->stats->assumed = TRUE;
  g_hash_table_insert (r->deadlines, GINT_TO_POINTER (received_on), deadline);
  return deadline;
}

/* Working days left on `until` for a claim received on the deadline's day: the deadline report's
 * count (cd_list_deadline_days_left), once per pair of days. */
static int
days_left (Reader               *r,
           const CdListDeadline *deadline,
           CdDay                 until)
{
  gint64 key = ((gint64) deadline->received_on << 32) | (guint32) until;
  gpointer found;
  gboolean assumed = FALSE;
  int left;

  if (g_hash_table_lookup_extended (r->days_left, &key, NULL, &found))
    return GPOINTER_TO_INT (found);
  left = cd_list_deadline_days_left (r->pack, deadline, until, &assumed);
  r->stats->assumed |= assumed;
  g_hash_table_insert (r->days_left, g_memdup2 (&key, sizeof key), GINT_TO_POINTER (left));
  return left;
}

static void
count_deadline (CdOfficeStatsGroup *group,
                guint               n,
                gboolean            decided,
                int                 left)
{
  if (decided)
    {
      group->decided += n;
      if (left >= 0)
        group->on_time += n;
      else
        group->late += n;
    }
  else if (left < 0)
    group->open_overdue += n;
}

static gboolean
read_decided (Reader  *r,
              GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdOfficeStats *stats = r->stats;
  gint64 last_yyyymmdd = -1;
  const CdListDeadline *deadline = NULL;
  CdOfficeStatsGroup *week = NULL;
  CdStep step;

  if ((stmt = prepare (r, decided_query, "the days of decision", error)) == NULL)
    return FALSE;
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      gint64 yyyymmdd = cd_statement_get_int64 (stmt, 0);
      gint64 decided_yyyymmdd = cd_statement_get_int64 (stmt, 2);
      guint n = (guint) cd_statement_get_int64 (stmt, 3);
      CdDay decided_on = CD_DAY_NONE;
      gboolean decided;
      int left;

      if (yyyymmdd != last_yyyymmdd)
        {
          CdDay day;

          if (!received_day (yyyymmdd, &day, error)
              || (deadline = deadline_for (r, day, error)) == NULL)
            return FALSE;
          week = g_ptr_array_index (stats->weeks, (day - r->first_monday) / 7);
          last_yyyymmdd = yyyymmdd;
        }
      if (decided_yyyymmdd != 0)
        decided_on = cd_date_from_yyyymmdd ((guint32) decided_yyyymmdd);
      /* As it stood on `today`: a decision taken later was not taken yet. */
      decided = decided_on != CD_DAY_NONE && decided_on <= stats->today;
      left = days_left (r, deadline, decided ? decided_on : stats->today);

      if (decided)
        {
          stats->decided += n;
          if (left >= 0)
            stats->on_time += n;
          else
            stats->late += n;
        }
      else
        {
          stats->open += n;
          if (left < 0)
            {
              stats->open_overdue += n;
              /* An open claim's days over depend on its day of receipt alone, fewer the later it
               * came: the list's first claims are those of the earliest days. */
              r->overdue_seen += n;
              if (r->overdue_seen >= CD_OFFICE_STATS_MAX_OVERDUE
                  && r->overdue_until == CD_DAY_NONE)
                r->overdue_until = cd_date_from_yyyymmdd ((guint32) yyyymmdd);
            }
        }
      count_deadline (week, n, decided, left);
      count_deadline (officer_group (r, cd_statement_get_int64 (stmt, 1)), n, decided, left);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (r, "the days of decision", local_error, error);
  stats->on_time_share = stats->decided > 0 ? (double) stats->on_time / stats->decided : 0.0;
  return TRUE;
}

static int
compare_employers (gconstpointer a,
                   gconstpointer b)
{
  const CdOfficeStatsGroup *x = *(const CdOfficeStatsGroup **) a;
  const CdOfficeStatsGroup *y = *(const CdOfficeStatsGroup **) b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return g_strcmp0 (x->key, y->key);
}

static gboolean
read_employers (Reader  *r,
                GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) all = groups_new ();
  CdOfficeStats *stats = r->stats;
  CdOfficeStatsGroup *others;
  CdStep step;

  if ((stmt = prepare (r, employer_query, "the claims by employer", error)) == NULL)
    return FALSE;
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      gint64 id = cd_statement_get_int64 (stmt, 0);
      CdOfficeStatsGroup *group;

      if (id == 0)
        group = group_new (CD_OFFICE_STATS_KEY_NO_EMPLOYER, _("No employer"), 0);
      else
        group = group_new (cd_statement_get_text (stmt, 1), cd_statement_get_text (stmt, 2), id);
      group->n = (guint) cd_statement_get_int64 (stmt, 3);
      g_ptr_array_add (all, group);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (r, "the claims by employer", local_error, error);
  g_clear_pointer (&stmt, cd_statement_free);

  g_ptr_array_sort (all, compare_employers);
  others = group_new (CD_OFFICE_STATS_KEY_OTHERS, _("Other employers"), 0);
  others->n = stats->received;
  others->amount = stats->amount;
  if ((stmt = prepare (r, amount_query, "the amounts by employer", error)) == NULL)
    return FALSE;
  for (guint i = 0; i < all->len && i < CD_OFFICE_STATS_TOP_EMPLOYERS; i++)
    {
      CdOfficeStatsGroup *group = g_steal_pointer (&all->pdata[i]);

      cd_statement_reset (stmt);
      cd_statement_bind_int64 (stmt, 4, group->id);
      if (cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
        {
          group_free (group);
          group_free (others);
          return query_failed (r, "the amounts by employer", local_error, error);
        }
      group->amount = cd_statement_get_int64 (stmt, 0);
      others->n -= group->n;
      others->amount -= group->amount;
      g_ptr_array_add (stats->by_employer, group);
    }
  /* The running totals and the day counts are one snapshot: what is left is the others'. */
  if (all->len > CD_OFFICE_STATS_TOP_EMPLOYERS)
    g_ptr_array_add (stats->by_employer, others);
  else
    group_free (others);
  return TRUE;
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const CdOfficeStatsGroup *x = *(const CdOfficeStatsGroup **) a;
  const CdOfficeStatsGroup *y = *(const CdOfficeStatsGroup **) b;

  return g_strcmp0 (x->key, y->key);
}

/* Names the officers counted: a handful of users, read whole. */
static gboolean
read_officers (Reader  *r,
               GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdStep step;

  if ((stmt = prepare (r, users_query, "the officers", error)) == NULL)
    return FALSE;
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      gint64 id = cd_statement_get_int64 (stmt, 0);
      CdOfficeStatsGroup *group = g_hash_table_lookup (r->officers, &id);

      if (group == NULL)
        continue;
      g_free (group->key);
      g_free (group->label);
      group->key = cd_statement_dup_text (stmt, 1);
      group->label = cd_statement_dup_text (stmt, 2);
    }
  if (step == CD_STEP_FAILED)
    return query_failed (r, "the officers", local_error, error);
  g_ptr_array_sort (r->stats->by_officer, compare_keys);
  return TRUE;
}

static gboolean
read_backlogs (Reader  *r,
               GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  CdOfficeStatsOutbox *outbox = &r->stats->outbox;
  CdStep step;

  if ((stmt = prepare (r, outbox_query, "the outbox", error)) == NULL)
    return FALSE;
  while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
    {
      const char *state = cd_statement_get_text (stmt, 0);
      guint n = (guint) cd_statement_get_int64 (stmt, 1);

      if (g_strcmp0 (state, "queued") == 0)
        outbox->queued = n;
      else if (g_strcmp0 (state, "sending") == 0)
        outbox->sending = n;
      else if (g_strcmp0 (state, "acknowledged") == 0)
        outbox->acknowledged = n;
      else if (g_strcmp0 (state, "refused") == 0)
        outbox->refused = n;
      else if (g_strcmp0 (state, "quarantined") == 0)
        outbox->quarantined = n;
    }
  if (step == CD_STEP_FAILED)
    return query_failed (r, "the outbox", local_error, error);
  g_clear_pointer (&stmt, cd_statement_free);

  if ((stmt = prepare (r, verification_query, "the paper documents", error)) == NULL)
    return FALSE;
  step = cd_statement_step (stmt, &local_error);
  if (step == CD_STEP_FAILED)
    return query_failed (r, "the paper documents", local_error, error);
  if (step == CD_STEP_ROW)
    {
      r->stats->verification.unverified = (guint) cd_statement_get_int64 (stmt, 0);
      r->stats->verification.not_found = (guint) cd_statement_get_int64 (stmt, 1);
      r->stats->verification.people = (guint) cd_statement_get_int64 (stmt, 2);
    }
  return TRUE;
}

/* The open claims most working days over: those of the days of receipt up to the one by which
 * the running counts saw CD_OFFICE_STATS_MAX_OVERDUE of them, read claim by claim with the
 * deadline report's list, then cut to that many. The list reads either the undecided claims by
 * status or those days' claims by day of receipt: whichever are fewer (a real office has a small
 * backlog spread over the year; the seeded store has a large one, and its 500 most overdue claims
 * in its first days). */
static gboolean
read_overdue (Reader        *r,
              GCancellable  *cancellable,
              GError       **error)
{
  CdOfficeStats *stats = r->stats;
  CdDay until = r->overdue_until != CD_DAY_NONE ? r->overdue_until : stats->to;
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  guint64 in_days = 0;

  if (stats->open_overdue == 0)
    {
      stats->overdue = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_deadline_claim_free);
      return TRUE;
    }
  if ((stmt = prepare (r, backlog_query, "the undecided claims", error)) == NULL)
    return FALSE;
  if (cd_statement_step (stmt, &local_error) != CD_STEP_ROW)
    return query_failed (r, "the undecided claims", local_error, error);
  for (CdDay day = stats->from; day <= until; day++)
    in_days += r->day_claims[day - stats->from];
  if (in_days < (guint64) cd_statement_get_int64 (stmt, 0))
    stats->overdue = cd_deadline_report_list_overdue_in_days (r->db, r->pack, r->officer_id,
                                                              stats->from, until, stats->today,
                                                              cancellable, error);
  else
    stats->overdue = cd_deadline_report_list_overdue (r->db, r->pack, r->officer_id,
                                                      stats->from, until, stats->today,
                                                      cancellable, error);
  if (stats->overdue == NULL)
    return FALSE;
  if (stats->overdue->len > CD_OFFICE_STATS_MAX_OVERDUE)
    g_ptr_array_set_size (stats->overdue, CD_OFFICE_STATS_MAX_OVERDUE);
  return TRUE;
}

/* The figures for one scope: the office (officer_id 0) or one officer's claims. Runs in any
 * thread: it sees no session. One deferred transaction, so every statement reads one snapshot. */
static CdOfficeStats *
read_stats (CdDatabase    *db,
            CdRulePack    *pack,
            gint64         officer_id,
            const char    *officer_login,
            CdDay          from,
            CdDay          to,
            CdDay          today,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(CdOfficeStats) stats = g_new0 (CdOfficeStats, 1);
  g_autoptr(GHashTable) officers = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GHashTable) deadlines = NULL;
  g_autoptr(GHashTable) left = NULL;
  g_autofree guint *day_claims = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean own_transaction = !cd_database_in_transaction (db);
  gboolean ok;
  Reader r = { 0 };

  stats->from = from;
  stats->to = to;
  stats->today = today;
  stats->officer = g_strdup (officer_login);
  stats->by_benefit = groups_new ();
  stats->by_status = groups_new ();
  stats->by_officer = groups_new ();
  stats->by_employer = groups_new ();
  stats->weeks = trend_weeks (from, to);

  deadlines = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
  left = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  r.db = db;
  r.pack = pack;
  r.stats = stats;
  r.officer_id = officer_id;
  r.first_monday = week_monday (from);
  r.officers = officers;
  r.deadlines = deadlines;
  r.days_left = left;
  r.overdue_until = CD_DAY_NONE;
  r.day_claims = day_claims = g_new0 (guint, to - from + 1);

  if (own_transaction && !cd_database_begin (db, &local_error))
    {
      query_failed (&r, "the store", local_error, error);
      return NULL;
    }
  ok = read_days (&r, error)
       && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && read_decided (&r, error)
       && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && read_employers (&r, error)
       && read_officers (&r, error)
       && read_backlogs (&r, error)
       && !g_cancellable_set_error_if_cancelled (cancellable, error)
       && read_overdue (&r, cancellable, error);
  /* Only read: nothing to keep. */
  if (own_transaction)
    cd_database_rollback (db);
  if (!ok)
    return NULL;
  return g_steal_pointer (&stats);
}

CdOfficeStats *
cd_office_stats_read (CdDatabase  *db,
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

  if (!check_period (from, to, error) || !scope_for_session (session, &officer_id, error))
    return NULL;
  return read_stats (db, pack, officer_id,
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
  return read_stats (reader, job->pack, job->officer_id, job->officer_login, job->from, job->to,
                    job->today, cancellable, error);
}

void
cd_office_stats_read_async (const char          *db_path,
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
  g_task_set_source_tag (task, cd_office_stats_read_async);
  if (!check_period (from, to, &error) || !scope_for_session (session, &officer_id, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  cd_period_read_run (task, db_path, pack, officer_id,
                      officer_id != 0 ? cd_session_get_login (session) : NULL, from, to, today,
                      read_period, (GDestroyNotify) cd_office_stats_free);
}

CdOfficeStats *
cd_office_stats_read_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_office_stats_read_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
