/* cd-hsb-export-dialog.c — "Statistics Forms". */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cd-export-audit.h"
#include "cd-hsb-export-dialog.h"
#include "cd-resources.h"

/* How many quarters are offered: this one and the seven before, two years of returns. */
#define N_QUARTERS 8

struct _CdHsbExportDialog
{
  AdwWindow             parent_instance;

  CdContext            *context;
  GtkStringList        *quarters;      /* "2026-Q3", newest first */
  GtkFileChooserNative *chooser;
  CdHsbFormat           chooser_format;
  GCancellable         *cancellable;   /* the export; cancelled in dispose */
  gboolean              saving;
  char                 *message;       /* the last toast's text */

  /* Template widgets */
  GtkWidget            *csv_button;
  AdwComboRow          *form_row;
  GtkWidget            *pdf_button;
  AdwComboRow          *quarter_row;
  AdwToastOverlay      *toast_overlay;
};

G_DEFINE_FINAL_TYPE (CdHsbExportDialog, cd_hsb_export_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

enum {
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_actions (CdHsbExportDialog *self)
{
  gboolean can = !self->saving && self->context != NULL
                 && cd_context_get_db_path (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hsb.save-pdf", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hsb.save-csv", can);
}

static void
show_toast (CdHsbExportDialog *self,
            const char        *text)
{
  AdwToast *toast = adw_toast_new (text);

  g_free (self->message);
  self->message = g_strdup (text);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The quarters offered, counted back from the context's today. */
static void
fill_quarters (CdHsbExportDialog *self)
{
  CdClock *clock = self->context != NULL ? cd_context_get_clock (self->context) : NULL;
  CdDay today = cd_clock_get_today (clock != NULL ? clock : cd_clock_get_default ());
  int year, month, mday, quarter;

  cd_date_to_ymd (today, &year, &month, &mday);
  quarter = (month + 2) / 3;

  for (guint i = 0; i < N_QUARTERS; i++)
    {
      g_autofree char *text = g_strdup_printf ("%d-Q%d", year, quarter);

      gtk_string_list_append (self->quarters, text);
      if (--quarter == 0)
        {
          quarter = 4;
          year--;
        }
    }
  adw_combo_row_set_model (self->quarter_row, G_LIST_MODEL (self->quarters));
}

typedef struct
{
  CdHsbExportDialog *self;   /* a reference: the window may close while the form is written */
  char              *path;
  char              *list;   /* "forms.22a-hsb", for the audit */
  char              *title;  /* "22A-HSB 2026-Q3" */
  CdHsbFormat        format;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->self);
  g_free (job->path);
  g_free (job->list);
  g_free (job->title);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SaveJob, save_job_free)

static void
tell_saved (SaveJob    *job,
            gboolean    ok,
            const char *problem)
{
  CdHsbExportDialog *self = job->self;
  g_autofree char *text = NULL;

  self->saving = FALSE;
  update_actions (self);
  if (ok)
    {
      g_autofree char *name = g_filename_display_basename (job->path);

      text = g_strdup_printf (_("Saved “%s”"), name);
    }
  show_toast (self, ok ? text : problem);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, job->path, ok);
}

/* A form that could not be recorded does not stay: every export is in the audit log. */
static void
on_recorded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SaveJob) job = user_data;
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (job->self->cancellable))
    return;
  if (!cd_export_audit_record_finish (CD_DATABASE (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The form could not be recorded in the audit "
                                                 "log, so the file was removed: %s"),
                                               error->message);

      g_unlink (job->path);
      tell_saved (job, FALSE, text);
      return;
    }
  tell_saved (job, TRUE, NULL);
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(SaveJob) job = user_data;
  CdHsbExportDialog *self = job->self;
  g_autoptr(GError) error = NULL;
  CdDatabase *writer = cd_context_get_database (self->context);

  /* The window is gone (dispose cancelled): nobody to tell. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (!cd_hsb_report_export_finish (result, &error))
    {
      tell_saved (job, FALSE, error->message);
      return;
    }
  if (writer == NULL || cd_context_get_session (self->context) == NULL)
    {
      g_unlink (job->path);
      tell_saved (job, FALSE, _("Sign in to save a form: every export is recorded in your name."));
      return;
    }
  {
    /* The job goes to the callback; its fields are read before. */
    SaveJob *recording = g_steal_pointer (&job);

    cd_export_audit_record_async (writer, cd_context_get_session (self->context),
                                  recording->list, recording->title,
                                  recording->format == CD_HSB_FORMAT_PDF ? CD_EXPORT_PDF
                                                                         : CD_EXPORT_CSV,
                                  0, recording->path, self->cancellable, on_recorded, recording);
  }
}

