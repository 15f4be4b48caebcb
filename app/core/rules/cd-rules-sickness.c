/* cd-rules-sickness.c — sickness (own illness, accidents, organ donation, long-term disease) and
 * sick-child care: L41 Art 42–45, 47 (benefit-rules.md sections 3).
 *
 * Both walk the working days of the leave in date order, skip the days that overlap an excluded
 * leave, pay until the year's limit is used and then pay the rest at the long-term rate or leave it
 * unpaid. Each day counts toward the year it falls in (TT12 Art 4(5)).
 *
 * Armed-forces officers (L41 Art 2(1)(d)) differ for their own sickness only: their leave lasts as
 * long as the treatment (Art 43(3)), so no annual limit applies; it is paid at 100 % (Art 45(4));
 * and a continuous leave of a month or more is paid by months, one month's SI salary per whole
 * month with the odd working days at ÷ 24 (Decree 157/2025/NĐ-CP Art 11, TT 88/2025/TT-BCA
 * Art 5(1)). Caring for a sick child is paid at 75 % like everyone's (Art 45(2)).
 */
#include "cd-rules-private.h"

typedef struct
{
  CdDay date;
  int   halves; /* 1 = half a day, 2 = a day */
  guint item;   /* which leave or partial day it belongs to: lines never span two */
} SickDay;

/* A run of consecutive counted days with the same outcome becomes one line or one unpaid period. */
typedef struct
{
  const char *code;
  gboolean    paid;
  guint       item;
  int         year;
  CdDay       from;
  CdDay       to;
  int         halves;
} Run;

typedef struct
{
  CdEval     *ev;
  CdRational  base;
  Run         run;
  const char *limit_citation; /* the paragraph of the limit that applied, from the rule pack */
} Walker;

static int
compare_sick_day (gconstpointer a,
                  gconstpointer b)
{
  const SickDay *da = a, *db = b;
  return da->date < db->date ? -1 : da->date > db->date;
}

/* Half days (Art 45(5)): less than half the scheduled day is ½; from half to a full day is 1. */
static int
partial_halves (const CdPartialDay *day)
{
  return day->minutes_absent * 2 < day->minutes_scheduled ? 1 : 2;
}

/* The working days of every leave and partial day, in date order. */
static GArray *
collect_days (CdEval  *ev,
              GError **error)
{
  const CdCase *c = &ev->facts->c;
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (SickDay));
  guint item = 0;

  for (guint i = 0; i < c->leave->len; i++, item++)
    {
      const CdPeriod *leave = &g_array_index (c->leave, CdPeriod, i);
      for (CdDay d = leave->from; d <= leave->to; d++)
        {
          gboolean working;
          SickDay day = { d, 2, item };

          if (!cd_eval_is_working_day (ev, d, &working, error))
            return NULL;
          if (working)
            g_array_append_val (days, day);
        }
    }
  for (guint i = 0; i < c->partial_days->len; i++, item++)
    {
      const CdPartialDay *partial = &g_array_index (c->partial_days, CdPartialDay, i);
      SickDay day = { partial->date, partial_halves (partial), item };
      gboolean working;

      if (!cd_eval_is_working_day (ev, partial->date, &working, error))
        return NULL;
      if (working)
        g_array_append_val (days, day);
    }
  g_array_sort (days, compare_sick_day);
  return g_steal_pointer (&days);
}

static gboolean
is_excluded (const CdCase *c,
             CdDay         day)
{
  for (guint i = 0; c->excluded != NULL && i < c->excluded->len; i++)
    {
      const CdPeriod *period = &g_array_index (c->excluded, CdPeriod, i);
      if (day >= period->from && day <= period->to)
        return TRUE;
    }
  return FALSE;
}

/* The whole months of an officer's continuous leave, paid as one line. */
typedef struct
{
  CdDay    from;
  CdDay    months_end;  /* the last day of the last whole month */
  int      months;
  gboolean paid;
} MonthSpan;

static gboolean
on_leave (const CdCase *c,
          CdDay         day)
{
  for (guint i = 0; i < c->leave->len; i++)
    {
      const CdPeriod *leave = &g_array_index (c->leave, CdPeriod, i);
      if (day >= leave->from && day <= leave->to)
        return TRUE;
    }
  return FALSE;
}

/* POLICY: a continuous leave is a run of calendar days each covered by a leave (certificates that
 * follow on without a gap are one leave) and overlapping no excluded leave; weekends and holidays
 * inside it belong to it, as the circulars count "from one month, holidays and rest days
 * included". Its whole months are counted from its first day like maternity months. */
