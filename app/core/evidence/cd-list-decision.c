/* cd-list-decision.c — the decision list of a worked employer's list, read from the store. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-date.h"
#include "cd-employer-list.h"
#include "cd-employer-lists.h"
#include "cd-json-util.h"
#include "cd-list-decision.h"
#include "cd-list-deadline.h"
#include "cd-money.h"
#include "cd-office-settings.h"
#include "cd-settings.h"
#include "cd-statement.h"

G_DEFINE_QUARK (cd-list-decision-error-quark, cd_list_decision_error)

/* Signature dates are the office's days in Vietnam, as on the decision letter. */
#define VIETNAM_UTC_OFFSET (7 * 3600)

/* The groups of the decision list (docs/letters.md) by the 01B-HSB section of the row
 * (data/lists/01b-hsb.json). B.II is banded by the weeks of pregnancy, from the facts. */
static const struct
{
  const char *section;
  const char *group;
} section_groups[] = {
  { "A.I", "sickness" },
  { "A.II", "long_term" },
  { "A.III", "sick_child" },
  { "B.I", "prenatal" },
  { "B.III", "birth" },
  { "B.III.died", "birth" },
  { "B.IV", "adoption" },
  { "B.V", "surrogacy" },
  { "B.VI", "male_employee" },
  { "B.VII", "contraception" },
  { "C", "recovery" },
};

/* A row whose section is not one of the above (a newer layout): by its benefit instead. */
static const struct
{
  const char *benefit;
  const char *group;
} benefit_groups[] = {
  { "sickness", "sickness" },
  { "child_sickness", "sick_child" },
  { "recovery_after_sickness", "recovery" },
  { "recovery_after_maternity", "recovery" },
  { "prenatal_checkup", "prenatal" },
  { "childbirth", "birth" },
  { "childbirth_takeover", "birth" },
  { "voluntary_maternity", "birth" },
  { "adoption", "adoption" },
  { "surrogacy", "surrogacy" },
  { "commissioning_mother", "surrogacy" },
  { "father_leave", "male_employee" },
  { "lump_sum_father", "male_employee" },
  { "contraception", "contraception" },
};

typedef struct
{
  gint64  user_id;
  guint   count;
  char   *last;      /* the latest timestamp of theirs */
} Signer;

static void
signer_free (Signer *signer)
{
  g_free (signer->last);
  g_free (signer);
}

/* Counts who did what: the one who did most signs the list. */
static void
count_signer (GHashTable *signers,
              gint64      user_id,
              const char *at)
{
  Signer *signer = g_hash_table_lookup (signers, &user_id);

  if (signer == NULL)
    {
      signer = g_new0 (Signer, 1);
      signer->user_id = user_id;
      g_hash_table_insert (signers, &signer->user_id, signer);
    }
  signer->count++;
  if (at != NULL && g_strcmp0 (at, signer->last) > 0)
    {
      g_free (signer->last);
      signer->last = g_strdup (at);
    }
}

static const Signer *
top_signer (GHashTable *signers)
{
  GHashTableIter iter;
  Signer *signer, *top = NULL;

  g_hash_table_iter_init (&iter, signers);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &signer))
    if (top == NULL || signer->count > top->count
        || (signer->count == top->count && signer->user_id < top->user_id))
      top = signer;
  return top;
}

typedef struct
{
  CdDatabase  *db;
  gint64       list_id;
  char        *list_name;     /* "Employer list 3", for messages */
  JsonBuilder *builder;
  GHashTable  *preparers;     /* user id → Signer */
  GHashTable  *approvers;
  GArray      *decisions;     /* gint64: the approved decisions of the rows listed */
  guint        n_accepted;
  guint        n_refused;
  guint        n_pending;
} Build;

