/* cd-paper-document-dialog.c — "Record Paper Document". */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-list-box.h"
#include "cd-paper-document.h"
#include "cd-paper-document-dialog.h"
#include "cd-resources.h"

typedef struct
{
  const CdPaperField *spec;
  AdwEntryRow        *row;
  GtkWidget          *reason_row;  /* under the entry row, shown while the field is refused */
  GtkLabel           *reason_label;
  char               *hint;        /* how to type it: the row's accessible description */
  char               *reason;      /* why it was refused at the last check, or NULL */
} Field;

struct _CdPaperDocumentDialog
{
  AdwWindow             parent_instance;

  CdContext            *context;
  char                 *personal_id;
  gint64                claim_id;
  const CdPaperKind    *kind;
  GPtrArray            *fields;          /* Field, in the kind's order */
  GBytes               *scan;
  char                 *scan_name;
  char                 *pending_scan_name;
  GtkFileChooserNative *chooser;
  GCancellable         *cancellable;     /* the save and the scan's read; cancelled in dispose */
  gboolean              saving;
  gboolean              tried;           /* Save was pressed once: keep the marks up to date */

  /* Template widgets */
  GtkWidget            *cancel_button;
  GtkWidget            *choose_scan_button;
  AdwPreferencesGroup  *document_group;
  GtkLabel             *error_label;
  GtkRevealer          *error_revealer;
  GtkListBox           *fields_list;
  GtkListBox           *kind_list;
  AdwComboRow          *kind_row;
  GtkWidget            *remove_scan_button;
  GtkWidget            *save_button;
  AdwActionRow         *scan_row;
};

G_DEFINE_FINAL_TYPE (CdPaperDocumentDialog, cd_paper_document_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_PERSONAL_ID,
  PROP_CLAIM_ID,
  N_PROPS
};

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
field_free (Field *field)
{
  g_free (field->hint);
  g_free (field->reason);
  g_free (field);
}

static void
update_actions (CdPaperDocumentDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "paper.save", !self->saving && self->kind != NULL);
  gtk_widget_action_set_enabled (widget, "paper.choose-scan", !self->saving);
  gtk_widget_action_set_enabled (widget, "paper.remove-scan", !self->saving && self->scan != NULL);
}

static void
show_message (CdPaperDocumentDialog *self,
              const char            *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static GHashTable *
collect_values (CdPaperDocumentDialog *self)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      g_hash_table_insert (values, (gpointer) field->spec->name,
                           (gpointer) gtk_editable_get_text (GTK_EDITABLE (field->row)));
    }
  return values;
}

/* A list box moves Tab to the next sensitive row and leaves the list when that row takes no
 * focus: a hidden reason is kept insensitive so Tab goes on to the next field, and a shown one
 * takes the focus on the way, so it is read where it stands. */
static void
set_reason_shown (Field    *field,
                  gboolean  shown)
{
  gtk_widget_set_visible (field->reason_row, shown);
  gtk_widget_set_sensitive (field->reason_row, shown);
}

/* Marks each field refused in `invalid` (CdPaperInvalid, may be NULL) and clears the others. */
static void
apply_marks (CdPaperDocumentDialog *self,
             GPtrArray             *invalid)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const char *reason = NULL;

      for (guint j = 0; invalid != NULL && j < invalid->len; j++)
        {
          CdPaperInvalid *bad = g_ptr_array_index (invalid, j);

          if (g_str_equal (bad->field, field->spec->name))
            {
              reason = bad->reason;
              break;
            }
        }
      g_free (field->reason);
      field->reason = g_strdup (reason);
      if (reason != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (field->row), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (field->row), "error");
      gtk_label_set_text (field->reason_label, reason != NULL ? reason : "");
      set_reason_shown (field, reason != NULL);
      /* A screen reader reads why with the row, not only its red colour. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      reason != NULL ? reason : field->hint, -1);
      gtk_accessible_update_state (GTK_ACCESSIBLE (field->row), GTK_ACCESSIBLE_STATE_INVALID,
                                   reason != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                                  : GTK_ACCESSIBLE_INVALID_FALSE, -1);
    }
}

/* Checks the form; returns the fields JSON, or NULL with the rows marked and the list of reasons
 * above the form. */
