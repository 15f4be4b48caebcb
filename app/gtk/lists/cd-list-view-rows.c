/* cd-list-view-rows.c — what a list view's row says: its cells' text, its state, its findings in
 * full for the officer deciding it. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-view-private.h"

const CdStoredListRow *
cd_list_view_row_at (CdListView *self,
                     guint       position)
{
  g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  /* The store keeps the object, and the object its row. */
  return object != NULL ? g_object_get_data (object, "cd-row") : NULL;
}

const CdStoredListRow *
cd_list_view_selected_row (CdListView *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  return position != GTK_INVALID_LIST_POSITION ? cd_list_view_row_at (self, position) : NULL;
}

gboolean
cd_list_view_row_has_problems (const CdStoredListRow *row)
{
  return row->problems != NULL && JSON_NODE_HOLDS_ARRAY (row->problems)
         && json_array_get_length (json_node_get_array (row->problems)) > 0;
}

gboolean
cd_list_view_row_is_worked (const CdStoredListRow *row)
{
  return g_strcmp0 (row->state, "ready") == 0 || g_strcmp0 (row->state, "findings") == 0;
}

gboolean
cd_list_view_row_is_decided (const CdStoredListRow *row)
{
  return g_strcmp0 (row->state, "accepted") == 0 || g_strcmp0 (row->state, "refused") == 0
         || g_strcmp0 (row->state, "returned") == 0;
}

static const char *
state_label (const CdStoredListRow *row)
{
  static const struct { const char *state; const char *label; } labels[] = {
    { "new", N_("To work") },
    { "fetching", N_("Fetching evidence") },
    { "evaluated", N_("Evaluated") },
    { "ready", N_("Ready") },
    { "findings", N_("To look at") },
    { "accepted", N_("Accepted") },
    { "returned", N_("Returned to employer") },
    { "refused", N_("Refused") },
  };

  if (cd_list_view_row_has_problems (row))
    return _("Not readable");
  if (g_strcmp0 (row->state, "new") == 0 && row->failure != NULL)
    return _("Not worked yet");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (row->state, labels[i].state) == 0)
      return _(labels[i].label);
  return row->state;
}