static void
build_clear (Build *build)
{
  g_free (build->list_name);
  g_clear_object (&build->builder);
  g_clear_pointer (&build->preparers, g_hash_table_unref);
  g_clear_pointer (&build->approvers, g_hash_table_unref);
  g_clear_pointer (&build->decisions, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Build, build_clear)

static gboolean
query_failed (Build       *build,
              GError     **error,
              GError      *cause)
{
  g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_QUERY,
               _("%s: cannot read the store: %s"), build->list_name, cause->message);
  g_error_free (cause);
  return FALSE;
}

static CdStatement *
prepare (Build       *build,
         const char  *sql,
         GError     **error)
{
  GError *local_error = NULL;
  CdStatement *stmt = cd_database_prepare (build->db, sql, &local_error);

  if (stmt == NULL)
    query_failed (build, error, local_error);
  return stmt;
}

static CdStep
step (Build        *build,
      CdStatement  *stmt,
      GError      **error)
{
  GError *local_error = NULL;
  CdStep result = cd_statement_step (stmt, &local_error);

  if (result == CD_STEP_FAILED)
    query_failed (build, error, local_error);
  return result;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* A timestamp as the office's day (YYYY-MM-DD) in `zone`. */
static char *
day_of (const char *timestamp,
        GTimeZone  *zone)
{
  g_autoptr(GDateTime) moment = NULL;
  g_autoptr(GDateTime) there = NULL;

  if (timestamp == NULL)
    return NULL;
  moment = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (moment == NULL)
    return strlen (timestamp) >= 10 ? g_strndup (timestamp, 10) : NULL;
  there = g_date_time_to_timezone (moment, zone);
  return cd_date_to_string (cd_date_from_date_time (there));
}

static char *
vietnam_day (const char *timestamp)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_offset (VIETNAM_UTC_OFFSET);

  return day_of (timestamp, zone);
}

/* The office that answers: the one named by the office code setting, else the office of the
 * list's claims. */
static gboolean
add_office (Build   *build,
            GError **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *code = cd_office_settings_dup_office_code (build->db, &local_error);
  g_autofree char *parent = NULL;
  g_autoptr(CdStatement) select = NULL;
  CdStep result;

  if (code == NULL)
    return query_failed (build, error, g_steal_pointer (&local_error));
  parent = cd_settings_dup_text (build->db, CD_SETTING_OFFICE_PARENT, NULL, &local_error);
  if (local_error != NULL)
    return query_failed (build, error, g_steal_pointer (&local_error));
  select = prepare (build,
                    "SELECT o.code, o.name, pr.name FROM offices o"
                    " LEFT JOIN provinces pr ON pr.code = o.province_code"
                    " WHERE o.code = ?1 OR o.id IN (SELECT c.office_id FROM employer_list_rows r"
                    "   JOIN claims c ON c.id = r.claim_id WHERE r.list_id = ?2)"
                    " ORDER BY o.code = ?1 DESC, o.id LIMIT 1", error);
  if (select == NULL)
    return FALSE;
  cd_statement_bind_text (select, 1, code);
  cd_statement_bind_int64 (select, 2, build->list_id);
  result = step (build, select, error);
  if (result == CD_STEP_FAILED)
    return FALSE;

  json_builder_set_member_name (build->builder, "office");
  json_builder_begin_object (build->builder);
  add_string (build->builder, "parent", parent);
  if (result == CD_STEP_ROW)
    {
      add_string (build->builder, "code", cd_statement_get_text (select, 0));
      add_string (build->builder, "name", cd_statement_get_text (select, 1));
      add_string (build->builder, "place", cd_statement_get_text (select, 2));
    }
  json_builder_end_object (build->builder);
  return TRUE;
}

/* The unit, with the account its "via the unit" rows are paid to: that is in the list's header,
 * which is kept only in the stored envelope, so the envelope is read again. */
