/* cd-list-row-checks.c — an employer's list row against the evidence. */
#include "config.h"

#include <string.h>

#include "cd-date.h"
#include "cd-format.h"
#include "cd-json-util.h"
#include "cd-list-row-checks.h"
#include "cd-text-fold.h"

static const char *const weekday_names[] = { NULL, "mon", "tue", "wed", "thu", "fri", "sat",
                                             "sun" };

static void
add (GPtrArray         *findings,
     const char        *code,
     CdFindingSeverity  severity,
     char              *message_vi,
     char              *message_en)
{
  g_ptr_array_add (findings, cd_finding_new (code, severity, message_vi, message_en));
}

/* dd/mm/yyyy for a YYYY-MM-DD date (cd_format_date_vi), or the text itself. */
static char *
display (const char *iso)
{
  char *text = iso != NULL ? cd_format_date_vi (iso) : NULL;

  return text != NULL ? text : g_strdup (iso != NULL ? iso : "-");
}

static gboolean
rests_on (JsonArray  *weekly_rest,
          const char *name)
{
  if (weekly_rest == NULL)
    return g_str_equal (name, "sat") || g_str_equal (name, "sun");
  for (guint i = 0; i < json_array_get_length (weekly_rest); i++)
    if (g_strcmp0 (json_array_get_string_element (weekly_rest, i), name) == 0)
      return TRUE;
  return FALSE;
}

guint
cd_list_row_count_days (const char *from,
                        const char *to,
                        JsonArray  *weekly_rest)
{
  CdDay first, last;
  guint days = 0;

  if (from == NULL || to == NULL || !cd_date_parse (from, &first) || !cd_date_parse (to, &last))
    return 0;
  for (CdDay d = first; d <= last; d++)
    if (!rests_on (weekly_rest, weekday_names[cd_date_weekday (d)]))
      days++;
  return days;
}

/* The same set of days, whatever the order. */
static gboolean
same_days (JsonArray *a,
           JsonArray *b)
{
  for (guint i = 1; i < G_N_ELEMENTS (weekday_names); i++)
    if (rests_on (a, weekday_names[i]) != rests_on (b, weekday_names[i]))
      return FALSE;
  return TRUE;
}

static char *
days_text (JsonArray *days)
{
  static const char *const form[] = { NULL, "T2", "T3", "T4", "T5", "T6", "T7", "CN" };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 1; i < G_N_ELEMENTS (weekday_names); i++)
    if (rests_on (days, weekday_names[i]))
      g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", form[i]);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
check_name (const CdStoredListRow   *row,
            const CdListRowEvidence *evidence,
            GPtrArray               *findings)
{
  g_autofree char *written = NULL, *registered = NULL;

  if (row->name == NULL || evidence->person_name == NULL)
    return;
  written = cd_text_fold (row->name);
  registered = cd_text_fold (evidence->person_name);
  if (g_str_equal (written, registered))
    return;
  add (findings, "list.name_mismatch", CD_FINDING_ERROR,
       g_strdup_printf ("Dòng ghi “%s” nhưng mã số BHXH %s là của %s.", row->name, row->si_code,
                        evidence->person_name),
       g_strdup_printf ("The row says “%s” but SI number %s is %s's.", row->name, row->si_code,
                        evidence->person_name));
}