static JsonNode *
check (CdPaperDocumentDialog *self,
       gboolean               say_why)
{
  g_autoptr(GHashTable) values = collect_values (self);
  g_autoptr(GPtrArray) invalid = NULL;
  JsonNode *fields = cd_paper_document_validate (self->kind->kind, values, &invalid);

  apply_marks (self, invalid);
  if (fields != NULL)
    {
      show_message (self, NULL);
      return fields;
    }
  if (say_why)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                                 "Not saved: %u field needs correcting.",
                                                 "Not saved: %u fields need correcting.",
                                                 invalid->len), invalid->len);
      for (guint i = 0; i < invalid->len; i++)
        {
          CdPaperInvalid *bad = g_ptr_array_index (invalid, i);
          const CdPaperField *spec = cd_paper_kind_find_field (self->kind, bad->field);

          g_string_append_printf (text, "\n%s: %s",
                                  spec != NULL ? cd_paper_field_get_label (spec) : bad->field,
                                  bad->reason);
        }
      show_message (self, text->str);
    }
  return NULL;
}

static void
on_field_changed (GtkEditable           *editable,
                  CdPaperDocumentDialog *self)
{
  g_autoptr(JsonNode) fields = NULL;

  /* Once Save was refused, each change shows at once whether it is right now. */
  if (self->tried && !self->saving)
    fields = check (self, FALSE);
}

/* Enter moves to the next field; in the last one it saves. */
static void
on_entry_activated (AdwEntryRow           *row,
                    CdPaperDocumentDialog *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->row != row)
        continue;
      if (i + 1 < self->fields->len)
        gtk_widget_grab_focus (GTK_WIDGET (((Field *) g_ptr_array_index (self->fields,
                                                                         i + 1))->row));
      else
        gtk_widget_activate_action (GTK_WIDGET (self), "paper.save", NULL);
      return;
    }
}

static char *
field_title (const CdPaperField *spec)
{
  const char *label = cd_paper_field_get_label (spec);

  /* How to type it is in the row itself: a date may be typed two ways. */
  if (spec->type == CD_PAPER_FIELD_TEXT)
    return g_strdup_printf (spec->required ? "%s *" : "%s", label);
  return g_strdup_printf (spec->required ? "%s * (%s)" : "%s (%s)", label,
                          cd_paper_field_type_get_hint (spec->type));
}

static void
add_field (CdPaperDocumentDialog *self,
           const CdPaperField    *spec)
{
  Field *field = g_new0 (Field, 1);
  g_autofree char *title = field_title (spec);
  GtkWidget *label;

  field->spec = spec;
  field->hint = g_strdup_printf ("%s%s", spec->required ? _("Required. ") : "",
                                 cd_paper_field_type_get_hint (spec->type));
  field->row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), title);
  if (spec->type == CD_PAPER_FIELD_NUMBER)
    adw_entry_row_set_input_purpose (field->row, GTK_INPUT_PURPOSE_DIGITS);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, field->hint,
                                  GTK_ACCESSIBLE_PROPERTY_REQUIRED, spec->required, -1);
  g_object_set_data (G_OBJECT (field->row), "cd-field", (gpointer) spec->name);
  g_signal_connect_object (field->row, "changed", G_CALLBACK (on_field_changed), self, 0);
  g_signal_connect_object (field->row, "entry-activated", G_CALLBACK (on_entry_activated), self,
                           0);

  label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  field->reason_label = GTK_LABEL (label);
  field->reason_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (field->reason_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (field->reason_row), label);
  set_reason_shown (field, FALSE);

  gtk_list_box_append (self->fields_list, GTK_WIDGET (field->row));
  gtk_list_box_append (self->fields_list, field->reason_row);
  g_ptr_array_add (self->fields, field);
}

