/* cd-sign-in-page.c — the sign-in, unlock, first-administrator and new-password form.
 *
 * Every submission runs on the context's writer (opened first if nobody has yet): sign-in counts
 * wrong passwords there (cd-lockout.h). An account an administrator gave a one-time password
 * signs in to a session that may do nothing else (cd_session_get_must_change_password): the page
 * keeps that session, asks for a new password (the rules ticked as typed), and only hands the
 * session on once the password is changed.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-password-rules-view.h"
#include "cd-password-rules.h"
#include "cd-password.h"
#include "cd-resources.h"
#include "cd-sign-in-page.h"
#include "cd-users.h"

struct _CdSignInPage
{
  AdwBin           parent_instance;

  AdwStatusPage   *status_page;
  GtkListBox      *form;
  AdwEntryRow     *full_name_row;
  AdwEntryRow     *login_row;
  AdwEntryRow     *password_row;
  AdwEntryRow     *confirm_row;
  GtkLabel        *error_label;
  GtkButton       *sign_out_button;
  GtkButton       *submit_button;
  GtkSpinner      *spinner;
  GtkLabel        *hint_label;
  CdPasswordRulesView *rules_view;

  CdContext       *context;
  CdSignInMode     mode;
  gboolean         busy;
  char            *error;
  GCancellable    *cancellable;
  /* Signed in with a one-time password: held until the new one is saved, with the one-time
   * password (cd_users_change_own_password checks it again). */
  CdSession       *pending;
  char            *one_time_password;
};

G_DEFINE_FINAL_TYPE (CdSignInPage, cd_sign_in_page, ADW_TYPE_BIN)

enum {
  SIGNAL_SIGNED_IN,
  SIGNAL_SIGN_OUT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
cd_sign_in_page_new (void)
{
  return g_object_new (CD_TYPE_SIGN_IN_PAGE, NULL);
}

static const char *
db_path (CdSignInPage *self)
{
  return self->context != NULL ? cd_context_get_db_path (self->context) : NULL;
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* Clears a password field so the text does not linger in the entry's buffer. */
static void
clear_secret (AdwEntryRow *row)
{
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
forget_pending (CdSignInPage *self)
{
  if (self->one_time_password != NULL)
    memset (self->one_time_password, 0, strlen (self->one_time_password));
  g_clear_pointer (&self->one_time_password, g_free);
  g_clear_object (&self->pending);
}

/* A mode where a password is chosen, not just typed. */
static gboolean
choosing_password (CdSignInPage *self)
{
  return self->mode == CD_SIGN_IN_MODE_BOOTSTRAP || self->mode == CD_SIGN_IN_MODE_CHANGE_PASSWORD;
}

static void
update_rules (CdSignInPage *self)
{
  if (choosing_password (self))
    cd_password_rules_view_update (self->rules_view, text_of (self->password_row),
                                   text_of (self->login_row),
                                   self->mode == CD_SIGN_IN_MODE_BOOTSTRAP
                                     ? text_of (self->full_name_row)
                                     : cd_session_get_full_name (self->pending));
}

static void
set_error (CdSignInPage *self,
           const char   *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The one place that decides what can be pressed. */
static void
update_actions (CdSignInPage *self)
{
  gboolean ready = !self->busy && db_path (self) != NULL
                   && *text_of (self->login_row) != '\0'
                   && *text_of (self->password_row) != '\0';

  if (self->mode == CD_SIGN_IN_MODE_BOOTSTRAP)
    ready = ready && *text_of (self->full_name_row) != '\0';
  if (choosing_password (self))
    ready = ready && *text_of (self->confirm_row) != '\0';
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.submit", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-out",
                                 !self->busy && (self->mode == CD_SIGN_IN_MODE_UNLOCK
                                                 || self->mode == CD_SIGN_IN_MODE_CHANGE_PASSWORD));
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->busy);
  gtk_spinner_set_spinning (self->spinner, self->busy);
  /* The form stays sensitive while busy: making a focused entry insensitive loses its focus-out
   * (GTK warns), and the fields were already copied into the job anyway. */
}

static void
set_busy (CdSignInPage *self,
          gboolean      busy)
{
  self->busy = busy;
  update_actions (self);
}

static void
apply_mode (CdSignInPage *self,
            CdSignInMode  mode)
{
  gboolean bootstrap = mode == CD_SIGN_IN_MODE_BOOTSTRAP;
  gboolean unlock = mode == CD_SIGN_IN_MODE_UNLOCK;
  gboolean change = mode == CD_SIGN_IN_MODE_CHANGE_PASSWORD;

  self->mode = mode;
  gtk_widget_set_visible (GTK_WIDGET (self->full_name_row), bootstrap);
  gtk_widget_set_visible (GTK_WIDGET (self->confirm_row), bootstrap || change);
  gtk_widget_set_visible (GTK_WIDGET (self->rules_view), bootstrap || change);
  /* Focus leaves the login first: a focused entry made insensitive never gets its focus-out. */
  if (unlock || change)
    gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_row), !unlock && !change);
  gtk_widget_set_visible (GTK_WIDGET (self->sign_out_button), unlock || change);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row),
                                 change ? _("New Password") : _("Password"));
  switch (mode)
    {
    case CD_SIGN_IN_MODE_SIGN_IN:
      adw_status_page_set_icon_name (self->status_page, "system-users-symbolic");
      adw_status_page_set_title (self->status_page, _("Sign In"));
      adw_status_page_set_description (self->status_page,
                                       _("Accounts are kept on this workstation, so signing in "
                                         "works without a connection."));
      gtk_button_set_label (self->submit_button, _("_Sign In"));
      break;

    case CD_SIGN_IN_MODE_UNLOCK:
      adw_status_page_set_icon_name (self->status_page, "system-lock-screen-symbolic");
      adw_status_page_set_title (self->status_page, _("Session Locked"));
      gtk_button_set_label (self->submit_button, _("_Unlock"));
      break;

    case CD_SIGN_IN_MODE_BOOTSTRAP:
      adw_status_page_set_icon_name (self->status_page, "avatar-default-symbolic");
      adw_status_page_set_title (self->status_page, _("Create the Administrator"));
      adw_status_page_set_description (self->status_page,
                                       _("This store has no administrator yet. The administrator "
                                         "creates the accounts of officers and supervisors."));
      gtk_button_set_label (self->submit_button, _("_Create and Sign In"));
      break;

    case CD_SIGN_IN_MODE_CHANGE_PASSWORD:
      {
        g_autofree char *description =
          g_strdup_printf (_("%s, an administrator gave you a one-time password. Choose your own "
                             "password to go on; only you will know it."),
                           cd_session_get_full_name (self->pending));

        adw_status_page_set_icon_name (self->status_page, "dialog-password-symbolic");
        adw_status_page_set_title (self->status_page, _("Choose Your Password"));
        adw_status_page_set_description (self->status_page, description);
        gtk_button_set_label (self->submit_button, _("_Save and Go On"));
      }
      break;

    default:
      g_assert_not_reached ();
    }
  update_rules (self);
  update_actions (self);
}

