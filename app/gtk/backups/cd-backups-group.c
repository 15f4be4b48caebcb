/* cd-backups-group.c — Preferences' Backups group, for administrators. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-backups-group.h"
#include "cd-format.h"
#include "cd-resources.h"

#define SAVE_DELAY_MS 700

struct _CdBackupsGroup
{
  AdwPreferencesGroup   parent_instance;

  CdContext            *context;
  CdSession            *session;      /* the context's; followed for notify::locked */
  CdBackupWorker       *worker;       /* the context's; followed for its state */
  GCancellable         *cancellable;  /* readings and saves; cancelled with the store or dispose */
  gboolean              loaded;       /* the values shown are the store's: edits may be saved */
  gboolean              updating;     /* the values are being shown, not edited */
  guint                 save_timeout;
  char                 *folder;       /* as read: the setting, or the default */
  char                 *last_at;
  GPtrArray            *backups;      /* CdBackupSummary, newest first */
  GPtrArray            *rows;         /* the rows showing them */
  GtkFileChooserNative *chooser;
  GWeakRef              dialog;       /* the restore dialog on show */

  /* Template widgets */
  GtkButton            *back_up_button;
  GtkButton            *choose_button;
  AdwActionRow         *folder_row;
  GtkSpinButton        *keep_spin;
  AdwActionRow         *last_row;
  GtkProgressBar       *progress_bar;
};

G_DEFINE_FINAL_TYPE (CdBackupsGroup, cd_backups_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  SIGNAL_TOAST,
  SIGNAL_LOADED,
  SIGNAL_SAVED,
  SIGNAL_BACKED_UP,
  SIGNAL_RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
cd_backups_group_new (void)
{
  return g_object_new (CD_TYPE_BACKUPS_GROUP, NULL);
}

/* ---- what a backup is called ---------------------------------------------------------------- */

/* "20/11/2026 14:05", in the workstation's time. */
static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) utc = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup (_("an unknown date"));
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%d/%m/%Y %H:%M");
}

static gulong
plural_n (gint64 n)
{
  return (gulong) CLAMP (n, 0, G_MAXLONG);
}

/* "12 claims · 3 decisions · 6 users · 41 audit entries" */
static char *
format_contents (const CdBackupSummary *summary)
{
  g_autofree char *n_claims = cd_format_integer_vi (summary->n_claims);
  g_autofree char *n_decisions = cd_format_integer_vi (summary->n_decisions);
  g_autofree char *n_users = cd_format_integer_vi (summary->n_users);
  g_autofree char *n_entries = cd_format_integer_vi (summary->n_audit_entries);
  g_autofree char *claims = NULL;
  g_autofree char *decisions = NULL;
  g_autofree char *users = NULL;
  g_autofree char *entries = NULL;

  claims = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s claim", "%s claims",
                                         plural_n (summary->n_claims)), n_claims);
  decisions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s decision", "%s decisions",
                                            plural_n (summary->n_decisions)), n_decisions);
  users = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s user", "%s users",
                                        plural_n (summary->n_users)), n_users);
  entries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s audit entry", "%s audit entries",
                                          plural_n (summary->n_audit_entries)), n_entries);
  return g_strdup_printf ("%s · %s · %s · %s", claims, decisions, users, entries);
}

static gboolean
is_safety_copy (const CdBackupSummary *summary)
{
  return g_str_has_suffix (summary->path, "-before-restore.db");
}

static const CdBackupSummary *
find_backup (CdBackupsGroup *self,
             const char     *path)
{
  for (guint i = 0; self->backups != NULL && i < self->backups->len; i++)
    {
      const CdBackupSummary *summary = g_ptr_array_index (self->backups, i);

      if (g_strcmp0 (summary->path, path) == 0)
        return summary;
    }
  return NULL;
}

/* ---- what may be done now ------------------------------------------------------------------- */

static gboolean
is_admin (CdBackupsGroup *self)
{
  return self->session != NULL && !cd_session_get_locked (self->session)
         && cd_session_get_role (self->session) == CD_ROLE_ADMIN;
}