static gboolean
add_unit (Build               *build,
          const CdStoredList  *list,
          GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = cd_employer_lists_dup_bytes (build->db, build->list_id,
                                                         &local_error);
  g_autoptr(CdEmployerList) parsed = NULL;
  g_autofree char *bank = NULL;

  if (bytes == NULL)
    return query_failed (build, error, g_steal_pointer (&local_error));
  parsed = cd_employer_list_parse (NULL, NULL, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), list->source, &local_error);
  if (parsed == NULL)
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_DAMAGED,
                   _("%s: its stored envelope no longer reads: %s"), build->list_name,
                   local_error->message);
      return FALSE;
    }
  if (parsed->unit_bank != NULL && parsed->unit_branch != NULL)
    bank = g_strdup_printf ("%s, %s", parsed->unit_bank, parsed->unit_branch);
  else
    bank = g_strdup (parsed->unit_bank);

  json_builder_set_member_name (build->builder, "unit");
  json_builder_begin_object (build->builder);
  add_string (build->builder, "name", list->unit_name);
  add_string (build->builder, "code", list->unit_code);
  add_string (build->builder, "account", parsed->unit_account);
  add_string (build->builder, "bank", bank);
  json_builder_end_object (build->builder);
  return TRUE;
}

static void
add_meta (Build               *build,
          const CdStoredList  *list,
          CdRulePack          *pack,
          const char          *decided_on)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  /* The day the office received it: central's receipt, else when the office opened the file;
   * the office's own calendar day, as `lists show` counts the deadline from. */
  g_autofree char *received = day_of (list->received_at != NULL ? list->received_at
                                                                 : list->fetched_at, local);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, list->id);
  g_autofree char *batch = list->batch > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, list->batch)
                                           : NULL;
  CdDay received_day;
  CdListDeadline deadline;
  char due[11] = "";

  if (pack != NULL && received != NULL && cd_date_parse (received, &received_day)
      && cd_list_deadline_compute (pack, received_day, &deadline, NULL))
    cd_date_format (deadline.deadline, due);

  json_builder_set_member_name (build->builder, "list");
  json_builder_begin_object (build->builder);
  add_string (build->builder, "number", number);
  add_string (build->builder, "batch", batch);
  add_string (build->builder, "dossier_code", list->dossier_code);
  add_string (build->builder, "period", list->period);
  add_string (build->builder, "received_on", received);
  add_string (build->builder, "deadline", due[0] != '\0' ? due : NULL);
  add_string (build->builder, "decided_on", decided_on);
  json_builder_end_object (build->builder);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL && JSON_NODE_HOLDS_OBJECT (root)
         ? json_object_ref (json_node_get_object (root)) : NULL;
}

/* The pregnancy-loss band of L41 Art 52 from the facts' weeks of pregnancy; NULL when the facts
 * do not say. */
static const char *
loss_band (JsonObject *facts)
{
  JsonObject *benefit_case = facts != NULL ? cd_json_member_object (facts, "case") : NULL;
  JsonObject *gestation = benefit_case != NULL ? cd_json_member_object (benefit_case, "gestation")
                                               : NULL;
  gint64 weeks;

  if (gestation == NULL || !cd_json_member_get_int (gestation, "weeks", &weeks) || weeks < 0)
    return NULL;
  return weeks < 5 ? "loss_lt5w" : weeks < 13 ? "loss_5to13w" : weeks < 22 ? "loss_13to22w"
                                                                          : "loss_ge22w";
}

static const char *
row_group (const char *section,
           const char *benefit,
           JsonObject *facts)
{
  if (g_strcmp0 (section, "B.II") == 0 || g_strcmp0 (benefit, "pregnancy_loss") == 0)
    return loss_band (facts);
  for (guint i = 0; section != NULL && i < G_N_ELEMENTS (section_groups); i++)
    if (g_str_equal (section, section_groups[i].section))
      return section_groups[i].group;
  for (guint i = 0; benefit != NULL && i < G_N_ELEMENTS (benefit_groups); i++)
    if (g_str_equal (benefit, benefit_groups[i].benefit))
      {
        JsonObject *benefit_case = facts != NULL ? cd_json_member_object (facts, "case") : NULL;

        /* A listed long-term disease is group A.II even when the layout has no section for it. */
        if (g_str_equal (benefit, "sickness") && benefit_case != NULL
            && json_object_get_boolean_member_with_default (benefit_case, "long_term_disease",
                                                            FALSE))
          return "long_term";
        return benefit_groups[i].group;
      }
  return NULL;
}