void
cd_hsb_export_dialog_save_to (CdHsbExportDialog *self,
                              GFile             *file,
                              CdHsbFormat        format)
{
  g_autofree char *path = NULL;
  g_autofree char *list = NULL;
  g_autoptr(GError) error = NULL;
  SaveJob *job;
  CdHsbForm form;
  int year, quarter;

  g_return_if_fail (CD_IS_HSB_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (self->saving || path == NULL || self->context == NULL
      || cd_context_get_db_path (self->context) == NULL)
    {
      if (path == NULL)
        show_toast (self, _("Choose a file on this computer"));
      return;
    }
  cd_hsb_export_dialog_get_quarter (self, &year, &quarter);
  form = cd_hsb_export_dialog_get_form (self);
  list = g_ascii_strdown (cd_hsb_form_to_string (form), -1);
  job = g_new0 (SaveJob, 1);
  job->self = g_object_ref (self);
  job->path = g_strdup (path);
  job->list = g_strconcat ("forms.", list, NULL);
  job->title = g_strdup_printf ("%s %d-Q%d", cd_hsb_form_to_string (form), year, quarter);
  job->format = format;
  /* Refused before anything is written: the forms are the supervisors' and the head's. */
  if (cd_context_get_session (self->context) == NULL
      || !cd_export_audit_check (cd_context_get_session (self->context), job->list, &error))
    {
      show_toast (self, error != NULL ? error->message
                                      : _("Sign in to save a form: every export is recorded in "
                                          "your name."));
      save_job_free (job);
      return;
    }
  self->saving = TRUE;
  update_actions (self);
  cd_hsb_report_export_async (cd_context_get_db_path (self->context), form, year, quarter,
                              format, path, self->cancellable, on_exported, job);
}

static void
on_chooser_response (GtkNativeDialog   *chooser,
                     int                response,
                     CdHsbExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cd_hsb_export_dialog_save_to (self, file, self->chooser_format);
    }
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
}

static void
choose_file (CdHsbExportDialog *self,
             CdHsbFormat        format)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  int year, quarter;

  if (self->chooser != NULL)
    return;
  cd_hsb_export_dialog_get_quarter (self, &year, &quarter);
  name = g_strdup_printf ("%s-%d-Q%d.%s",
                          cd_hsb_form_to_string (cd_hsb_export_dialog_get_form (self)), year,
                          quarter, format == CD_HSB_FORMAT_PDF ? "pdf" : "csv");
  gtk_file_filter_set_name (filter, format == CD_HSB_FORMAT_PDF ? _("PDF documents")
                                                                : _("CSV spreadsheets"));
  gtk_file_filter_add_mime_type (filter, format == CD_HSB_FORMAT_PDF ? "application/pdf"
                                                                     : "text/csv");
  self->chooser_format = format;
  self->chooser = gtk_file_chooser_native_new (_("Save Statistics Form"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  choose_file (CD_HSB_EXPORT_DIALOG (widget), CD_HSB_FORMAT_PDF);
}

static void
save_csv_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  choose_file (CD_HSB_EXPORT_DIALOG (widget), CD_HSB_FORMAT_CSV);
}

/* --- Accessors -------------------------------------------------------------------------------- */

GtkWidget *
cd_hsb_export_dialog_new (CdContext *context)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_HSB_EXPORT_DIALOG, "context", context, NULL);
}

GtkWidget *
cd_hsb_export_dialog_present (GtkWindow *parent,
                              CdContext *context)
{
  GtkWidget *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);

  dialog = cd_hsb_export_dialog_new (context);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