static void
update (CdBackupsGroup *self)
{
  gboolean admin = is_admin (self);
  gboolean restoring = self->context != NULL && cd_context_get_restoring (self->context);
  gboolean running = self->worker != NULL && cd_backup_worker_get_running (self->worker);
  gboolean ready = admin && self->loaded && !restoring;
  const char *failure = self->worker != NULL ? cd_backup_worker_get_last_error (self->worker)
                                             : NULL;
  g_autofree char *when = NULL;

  /* Where the office's data is copied to, and bringing an old copy back, are the
   * administrator's alone. */
  gtk_widget_set_visible (GTK_WIDGET (self), admin);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backups.choose-folder", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backups.back-up-now",
                                 ready && self->worker != NULL && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "backups.restore", ready && !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keep_spin), ready);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), running || restoring);
  if (running)
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   cd_backup_worker_get_fraction (self->worker));

  if (restoring)
    adw_action_row_set_subtitle (self->last_row, _("Restoring a backup…"));
  else if (running)
    adw_action_row_set_subtitle (self->last_row, _("Backing up…"));
  else if (failure != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Failed: %s"), failure);

      adw_action_row_set_subtitle (self->last_row, text);
    }
  else if (self->last_at != NULL
           || (self->worker != NULL && cd_backup_worker_get_last_backup (self->worker) != NULL))
    {
      when = format_when (self->worker != NULL && cd_backup_worker_get_last_backup (self->worker)
                            ? cd_backup_worker_get_last_backup (self->worker)
                            : self->last_at);
      adw_action_row_set_subtitle (self->last_row, when);
    }
  else
    adw_action_row_set_subtitle (self->last_row, _("None yet"));
  if (failure != NULL && !running)
    gtk_widget_add_css_class (GTK_WIDGET (self->last_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->last_row), "error");
}

static void
on_worker_fraction (CdBackupsGroup *self)
{
  if (self->worker != NULL && cd_backup_worker_get_running (self->worker))
    gtk_progress_bar_set_fraction (self->progress_bar,
                                   cd_backup_worker_get_fraction (self->worker));
}

static void
on_restore_progress (CdBackupsGroup *self,
                     double          fraction)
{
  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

/* ---- the list ------------------------------------------------------------------------------- */

static void
clear_rows (CdBackupsGroup *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
create_backup_row (const CdBackupSummary *summary)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = format_when (summary->taken_at);
  g_autofree char *title = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *button;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (summary->problem != NULL)
    title = g_path_get_basename (summary->path);
  else if (is_safety_copy (summary))
    title = g_strdup_printf (_("%s (safety copy before a restore)"), when);
  else
    title = g_strdup (when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (summary->problem != NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary->problem);
      gtk_widget_add_css_class (row, "error");
      return row;
    }
  contents = format_contents (summary);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), contents);
  gtk_widget_set_tooltip_text (row, summary->path);

  button = gtk_button_new_with_mnemonic (_("_Restore…"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "backups.restore");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", summary->path);
  {
    g_autofree char *label = g_strdup_printf (_("Restore the backup of %s"), when);

    gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                    -1);
  }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_backups (CdBackupsGroup *self)
{
  clear_rows (self);
  if (self->backups == NULL)
    return;
  if (self->backups->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No backups in this folder yet"));
      g_ptr_array_add (self->rows, row);
    }
  for (guint i = 0; i < self->backups->len; i++)
    g_ptr_array_add (self->rows, create_backup_row (g_ptr_array_index (self->backups, i)));
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), g_ptr_array_index (self->rows, i));
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CdBackupsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  CdStoreBackupSettings settings = { 0 };
  g_autoptr(GPtrArray) backups = cd_store_backup_list_finish (result, &settings, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (backups == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return;
    }
  g_free (self->folder);
  self->folder = g_strdup (settings.folder);
  g_free (self->last_at);
  self->last_at = g_strdup (settings.last_at);
  adw_action_row_set_subtitle (self->folder_row, settings.folder);
  self->updating = TRUE;
  gtk_spin_button_set_value (self->keep_spin, settings.keep);
  self->updating = FALSE;
  cd_store_backup_settings_clear (&settings);
  g_clear_pointer (&self->backups, g_ptr_array_unref);
  self->backups = g_steal_pointer (&backups);
  show_backups (self);
  self->loaded = TRUE;
  update (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
reload (CdBackupsGroup *self)
{
  const char *db_path = self->context != NULL ? cd_context_get_db_path (self->context) : NULL;

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->loaded = FALSE;
  update (self);
  if (db_path != NULL && is_admin (self))
    cd_store_backup_list_async (db_path, self->cancellable, on_listed, g_object_ref (self));
}

gboolean
cd_backups_group_get_loaded (CdBackupsGroup *self)
{
  g_return_val_if_fail (CD_IS_BACKUPS_GROUP (self), FALSE);
  return self->loaded;
}

guint
cd_backups_group_get_n_backups (CdBackupsGroup *self)
{
  g_return_val_if_fail (CD_IS_BACKUPS_GROUP (self), 0);
  return self->backups != NULL ? self->backups->len : 0;
}

const char *
cd_backups_group_get_backup_path (CdBackupsGroup *self,
                                  guint           index)
{
  g_return_val_if_fail (CD_IS_BACKUPS_GROUP (self), NULL);
  g_return_val_if_fail (self->backups != NULL && index < self->backups->len, NULL);
  return ((CdBackupSummary *) g_ptr_array_index (self->backups, index))->path;
}

/* ---- saving the settings -------------------------------------------------------------------- */

/* A save carries what it needs and only a weak reference to the group: one made as Preferences
 * closes still completes. */
typedef struct
{
  CdContext    *context;
  CdSession    *admin;
  char         *folder;
  guint         keep;
  GCancellable *cancellable;
  GWeakRef      group;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->context);
  g_object_unref (job->admin);
  g_free (job->folder);
  g_clear_object (&job->cancellable);
  g_weak_ref_clear (&job->group);
  g_free (job);
}

static void
save_job_done (SaveJob      *job,
               const GError *error)
{
  g_autoptr(CdBackupsGroup) self = g_weak_ref_get (&job->group);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self == NULL)
    {
      if (error != NULL)
        g_warning ("%s", error->message);
      return;
    }
  if (error != NULL)
    g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
  g_signal_emit (self, signals[SIGNAL_SAVED], 0, error == NULL);
  /* The folder may be another: its backups are listed. */
  reload (self);
}