/* What one benefit line pays per day (or per month for a line in months), exactly as the rules
 * computed its amount (cd_money_line); FALSE when the line does not carry its base and rate. */
static gboolean
line_rate (JsonObject *line,
           gboolean   *monthly,
           gint64     *rate)
{
  const char *base_text = cd_json_member_string (line, "base_exact");
  CdRational base, fraction;
  gint64 whole, divisor;

  if (base_text != NULL)
    {
      if (!cd_rational_parse (base_text, &base))
        return FALSE;
    }
  else if (cd_json_member_get_int (line, "base", &whole) && whole >= 0)
    base = cd_rational_int (whole);
  else
    return FALSE;
  if (!cd_rational_parse (cd_json_member_string (line, "rate"), &fraction))
    return FALSE;
  *monthly = g_strcmp0 (cd_json_member_string (line, "unit"), "months") == 0;
  if (*monthly)
    divisor = 1;
  else if (!cd_json_member_get_int (line, "divisor", &divisor) || divisor <= 0)
    return FALSE;
  *rate = cd_money_line (base, fraction, divisor, cd_rational_int (1));
  return TRUE;
}

/* Days, months and rate of a paid row from its evaluation's lines: the days and months add up;
 * the rate is the first line's (lines at other rates, such as long-term sickness past 180 days,
 * are in the amount, which is the evaluation's total). */
static void
add_figures (JsonBuilder *builder,
             JsonObject  *result)
{
  JsonArray *lines = cd_json_member_array (result, "lines");
  double days = 0;
  gint64 months = 0, rate = 0;
  gboolean monthly = FALSE, have_rate = FALSE;

  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      gint64 line_months = 0;

      if (line == NULL)
        continue;
      days += cd_json_member_double (line, "days");
      if (cd_json_member_get_int (line, "months", &line_months) && line_months > 0)
        months += line_months;
      if (!have_rate)
        have_rate = line_rate (line, &monthly, &rate);
    }
  add_int (builder, "months", months);
  json_builder_set_member_name (builder, "days");
  if (days == (double) (gint64) days)
    json_builder_add_int_value (builder, (gint64) days);
  else
    json_builder_add_double_value (builder, days);
  add_int (builder, "rate", rate);
  add_string (builder, "rate_unit", monthly ? "month" : "day");
}

/* The days the employer's list claimed (column 4), for a refused row that nothing pays. */
static void
add_listed_days (JsonBuilder *builder,
                 JsonObject  *fields)
{
  JsonObject *total = fields != NULL ? cd_json_member_object (fields, "total") : NULL;
  gint64 months = 0, days = 0;

  if (total != NULL)
    {
      cd_json_member_get_int (total, "months", &months);
      cd_json_member_get_int (total, "days", &days);
    }
  add_int (builder, "months", MAX (months, 0));
  add_int (builder, "days", MAX (days, 0));
  add_int (builder, "rate", 0);
}

