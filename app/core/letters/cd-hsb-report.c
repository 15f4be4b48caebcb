/* cd-hsb-report.c — counting the forms 22A-HSB and 22B-HSB from the store, and their CSV. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-claim-types.h"
#include "cd-hsb-report-private.h"
#include "cd-settings.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-hsb-report-error-quark, cd_hsb_report_error)

/* One row per decision frozen in the quarter and still standing: state 'approved' (a decision
 * central refused, or that an employer's adjustment replaced, is 'superseded' and its claim is
 * counted when it is decided again) and its claim queued for central or accepted by it (?5, ?6),
 * the claims a payout pays (cd-payout.c): a claim central refused before refusals superseded
 * decisions rests 'refused' with its decision still 'approved', and nobody was paid. The range
 * is a seek in decisions_frozen; the claim, claimant and employer are primary-key lookups, the
 * months a range of contribution_months' key. The columns after the first five:
 *   5  months contributed before the month the leave starts
 *   6  the benefit salary the rules used: the first line's base in the frozen payload
 *   7  else the average SI salary of the (up to) six months before that month
 *   8  the days paid: the payload lines' days, a month as 30 (NULL when no line has days)
 *   9  whether a line is the long-term disease's
 * CROSS JOIN keeps the decisions outermost: left to itself the planner may start from the fifteen
 * benefit cases and read every claim of the family, the office's whole history, for one quarter. */
static const char report_query[] =
  "SELECT p.sex, p.birth_date, coalesce (c.event_date, c.period_from), b.name,"
  "  e.calendar_profile,"
  "  (SELECT count(*) FROM contribution_months m"
  "    WHERE m.person_id = c.claimant_id AND m.month < substr (c.period_from, 1, 7)),"
  "  nullif (json_extract (d.payload, '$.evaluation.lines[0].base'), 0),"
  "  (SELECT avg (m.si_salary) FROM contribution_months m"
  "    WHERE m.person_id = c.claimant_id"
  "      AND m.month >= strftime ('%Y-%m', c.period_from, 'start of month', '-6 months')"
  "      AND m.month < substr (c.period_from, 1, 7)),"
  "  (SELECT sum (json_extract (l.value, '$.days')"
  "               + 30 * ifnull (json_extract (l.value, '$.months'), 0))"
  "    FROM json_each (d.payload, '$.evaluation.lines') l"
  "    WHERE json_type (l.value, '$.days') IS NOT NULL),"
  "  EXISTS (SELECT 1 FROM json_each (d.payload, '$.evaluation.lines') l"
  "          WHERE json_extract (l.value, '$.code') GLOB 'sickness.long_term*'),"
  "  julianday (c.period_to) - julianday (c.period_from) + 1, d.amount, c.number"
  " FROM decisions d"
  " CROSS JOIN claims c ON c.id = d.claim_id"
  " CROSS JOIN benefit_cases b ON b.code = c.benefit"
  " CROSS JOIN persons p ON p.id = c.claimant_id"
  " LEFT JOIN employers e ON e.id = coalesce (c.employer_id, p.employer_id)"
  " WHERE d.frozen_at IS NOT NULL AND d.frozen_at >= ?1 AND d.frozen_at < ?2"
  "   AND d.state = 'approved' AND (b.family = ?3 OR b.name = ?4)"
  "   AND (c.status = ?5 OR c.status = ?6)";

const char *
cd_hsb_report_get_query (void)
{
  return report_query;
}

/* ---- the form's rows ------------------------------------------------------------------------ */

const CdHsbRowText cd_hsb_workplace_rows[] = {
  { "public-sector", "Cơ quan hành chính, sự nghiệp, Đảng, đoàn thể",
    "Administrative and public-service bodies" },
  { "enterprise", "Doanh nghiệp và các tổ chức khác", "Enterprises and other employers" },
  { "no-employer", "Không có đơn vị sử dụng lao động", "No employer on record" },
  { NULL, NULL, NULL },
};