static void
check_period (const CdStoredListRow   *row,
              const CdListRowEvidence *evidence,
              GPtrArray               *findings)
{
  g_autofree char *row_from = display (row->period_from), *row_to = display (row->period_to);
  g_autofree char *cert_from = NULL, *cert_to = NULL;

  if (!evidence->has_case)
    {
      if (evidence->needs_certificate)
        add (findings, "list.no_certificate", CD_FINDING_ERROR,
             g_strdup_printf ("Không có chứng từ nào cho thời gian %s – %s của dòng này.", row_from,
                              row_to),
             g_strdup_printf ("No document shows this row's case for %s – %s.", row_from, row_to));
      return;
    }
  if (evidence->birth_date != NULL)
    {
      CdDay birth, from;
      g_autofree char *born = display (evidence->birth_date);

      /* Maternity leave starts at the birth or up to two months before it (L41 Art 53). */
      if (!cd_date_parse (evidence->birth_date, &birth) || row->period_from == NULL
          || !cd_date_parse (row->period_from, &from)
          || (from <= birth && from >= cd_date_add_months (birth, -2)))
        return;
      add (findings, "list.period_mismatch", CD_FINDING_ERROR,
           g_strdup_printf ("Dòng ghi nghỉ từ %s; con sinh ngày %s (nghỉ sinh con bắt đầu từ ngày "
                            "sinh hoặc tối đa 2 tháng trước).", row_from, born),
           g_strdup_printf ("The row's leave starts on %s; the child was born on %s (maternity "
                            "leave starts at the birth or up to 2 months before).", row_from,
                            born));
      return;
    }
  if (evidence->event_from != NULL)
    {
      g_autofree char *event = display (evidence->event_from);

      if (g_strcmp0 (row->period_from, evidence->event_from) == 0)
        return;
      add (findings, "list.period_mismatch", CD_FINDING_ERROR,
           g_strdup_printf ("Dòng ghi nghỉ từ %s; chứng từ ghi ngày %s.", row_from, event),
           g_strdup_printf ("The row's leave starts on %s; the document shows %s.", row_from,
                            event));
      return;
    }
  if (evidence->certificate_from == NULL
      || (g_strcmp0 (row->period_from, evidence->certificate_from) == 0
          && g_strcmp0 (row->period_to, evidence->certificate_to) == 0))
    return;
  cert_from = display (evidence->certificate_from);
  cert_to = display (evidence->certificate_to);
  add (findings, "list.period_mismatch", CD_FINDING_ERROR,
       g_strdup_printf ("Dòng ghi nghỉ %s – %s, chứng từ ghi %s – %s.", row_from, row_to,
                        cert_from, cert_to),
       g_strdup_printf ("The row claims %s – %s; the certificate says %s – %s.", row_from, row_to,
                        cert_from, cert_to));
}

static void
check_days (const CdStoredListRow   *row,
            const CdListRowEvidence *evidence,
            GPtrArray               *findings)
{
  JsonObject *fields = JSON_NODE_HOLDS_OBJECT (row->fields) ? json_node_get_object (row->fields)
                                                           : NULL;
  JsonObject *total = fields != NULL ? cd_json_member_object (fields, "total") : NULL;
  gint64 claimed_months, claimed_days;
  CdDay from, to;
  int months = 0, odd = 0;

  if (total == NULL || row->period_from == NULL || row->period_to == NULL
      || !cd_date_parse (row->period_from, &from) || !cd_date_parse (row->period_to, &to))
    return;
  claimed_months = json_object_get_int_member_with_default (total, "months", 0);
  claimed_days = json_object_get_int_member_with_default (total, "days", 0);

  if (row->section != NULL && row->section[0] == 'A')
    {
      /* Sickness counts working days: at most the days that are not the unit's weekly rest
       * (public holidays only lower it, so fewer is no finding). */
      guint most = cd_list_row_count_days (row->period_from, row->period_to,
                                           evidence->weekly_rest);

      if (claimed_months == 0 && claimed_days <= most)
        return;
      add (findings, "list.days_mismatch", CD_FINDING_WARNING,
           g_strdup_printf ("Cột 4 ghi %" G_GINT64_FORMAT " ngày; thời gian nghỉ chỉ có %u ngày "
                            "làm việc.", claimed_months * 30 + claimed_days, most),
           g_strdup_printf ("Column 4 claims %" G_GINT64_FORMAT " days; the period holds only %u "
                            "working days.", claimed_months * 30 + claimed_days, most));
      return;
    }

  if (to - from + 1 <= 30)
    {
      months = 0;
      odd = (int) (to - from + 1);
    }
  else
    cd_period_months (from, to, &months, &odd);
  if (claimed_months == months && claimed_days == odd)
    return;
  add (findings, "list.days_mismatch", CD_FINDING_WARNING,
       g_strdup_printf ("Cột 4 ghi %" G_GINT64_FORMAT " tháng %" G_GINT64_FORMAT " ngày; thời "
                        "gian nghỉ là %d tháng %d ngày.", claimed_months, claimed_days, months, odd),
       g_strdup_printf ("Column 4 claims %" G_GINT64_FORMAT " months %" G_GINT64_FORMAT " days; "
                        "the period is %d months %d days.", claimed_months, claimed_days, months,
                        odd));
}

