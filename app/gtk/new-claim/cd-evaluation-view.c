/* cd-evaluation-view.c — a claim's evaluation, line by line. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-evaluation-view.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"
#include "cd-rule-texts.h"

struct _CdEvaluationView
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *list;
  GtkSpinner          *spinner;

  guint                n_rows;
};

G_DEFINE_FINAL_TYPE (CdEvaluationView, cd_evaluation_view, ADW_TYPE_PREFERENCES_GROUP)

GtkWidget *
cd_evaluation_view_new (void)
{
  return g_object_new (CD_TYPE_EVALUATION_VIEW, NULL);
}

static void
add_row (CdEvaluationView *self,
         const char       *title,
         const char       *subtitle,
         const char       *suffix,
         gboolean          property)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  if (property)
    gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (self->list, row);
  self->n_rows++;
}

void
cd_evaluation_view_clear (CdEvaluationView *self)
{

  g_return_if_fail (CD_IS_EVALUATION_VIEW (self));

  cd_list_box_remove_all (self->list);
  self->n_rows = 0;
}

/* Reasons and assumptions: their sentence in the officer's language, under a heading. */
static void
add_messages (CdEvaluationView *self,
              JsonObject       *result,
              const char       *member,
              const char       *heading)
{
  JsonArray *array = json_object_has_member (result, member)
                     ? json_object_get_array_member (result, member) : NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *code = json_object_get_string_member_with_default (item, "code", "");
      const char *message =
        cd_label_pick (json_object_get_string_member_with_default (item, "message_vi", NULL),
                       json_object_get_string_member_with_default (item, "message_en", NULL),
                       code);

      add_row (self, message, heading, NULL, FALSE);
      /* As on the claim's computation: an assumption the next rule pack may change. */
      if (cd_rule_text_is_provisional (code))
        {
          GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list,
                                                              (int) self->n_rows - 1);
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Re-evaluate when central sends the next rule pack"),
                                          -1);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
        }
    }
}

static void
add_line (CdEvaluationView *self,
          JsonObject       *line)
{
  g_autofree char *amount =
    cd_format_money_vnd (json_object_get_int_member_with_default (line, "amount", 0));
  g_autofree char *from =
    cd_format_date_vi (json_object_get_string_member_with_default (line, "from", ""));
  g_autofree char *to =
    cd_format_date_vi (json_object_get_string_member_with_default (line, "to", ""));
  const char *citation = json_object_get_string_member_with_default (line, "citation", "");
  g_autofree char *subtitle = g_strdup_printf ("%s – %s · %s", from, to, citation);
  const char *code = json_object_get_string_member_with_default (line, "code", "");
  const CdRuleText *text = cd_rule_text_find (code);
  const char *title = text == NULL ? code
                      : cd_label_pick (text->message_vi, text->message_en, code);

  add_row (self, title, subtitle, amount, FALSE);
}

static void
add_document (CdEvaluationView *self,
              JsonObject       *document)
{
  gboolean has_present = json_object_has_member (document, "present");
  gboolean present = json_object_get_boolean_member_with_default (document, "present", FALSE);
  const char *kind = json_object_get_string_member_with_default (document, "kind", "");
  const char *why = json_object_get_string_member_with_default (document, "why", NULL);

  add_row (self, cd_proof_kind_label (kind), why,
           !has_present ? _("Required") : present ? _("Present") : _("Missing"), FALSE);
}

void
cd_evaluation_view_set_result (CdEvaluationView *self,
                               JsonNode         *result)
{
  JsonObject *object;
  JsonArray *lines;
  JsonArray *documents;
  g_autofree char *total = NULL;

  g_return_if_fail (CD_IS_EVALUATION_VIEW (self));
  g_return_if_fail (result != NULL && JSON_NODE_HOLDS_OBJECT (result));

  object = json_node_get_object (result);
  lines = json_object_has_member (object, "lines")
          ? json_object_get_array_member (object, "lines") : NULL;
  documents = json_object_has_member (object, "required_documents")
              ? json_object_get_array_member (object, "required_documents") : NULL;
  total = cd_format_money_vnd (json_object_get_int_member_with_default (object, "total", 0));

  cd_evaluation_view_clear (self);
  add_row (self, _("Total"),
           json_object_get_boolean_member_with_default (object, "eligible", FALSE)
           ? _("Eligible") : _("Not eligible"),
           total, TRUE);
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    add_line (self, json_array_get_object_element (lines, i));
  add_messages (self, object, "reasons", _("Reason"));
  add_messages (self, object, "assumptions", _("Assumption"));
  for (guint i = 0; documents != NULL && i < json_array_get_length (documents); i++)
    add_document (self, json_array_get_object_element (documents, i));
}

void
cd_evaluation_view_set_error (CdEvaluationView *self,
                              const char       *message)
{
  g_return_if_fail (CD_IS_EVALUATION_VIEW (self));
  g_return_if_fail (message != NULL);

  cd_evaluation_view_clear (self);
  add_row (self, _("Cannot evaluate"), message, NULL, FALSE);
}

void
cd_evaluation_view_set_busy (CdEvaluationView *self,
                             gboolean          busy)
{
  g_return_if_fail (CD_IS_EVALUATION_VIEW (self));
  gtk_spinner_set_spinning (self->spinner, busy);
}

guint
cd_evaluation_view_get_n_rows (CdEvaluationView *self)
{
  g_return_val_if_fail (CD_IS_EVALUATION_VIEW (self), 0);
  return self->n_rows;
}

static void
cd_evaluation_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_EVALUATION_VIEW);

  G_OBJECT_CLASS (cd_evaluation_view_parent_class)->dispose (object);
}

static void
cd_evaluation_view_class_init (CdEvaluationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_evaluation_view_dispose;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-evaluation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CdEvaluationView, list);
  gtk_widget_class_bind_template_child (widget_class, CdEvaluationView, spinner);
}

static void
cd_evaluation_view_init (CdEvaluationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