static const char *
json_text (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* A finding's sentence in the officer's language (both are stored), else its code. */
static const char *
finding_message (JsonObject *finding)
{
  const char *code = json_text (finding, "code");
  const char *any = json_text (finding, "message");

  return cd_label_pick (json_text (finding, "message_vi"),
                        json_text (finding, "message_en") != NULL ? json_text (finding,
                                                                               "message_en")
                                                                  : any,
                        code != NULL ? code : "");
}

static guint
n_findings (const CdStoredListRow *row)
{
  return row->findings != NULL && JSON_NODE_HOLDS_ARRAY (row->findings)
         ? json_array_get_length (json_node_get_array (row->findings)) : 0;
}

static char *
format_days (const CdStoredListRow *row)
{
  JsonObject *fields = row->fields != NULL && JSON_NODE_HOLDS_OBJECT (row->fields)
                       ? json_node_get_object (row->fields) : NULL;
  JsonNode *node = fields != NULL ? json_object_get_member (fields, "total") : NULL;
  JsonObject *total = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                     : NULL;
  gint64 months, days;

  if (total == NULL)
    return g_strdup ("");
  months = json_object_get_int_member_with_default (total, "months", 0);
  days = json_object_get_int_member_with_default (total, "days", 0);
  /* As the employer writes it: "10", or "1-10" for a month and ten days. */
  if (months > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, months, days);
  return g_strdup_printf ("%" G_GINT64_FORMAT, days);
}

static char *
format_date (const char *iso)
{
  CdDay day = 0;
  char text[11];

  if (iso == NULL || !cd_date_parse (iso, &day))
    return g_strdup ("?");
  cd_date_format_display (day, text);
  return g_strdup (text);
}

char *
cd_list_view_format_cell (const CdStoredListRow *row,
                          CdListViewColumn       column)
{
  switch (column)
    {
    case CD_LIST_VIEW_COLUMN_NUMBER:
      return g_strdup_printf ("%u", row->number);
    case CD_LIST_VIEW_COLUMN_NAME:
      return g_strdup (row->name != NULL ? row->name : "");
    case CD_LIST_VIEW_COLUMN_SI_CODE:
      return g_strdup (row->si_code != NULL ? row->si_code : "");
    case CD_LIST_VIEW_COLUMN_BENEFIT:
      {
        CdBenefit benefit;
        const char *label = row->benefit != NULL && cd_benefit_from_string (row->benefit,
                                                                            &benefit)
                            ? cd_benefit_get_label (benefit) : row->benefit;

        /* "Sickness (A.I)": the benefit, and the section of the list it is in. */
        return g_strdup_printf ("%s (%s)", label != NULL ? label : "",
                                row->section != NULL ? row->section : "");
      }
    case CD_LIST_VIEW_COLUMN_PERIOD:
      {
        g_autofree char *from = format_date (row->period_from);
        g_autofree char *to = format_date (row->period_to);

        /* TRANSLATORS: a period of leave, "01/11/2026 – 10/11/2026". */
        return g_strdup_printf (_("%s – %s"), from, to);
      }
    case CD_LIST_VIEW_COLUMN_DAYS:
      return format_days (row);
    case CD_LIST_VIEW_COLUMN_STATE:
      return g_strdup (state_label (row));
    case CD_LIST_VIEW_COLUMN_AMOUNT:
      return row->amount >= 0 ? cd_format_money_vnd (row->amount) : g_strdup ("");
    case CD_LIST_VIEW_COLUMN_FINDINGS:
      {
        guint n = n_findings (row);
        JsonObject *first;

        if (n == 0)
          return g_strdup (row->failure != NULL ? row->failure : "");
        first = json_array_get_object_element (json_node_get_array (row->findings), 0);
        if (n == 1)
          return g_strdup (finding_message (first));
        /* TRANSLATORS: the first of a row's findings, and how many more there are. */
        return g_strdup_printf (ngettext ("%s (and %u more)", "%s (and %u more)", n - 1),
                                finding_message (first), n - 1);
      }
    case CD_LIST_VIEW_COLUMN_CLAIM:
      {
        CdClaimStatus status;

        if (row->claim_number == NULL)
          return g_strdup ("");
        if (row->claim_status == NULL || !cd_claim_status_from_string (row->claim_status, &status))
          return g_strdup (row->claim_number);
        return g_strdup_printf ("%s, %s", row->claim_number, cd_claim_status_get_label (status));
      }
    case CD_LIST_VIEW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Everything about the selected row the officer decides on, in full: one line each. */
char *
cd_list_view_describe_row (const CdStoredListRow *row)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint n = n_findings (row);

  if (cd_list_view_row_has_problems (row))
    {
      JsonArray *problems = json_node_get_array (row->problems);

      for (guint i = 0; i < json_array_get_length (problems); i++)
        {
          JsonObject *problem = json_array_get_object_element (problems, i);

          /* TRANSLATORS: a cell of the employer's list the office could not read, and why. */
          g_ptr_array_add (lines, g_strdup_printf (_("Column %s: %s"),
                                                   json_text (problem, "column"),
                                                   json_text (problem, "message")));
        }
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *finding = json_array_get_object_element (json_node_get_array (row->findings), i);
      const char *severity = json_text (finding, "severity");

      g_ptr_array_add (lines, g_strdup_printf ("%s: %s",
                                               g_strcmp0 (severity, "error") == 0 ? _("Error")
                                               : g_strcmp0 (severity, "warning") == 0
                                               ? _("Warning") : _("Note"),
                                               finding_message (finding)));
    }
  if (row->failure != NULL)
    g_ptr_array_add (lines, g_strdup_printf (ngettext ("Not worked yet: %s (tried %u time)",
                                                       "Not worked yet: %s (tried %u times)",
                                                       row->attempts),
                                             row->failure, row->attempts));
  if (row->reason != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("Reason given: %s"), row->reason));
  if (lines->len == 0)
    g_ptr_array_add (lines, g_strdup (cd_list_view_row_is_worked (row)
                                      || cd_list_view_row_is_decided (row)
                                      ? _("Nothing found: the row agrees with the evidence.")
                                      : _("Not worked yet.")));
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}