static void
on_saved (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(GError) error = NULL;

  cd_store_backup_write_settings_finish (CD_DATABASE (object), result, &error);
  save_job_done (job, error);
  save_job_free (job);
}

static void
save_job_write (SaveJob *job)
{
  cd_store_backup_write_settings_async (cd_context_get_database (job->context), job->admin,
                                        job->folder, job->keep, job->cancellable, on_saved, job);
}

static void
on_writer_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SaveJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_context_open_database_finish (CD_CONTEXT (object), result, &error))
    {
      save_job_done (job, error);
      save_job_free (job);
      return;
    }
  save_job_write (job);
}

/* `folder` NULL keeps the one shown. */
static void
save (CdBackupsGroup *self,
      const char     *folder,
      gboolean        use_default_folder,
      GCancellable   *cancellable)
{
  SaveJob *job;

  g_clear_handle_id (&self->save_timeout, g_source_remove);
  if (!is_admin (self) || !self->loaded)
    return;
  job = g_new0 (SaveJob, 1);
  job->context = g_object_ref (self->context);
  job->admin = g_object_ref (self->session);
  job->folder = use_default_folder ? NULL : g_strdup (folder != NULL ? folder : self->folder);
  job->keep = (guint) gtk_spin_button_get_value_as_int (self->keep_spin);
  job->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  g_weak_ref_init (&job->group, self);
  if (cd_context_get_database (job->context) != NULL)
    save_job_write (job);
  else
    cd_context_open_database_async (job->context, job->cancellable, on_writer_opened, job);
}

static gboolean
on_save_timeout (gpointer user_data)
{
  CdBackupsGroup *self = user_data;

  self->save_timeout = 0;
  save (self, NULL, FALSE, self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_keep_changed (CdBackupsGroup *self)
{
  if (self->updating || !self->loaded || !is_admin (self))
    return;
  g_clear_handle_id (&self->save_timeout, g_source_remove);
  self->save_timeout = g_timeout_add (SAVE_DELAY_MS, on_save_timeout, self);
}

void
cd_backups_group_set_folder (CdBackupsGroup *self,
                             const char     *folder)
{
  g_return_if_fail (CD_IS_BACKUPS_GROUP (self));
  save (self, folder, folder == NULL, self->cancellable);
}

static void
on_folder_chosen (CdBackupsGroup *self,
                  int             response)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (self->chooser));
  g_clear_object (&self->chooser);
  if (file != NULL && g_file_peek_path (file) != NULL)
    cd_backups_group_set_folder (self, g_file_peek_path (file));
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdBackupsGroup *self = CD_BACKUPS_GROUP (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Choose the Backup Folder"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->folder != NULL && g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->folder);

      gtk_file_chooser_set_file (GTK_FILE_CHOOSER (self->chooser), current, NULL);
    }
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_folder_chosen), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- backing up and restoring --------------------------------------------------------------- */