const CdHsbRowText cd_hsb_age_rows[] = {
  { "age_to_20", "Từ 20 tuổi trở xuống", "20 or younger" },
  { "age_21_30", "Trên 20 đến 30 tuổi", "21 to 30" },
  { "age_31_40", "Trên 30 đến 40 tuổi", "31 to 40" },
  { "age_41_50", "Trên 40 đến 50 tuổi", "41 to 50" },
  { "age_51_60", "Trên 50 đến 60 tuổi", "51 to 60" },
  { "age_over_60", "Trên 60 tuổi", "Over 60" },
  { NULL, NULL, NULL },
};

static const CdHsbRowText sickness_rows[] = {
  { "sickness", "Bản thân ốm đau", "Own sickness" },
  { "sickness_long_term", "Ốm đau dài ngày", "Long-term disease" },
  { "child_sickness", "Con ốm đau", "Caring for a sick child" },
  { "recovery_after_sickness", "Dưỡng sức, phục hồi sức khỏe sau ốm đau",
    "Recovery after sickness" },
  { NULL, NULL, NULL },
};

static const CdHsbRowText maternity_rows[] = {
  { "prenatal_checkup", "Khám thai", "Prenatal check-ups" },
  { "pregnancy_loss", "Sẩy thai, nạo, hút thai, thai chết lưu hoặc phá thai bệnh lý",
    "Pregnancy loss" },
  { "childbirth", "Sinh con", "Childbirth" },
  { "childbirth_takeover", "Nghỉ chăm con thay mẹ sau khi sinh",
    "Taking over the mother's leave" },
  { "father_leave", "Lao động nam nghỉ việc khi vợ sinh con", "Father's leave at the birth" },
  { "lump_sum_father", "Trợ cấp một lần khi sinh con cho cha", "Father's lump sum" },
  { "surrogacy", "Mang thai hộ", "Surrogate mother" },
  { "commissioning_mother", "Người mẹ nhờ mang thai hộ", "Commissioning mother" },
  { "adoption", "Nhận nuôi con nuôi dưới 6 tháng tuổi", "Adoption of a child under 6 months" },
  { "contraception", "Thực hiện các biện pháp tránh thai", "Contraception" },
  { "voluntary_maternity", "Trợ cấp thai sản cho người tham gia BHXH tự nguyện",
    "Voluntary insurance maternity allowance" },
  { "recovery_after_maternity", "Dưỡng sức, phục hồi sức khỏe sau thai sản",
    "Recovery after maternity" },
  { NULL, NULL, NULL },
};

const CdHsbRowText *
cd_hsb_benefit_rows (CdHsbForm form)
{
  return form == CD_HSB_FORM_22A ? sickness_rows : maternity_rows;
}

/* ---- small public helpers ------------------------------------------------------------------- */

const char *
cd_hsb_form_to_string (CdHsbForm form)
{
  return form == CD_HSB_FORM_22A ? "22A-HSB" : "22B-HSB";
}