static void
show_kind (CdPaperDocumentDialog *self,
           const CdPaperKind     *kind)
{
  if (kind == self->kind)
    return;
  self->kind = kind;
  self->tried = FALSE;
  show_message (self, NULL);
  g_ptr_array_set_size (self->fields, 0);
  cd_list_box_remove_all (self->fields_list);
  for (const CdPaperField *spec = kind->fields; spec->name != NULL; spec++)
    add_field (self, spec);
  update_actions (self);
}

static void
on_kind_selected (AdwComboRow           *row,
                  GParamSpec            *pspec,
                  CdPaperDocumentDialog *self)
{
  guint n = 0;
  const CdPaperKind *kinds = cd_paper_kinds (&n);
  guint selected = adw_combo_row_get_selected (row);

  if (selected < n)
    show_kind (self, &kinds[selected]);
}

/* --- Saving ----------------------------------------------------------------------------------- */

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdPaperDocumentDialog *self = user_data;
  g_autoptr(GPtrArray) invalid = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = cd_paper_document_save_finish (result, &invalid, &error);

  /* The window is gone (dispose cancelled): nobody to tell. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->saving = FALSE;
  update_actions (self);
  if (id == 0)
    {
      if (invalid != NULL)
        apply_marks (self, invalid);
      show_message (self, error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (widget);
  g_autoptr(JsonNode) fields = NULL;
  g_autoptr(GHashTable) values = NULL;
  CdDatabase *writer = cd_context_get_database (self->context);
  CdSession *session = cd_context_get_session (self->context);
  CdPaperEntry entry = { 0 };

  if (self->saving || self->kind == NULL)
    return;
  self->tried = TRUE;
  fields = check (self, TRUE);
  if (fields == NULL)
    {
      /* Straight to the first field to correct. */
      for (guint i = 0; i < self->fields->len; i++)
        {
          Field *field = g_ptr_array_index (self->fields, i);

          if (field->reason != NULL)
            {
              gtk_widget_grab_focus (GTK_WIDGET (field->row));
              break;
            }
        }
      return;
    }
  if (writer == NULL || session == NULL || self->personal_id == NULL)
    {
      show_message (self, _("Sign in to record a paper document"));
      return;
    }

  values = collect_values (self);
  entry.kind = self->kind->kind;
  entry.personal_id = self->personal_id;
  entry.values = values;
  entry.claim_id = self->claim_id;
  entry.scan = self->scan;
  entry.scan_file_name = self->scan_name;
  self->saving = TRUE;
  update_actions (self);
  cd_paper_document_save_async (writer, session, &entry, self->cancellable, on_saved, self);
}

/* --- The scan --------------------------------------------------------------------------------- */

static void
show_scan (CdPaperDocumentDialog *self)
{
  if (self->scan != NULL)
    {
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (self->scan, &length);
      g_autofree char *size = g_format_size (length);
      g_autofree char *subtitle = g_strdup_printf ("%s · %s · %s", self->scan_name,
                                                   cd_paper_scan_media_type (data, length), size);

      adw_action_row_set_subtitle (self->scan_row, subtitle);
    }
  else
    adw_action_row_set_subtitle (self->scan_row, _("None attached"));
  update_actions (self);
}

static void
on_scan_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdPaperDocumentDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_message (self, error->message);
      return;
    }
  bytes = g_bytes_new_take (contents, length);
  if (!cd_paper_scan_check (bytes, self->pending_scan_name, &error))
    {
      show_message (self, error->message);
      return;
    }
  g_clear_pointer (&self->scan, g_bytes_unref);
  self->scan = g_steal_pointer (&bytes);
  g_free (self->scan_name);
  self->scan_name = g_steal_pointer (&self->pending_scan_name);
  show_message (self, NULL);
  show_scan (self);
}