CdHsbForm
cd_hsb_export_dialog_get_form (CdHsbExportDialog *self)
{
  g_return_val_if_fail (CD_IS_HSB_EXPORT_DIALOG (self), CD_HSB_FORM_22A);

  return adw_combo_row_get_selected (self->form_row) == 1 ? CD_HSB_FORM_22B : CD_HSB_FORM_22A;
}

void
cd_hsb_export_dialog_get_quarter (CdHsbExportDialog *self,
                                  int               *year,
                                  int               *quarter)
{
  guint selected;
  gboolean parsed;

  g_return_if_fail (CD_IS_HSB_EXPORT_DIALOG (self));
  g_return_if_fail (year != NULL && quarter != NULL);

  selected = adw_combo_row_get_selected (self->quarter_row);
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  parsed = cd_hsb_quarter_parse (gtk_string_list_get_string (self->quarters, selected), year,
                                 quarter);
  g_assert (parsed);
}

gboolean
cd_hsb_export_dialog_select (CdHsbExportDialog *self,
                             CdHsbForm          form,
                             int                year,
                             int                quarter)
{
  g_autofree char *text = g_strdup_printf ("%d-Q%d", year, quarter);

  g_return_val_if_fail (CD_IS_HSB_EXPORT_DIALOG (self), FALSE);

  adw_combo_row_set_selected (self->form_row, form == CD_HSB_FORM_22B ? 1 : 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->quarters)); i++)
    if (g_str_equal (gtk_string_list_get_string (self->quarters, i), text))
      {
        adw_combo_row_set_selected (self->quarter_row, i);
        return TRUE;
      }
  return FALSE;
}

const char *
cd_hsb_export_dialog_get_message (CdHsbExportDialog *self)
{
  g_return_val_if_fail (CD_IS_HSB_EXPORT_DIALOG (self), NULL);

  return self->message;
}

/* --- GObject ---------------------------------------------------------------------------------- */

static void
cd_hsb_export_dialog_constructed (GObject *object)
{
  CdHsbExportDialog *self = CD_HSB_EXPORT_DIALOG (object);

  G_OBJECT_CLASS (cd_hsb_export_dialog_parent_class)->constructed (object);

  fill_quarters (self);
  update_actions (self);
}

static void
cd_hsb_export_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CdHsbExportDialog *self = CD_HSB_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_hsb_export_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CdHsbExportDialog *self = CD_HSB_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_hsb_export_dialog_dispose (GObject *object)
{
  CdHsbExportDialog *self = CD_HSB_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_HSB_EXPORT_DIALOG);

  G_OBJECT_CLASS (cd_hsb_export_dialog_parent_class)->dispose (object);
}

static void
cd_hsb_export_dialog_finalize (GObject *object)
{
  CdHsbExportDialog *self = CD_HSB_EXPORT_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->quarters);
  g_free (self->message);

  G_OBJECT_CLASS (cd_hsb_export_dialog_parent_class)->finalize (object);
}

static void
cd_hsb_export_dialog_class_init (CdHsbExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cd_hsb_export_dialog_constructed;
  object_class->get_property = cd_hsb_export_dialog_get_property;
  object_class->set_property = cd_hsb_export_dialog_set_property;
  object_class->dispose = cd_hsb_export_dialog_dispose;
  object_class->finalize = cd_hsb_export_dialog_finalize;

  /* Whose store is counted, and whose clock says which quarters are offered. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdHsbExportDialog::finished:
   * @path: the file chosen
   * @saved: whether the form was written there
   *
   * A save has ended; a toast says how.
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/"
                                               "cd-hsb-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CdHsbExportDialog, csv_button);
  gtk_widget_class_bind_template_child (widget_class, CdHsbExportDialog, form_row);
  gtk_widget_class_bind_template_child (widget_class, CdHsbExportDialog, pdf_button);
  gtk_widget_class_bind_template_child (widget_class, CdHsbExportDialog, quarter_row);
  gtk_widget_class_bind_template_child (widget_class, CdHsbExportDialog, toast_overlay);

  gtk_widget_class_install_action (widget_class, "hsb.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "hsb.save-csv", NULL, save_csv_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cd_hsb_export_dialog_init (CdHsbExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->quarters = gtk_string_list_new (NULL);
}