/* The rules' reasons for an ineligible result, as one written reason citing the articles. */
static char *
result_reasons (JsonObject *result,
                const char *language)
{
  JsonArray *reasons = result != NULL ? cd_json_member_array (result, "reasons") : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; reasons != NULL && i < json_array_get_length (reasons); i++)
    {
      JsonObject *reason = json_array_get_object_element (reasons, i);
      const char *message, *citation;

      if (reason == NULL)
        continue;
      message = cd_json_member_string (reason, g_str_equal (language, "en") ? "message_en"
                                                                             : "message_vi");
      if (message == NULL)
        message = cd_json_member_string (reason, "code");
      citation = cd_json_member_string (reason, "citation");
      if (message == NULL)
        continue;
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, message);
      if (citation != NULL)
        g_string_append_printf (text, " (%s)", citation);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static const char row_sql[] =
  "SELECT r.part, r.position, r.number, r.section, r.benefit, r.si_code, r.name, r.period_from,"
  " r.period_to, r.fields, r.cells, r.state, r.reason, r.decided_by, r.decided_at, s.name,"
  " c.number, d.id, e.result, e.facts"
  " FROM employer_list_rows r"
  " LEFT JOIN claims c ON c.id = r.claim_id"
  " LEFT JOIN claim_statuses s ON s.code = c.status"
  " LEFT JOIN decisions d ON d.id = (SELECT id FROM decisions WHERE claim_id = r.claim_id"
  "   AND state = 'approved' AND frozen_at IS NOT NULL ORDER BY id DESC LIMIT 1)"
  /* The evaluation the approved decision was proposed from; else the claim's newest (a refusal
   * waiting for its approval). */
  " LEFT JOIN evaluations e ON e.id = coalesce (d.evaluation_id, (SELECT id FROM evaluations"
  "   WHERE claim_id = r.claim_id ORDER BY evaluated_at DESC, id DESC LIMIT 1))"
  " WHERE r.list_id = ?1 ORDER BY r.part, r.position";

enum
{
  COL_PART, COL_POSITION, COL_NUMBER, COL_SECTION, COL_BENEFIT, COL_SI_CODE, COL_NAME, COL_FROM,
  COL_TO, COL_FIELDS, COL_CELLS, COL_STATE, COL_REASON, COL_DECIDED_BY, COL_DECIDED_AT,
  COL_STATUS, COL_CLAIM, COL_DECISION, COL_RESULT, COL_FACTS,
};

/* A column's text, else the raw cell the employer wrote, else a dash: the renderer needs a name
 * and an SI number on every row, and a refused row may be one whose cells did not read. */
static const char *
text_or_cell (CdStatement *select,
              int          column,
              JsonObject  *cells,
              const char  *cell)
{
  const char *text = cd_statement_get_text (select, column);

  if (text == NULL || *text == '\0')
    text = cells != NULL ? cd_json_member_string (cells, cell) : NULL;
  return text != NULL && *text != '\0' ? text : "-";
}