static void
on_scan_info (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CdPaperDocumentDialog *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (info == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_message (self, error->message);
      return;
    }
  g_free (self->pending_scan_name);
  self->pending_scan_name = g_strdup (g_file_info_get_display_name (info));
  /* Refused before it is read: a wrong file chosen may be gigabytes. */
  if (g_file_info_get_size (info) > CD_PAPER_SCAN_MAX_BYTES)
    {
      g_autofree char *message =
        g_strdup_printf (_("The scan %s is %lld MiB; a scan may be at most %d MiB"),
                         self->pending_scan_name,
                         (long long) ((g_file_info_get_size (info) + 1024 * 1024 - 1)
                                      / (1024 * 1024)),
                         CD_PAPER_SCAN_MAX_BYTES / (1024 * 1024));

      show_message (self, message);
      return;
    }
  g_file_load_contents_async (G_FILE (object), self->cancellable, on_scan_loaded, self);
}

void
cd_paper_document_dialog_attach_scan (CdPaperDocumentDialog *self,
                                      GFile                 *file)
{
  g_return_if_fail (CD_IS_PAPER_DOCUMENT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                           G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, self->cancellable, on_scan_info, self);
}

gboolean
cd_paper_document_dialog_has_scan (CdPaperDocumentDialog *self)
{
  g_return_val_if_fail (CD_IS_PAPER_DOCUMENT_DIALOG (self), FALSE);
  return self->scan != NULL;
}

static void
on_chooser_response (GtkNativeDialog       *chooser,
                     int                    response,
                     CdPaperDocumentDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cd_paper_document_dialog_attach_scan (self, file);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_scan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  /* Only a hint for the chooser: the bytes decide (cd_paper_scan_media_type). */
  gtk_file_filter_set_name (filter, _("Images and PDF"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  self->chooser = gtk_file_chooser_native_new (_("Choose a Scan"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
remove_scan_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (widget);

  /* Its button is about to be disabled: keep the focus in the form. */
  gtk_widget_grab_focus (self->choose_scan_button);
  g_clear_pointer (&self->scan, g_bytes_unref);
  g_clear_pointer (&self->scan_name, g_free);
  show_scan (self);
}

/* --- Accessors -------------------------------------------------------------------------------- */

GtkWidget *
cd_paper_document_dialog_new (CdContext  *context,
                              const char *personal_id,
                              gint64      claim_id)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_PAPER_DOCUMENT_DIALOG, "context", context,
                       "personal-id", personal_id, "claim-id", claim_id, NULL);
}

const char *
cd_paper_document_dialog_get_kind (CdPaperDocumentDialog *self)
{
  g_return_val_if_fail (CD_IS_PAPER_DOCUMENT_DIALOG (self), NULL);
  return self->kind != NULL ? self->kind->kind : NULL;
}

void
cd_paper_document_dialog_set_kind (CdPaperDocumentDialog *self,
                                   const char            *kind)
{
  guint n = 0;
  const CdPaperKind *kinds = cd_paper_kinds (&n);

  g_return_if_fail (CD_IS_PAPER_DOCUMENT_DIALOG (self));

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      adw_combo_row_set_selected (self->kind_row, i);
}

static Field *
find_field (CdPaperDocumentDialog *self,
            const char            *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->spec->name, name) == 0)
        return field;
    }
  return NULL;
}

GtkWidget *
cd_paper_document_dialog_get_field_row (CdPaperDocumentDialog *self,
                                        const char            *name)
{
  Field *field;

  g_return_val_if_fail (CD_IS_PAPER_DOCUMENT_DIALOG (self), NULL);
  field = find_field (self, name);
  return field != NULL ? GTK_WIDGET (field->row) : NULL;
}