gboolean
cd_hsb_form_from_string (const char *text,
                         CdHsbForm  *out)
{
  g_autofree char *lower = NULL;
  const char *p;

  g_return_val_if_fail (out != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  lower = g_ascii_strdown (text, -1);
  p = lower;
  if (g_str_has_prefix (p, "hsb"))
    p += 3;
  if (g_str_equal (p, "22a") || g_str_equal (lower, "22a-hsb"))
    *out = CD_HSB_FORM_22A;
  else if (g_str_equal (p, "22b") || g_str_equal (lower, "22b-hsb"))
    *out = CD_HSB_FORM_22B;
  else
    return FALSE;
  return TRUE;
}

gboolean
cd_hsb_quarter_parse (const char *text,
                      int        *year,
                      int        *quarter)
{
  unsigned y = 0, q = 0;
  char tail;

  g_return_val_if_fail (year != NULL && quarter != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  if (sscanf (text, "%4u-%*[Qq]%1u%c", &y, &q, &tail) != 2
      && sscanf (text, "%*[Qq]%1u-%4u%c", &q, &y, &tail) != 2)
    return FALSE;
  if (y < 1900 || y > 2999 || q < 1 || q > 4)
    return FALSE;
  *year = (int) y;
  *quarter = (int) q;
  return TRUE;
}

double
cd_hsb_cell_average_age (const CdHsbCell *cell)
{
  return cell->turns > 0 ? (double) cell->age_years / cell->turns : 0;
}

double
cd_hsb_cell_average_years (const CdHsbCell *cell)
{
  return cell->turns > 0 ? (double) cell->contribution_months / 12.0 / cell->turns : 0;
}

double
cd_hsb_cell_average_salary (const CdHsbCell *cell)
{
  return cell->salary_turns > 0 ? (double) cell->salary / cell->salary_turns : 0;
}

double
cd_hsb_cell_average_days (const CdHsbCell *cell)
{
  return cell->turns > 0 ? cell->days / cell->turns : 0;
}

void
cd_hsb_report_free (CdHsbReport *report)
{
  if (report == NULL)
    return;
  g_free (report->from);
  g_free (report->to);
  g_free (report->office_code);
  g_free (report->office_name);
  g_free (report->office_place);
  g_free (report->office_parent);
  g_clear_pointer (&report->rows, g_array_unref);
  g_free (report);
}

const CdHsbRow *
cd_hsb_report_find_row (const CdHsbReport *report,
                        const char        *key)
{
  g_return_val_if_fail (report != NULL && key != NULL, NULL);

  for (guint i = 0; i < report->rows->len; i++)
    {
      const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);

      if (g_str_equal (row->key, key))
        return row;
    }
  return NULL;
}

/* ---- counting ------------------------------------------------------------------------------- */

static void
add_rows (GArray              *rows,
          CdHsbSection         section,
          const CdHsbRowText  *texts)
{
  for (guint i = 0; texts[i].key != NULL; i++)
    {
      CdHsbRow row = { section, texts[i].key, texts[i].vi, texts[i].en, { { 0 } } };

      g_array_append_val (rows, row);
    }
}

static CdHsbRow *
row_by_key (GArray     *rows,
            const char *key)
{
  for (guint i = 0; i < rows->len; i++)
    {
      CdHsbRow *row = &g_array_index (rows, CdHsbRow, i);

      if (g_str_equal (row->key, key))
        return row;
    }
  return NULL;
}

/* Whole years from `birth` to `event`, both YYYY-MM-DD. */
static int
age_at (const char *birth,
        const char *event)
{
  int years;

  if (birth == NULL || event == NULL || strlen (birth) < 10 || strlen (event) < 10)
    return -1;
  years = atoi (event) - atoi (birth);
  if (strcmp (event + 5, birth + 5) < 0)
    years--;
  return years;
}

static const char *
age_key (int age)
{
  if (age <= 20)
    return "age_to_20";
  if (age <= 30)
    return "age_21_30";
  if (age <= 40)
    return "age_31_40";
  if (age <= 50)
    return "age_41_50";
  if (age <= 60)
    return "age_51_60";
  return "age_over_60";
}

static void
add_turn (CdHsbCell *cell,
          int        age,
          gint64     months,
          gboolean   has_salary,
          gint64     salary,
          double     days,
          gint64     amount)
{
  cell->turns++;
  cell->age_years += age;
  cell->contribution_months += months;
  if (has_salary)
    {
      cell->salary_turns++;
      cell->salary += salary;
    }
  cell->days += days;
  cell->amount += amount;
}

/* The quarter's first day at local midnight, in UTC as frozen_at is written. */
static char *
utc_bound (int year,
           int month)
{
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) utc = NULL;

  if (month > 12)
    {
      year++;
      month -= 12;
    }
  local = g_date_time_new_local (year, month, 1, 0, 0, 0);
  utc = g_date_time_to_utc (local);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

static gboolean
read_office (CdDatabase   *db,
             CdHsbReport  *report,
             GError      **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = NULL;
  CdStep step;

  /* A store is one office's; the settings name it when there are several rows. */
  code = cd_settings_dup_text (db, CD_SETTING_OFFICE_CODE, NULL, &local_error);
  if (local_error == NULL)
    report->office_parent = cd_settings_dup_text (db, CD_SETTING_OFFICE_PARENT, NULL,
                                                  &local_error);
  if (local_error == NULL)
    stmt = cd_database_prepare (db,
                                "SELECT o.code, o.name, pr.name FROM offices o"
                                " LEFT JOIN provinces pr ON pr.code = o.province_code"
                                " ORDER BY o.code = ?1 DESC, o.id LIMIT 1", &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, code != NULL ? code : "");
      step = cd_statement_step (stmt, &local_error);
      if (step == CD_STEP_ROW)
        {
          report->office_code = cd_statement_dup_text (stmt, 0);
          report->office_name = cd_statement_dup_text (stmt, 1);
          report->office_place = cd_statement_dup_text (stmt, 2);
        }
    }
  if (local_error != NULL)
    {
      g_set_error (error, CD_HSB_REPORT_ERROR, CD_HSB_REPORT_ERROR_QUERY,
                   _("Cannot read the office for form %s: %s"),
                   cd_hsb_form_to_string (report->form), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static CdHsbReport *
build_report (CdDatabase    *db,
              CdHsbForm      form,
              int            year,
              int            quarter,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(CdHsbReport) report = g_new0 (CdHsbReport, 1);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *lower = utc_bound (year, quarter * 3 - 2);
  g_autofree char *upper = utc_bound (year, quarter * 3 + 1);
  static const int last_day[] = { 31, 30, 30, 31 };
  CdStep step;
  guint n = 0;

  report->form = form;
  report->year = year;
  report->quarter = quarter;
  report->from = g_strdup_printf ("%04d-%02d-01", year, quarter * 3 - 2);
  report->to = g_strdup_printf ("%04d-%02d-%02d", year, quarter * 3, last_day[quarter - 1]);
  report->rows = g_array_new (FALSE, TRUE, sizeof (CdHsbRow));
  {
    static const CdHsbRowText total[] = {
      { "total", "Tổng số", "Total" }, { NULL, NULL, NULL },
    };

    add_rows (report->rows, CD_HSB_SECTION_TOTAL, total);
  }
  add_rows (report->rows, CD_HSB_SECTION_WORKPLACE, cd_hsb_workplace_rows);
  add_rows (report->rows, CD_HSB_SECTION_AGE, cd_hsb_age_rows);
  add_rows (report->rows, CD_HSB_SECTION_BENEFIT, cd_hsb_benefit_rows (form));

  if (!read_office (db, report, error))
    return NULL;

  stmt = cd_database_prepare (db, report_query, &local_error);
  if (stmt != NULL)
    {
      cd_statement_bind_text (stmt, 1, lower);
      cd_statement_bind_text (stmt, 2, upper);
      cd_statement_bind_text_static (stmt, 3, form == CD_HSB_FORM_22A ? "sickness" : "maternity");
      cd_statement_bind_text_static (stmt, 4, form == CD_HSB_FORM_22A ? "recovery_after_sickness"
                                                                     : "recovery_after_maternity");
      cd_statement_bind_int64 (stmt, 5, CD_CLAIM_STATUS_QUEUED);
      cd_statement_bind_int64 (stmt, 6, CD_CLAIM_STATUS_SYNCED);
      while ((step = cd_statement_step (stmt, &local_error)) == CD_STEP_ROW)
        {
          int sex = g_strcmp0 (cd_statement_get_text (stmt, 0), "male") == 0 ? CD_HSB_MALE
                                                                             : CD_HSB_FEMALE;
          int age = age_at (cd_statement_get_text (stmt, 1), cd_statement_get_text (stmt, 2));
          const char *benefit = cd_statement_get_text (stmt, 3);
          const char *profile = cd_statement_get_text (stmt, 4);
          gint64 months = cd_statement_get_int64 (stmt, 5);
          gboolean has_salary = !cd_statement_is_null (stmt, 6) || !cd_statement_is_null (stmt, 7);
          gint64 salary = !cd_statement_is_null (stmt, 6)
                          ? cd_statement_get_int64 (stmt, 6)
                          : (gint64) (cd_statement_get_double (stmt, 7) + 0.5);
          double days = cd_statement_is_null (stmt, 8) ? cd_statement_get_double (stmt, 10)
                                                       : cd_statement_get_double (stmt, 8);
          gint64 amount = cd_statement_get_int64 (stmt, 11);
          const char *keys[4];

          if (age < 0)
            {
              g_set_error (error, CD_HSB_REPORT_ERROR, CD_HSB_REPORT_ERROR_QUERY,
                           _("Claim %s has no usable birth or event date for form %s"),
                           cd_statement_get_text (stmt, 12), cd_hsb_form_to_string (form));
              return NULL;
            }
          keys[0] = "total";
          keys[1] = profile != NULL && g_str_equal (profile, "public-sector") ? "public-sector"
                    : profile != NULL ? "enterprise" : "no-employer";
          keys[2] = age_key (age);
          keys[3] = g_str_equal (benefit, "sickness") && cd_statement_get_int (stmt, 9) != 0
                    ? "sickness_long_term" : benefit;
          for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
            {
              CdHsbRow *row = row_by_key (report->rows, keys[k]);

              g_assert (row != NULL);
              add_turn (&row->cells[sex], age, months, has_salary, salary, days, amount);
            }
          if (++n % 4096 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
            return NULL;
        }
      if (step == CD_STEP_DONE)
        return g_steal_pointer (&report);
    }
  g_set_error (error, CD_HSB_REPORT_ERROR, CD_HSB_REPORT_ERROR_QUERY,
               _("Cannot count form %s for quarter %d-Q%d: %s"), cd_hsb_form_to_string (form),
               year, quarter, local_error->message);
  return NULL;
}

static gboolean
check_arguments (CdHsbForm   form,
                 int         year,
                 int         quarter,
                 GError    **error)
{
  if ((form != CD_HSB_FORM_22A && form != CD_HSB_FORM_22B) || year < 1900 || year > 2999
      || quarter < 1 || quarter > 4)
    {
      g_set_error (error, CD_HSB_REPORT_ERROR, CD_HSB_REPORT_ERROR_INVALID,
                   _("Quarter %d-Q%d of form %d does not exist"), year, quarter, (int) form);
      return FALSE;
    }
  return TRUE;
}

CdHsbReport *
cd_hsb_report_build (CdDatabase  *db,
                     CdHsbForm    form,
                     int          year,
                     int          quarter,
                     GError     **error)
{
  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_arguments (form, year, quarter, error))
    return NULL;
  return build_report (db, form, year, quarter, NULL, error);
}

typedef struct
{
  char        *db_path;
  CdHsbForm    form;
  int          year;
  int          quarter;
  CdHsbFormat  format;
  char        *path;   /* where to write it; NULL: only count */
} BuildJob;

static void
build_job_free (BuildJob *job)
{
  g_free (job->db_path);
  g_free (job->path);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GError *error = NULL;
  CdHsbReport *report = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->db_path, &error);
  if (reader != NULL)
    report = build_report (reader, job->form, job->year, job->quarter, cancellable, &error);
  if (report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (job->path == NULL)
    {
      g_task_return_pointer (task, report, (GDestroyNotify) cd_hsb_report_free);
      return;
    }
  if (!g_task_return_error_if_cancelled (task))
    {
      gboolean written = job->format == CD_HSB_FORMAT_PDF
                         ? cd_hsb_report_render_pdf (report, job->path, &error)
                         : cd_hsb_report_write_csv (report, job->path, &error);

      if (written)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
    }
  cd_hsb_report_free (report);
}

static GTask *
start_job (const char          *db_path,
           CdHsbForm            form,
           int                  year,
           int                  quarter,
           gpointer             source_tag,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           BuildJob           **out_job)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  BuildJob *job;

  g_task_set_source_tag (task, source_tag);
  *out_job = NULL;
  if (!check_arguments (form, year, quarter, &error))
    {
      g_task_return_error (task, error);
      return task;
    }
  job = g_new0 (BuildJob, 1);
  job->db_path = g_strdup (db_path);
  job->form = form;
  job->year = year;
  job->quarter = quarter;
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  *out_job = job;
  return task;
}

void
cd_hsb_report_build_async (const char          *db_path,
                           CdHsbForm            form,
                           int                  year,
                           int                  quarter,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildJob *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_job (db_path, form, year, quarter, cd_hsb_report_build_async, cancellable,
                    callback, user_data, &job);
  if (job != NULL)
    g_task_run_in_thread (task, build_thread);
}

CdHsbReport *
cd_hsb_report_build_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_hsb_report_build_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
cd_hsb_report_export_async (const char          *db_path,
                            CdHsbForm            form,
                            int                  year,
                            int                  quarter,
                            CdHsbFormat          format,
                            const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildJob *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (format == CD_HSB_FORMAT_PDF || format == CD_HSB_FORMAT_CSV);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = start_job (db_path, form, year, quarter, cd_hsb_report_export_async, cancellable,
                    callback, user_data, &job);
  if (job == NULL)
    return;
  job->format = format;
  job->path = g_strdup (path);
  g_task_run_in_thread (task, build_thread);
}

gboolean
cd_hsb_report_export_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_hsb_report_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- CSV ------------------------------------------------------------------------------------ */

static const char *
section_numeral (CdHsbSection section)
{
  switch (section)
    {
    case CD_HSB_SECTION_WORKPLACE:
      return "I";
    case CD_HSB_SECTION_AGE:
      return "II";
    case CD_HSB_SECTION_BENEFIT:
      return "III";
    case CD_HSB_SECTION_TOTAL:
    default:
      return "";
    }
}

const char *
cd_hsb_section_label (CdHsbSection section)
{
  switch (section)
    {
    case CD_HSB_SECTION_WORKPLACE:
      return "Theo loại hình đơn vị";
    case CD_HSB_SECTION_AGE:
      return "Theo độ tuổi";
    case CD_HSB_SECTION_BENEFIT:
      return "Theo chế độ";
    case CD_HSB_SECTION_TOTAL:
    default:
      return "Tổng số";
    }
}

const char * const cd_hsb_measure_headings[CD_HSB_N_MEASURES] = {
  "Tổng số lượt người",
  "Tuổi đời bình quân",
  "Số năm đóng BHXH bình quân",
  "Mức lương bình quân làm căn cứ đóng BHXH (đồng)",
  "Số ngày hưởng bình quân một lượt",
  "Tổng số tiền (đồng)",
};

/* A figure as the form prints it: counts and money whole, averages with one decimal (two for
 * days, which may be halves), a point as the decimal mark in the CSV so spreadsheets read it. */
char *
cd_hsb_cell_figure (const CdHsbCell *cell,
                    guint            measure,
                    gboolean         for_csv)
{
  double value = 0;
  int decimals = 0;

  switch (measure)
    {
    case 0:
      return g_strdup_printf ("%u", cell->turns);
    case 1:
      value = cd_hsb_cell_average_age (cell);
      decimals = 1;
      break;
    case 2:
      value = cd_hsb_cell_average_years (cell);
      decimals = 1;
      break;
    case 3:
      return for_csv ? g_strdup_printf ("%.0f", cd_hsb_cell_average_salary (cell))
                     : cd_format_integer_vi ((gint64) (cd_hsb_cell_average_salary (cell) + 0.5));
    case 4:
      value = cd_hsb_cell_average_days (cell);
      decimals = 1;
      break;
    case 5:
    default:
      return for_csv ? g_strdup_printf ("%" G_GINT64_FORMAT, cell->amount)
                     : cd_format_integer_vi (cell->amount);
    }
  if (for_csv)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_formatd (text, sizeof text, decimals == 1 ? "%.1f" : "%.2f",
                                        value));
    }
  {
    char *text = g_strdup_printf ("%.1f", value);
    char *point = strchr (text, '.');

    /* Vietnamese writes the decimal mark as a comma. */
    if (point != NULL)
      *point = ',';
    return text;
  }
}