static gboolean
add_row (Build        *build,
         CdStatement  *select,
         const char   *language,
         GError      **error)
{
  JsonBuilder *builder = build->builder;
  const char *state = cd_statement_get_text (select, COL_STATE);
  const char *status = cd_statement_get_text (select, COL_STATUS);
  const char *section = cd_statement_get_text (select, COL_SECTION);
  const char *benefit = cd_statement_get_text (select, COL_BENEFIT);
  const char *group;
  g_autoptr(JsonObject) fields = parse_object (cd_statement_get_text (select, COL_FIELDS));
  g_autoptr(JsonObject) cells = parse_object (cd_statement_get_text (select, COL_CELLS));
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) facts = NULL;
  g_autofree char *reason = NULL;
  JsonObject *payment;
  gboolean refused, accepted;
  guint number = (guint) cd_statement_get_int64 (select, COL_NUMBER);
  guint position = (guint) cd_statement_get_int64 (select, COL_POSITION);

  refused = g_strcmp0 (state, "refused") == 0;
  accepted = g_strcmp0 (state, "accepted") == 0
             && (g_strcmp0 (status, "approved") == 0 || g_strcmp0 (status, "queued") == 0
                 || g_strcmp0 (status, "synced") == 0);
  if (g_strcmp0 (state, "returned") == 0)
    return TRUE;  /* back with the employer: not part of the answer */
  if (!refused && !accepted)
    {
      build->n_pending++;
      return TRUE;
    }

  if (!cd_statement_is_null (select, COL_RESULT))
    {
      result = parse_object (cd_statement_get_text (select, COL_RESULT));
      facts = parse_object (cd_statement_get_text (select, COL_FACTS));
      if (result == NULL || facts == NULL)
        {
          g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_DAMAGED,
                       _("%s, row %u: the evaluation of claim %s is not a JSON object"),
                       build->list_name, number, cd_statement_get_text (select, COL_CLAIM));
          return FALSE;
        }
    }
  if (accepted && result == NULL)
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_DAMAGED,
                   _("%s, row %u: claim %s is decided but has no evaluation"), build->list_name,
                   number, cd_statement_get_text (select, COL_CLAIM));
      return FALSE;
    }
  /* Accepted, but the rules found nothing to pay: that is a refusal, with the rules' reasons. */
  if (accepted && !json_object_get_boolean_member_with_default (result, "eligible", FALSE))
    {
      accepted = FALSE;
      reason = result_reasons (result, language);
    }
  else if (refused)
    {
      reason = cd_statement_dup_text (select, COL_REASON);
      if (reason == NULL || *reason == '\0')
        {
          g_free (reason);
          reason = result_reasons (result, language);
        }
    }
  if (!accepted && reason == NULL)
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_DAMAGED,
                   _("%s, row %u: refused without a written reason"), build->list_name, number);
      return FALSE;
    }

  group = row_group (section, benefit, facts);
  if (group == NULL)
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_DAMAGED,
                   g_strcmp0 (section, "B.II") == 0 || g_strcmp0 (benefit, "pregnancy_loss") == 0
                   ? _("%s, row %u: no evaluation gives the weeks of pregnancy that choose its "
                       "group")
                   : _("%s, row %u: its section names no group of the decision list"),
                   build->list_name, number);
      return FALSE;
    }

  json_builder_begin_object (builder);
  add_string (builder, "group", group);
  add_int (builder, "row", number);
  add_int (builder, "part", cd_statement_get_int64 (select, COL_PART));
  add_int (builder, "position", position);
  add_string (builder, "claim", cd_statement_get_text (select, COL_CLAIM));
  add_string (builder, "full_name", text_or_cell (select, COL_NAME, cells, "B"));
  add_string (builder, "si_number", text_or_cell (select, COL_SI_CODE, cells, "1"));
  add_string (builder, "from", cd_statement_get_text (select, COL_FROM));
  add_string (builder, "to", cd_statement_get_text (select, COL_TO));
  if (accepted)
    {
      add_figures (builder, result);
      add_int (builder, "amount", cd_json_member_int (result, "total"));
    }
  else
    {
      add_listed_days (builder, fields);
      add_int (builder, "amount", 0);
    }

  /* Column C: the employee's own account; blank, the unit is paid for them. */
  payment = fields != NULL ? cd_json_member_object (fields, "payment") : NULL;
  if (payment != NULL && cd_json_member_string (payment, "account") != NULL)
    {
      const char *bank = cd_json_member_string (payment, "bank");
      const char *branch = cd_json_member_string (payment, "branch");
      g_autofree char *where = bank != NULL && branch != NULL
                               ? g_strdup_printf ("%s, %s", bank, branch)
                               : g_strdup (bank != NULL ? bank : branch);

      add_string (builder, "payment", "account");
      add_string (builder, "account", cd_json_member_string (payment, "account"));
      add_string (builder, "bank", where);
    }
  else
    add_string (builder, "payment", "unit");

  json_builder_set_member_name (builder, "accepted");
  json_builder_add_boolean_value (builder, accepted);
  if (!accepted)
    add_string (builder, "reason", reason);
  json_builder_end_object (builder);

  if (accepted)
    build->n_accepted++;
  else
    build->n_refused++;
  if (!cd_statement_is_null (select, COL_DECIDED_BY))
    count_signer (build->preparers, cd_statement_get_int64 (select, COL_DECIDED_BY),
                  cd_statement_get_text (select, COL_DECIDED_AT));
  if (!cd_statement_is_null (select, COL_DECISION))
    {
      gint64 decision = cd_statement_get_int64 (select, COL_DECISION);

      g_array_append_val (build->decisions, decision);
    }
  return TRUE;
}