/* The office's backup goes on if Preferences closes meanwhile; only the answer is the group's. */
typedef struct
{
  GWeakRef group;
} Answer;

static Answer *
answer_new (CdBackupsGroup *self)
{
  Answer *answer = g_new0 (Answer, 1);

  g_weak_ref_init (&answer->group, self);
  return answer;
}

static CdBackupsGroup *
answer_take (Answer *answer)
{
  CdBackupsGroup *self = g_weak_ref_get (&answer->group);

  g_weak_ref_clear (&answer->group);
  g_free (answer);
  return self;
}

static void
on_backed_up (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdBackupsGroup) self = answer_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdBackupSummary) summary = NULL;

  summary = cd_backup_worker_run_finish (CD_BACKUP_WORKER (object), result, &error);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (summary != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Backed up to %s"), summary->path);

      g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
    }
  else
    g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
  g_signal_emit (self, signals[SIGNAL_BACKED_UP], 0, summary != NULL);
  reload (self);
}

static void
back_up_now_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdBackupsGroup *self = CD_BACKUPS_GROUP (widget);

  if (self->worker == NULL || !is_admin (self))
    return;
  cd_backup_worker_run_async (self->worker, self->session, NULL, on_backed_up, answer_new (self));
  update (self);
}

static void
on_restored (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CdBackupsGroup) self = answer_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *safety = NULL;
  g_autoptr(CdBackupSummary) restored = NULL;

  restored = cd_context_restore_backup_finish (CD_CONTEXT (object), result, &safety, &error);
  if (self == NULL)
    {
      if (restored == NULL)
        g_warning ("%s", error->message);
      return;
    }
  if (restored != NULL)
    {
      g_autofree char *when = format_when (restored->taken_at);
      g_autofree char *message =
        safety != NULL ? g_strdup_printf (_("Restored the backup of %s; the store it replaced was "
                                            "kept as %s"), when, safety)
                       : g_strdup_printf (_("Restored the backup of %s"), when);

      g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
    }
  else
    g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
  g_signal_emit (self, signals[SIGNAL_RESTORED], 0, restored != NULL);
  reload (self);
}

static void
on_restore_response (CdBackupsGroup   *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "cd-backup-path");

  if (!g_str_equal (response, "restore") || !is_admin (self) || self->context == NULL)
    return;
  cd_context_restore_backup_async (self->context, path, self->session, NULL, on_restored,
                                   answer_new (self));
  update (self);
}