/* ---- submitting ---------------------------------------------------------------------------- */

static void
on_submitted (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;

  g_autofree char *typed = NULL;

  if (g_async_result_is_tagged (result, cd_users_bootstrap_admin_async))
    session = cd_users_bootstrap_admin_finish (CD_DATABASE (object), result, &error);
  else
    session = cd_users_sign_in_finish (CD_DATABASE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  typed = g_strdup (text_of (self->password_row));
  clear_secret (self->password_row);
  clear_secret (self->confirm_row);
  if (session != NULL && cd_session_get_must_change_password (session))
    {
      forget_pending (self);
      self->pending = g_steal_pointer (&session);
      self->one_time_password = g_steal_pointer (&typed);
      set_error (self, NULL);
      apply_mode (self, CD_SIGN_IN_MODE_CHANGE_PASSWORD);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  if (typed != NULL)
    memset (typed, 0, strlen (typed));
  if (session == NULL)
    {
      /* Someone made the first administrator meanwhile (the demo does): sign in instead. */
      if (self->mode == CD_SIGN_IN_MODE_BOOTSTRAP
          && g_error_matches (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED))
        apply_mode (self, CD_SIGN_IN_MODE_SIGN_IN);
      set_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  set_error (self, NULL);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, session);
}

static void
on_password_changed (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(CdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CdSession) session = NULL;

  if (!cd_users_change_own_password_finish (CD_DATABASE (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  clear_secret (self->password_row);
  clear_secret (self->confirm_row);
  if (error != NULL)
    {
      set_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  session = g_steal_pointer (&self->pending);
  forget_pending (self);
  set_error (self, NULL);
  apply_mode (self, CD_SIGN_IN_MODE_SIGN_IN);
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, session);
}

/* Everything is written on the context's writer. The passwords are read from the fields only now:
 * they are cleared when the answer comes. */
static void
submit_on (CdSignInPage *self,
           CdDatabase   *writer)
{
  g_autofree char *login = g_strstrip (g_strdup (text_of (self->login_row)));
  g_autofree char *full_name = g_strstrip (g_strdup (text_of (self->full_name_row)));
  const char *password = text_of (self->password_row);

  switch (self->mode)
    {
    case CD_SIGN_IN_MODE_BOOTSTRAP:
      cd_users_bootstrap_admin_async (writer, login, full_name, password, self->cancellable,
                                      on_submitted, g_object_ref (self));
      break;
    case CD_SIGN_IN_MODE_CHANGE_PASSWORD:
      cd_users_change_own_password_async (writer, self->pending, self->one_time_password, password,
                                          self->cancellable, on_password_changed,
                                          g_object_ref (self));
      break;
    case CD_SIGN_IN_MODE_SIGN_IN:
    case CD_SIGN_IN_MODE_UNLOCK:
    default:
      cd_users_sign_in_async (writer, cd_context_get_clock (self->context), login, password,
                              self->cancellable, on_submitted, g_object_ref (self));
      break;
    }
}

/* A workstation whose writer is not open yet (nobody has written to it) opens it first. */
static void
on_writer_opened (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cd_context_open_database_finish (CD_CONTEXT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      set_error (self, error->message);
      return;
    }
  submit_on (self, cd_context_get_database (CD_CONTEXT (object)));
}

/* Checked here so the user hears it before the slow hash, with the field named. */
static gboolean
check_chosen_password (CdSignInPage *self)
{
  g_autoptr(GError) error = NULL;
  const char *full_name = self->mode == CD_SIGN_IN_MODE_BOOTSTRAP
                            ? text_of (self->full_name_row)
                            : cd_session_get_full_name (self->pending);

  if (g_strcmp0 (text_of (self->password_row), text_of (self->confirm_row)) != 0)
    {
      set_error (self, _("The two passwords differ."));
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
      return FALSE;
    }
  if (!cd_password_rules_check (text_of (self->password_row), text_of (self->login_row),
                                full_name, &error))
    {
      set_error (self, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return FALSE;
    }
  return TRUE;
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdSignInPage *self = CD_SIGN_IN_PAGE (widget);

  if (self->busy || db_path (self) == NULL)
    return;
  if (choosing_password (self) && !check_chosen_password (self))
    return;

  set_error (self, NULL);
  set_busy (self, TRUE);
  if (cd_context_get_database (self->context) != NULL)
    submit_on (self, cd_context_get_database (self->context));
  else
    cd_context_open_database_async (self->context, self->cancellable, on_writer_opened,
                                    g_object_ref (self));
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CdSignInPage *self = CD_SIGN_IN_PAGE (widget);

  /* Not signed in yet: the one-time session is just dropped. */
  if (self->mode == CD_SIGN_IN_MODE_CHANGE_PASSWORD)
    {
      cd_sign_in_page_reset (self);
      return;
    }
  g_signal_emit (widget, signals[SIGNAL_SIGN_OUT], 0);
}

/* ---- choosing the mode ---------------------------------------------------------------------- */

static void
on_checked (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CdSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean needs = FALSE;

  if (!cd_users_needs_bootstrap_finish (result, &needs, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("%s cannot be read: %s"),
                                                  db_path (self), error->message);
      set_error (self, message);
      return;
    }
  if (self->mode != CD_SIGN_IN_MODE_UNLOCK && self->mode != CD_SIGN_IN_MODE_CHANGE_PASSWORD)
    apply_mode (self, needs ? CD_SIGN_IN_MODE_BOOTSTRAP : CD_SIGN_IN_MODE_SIGN_IN);
}

static void
start_check (CdSignInPage *self)
{
  /* A new check replaces any earlier one (and its answer about another store). */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (db_path (self) == NULL)
    {
      set_busy (self, FALSE);
      return;
    }
  set_busy (self, TRUE);
  cd_users_needs_bootstrap_async (db_path (self), self->cancellable, on_checked,
                                  g_object_ref (self));
}

void
cd_sign_in_page_set_context (CdSignInPage *self,
                             CdContext    *context)
{
  g_return_if_fail (CD_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (context == NULL || CD_IS_CONTEXT (context));

  if (self->context == context)
    return;
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, start_check, self);
  g_set_object (&self->context, context);
  if (context != NULL)
    g_signal_connect_object (context, "notify::db-path", G_CALLBACK (start_check), self,
                             G_CONNECT_SWAPPED);
  start_check (self);
}

void
cd_sign_in_page_recheck (CdSignInPage *self)
{
  g_return_if_fail (CD_IS_SIGN_IN_PAGE (self));

  if (self->mode != CD_SIGN_IN_MODE_UNLOCK)
    start_check (self);
}

void
cd_sign_in_page_show_unlock (CdSignInPage *self,
                             const char   *login,
                             const char   *full_name)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CD_IS_SIGN_IN_PAGE (self));
  g_return_if_fail (login != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->login_row), login);
  clear_secret (self->password_row);
  set_error (self, NULL);
  apply_mode (self, CD_SIGN_IN_MODE_UNLOCK);
  description = g_strdup_printf (_("%s, type your password to go on, or sign out so someone else "
                                   "can sign in."), full_name != NULL ? full_name : login);
  adw_status_page_set_description (self->status_page, description);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

void
cd_sign_in_page_reset (CdSignInPage *self)
{
  g_return_if_fail (CD_IS_SIGN_IN_PAGE (self));

  forget_pending (self);
  gtk_editable_set_text (GTK_EDITABLE (self->full_name_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->login_row), "");
  clear_secret (self->password_row);
  clear_secret (self->confirm_row);
  set_error (self, NULL);
  apply_mode (self, CD_SIGN_IN_MODE_SIGN_IN);
  gtk_widget_grab_focus (GTK_WIDGET (self->login_row));
}

CdSignInMode
cd_sign_in_page_get_mode (CdSignInPage *self)
{
  g_return_val_if_fail (CD_IS_SIGN_IN_PAGE (self), CD_SIGN_IN_MODE_SIGN_IN);
  return self->mode;
}

void
cd_sign_in_page_set_hint (CdSignInPage *self,
                          const char   *hint)
{
  g_return_if_fail (CD_IS_SIGN_IN_PAGE (self));

  gtk_label_set_text (self->hint_label, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
}

const char *
cd_sign_in_page_get_error (CdSignInPage *self)
{
  g_return_val_if_fail (CD_IS_SIGN_IN_PAGE (self), NULL);
  return self->error;
}

gboolean
cd_sign_in_page_get_busy (CdSignInPage *self)
{
  g_return_val_if_fail (CD_IS_SIGN_IN_PAGE (self), FALSE);
  return self->busy;
}

/* ---- the template --------------------------------------------------------------------------- */

static void
on_field_changed (CdSignInPage *self)
{
  update_rules (self);
  update_actions (self);
}

/* Enter in a field moves on to the next empty one, and submits from the last. */
static void
on_entry_activated (CdSignInPage *self,
                    AdwEntryRow  *row)
{
  AdwEntryRow *order[] = { self->full_name_row, self->login_row, self->password_row,
                           self->confirm_row };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (order[i])) && *text_of (order[i]) == '\0')
      {
        gtk_widget_grab_focus (GTK_WIDGET (order[i]));
        return;
      }
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.submit", NULL);
}

static void
cd_sign_in_page_dispose (GObject *object)
{
  CdSignInPage *self = CD_SIGN_IN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_func (self->context, start_check, self);
  /* Its notifications must not reach a widget being taken apart. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_SIGN_IN_PAGE);

  G_OBJECT_CLASS (cd_sign_in_page_parent_class)->dispose (object);
}

static void
cd_sign_in_page_finalize (GObject *object)
{
  CdSignInPage *self = CD_SIGN_IN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);
  forget_pending (self);

  G_OBJECT_CLASS (cd_sign_in_page_parent_class)->finalize (object);
}

static void
cd_sign_in_page_class_init (CdSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_sign_in_page_dispose;
  object_class->finalize = cd_sign_in_page_finalize;

  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CD_TYPE_SESSION);
  signals[SIGNAL_SIGN_OUT] =
    g_signal_new ("sign-out", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  cd_resources_ensure ();
  g_type_ensure (CD_TYPE_PASSWORD_RULES_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, form);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, full_name_row);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, hint_label);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, login_row);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, rules_view);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, status_page);
  gtk_widget_class_bind_template_child (widget_class, CdSignInPage, submit_button);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);

  gtk_widget_class_install_action (widget_class, "sign-in.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "sign-in.sign-out", NULL, sign_out_action);
}

static void
cd_sign_in_page_init (CdSignInPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  apply_mode (self, CD_SIGN_IN_MODE_SIGN_IN);
}