static gboolean
add_rows (Build       *build,
          const char  *language,
          GError     **error)
{
  g_autoptr(CdStatement) select = prepare (build, row_sql, error);
  CdStep result;

  if (select == NULL)
    return FALSE;
  cd_statement_bind_int64 (select, 1, build->list_id);
  json_builder_set_member_name (build->builder, "rows");
  json_builder_begin_array (build->builder);
  while ((result = step (build, select, error)) == CD_STEP_ROW)
    if (!add_row (build, select, language, error))
      return FALSE;
  json_builder_end_array (build->builder);
  return result == CD_STEP_DONE;
}

/* Who approved the listed rows' decisions: the supervisor who approved most of them signs. */
static gboolean
count_approvers (Build   *build,
                 GError **error)
{
  g_autoptr(CdStatement) select = prepare (
    build, "SELECT approver_id, approved_at FROM approvals WHERE decision_id = ?1", error);

  if (select == NULL)
    return FALSE;
  for (guint i = 0; i < build->decisions->len; i++)
    {
      CdStep result;

      cd_statement_reset (select);
      cd_statement_bind_int64 (select, 1, g_array_index (build->decisions, gint64, i));
      while ((result = step (build, select, error)) == CD_STEP_ROW)
        count_signer (build->approvers, cd_statement_get_int64 (select, 0),
                      cd_statement_get_text (select, 1));
      if (result == CD_STEP_FAILED)
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_signer (Build        *build,
            const char   *member,
            GHashTable   *signers,
            GError      **error)
{
  const Signer *signer = top_signer (signers);
  g_autoptr(CdStatement) select = NULL;
  g_autofree char *date = NULL;
  CdStep result;

  if (signer == NULL)
    return TRUE;
  select = prepare (build, "SELECT full_name FROM users WHERE id = ?1", error);
  if (select == NULL)
    return FALSE;
  cd_statement_bind_int64 (select, 1, signer->user_id);
  result = step (build, select, error);
  if (result == CD_STEP_FAILED)
    return FALSE;
  date = vietnam_day (signer->last);
  json_builder_set_member_name (build->builder, member);
  json_builder_begin_object (build->builder);
  if (result == CD_STEP_ROW)
    add_string (build->builder, "name", cd_statement_get_text (select, 0));
  add_string (build->builder, "date", date);
  json_builder_end_object (build->builder);
  return TRUE;
}

static JsonNode *
build_data (Build       *build,
            CdRulePack  *pack,
            const char  *language,
            const char  *decided_on,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(CdStoredList) list = cd_employer_lists_get (build->db, build->list_id, &local_error);
  g_autoptr(JsonNode) root = NULL;

  if (list == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, build->list_id);

          g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_NOT_FOUND,
                       _("No employer list %s in this store"), number);
          return NULL;
        }
      query_failed (build, error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (g_strcmp0 (list->parse_state, "parsed") != 0)
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_NOT_PARSED,
                   _("%s was not read (%s): it has no rows to decide"), build->list_name,
                   list->parse_error != NULL ? list->parse_error : list->parse_state);
      return NULL;
    }

  json_builder_begin_object (build->builder);
  add_string (build->builder, "language", language);
  if (!add_office (build, error) || !add_unit (build, list, error))
    return NULL;
  add_meta (build, list, pack, decided_on);
  if (!add_rows (build, language, error) || !count_approvers (build, error)
      || !add_signer (build, "preparer", build->preparers, error)
      || !add_signer (build, "approver", build->approvers, error))
    return NULL;
  /* Not read by the renderer: what the caller tells the officer. */
  add_int (build->builder, "pending", build->n_pending);
  json_builder_end_object (build->builder);

  if (build->n_accepted + build->n_refused == 0)
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_NOTHING_DECIDED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s has no decided row yet (%u row still waiting)",
                                "%s has no decided row yet (%u rows still waiting)",
                                build->n_pending),
                   build->list_name, build->n_pending);
      return NULL;
    }
  root = json_builder_get_root (build->builder);
  return g_steal_pointer (&root);
}