AdwMessageDialog *
cd_backups_group_ask_restore (CdBackupsGroup *self,
                              const char     *path)
{
  const CdBackupSummary *summary;
  GtkRoot *root;
  GtkWidget *dialog;
  g_autofree char *when = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *folder = NULL;

  g_return_val_if_fail (CD_IS_BACKUPS_GROUP (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  summary = find_backup (self, path);
  if (summary == NULL || summary->problem != NULL || !is_admin (self))
    return NULL;
  when = format_when (summary->taken_at);
  contents = format_contents (summary);
  folder = g_path_get_dirname (path);
  heading = g_strdup_printf (_("Restore the Backup of %s?"), when);
  body = g_strdup_printf (_("The claims store will be replaced by the backup taken %s, which "
                            "holds %s.\n\nEverything recorded since then will be gone from the "
                            "store. The store as it is now is kept first, as a safety copy in %s."),
                          when, contents, folder);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cd-backup-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_response), self,
                           G_CONNECT_SWAPPED);
  g_weak_ref_set (&self->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  return ADW_MESSAGE_DIALOG (dialog);
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cd_backups_group_ask_restore (CD_BACKUPS_GROUP (widget), g_variant_get_string (parameter, NULL));
}

/* ---- following the context ------------------------------------------------------------------ */

static void
forget_worker (CdBackupsGroup *self)
{
  if (self->worker == NULL)
    return;
  g_signal_handlers_disconnect_by_func (self->worker, update, self);
  g_signal_handlers_disconnect_by_func (self->worker, on_worker_fraction, self);
  g_clear_object (&self->worker);
}

static void
follow_worker (CdBackupsGroup *self)
{
  CdBackupWorker *worker = cd_context_get_backup_worker (self->context);

  if (worker != self->worker)
    {
      forget_worker (self);
      if (worker != NULL)
        {
          self->worker = g_object_ref (worker);
          g_signal_connect_object (worker, "notify::running", G_CALLBACK (update), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (worker, "notify::last-error", G_CALLBACK (update), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (worker, "notify::last-backup", G_CALLBACK (update), self,
                                   G_CONNECT_SWAPPED);
          g_signal_connect_object (worker, "notify::fraction", G_CALLBACK (on_worker_fraction),
                                   self, G_CONNECT_SWAPPED);
        }
    }
  update (self);
}

/* The store or who is signed in changed: read again. */
static void
follow_context (CdBackupsGroup *self)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, update, self);
  g_set_object (&self->session, cd_context_get_session (self->context));
  if (self->session != NULL)
    g_signal_connect_object (self->session, "notify::locked", G_CALLBACK (update), self,
                             G_CONNECT_SWAPPED);
  follow_worker (self);
  reload (self);
}

void
cd_backups_group_set_context (CdBackupsGroup *self,
                              CdContext      *context)
{
  g_return_if_fail (CD_IS_BACKUPS_GROUP (self));
  g_return_if_fail (CD_IS_CONTEXT (context));
  g_return_if_fail (self->context == NULL);

  self->context = g_object_ref (context);
  g_signal_connect_object (context, "notify::db-path", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::session", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::backup-worker", G_CALLBACK (follow_worker), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "notify::restoring", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (context, "restore-progress", G_CALLBACK (on_restore_progress), self,
                           G_CONNECT_SWAPPED);
  follow_context (self);
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
cd_backups_group_dispose (GObject *object)
{
  CdBackupsGroup *self = CD_BACKUPS_GROUP (object);
  g_autoptr(GtkWidget) dialog = g_weak_ref_get (&self->dialog);

  /* A number still waiting for its delay is saved, not lost (with no cancellable: closing
   * Preferences must not cancel it). */
  if (self->save_timeout != 0)
    save (self, NULL, FALSE, NULL);
  if (dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (dialog));
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_cancellable_cancel (self->cancellable);
  forget_worker (self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, update, self);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  /* Its notifications must not reach a widget being taken apart. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_BACKUPS_GROUP);

  G_OBJECT_CLASS (cd_backups_group_parent_class)->dispose (object);
}

static void
cd_backups_group_finalize (GObject *object)
{
  CdBackupsGroup *self = CD_BACKUPS_GROUP (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->backups, g_ptr_array_unref);
  g_clear_pointer (&self->folder, g_free);
  g_clear_pointer (&self->last_at, g_free);
  g_weak_ref_clear (&self->dialog);

  G_OBJECT_CLASS (cd_backups_group_parent_class)->finalize (object);
}

static void
cd_backups_group_class_init (CdBackupsGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_backups_group_dispose;
  object_class->finalize = cd_backups_group_finalize;

  /* ::toast (const char *message): a result to show for a moment. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* ::saved, ::backed-up, ::restored (gboolean ok) after each. */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_BACKED_UP] =
    g_signal_new ("backed-up", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_RESTORED] =
    g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-backups-group.ui");
  gtk_widget_class_bind_template_child (widget_class, CdBackupsGroup, back_up_button);
  gtk_widget_class_bind_template_child (widget_class, CdBackupsGroup, choose_button);
  gtk_widget_class_bind_template_child (widget_class, CdBackupsGroup, folder_row);
  gtk_widget_class_bind_template_child (widget_class, CdBackupsGroup, keep_spin);
  gtk_widget_class_bind_template_child (widget_class, CdBackupsGroup, last_row);
  gtk_widget_class_bind_template_child (widget_class, CdBackupsGroup, progress_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_keep_changed);

  gtk_widget_class_install_action (widget_class, "backups.back-up-now", NULL, back_up_now_action);
  gtk_widget_class_install_action (widget_class, "backups.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_install_action (widget_class, "backups.restore", "s", restore_action);
}

static void
cd_backups_group_init (CdBackupsGroup *self)
{
  self->cancellable = g_cancellable_new ();
  self->rows = g_ptr_array_new ();
  g_weak_ref_init (&self->dialog, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