static GArray *
officer_month_spans (const CdCase *c)
{
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (MonthSpan));
  CdDay first = G_MAXINT32, last = 0, start = 0;
  gboolean inside = FALSE;

  for (guint i = 0; i < c->leave->len; i++)
    {
      first = MIN (first, g_array_index (c->leave, CdPeriod, i).from);
      last = MAX (last, g_array_index (c->leave, CdPeriod, i).to);
    }
  for (CdDay d = first; c->leave->len > 0 && d <= last + 1; d++)
    {
      gboolean counted = d <= last && on_leave (c, d) && !is_excluded (c, d);

      if (counted && !inside)
        start = d;
      else if (!counted && inside)
        {
          MonthSpan span = { start, 0, 0, FALSE };
          int odd;

          cd_period_months (start, d - 1, &span.months, &odd);
          span.months_end = d - 1 - odd;
          if (span.months > 0)
            g_array_append_val (spans, span);
        }
      inside = counted;
    }
  return g_steal_pointer (&spans);
}

static MonthSpan *
month_span_of (GArray *spans,
               CdDay   day)
{
  for (guint i = 0; spans != NULL && i < spans->len; i++)
    {
      MonthSpan *span = &g_array_index (spans, MonthSpan, i);
      if (day >= span->from && day <= span->months_end)
        return span;
    }
  return NULL;
}

static gboolean
rate_for (Walker      *w,
          const char  *code,
          CdDay        day,
          CdRational  *out,
          GError     **error)
{
  const CdFacts *facts = w->ev->facts;

  if (g_str_equal (code, "sickness.long_term"))
    {
      const char *name = facts->si_years >= 30 ? "long_term_rate_ge30"
                         : facts->si_years >= 15 ? "long_term_rate_15to30" : "long_term_rate_lt15";
      return cd_eval_param (w->ev, name, day, out, error);
    }
  /* Only the officer's own sickness is paid at 100 %; their sick child's care is not. */
  if (g_str_has_prefix (code, "sickness.armed_forces"))
    return cd_eval_param (w->ev, "sickness_rate_armed_forces", day, out, error);
  return cd_eval_param (w->ev, "sickness_rate", day, out, error);
}

static gboolean
flush (Walker  *w,
       GError **error)
{
  Run *run = &w->run;
  CdRational rate;
  int divisor;

  if (run->code == NULL)
    return TRUE;
  if (run->paid)
    {
      if (!rate_for (w, run->code, run->from, &rate, error)
          || !cd_eval_param_int (w->ev, "divisor_wd", run->from, &divisor, error))
        return FALSE;
      cd_eval_days_line (w->ev, run->code, run->from, run->to, run->halves, CD_UNIT_WD, w->base,
                         rate, divisor);
    }
  else
    cd_result_add_unpaid_cited (w->ev->result, run->code,
                                g_str_equal (run->code,
                                             "sickness.limit_reached") ? w->limit_citation
                                                                                   : NULL,
                                run->from, run->to, run->halves, CD_UNIT_WD);
  run->code = NULL;
  return TRUE;
}

/* One month's SI salary per whole month: base × 100 % ÷ 24 × (months × 24), one exact sum, so the
 * line shows the same base, rate and divisor as the odd days that follow it. */
static gboolean
officer_months_line (Walker     *w,
                     MonthSpan  *span,
                     GError    **error)
{
  CdLine line = { 0 };
  CdRational rate;
  int divisor;

  if (!flush (w, error)
      || !rate_for (w, "sickness.armed_forces_months", span->from, &rate, error)
      || !cd_eval_param_int (w->ev, "divisor_wd", span->from, &divisor, error))
    return FALSE;
  cd_result_add_assumption (w->ev->result, "policy.armed_forces_month_counting");
  line.code = "sickness.armed_forces_months";
  line.from = span->from;
  line.to = span->months_end;
  line.unit = CD_UNIT_MONTHS;
  line.months = span->months;
  line.base = w->base;
  line.rate = rate;
  line.divisor = divisor;
  line.amount = cd_money_line (w->base, rate, divisor,
                               cd_rational_int ((gint64) span->months * divisor));
  cd_result_add_line (w->ev->result, &line);
  span->paid = TRUE;
  return TRUE;
}

static gboolean
emit (Walker      *w,
      const char  *code,
      gboolean     paid,
      const SickDay *day,
      int          halves,
      GError     **error)
{
  Run *run = &w->run;
  int year = cd_date_year (day->date);

  if (halves == 0)
    return TRUE;
  if (run->code != NULL
      && (!g_str_equal (run->code, code) || run->item != day->item || run->year != year))
    if (!flush (w, error))
      return FALSE;
  if (run->code == NULL)
    {
      run->code = code;
      run->paid = paid;
      run->item = day->item;
      run->year = year;
      run->from = day->date;
      run->halves = 0;
    }
  run->to = day->date;
  run->halves += halves;
  return TRUE;
}

/* Half days of `year` already used: by earlier claims (usage) and by this claim's earlier days. */
typedef struct
{
  int year;
  int used;
} YearLeft;