/* RFC 4180 quoting (the labels are the form's own, but a comma is in some of them). */
static void
append_field (GString    *out,
              const char *text,
              gboolean    first)
{
  if (!first)
    g_string_append_c (out, ',');
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
cd_hsb_report_to_csv (const CdHsbReport *report)
{
  GString *out;
  CdHsbSection section = CD_HSB_SECTION_TOTAL;
  guint in_section = 0;

  g_return_val_if_fail (report != NULL, NULL);

  out = g_string_new ("\xEF\xBB\xBF");
  /* Two heading lines, as the paper form has: the measure over its two sexes. */
  append_field (out, "STT", TRUE);
  append_field (out, "Chỉ tiêu", FALSE);
  append_field (out, "Mã", FALSE);
  for (guint m = 0; m < CD_HSB_N_MEASURES; m++)
    {
      append_field (out, cd_hsb_measure_headings[m], FALSE);
      append_field (out, "", FALSE);
    }
  g_string_append (out, "\r\n,,");
  for (guint m = 0; m < CD_HSB_N_MEASURES; m++)
    g_string_append (out, ",Nam,Nữ");
  g_string_append (out, "\r\n");

  for (guint i = 0; i < report->rows->len; i++)
    {
      const CdHsbRow *row = &g_array_index (report->rows, CdHsbRow, i);
      g_autofree char *number = NULL;

      if (row->section != section)
        {
          section = row->section;
          in_section = 0;
          append_field (out, section_numeral (section), TRUE);
          append_field (out, cd_hsb_section_label (section), FALSE);
          g_string_append (out, "\r\n");
        }
      number = row->section == CD_HSB_SECTION_TOTAL ? g_strdup ("")
                                                    : g_strdup_printf ("%u", ++in_section);
      append_field (out, number, TRUE);
      append_field (out, row->label_vi, FALSE);
      append_field (out, row->key, FALSE);
      for (guint m = 0; m < CD_HSB_N_MEASURES; m++)
        for (guint s = 0; s < CD_HSB_N_SEXES; s++)
          {
            g_autofree char *figure = cd_hsb_cell_figure (&row->cells[s], m, TRUE);

            append_field (out, figure, FALSE);
          }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

static gboolean
write_csv (GOutputStream  *stream,
           gpointer        user_data,
           GError        **error)
{
  g_autofree char *text = cd_hsb_report_to_csv (user_data);

  return g_output_stream_write_all (stream, text, strlen (text), NULL, NULL, error);
}

gboolean
cd_hsb_report_write_to_path (const CdHsbReport  *report,
                             const char         *path,
                             CdLetterWriteFunc   write,
                             GError            **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (cd_letter_write_file (path, write, (gpointer) report, &local_error))
    return TRUE;
  g_set_error (error, CD_HSB_REPORT_ERROR, CD_HSB_REPORT_ERROR_WRITE,
               _("Cannot write form %s to “%s”: %s"), cd_hsb_form_to_string (report->form), path,
               local_error->message);
  return FALSE;
}

gboolean
cd_hsb_report_write_csv (const CdHsbReport  *report,
                         const char         *path,
                         GError            **error)
{
  return cd_hsb_report_write_to_path (report, path, write_csv, error);
}
