/* cd-fact-form.c — the editable facts of a claim. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-date.h"
#include "cd-fact-form.h"
#include "cd-fact-schema.h"
#include "cd-format.h"
#include "cd-list-box.h"
#include "cd-resources.h"

/* One row of the form and what it says now. */
typedef struct
{
  const CdFactField *field;
  char              *value_path;  /* where the engine's messages name it */
  GtkWidget         *row;         /* AdwEntryRow, or an AdwActionRow with `toggle` */
  GtkWidget         *toggle;      /* the GtkSwitch of a yes/no fact */
  GtkWidget         *reason;      /* why the row is marked */
  gboolean           invalid;     /* its text does not read */
  gboolean           refused;     /* the engine refused its value */
} FormRow;

struct _CdFactForm
{
  AdwPreferencesGroup  parent_instance;

  /* Template widgets */
  GtkListBox          *list;

  CdFactsDraft        *draft;
  GPtrArray           *rows;     /* FormRow */
  gboolean             filling;  /* rows being made: their signals are not edits */
};

G_DEFINE_FINAL_TYPE (CdFactForm, cd_fact_form, ADW_TYPE_PREFERENCES_GROUP)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
form_row_free (FormRow *row)
{
  g_free (row->value_path);
  g_free (row);
}

GtkWidget *
cd_fact_form_new (void)
{
  return g_object_new (CD_TYPE_FACT_FORM, NULL);
}

static gboolean
is_period (const CdFactField *field)
{
  return field->kind == CD_FACT_PERIOD_FROM || field->kind == CD_FACT_PERIOD_TO;
}

/* ---- Reading and writing the facts ---------------------------------------------------------- */

/* The node that holds the field's value, or NULL. */
static JsonNode *
value_node (CdFactForm        *self,
            const CdFactField *field)
{
  JsonNode *node = cd_facts_json_get (self->draft->facts, field->path);
  JsonArray *array;

  if (node == NULL || !is_period (field))
    return node;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  return json_object_get_member (json_array_get_object_element (array, 0),
                                 field->kind == CD_FACT_PERIOD_FROM ? "from" : "to");
}

/* The value as the officer reads it: dates as 20/11/2026. */
static char *
value_text (CdFactForm        *self,
            const CdFactField *field)
{
  JsonNode *node = value_node (self, field);
  const char *text;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  switch (field->kind)
    {
    case CD_FACT_DATE:
    case CD_FACT_PERIOD_FROM:
    case CD_FACT_PERIOD_TO:
      text = json_node_get_string (node);
      if (text != NULL && strlen (text) == 10)
        return cd_format_date_vi (text);
      return g_strdup (text != NULL ? text : "");
    case CD_FACT_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case CD_FACT_TEXT:
      return g_strdup (json_node_get_string (node));
    case CD_FACT_BOOL:
    default:
      return g_strdup ("");
    }
}

/* "20/11/2026" or "2026-11-20" → "2026-11-20"; NULL when not a real day of these two centuries. */
static char *
display_to_iso (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  CdDay day;

  if (!cd_date_parse_display (trimmed, &day) || cd_date_year (day) < 1900
      || cd_date_year (day) > 2199)
    return NULL;
  return cd_date_to_string (day);
}

/* What the row says as a JSON value; NULL with the reason when it does not read. */
static JsonNode *
read_row (FormRow  *row,
          char    **reason)
{
  g_autoptr(JsonNode) value = json_node_new (JSON_NODE_VALUE);
  const char *text = row->toggle == NULL ? gtk_editable_get_text (GTK_EDITABLE (row->row)) : "";

  switch (row->field->kind)
    {
    case CD_FACT_BOOL:
      json_node_set_boolean (value, gtk_switch_get_active (GTK_SWITCH (row->toggle)));
      break;
    case CD_FACT_INT:
      {
        gint64 number = 0;

        if (!g_ascii_string_to_signed (text, 10, 0, 100000, &number, NULL))
          {
            *reason = g_strdup (_("Expected a whole number"));
            return NULL;
          }
        json_node_set_int (value, number);
      }
      break;
    case CD_FACT_DATE:
    case CD_FACT_PERIOD_FROM:
    case CD_FACT_PERIOD_TO:
      {
        g_autofree char *iso = display_to_iso (text);

        if (iso == NULL)
          {
            *reason = g_strdup (_("Expected a date such as 20/11/2026"));
            return NULL;
          }
        json_node_set_string (value, iso);
      }
      break;
    case CD_FACT_TEXT:
    default:
      if (*text == '\0')
        {
          *reason = g_strdup (_("Required"));
          return NULL;
        }
      json_node_set_string (value, text);
      break;
    }
  return g_steal_pointer (&value);
}