static YearLeft *
year_left (GArray *years,
           int     year)
{
  for (guint i = 0; i < years->len; i++)
    if (g_array_index (years, YearLeft, i).year == year)
      return &g_array_index (years, YearLeft, i);
  return NULL;
}

static gboolean
own_limit (CdEval       *ev,
           CdDay         day,
           int          *out,
           const char  **out_citation,
           GError      **error)
{
  const CdFacts *facts = ev->facts;
  const char *band = facts->si_years >= 30 ? "ge30" : facts->si_years >= 15 ? "15to30" : "lt15";
  g_autofree char *name = g_strdup_printf ("sickness_limit_%s_%s",
                                           facts->heavy_or_difficult ? "heavy" : "normal", band);
  CdRational value;

  /* The limit's own citation (Art 43(1)(a) or (b)) is what an unpaid day past it cites. */
  if (!cd_eval_param_int (ev, name, day, out, error))
    return FALSE;
  return cd_eval_lookup (ev, name, day, &value, out_citation, error);
}

static void
add_documents (CdEval   *ev,
               gboolean  child)
{
  if (ev->facts->c.inpatient)
    cd_result_add_document (ev->result, "discharge_paper", "L41 Art 47(1) (XML7 or XML8)");
  else
    cd_result_add_document (ev->result, "leave_certificate", "L41 Art 47(2) (XML11, form CT07)");
  if (child)
    cd_result_add_document (ev->result, "parenthood_proof",
                            "L41 Art 47 (birth registration or population data)");
}

static CdDay
first_day (const CdCase *c)
{
  CdDay first = G_MAXINT32;

  for (guint i = 0; i < c->leave->len; i++)
    first = MIN (first, g_array_index (c->leave, CdPeriod, i).from);
  for (guint i = 0; i < c->partial_days->len; i++)
    first = MIN (first, g_array_index (c->partial_days, CdPartialDay, i).date);
  return first;
}

static CdDay
last_day (const CdCase *c)
{
  CdDay last = 0;

  for (guint i = 0; i < c->leave->len; i++)
    last = MAX (last, g_array_index (c->leave, CdPeriod, i).to);
  for (guint i = 0; i < c->partial_days->len; i++)
    last = MAX (last, g_array_index (c->partial_days, CdPartialDay, i).date);
  return last;
}

gboolean
cd_rules_sickness (CdEval  *ev,
                   GError **error)
{
  const CdCase *c = &ev->facts->c;
  gboolean officer = ev->facts->armed_forces_officer;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (YearLeft));
  g_autoptr(GArray) spans = officer ? officer_month_spans (c) : NULL;
  Walker w = { ev, { 0, 1 }, { NULL, FALSE, 0, 0, 0, 0, 0 }, NULL };
  CdDay start = first_day (c);

  cd_eval_note_event (ev, start);
  add_documents (ev, FALSE);
  if (!cd_eval_require_insured (ev))
    return TRUE;
  if (c->cause == CD_CAUSE_SELF_INFLICTED || c->cause == CD_CAUSE_NARCOTICS
      || c->cause == CD_CAUSE_WORK_ACCIDENT_FIRST)
    {
      cd_result_refuse (ev->result, "sickness.excluded_cause");
      return TRUE;
    }

  days = collect_days (ev, error);
  if (days == NULL)
    return FALSE;
  if (!cd_eval_sickness_base (ev, start, last_day (c), &w.base, error))
    return FALSE;

  for (guint i = 0; i < days->len; i++)
    {
      const SickDay *day = &g_array_index (days, SickDay, i);
      int year = cd_date_year (day->date);
      YearLeft *left;
      MonthSpan *span;
      int standard, limit;

      if (is_excluded (c, day->date))
        {
          if (!emit (&w, "sickness.excluded_overlap", FALSE, day, day->halves, error))
            return FALSE;
          continue;
        }
      if (officer)
        {
          /* Whole months are one line; the odd days go on day by day, with no annual limit. */
          span = month_span_of (spans, day->date);
          if (span != NULL && !span->paid && !officer_months_line (&w, span, error))
            return FALSE;
          if (span == NULL && !emit (&w, "sickness.armed_forces", TRUE, day, day->halves, error))
            return FALSE;
          continue;
        }

      left = year_left (years, year);
      if (left == NULL)
        {
          YearLeft fresh = { year, cd_facts_get_usage (ev->facts, year)->sickness_wd_halves };
          g_array_append_val (years, fresh);
          left = year_left (years, year);
        }
      /* The limit is judged at the time of the leave, by the SI years at its start. */
      if (!own_limit (ev, day->date, &limit, &w.limit_citation, error))
        return FALSE;

      standard = CLAMP (limit * 2 - left->used, 0, day->halves);
      left->used += standard;
      if (!emit (&w, "sickness.standard", TRUE, day, standard, error))
        return FALSE;
      /* Past the limit: a listed long-term disease goes on at the reduced rate with no further cap;
       * anything else is unpaid. */
      if (c->long_term_disease)
        {
          if (!emit (&w, "sickness.long_term", TRUE, day, day->halves - standard, error))
            return FALSE;
        }
      else if (!emit (&w, "sickness.limit_reached", FALSE, day, day->halves - standard, error))
        return FALSE;
    }
  return flush (&w, error);
}