const char *
cd_paper_document_dialog_get_reason (CdPaperDocumentDialog *self,
                                     const char            *name)
{
  Field *field;

  g_return_val_if_fail (CD_IS_PAPER_DOCUMENT_DIALOG (self), NULL);
  field = find_field (self, name);
  if (field == NULL || !gtk_widget_get_visible (field->reason_row))
    return NULL;
  return gtk_label_get_text (field->reason_label);
}

const char *
cd_paper_document_dialog_get_message (CdPaperDocumentDialog *self)
{
  g_return_val_if_fail (CD_IS_PAPER_DOCUMENT_DIALOG (self), NULL);
  return gtk_revealer_get_reveal_child (self->error_revealer)
         ? gtk_label_get_text (self->error_label) : NULL;
}

/* --- GObject ---------------------------------------------------------------------------------- */

static void
cd_paper_document_dialog_constructed (GObject *object)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (object);
  g_autofree char *about = NULL;

  G_OBJECT_CLASS (cd_paper_document_dialog_parent_class)->constructed (object);

  if (self->context == NULL)
    self->context = cd_context_new ();
  about = self->personal_id != NULL
          ? g_strdup_printf (_("For personal ID %s. The electronic record is checked against it "
                               "when the sources can be reached again."), self->personal_id)
          : NULL;
  adw_preferences_group_set_description (self->document_group, about);
}

static void
cd_paper_document_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_PERSONAL_ID:
      g_value_set_string (value, self->personal_id);
      break;

    case PROP_CLAIM_ID:
      g_value_set_int64 (value, self->claim_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_paper_document_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_PERSONAL_ID:
      self->personal_id = g_value_dup_string (value);
      break;

    case PROP_CLAIM_ID:
      self->claim_id = g_value_get_int64 (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_paper_document_dialog_dispose (GObject *object)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_PAPER_DOCUMENT_DIALOG);

  G_OBJECT_CLASS (cd_paper_document_dialog_parent_class)->dispose (object);
}

static void
cd_paper_document_dialog_finalize (GObject *object)
{
  CdPaperDocumentDialog *self = CD_PAPER_DOCUMENT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->scan, g_bytes_unref);
  g_free (self->scan_name);
  g_free (self->pending_scan_name);
  g_free (self->personal_id);

  G_OBJECT_CLASS (cd_paper_document_dialog_parent_class)->finalize (object);
}

static void
cd_paper_document_dialog_class_init (CdPaperDocumentDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cd_paper_document_dialog_constructed;
  object_class->get_property = cd_paper_document_dialog_get_property;
  object_class->set_property = cd_paper_document_dialog_set_property;
  object_class->dispose = cd_paper_document_dialog_dispose;
  object_class->finalize = cd_paper_document_dialog_finalize;

  /* Where it is saved, and by whom: the context's writer and signed-in user. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Whom the paper is about. */
  properties[PROP_PERSONAL_ID] =
    g_param_spec_string ("personal-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The claim it is linked to; 0 for none. */
  properties[PROP_CLAIM_ID] =
    g_param_spec_int64 ("claim-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdPaperDocumentDialog::saved:
   * @document_id: the new document's id
   *
   * The paper document was recorded; the window closes next.
   */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/"
                                               "cd-paper-document-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, choose_scan_button);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, document_group);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, fields_list);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, kind_list);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, kind_row);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, remove_scan_button);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, CdPaperDocumentDialog, scan_row);

  gtk_widget_class_install_action (widget_class, "paper.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "paper.choose-scan", NULL, choose_scan_action);
  gtk_widget_class_install_action (widget_class, "paper.remove-scan", NULL, remove_scan_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_paper_document_dialog_init (CdPaperDocumentDialog *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  guint n = 0;
  const CdPaperKind *kinds = cd_paper_kinds (&n);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (labels, cd_paper_kind_get_label (&kinds[i]));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (labels));
  show_kind (self, &kinds[adw_combo_row_get_selected (self->kind_row)]);
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected),
                           self, 0);
  update_actions (self);
}