/* Puts value (taken) where the field's value goes; a period's first item is made as needed. */
static void
store_value (CdFactForm        *self,
             const CdFactField *field,
             JsonNode          *value)
{
  JsonNode *list;
  JsonArray *array;

  if (!is_period (field))
    {
      cd_facts_json_set (self->draft->facts, field->path, value);
      return;
    }
  list = cd_facts_json_get (self->draft->facts, field->path);
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      JsonNode *fresh = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (fresh, json_array_new ());
      cd_facts_json_set (self->draft->facts, field->path, fresh);
      list = cd_facts_json_get (self->draft->facts, field->path);
    }
  array = json_node_get_array (list);
  if (json_array_get_length (array) == 0)
    json_array_add_object_element (array, json_object_new ());
  json_object_set_member (json_array_get_object_element (array, 0),
                          field->kind == CD_FACT_PERIOD_FROM ? "from" : "to", value);
}

/* ---- Rows ----------------------------------------------------------------------------------- */

static void
show_mark (FormRow    *row,
           const char *reason)
{
  if (reason != NULL)
    {
      gtk_widget_add_css_class (row->row, "error");
      gtk_label_set_text (GTK_LABEL (row->reason), reason);
      gtk_widget_set_visible (row->reason, TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (row->row, "error");
      gtk_widget_set_visible (row->reason, FALSE);
    }
}

static FormRow *
find_row (CdFactForm *self,
          GtkWidget  *widget)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      FormRow *row = g_ptr_array_index (self->rows, i);

      if (row->row == widget || row->toggle == widget)
        return row;
    }
  return NULL;
}

/* The officer changed a row: its value goes into the facts when it reads, else it is marked. */
static void
on_row_edited (CdFactForm *self,
               GtkWidget  *widget)
{
  FormRow *row = find_row (self, widget);
  g_autofree char *reason = NULL;
  JsonNode *value;

  if (row == NULL || self->filling || self->draft == NULL)
    return;
  value = read_row (row, &reason);
  if (value != NULL)
    store_value (self, row->field, value);
  row->invalid = value == NULL;
  row->refused = FALSE;
  show_mark (row, reason);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_switch_toggled (CdFactForm *self,
                   GParamSpec *pspec,
                   GtkSwitch  *toggle)
{
  on_row_edited (self, GTK_WIDGET (toggle));
}

static GtkWidget *
missing_note (void)
{
  GtkWidget *note = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_set_tooltip_text (note, _("No document gives this; please confirm"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("No document gives this; please confirm"), -1);
  gtk_widget_add_css_class (note, "warning");
  return note;
}

static void
add_row (CdFactForm        *self,
         const CdFactField *field)
{
  FormRow *row = g_new0 (FormRow, 1);
  gint64 source = cd_facts_draft_source_of (self->draft, field->path);
  g_autofree char *from = source > 0 ? g_strdup_printf (_("From document %u"), (guint) source)
                                     : NULL;

  row->field = field;
  row->value_path = cd_fact_field_dup_value_path (field);
  row->reason = gtk_label_new (NULL);
  gtk_widget_add_css_class (row->reason, "error");
  gtk_widget_add_css_class (row->reason, "caption");
  gtk_widget_set_visible (row->reason, FALSE);
  gtk_label_set_wrap (GTK_LABEL (row->reason), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (row->reason), 30);

  if (field->kind == CD_FACT_BOOL)
    {
      JsonNode *node = value_node (self, field);

      row->row = adw_action_row_new ();
      row->toggle = gtk_switch_new ();
      gtk_widget_set_valign (row->toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (row->toggle), node != NULL && JSON_NODE_HOLDS_VALUE (node)
                                                       && json_node_get_boolean (node));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->reason);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), row->toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row->row), row->toggle);
      if (from != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), from);
      g_signal_connect_object (row->toggle, "notify::active", G_CALLBACK (on_switch_toggled), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      g_autofree char *text = value_text (self, field);

      row->row = adw_entry_row_new ();
      gtk_editable_set_text (GTK_EDITABLE (row->row), text);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row->row), row->reason);
      gtk_widget_set_tooltip_text (row->row, from);
      g_signal_connect_object (row->row, "changed", G_CALLBACK (on_row_edited), self,
                               G_CONNECT_SWAPPED);
    }
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row->row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row), cd_fact_field_get_label (field));

  if (cd_facts_draft_is_missing (self->draft, field->path))
    {
      if (ADW_IS_ENTRY_ROW (row->row))
        adw_entry_row_add_prefix (ADW_ENTRY_ROW (row->row), missing_note ());
      else
        adw_action_row_add_prefix (ADW_ACTION_ROW (row->row), missing_note ());
    }
  /* The fact's path names the row, for whoever looks for it. */
  gtk_widget_set_name (row->row, field->path);
  gtk_list_box_append (self->list, row->row);
  g_ptr_array_add (self->rows, row);
}