/* Sick child: the child's age band on the first day of each leave decides its yearly maximum. */
static gboolean
child_band (CdEval  *ev,
            CdDay    birth,
            CdDay    from,
            CdDay    to,
            int     *out_limit,
            GError **error)
{
  int age = cd_date_age_years (birth, from);
  int age_end = cd_date_age_years (birth, to);

  if (age >= 7)
    {
      *out_limit = -1;
      return TRUE;
    }
  if ((age < 3) != (age_end < 3) || age_end >= 7)
    cd_result_add_assumption (ev->result, "policy.sick_child_age_band");
  return cd_eval_param_int (ev, age < 3 ? "child_sickness_limit_under_3"
                                        : "child_sickness_limit_3_to_7", from, out_limit, error);
}

gboolean
cd_rules_child_sickness (CdEval  *ev,
                         GError **error)
{
  const CdCase *c = &ev->facts->c;
  g_autoptr(GArray) days = NULL;
  g_autoptr(GArray) years = g_array_new (FALSE, FALSE, sizeof (YearLeft));
  g_autoptr(GArray) limits = g_array_new (FALSE, FALSE, sizeof (int));
  Walker w = { ev, { 0, 1 }, { NULL, FALSE, 0, 0, 0, 0, 0 }, NULL };
  CdDay start = first_day (c);
  int first_limit;

  cd_eval_note_event (ev, start);
  add_documents (ev, TRUE);
  if (c->child_birth_date > start)
    return cd_eval_invalid (error, "case.child.birth_date: after the first day of the leave");
  if (!cd_eval_require_insured (ev))
    return TRUE;
  if (!child_band (ev, c->child_birth_date, start, start, &first_limit, error))
    return FALSE;
  if (first_limit < 0)
    {
      cd_result_refuse (ev->result, "child_sickness.child_too_old");
      return TRUE;
    }

  /* Each leave's band, by item index (leaves first, then partial days, as collect_days numbers
   * them). */
  for (guint i = 0; i < c->leave->len; i++)
    {
      const CdPeriod *leave = &g_array_index (c->leave, CdPeriod, i);
      int limit;
      if (!child_band (ev, c->child_birth_date, leave->from, leave->to, &limit, error))
        return FALSE;
      g_array_append_val (limits, limit);
    }
  for (guint i = 0; i < c->partial_days->len; i++)
    {
      CdDay d = g_array_index (c->partial_days, CdPartialDay, i).date;
      int limit;
      if (!child_band (ev, c->child_birth_date, d, d, &limit, error))
        return FALSE;
      g_array_append_val (limits, limit);
    }

  days = collect_days (ev, error);
  if (days == NULL)
    return FALSE;
  if (!cd_eval_sickness_base (ev, start, last_day (c), &w.base, error))
    return FALSE;

  for (guint i = 0; i < days->len; i++)
    {
      const SickDay *day = &g_array_index (days, SickDay, i);
      int year = cd_date_year (day->date);
      int limit = g_array_index (limits, int, day->item);
      YearLeft *left;
      int paid;

      if (is_excluded (c, day->date))
        {
          if (!emit (&w, "sickness.excluded_overlap", FALSE, day, day->halves, error))
            return FALSE;
          continue;
        }
      if (limit < 0)
        {
          if (!emit (&w, "child_sickness.child_too_old", FALSE, day, day->halves, error))
            return FALSE;
          continue;
        }

      left = year_left (years, year);
      if (left == NULL)
        {
          const CdUsageYear *usage = cd_facts_get_usage (ev->facts, year);
          YearLeft fresh = { year, 0 };

          if (usage->child_wd_halves != NULL)
            fresh.used = GPOINTER_TO_INT (g_hash_table_lookup (usage->child_wd_halves,
                                                               c->child_key));
          g_array_append_val (years, fresh);
          left = year_left (years, year);
        }

      /* Days used count against the band's maximum whatever band they were taken in. */
      paid = CLAMP (limit * 2 - left->used, 0, day->halves);
      left->used += paid;
      if (!emit (&w, "child_sickness.standard", TRUE, day, paid, error)
          || !emit (&w, "child_sickness.limit_reached", FALSE, day, day->halves - paid, error))
        return FALSE;
    }
  return flush (&w, error);
}