JsonNode *
cd_list_decision_data (CdDatabase  *db,
                       gint64       list_id,
                       CdRulePack  *pack,
                       const char  *language,
                       const char  *decided_on,
                       GError     **error)
{
  g_auto(Build) build = { 0 };
  g_autoptr(GError) local_error = NULL;
  g_autofree char *today = NULL;
  CdDay day;
  gboolean own_transaction;
  JsonNode *root;

  g_return_val_if_fail (CD_IS_DATABASE (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (language == NULL)
    language = "vi";
  if (!g_str_equal (language, "vi") && !g_str_equal (language, "en"))
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_INVALID,
                   _("Unknown language “%s” for the decision list (expected vi or en)"),
                   language);
      return NULL;
    }
  if (decided_on == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      decided_on = today = cd_date_to_string (cd_date_from_date_time (now));
    }
  else if (!cd_date_parse (decided_on, &day))
    {
      g_set_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_INVALID,
                   _("“%s” is not a date YYYY-MM-DD for the decision list"), decided_on);
      return NULL;
    }

  build.db = db;
  build.list_id = list_id;
  {
    g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, list_id);

    build.list_name = g_strdup_printf (_("Employer list %s"), number);
  }
  build.builder = json_builder_new ();
  build.preparers = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                           (GDestroyNotify) signer_free);
  build.approvers = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                           (GDestroyNotify) signer_free);
  build.decisions = g_array_new (FALSE, FALSE, sizeof (gint64));

  /* One snapshot: the rows, their claims, decisions and approvals as of one moment. Inside a
   * transaction the caller already has open, that one serves. */
  own_transaction = !cd_database_in_transaction (db);
  if (own_transaction && !cd_database_begin (db, &local_error))
    {
      query_failed (&build, error, g_steal_pointer (&local_error));
      return NULL;
    }
  root = build_data (&build, pack, language, decided_on, error);
  if (own_transaction)
    cd_database_commit (db, NULL);
  return root;
}

typedef struct
{
  char       *db_path;
  gint64      list_id;
  CdRulePack *pack;
  char       *language;
  char       *decided_on;
} DataJob;

static void
data_job_free (DataJob *job)
{
  g_free (job->db_path);
  g_clear_pointer (&job->pack, cd_rule_pack_unref);
  g_free (job->language);
  g_free (job->decided_on);
  g_free (job);
}

static void
data_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DataJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GError *error = NULL;
  JsonNode *root = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  reader = cd_database_open_reader (job->db_path, &error);
  if (reader != NULL)
    root = cd_list_decision_data (reader, job->list_id, job->pack, job->language,
                                  job->decided_on, &error);
  if (root == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, root, (GDestroyNotify) json_node_unref);
}

void
cd_list_decision_data_async (const char          *db_path,
                             gint64               list_id,
                             CdRulePack          *pack,
                             const char          *language,
                             const char          *decided_on,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DataJob *job;

  g_return_if_fail (db_path != NULL);

  job = g_new0 (DataJob, 1);
  job->db_path = g_strdup (db_path);
  job->list_id = list_id;
  job->pack = pack != NULL ? cd_rule_pack_ref (pack) : NULL;
  job->language = g_strdup (language);
  job->decided_on = g_strdup (decided_on);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_list_decision_data_async);
  g_task_set_task_data (task, job, (GDestroyNotify) data_job_free);
  g_task_run_in_thread (task, data_thread);
}

JsonNode *
cd_list_decision_data_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_list_decision_data_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