static void
check_weekly_rest (const CdStoredListRow   *row,
                   const CdListRowEvidence *evidence,
                   GPtrArray               *findings)
{
  JsonObject *fields = JSON_NODE_HOLDS_OBJECT (row->fields) ? json_node_get_object (row->fields)
                                                           : NULL;
  JsonObject *notes = fields != NULL ? cd_json_member_object (fields, "notes") : NULL;
  JsonArray *written = notes != NULL && json_object_has_member (notes, "weekly_rest")
                       && JSON_NODE_HOLDS_ARRAY (json_object_get_member (notes, "weekly_rest"))
                       ? json_object_get_array_member (notes, "weekly_rest") : NULL;
  g_autofree char *row_days = NULL, *unit_days = NULL;

  /* Only sickness rows depend on it, and only when central knows the unit's days. A row that says
   * nothing means Saturday and Sunday. */
  if (row->section == NULL || row->section[0] != 'A' || evidence->weekly_rest == NULL
      || same_days (written, evidence->weekly_rest))
    return;
  row_days = days_text (written);
  unit_days = days_text (evidence->weekly_rest);
  add (findings, "list.weekly_rest_mismatch", CD_FINDING_WARNING,
       g_strdup_printf ("Dòng tính ngày nghỉ hằng tuần là %s; hệ thống trung ương ghi đơn vị nghỉ "
                        "%s.", row_days, unit_days),
       g_strdup_printf ("The row counts %s as weekly rest; central has the unit resting on %s.",
                        row_days, unit_days));
}

static void
check_child (const CdStoredListRow   *row,
             const CdListRowEvidence *evidence,
             GPtrArray               *findings)
{
  JsonObject *fields = JSON_NODE_HOLDS_OBJECT (row->fields) ? json_node_get_object (row->fields)
                                                           : NULL;
  JsonObject *case_data = fields != NULL ? cd_json_member_object (fields, "case_data") : NULL;
  const char *written = case_data != NULL
                        ? json_object_get_string_member_with_default (case_data,
                                                                      "child_birth_date", NULL)
                        : NULL;
  g_autofree char *row_birth = NULL, *register_birth = NULL;

  if (written == NULL || evidence->child_birth_date == NULL
      || g_str_equal (written, evidence->child_birth_date))
    return;
  row_birth = display (written);
  register_birth = display (evidence->child_birth_date);
  add (findings, "list.child_birth_mismatch", CD_FINDING_ERROR,
       g_strdup_printf ("Cột D ghi con sinh ngày %s; cơ sở dữ liệu ghi %s.", row_birth,
                        register_birth),
       g_strdup_printf ("Column D says the child was born on %s; the register says %s.",
                        row_birth, register_birth));
}

GPtrArray *
cd_list_row_check (const CdStoredListRow   *row,
                   const CdListRowEvidence *evidence)
{
  g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func (
    (GDestroyNotify) cd_finding_free);

  g_return_val_if_fail (row != NULL && evidence != NULL, NULL);

  if (evidence->duplicate_of > 0)
    add (findings, "list.duplicate_row", CD_FINDING_ERROR,
         g_strdup_printf ("Trùng với dòng %u của danh sách này (cùng người, cùng thời gian).",
                          evidence->duplicate_of),
         g_strdup_printf ("The same as row %u of this list (the same person and period).",
                          evidence->duplicate_of));
  if (evidence->decided_claim != NULL)
    add (findings, "list.already_decided", CD_FINDING_ERROR,
         g_strdup_printf ("Đã giải quyết trong hồ sơ %s (cùng người, chế độ và thời gian).",
                          evidence->decided_claim),
         g_strdup_printf ("Already decided in claim %s (the same person, benefit and period).",
                          evidence->decided_claim));
  check_name (row, evidence, findings);
  check_period (row, evidence, findings);
  check_days (row, evidence, findings);
  check_weekly_rest (row, evidence, findings);
  check_child (row, evidence, findings);
  return g_steal_pointer (&findings);
}

gboolean
cd_list_row_findings_block (GPtrArray *findings)
{
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    if (((CdFinding *) g_ptr_array_index (findings, i))->severity >= CD_FINDING_WARNING)
      return TRUE;
  return FALSE;
}