/* ---- Public API ----------------------------------------------------------------------------- */

void
cd_fact_form_clear (CdFactForm *self)
{

  g_return_if_fail (CD_IS_FACT_FORM (self));

  g_ptr_array_set_size (self->rows, 0);
  cd_list_box_remove_all (self->list);
  g_clear_pointer (&self->draft, cd_facts_draft_free);
}

void
cd_fact_form_set_draft (CdFactForm   *self,
                        CdBenefit     benefit,
                        CdFactsDraft *draft)
{
  const CdFactField *fields;
  guint n;

  g_return_if_fail (CD_IS_FACT_FORM (self));
  g_return_if_fail (draft != NULL && draft->facts != NULL);

  cd_fact_form_clear (self);
  self->draft = draft;
  self->filling = TRUE;
  fields = cd_fact_schema_get_common_fields (&n);
  for (guint i = 0; i < n; i++)
    add_row (self, &fields[i]);
  fields = cd_fact_schema_get_case_fields (benefit, &n);
  for (guint i = 0; i < n; i++)
    add_row (self, &fields[i]);
  self->filling = FALSE;
}

JsonNode *
cd_fact_form_get_facts (CdFactForm *self)
{
  g_return_val_if_fail (CD_IS_FACT_FORM (self), NULL);
  return self->draft != NULL ? self->draft->facts : NULL;
}

gboolean
cd_fact_form_get_valid (CdFactForm *self)
{
  g_return_val_if_fail (CD_IS_FACT_FORM (self), FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    if (((FormRow *) g_ptr_array_index (self->rows, i))->invalid)
      return FALSE;
  return TRUE;
}

/* Whether `message` is about the value at `path`: the path, then where in it or what is wrong. */
static gboolean
names_path (const char *message,
            const char *path)
{
  size_t length = strlen (path);

  return strncmp (message, path, length) == 0 && strchr (":.[", message[length]) != NULL;
}

gboolean
cd_fact_form_mark_refusal (CdFactForm *self,
                           const char *message)
{
  g_return_val_if_fail (CD_IS_FACT_FORM (self), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FormRow *row = g_ptr_array_index (self->rows, i);

      if (names_path (message, row->value_path))
        {
          row->refused = TRUE;
          show_mark (row, message);
          return TRUE;
        }
    }
  return FALSE;
}

void
cd_fact_form_clear_refusals (CdFactForm *self)
{
  g_return_if_fail (CD_IS_FACT_FORM (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      FormRow *row = g_ptr_array_index (self->rows, i);

      if (row->refused && !row->invalid)
        show_mark (row, NULL);
      row->refused = FALSE;
    }
}

gboolean
cd_fact_form_set_text (CdFactForm *self,
                       const char *path,
                       const char *text)
{
  g_return_val_if_fail (CD_IS_FACT_FORM (self), FALSE);
  g_return_val_if_fail (path != NULL && text != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      FormRow *row = g_ptr_array_index (self->rows, i);

      if (row->toggle == NULL && g_str_equal (row->field->path, path))
        {
          gtk_editable_set_text (GTK_EDITABLE (row->row), text);
          return TRUE;
        }
    }
  return FALSE;
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
cd_fact_form_dispose (GObject *object)
{
  CdFactForm *self = CD_FACT_FORM (object);

  g_ptr_array_set_size (self->rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_FACT_FORM);

  G_OBJECT_CLASS (cd_fact_form_parent_class)->dispose (object);
}

static void
cd_fact_form_finalize (GObject *object)
{
  CdFactForm *self = CD_FACT_FORM (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->draft, cd_facts_draft_free);

  G_OBJECT_CLASS (cd_fact_form_parent_class)->finalize (object);
}

static void
cd_fact_form_class_init (CdFactFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_fact_form_dispose;
  object_class->finalize = cd_fact_form_finalize;

  /**
   * CdFactForm::changed:
   *
   * The officer changed a fact; cd_fact_form_get_valid says whether every row reads.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-fact-form.ui");
  gtk_widget_class_bind_template_child (widget_class, CdFactForm, list);
}

static void
cd_fact_form_init (CdFactForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) form_row_free);
}
