/* cd-accounts-page.c — the accounts of the store, managed by an administrator. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-account-change.h"
#include "cd-account-dialog.h"
#include "cd-accounts-page.h"

struct _CdAccountsPage
{
  AdwPreferencesPage   parent_instance;

  CdContext           *context;
  CdSession           *session;      /* the context's; followed for notify::locked */
  GCancellable        *cancellable;
  guint                busy;         /* reads and changes under way */
  GPtrArray           *users;        /* CdUser, as last read */

  AdwPreferencesGroup *group;
  GtkWidget           *add_button;
  GPtrArray           *rows;         /* the rows in the group now */
};

G_DEFINE_FINAL_TYPE (CdAccountsPage, cd_accounts_page, ADW_TYPE_PREFERENCES_PAGE)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reload (CdAccountsPage *self);

static gboolean
is_admin (CdAccountsPage *self)
{
  return self->session != NULL && !cd_session_get_locked (self->session)
         && cd_session_get_role (self->session) == CD_ROLE_ADMIN;
}

static void
toast (CdAccountsPage *self,
       const char     *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static const CdUser *
find_user (CdAccountsPage *self,
           const char     *login)
{
  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      const CdUser *user = g_ptr_array_index (self->users, i);

      if (g_strcmp0 (user->login, login) == 0)
        return user;
    }
  return NULL;
}

/* ---- the rows ---------------------------------------------------------------------------------- */

/* "cb77 · Officer · Waits until 10:35 06/12/2026": who, and anything an administrator may need to
 * act on. */
static char *
describe_state (CdAccountsPage *self,
                const CdUser   *user)
{
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_context_get_clock (self->context));
  GString *text = g_string_new (user->login);

  g_string_append_printf (text, " · %s", cd_role_get_label (user->role));
  if (!user->active)
    g_string_append_printf (text, " · %s", _("Deactivated"));
  else if (!user->can_sign_in)
    g_string_append_printf (text, " · %s", _("No password yet"));
  if (user->active && cd_user_is_locked_out (user, now))
    {
      g_autoptr(GDateTime) until = g_date_time_new_from_iso8601 (user->locked_until, NULL);
      g_autoptr(GDateTime) local = until != NULL ? g_date_time_to_local (until) : NULL;
      g_autofree char *when = local != NULL ? g_date_time_format (local, "%H:%M %d/%m/%Y")
                                            : g_strdup (user->locked_until);

      g_string_append (text, " · ");
      g_string_append_printf (text, _("Waits until %s"), when);
    }
  else if (user->active && user->failed_sign_ins > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u wrong password",
                                                 "%u wrong passwords", user->failed_sign_ins),
                              user->failed_sign_ins);
    }
  if (user->active && user->can_sign_in && user->must_change_password)
    g_string_append_printf (text, " · %s", _("One-time password not changed yet"));
  return g_string_free (text, FALSE);
}

static void
append_item (GMenu      *menu,
             const char *label,
             const char *action,
             GVariant   *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, target);
  g_menu_append_item (menu, item);
}

static GMenuModel *
actions_menu (CdAccountsPage *self,
              const CdUser   *user)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) main_section = g_menu_new ();
  g_autoptr(GMenu) roles_section = g_menu_new ();
  g_autoptr(GDateTime) now = cd_clock_get_now (cd_context_get_clock (self->context));
  static const CdRole roles[] = { CD_ROLE_OFFICER, CD_ROLE_SUPERVISOR, CD_ROLE_HEAD,
                                  CD_ROLE_ADMIN };

  append_item (main_section, _("New One-Time _Password…"), "accounts.reset-password",
               g_variant_new_string (user->login));
  if (user->failed_sign_ins > 0 || cd_user_is_locked_out (user, now))
    append_item (main_section, _("_Lift the Wait"), "accounts.lift-wait",
                 g_variant_new_string (user->login));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (main_section));
  /* Nobody deactivates their own account or changes their own role (core refuses it too). */
  if (user->id == cd_session_get_user_id (self->session))
    return G_MENU_MODEL (menu);
  if (user->active)
    append_item (main_section, _("_Deactivate…"), "accounts.deactivate",
                 g_variant_new_string (user->login));
  else
    append_item (main_section, _("_Reactivate"), "accounts.reactivate",
                 g_variant_new_string (user->login));
  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autofree char *label = NULL;

      if (roles[i] == user->role)
        continue;
      label = g_strdup_printf (_("Make %s"), cd_role_get_label (roles[i]));
      append_item (roles_section, label, "accounts.set-role",
                   g_variant_new ("(ss)", user->login, cd_role_to_string (roles[i])));
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (roles_section));
  return G_MENU_MODEL (menu);
}

static GtkWidget *
make_row (CdAccountsPage *self,
          const CdUser   *user)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = describe_state (self, user);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->full_name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, user->login);
  if (!user->active)
    gtk_widget_add_css_class (row, "dim-label");
  if (is_admin (self))
    {
      GtkWidget *button = gtk_menu_button_new ();
      g_autoptr(GMenuModel) menu = actions_menu (self, user);
      g_autofree char *tooltip = g_strdup_printf (_("What to do with the account of %s"),
                                                  user->full_name);

      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, tooltip);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
    }
  return row;
}

static void
clear_rows (CdAccountsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static void
show_users (CdAccountsPage *self)
{
  clear_rows (self);
  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      GtkWidget *row = make_row (self, g_ptr_array_index (self->users, i));

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
update_state (CdAccountsPage *self)
{
  gboolean admin = is_admin (self);
  gboolean has_store = cd_context_get_database (self->context) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "accounts.add",
                                 admin && has_store && self->busy == 0);
  if (!has_store)
    adw_preferences_group_set_description (self->group,
                                           _("Open a claims store to see its accounts."));
  else if (!admin)
    adw_preferences_group_set_description (self->group,
                                           _("Only an administrator manages accounts."));
  else
    adw_preferences_group_set_description (self->group,
                                           _("Accounts are never deleted, only deactivated, so "
                                             "the audit log keeps every name. Each change is "
                                             "recorded in it."));
}

/* ---- reading and changing -------------------------------------------------------------------- */

static void
busy_done (CdAccountsPage *self)
{
  g_assert (self->busy > 0);
  self->busy--;
  update_state (self);
}

static void
on_listed (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CdAccountsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *users = cd_users_list_finish (CD_DATABASE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  busy_done (self);
  if (users == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The accounts could not be read: %s"),
                                                  error->message);

      toast (self, message);
      return;
    }
  g_clear_pointer (&self->users, g_ptr_array_unref);
  self->users = users;
  show_users (self);
}

static void
reload (CdAccountsPage *self)
{
  CdDatabase *writer = cd_context_get_database (self->context);

  update_state (self);
  if (writer == NULL || !is_admin (self))
    {
      g_clear_pointer (&self->users, g_ptr_array_unref);
      clear_rows (self);
      return;
    }
  self->busy++;
  update_state (self);
  cd_users_list_async (writer, self->cancellable, on_listed, g_object_ref (self));
}

typedef struct
{
  CdAccountsPage *page;
  char           *done_message;
} ChangeCall;

static void
on_changed (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ChangeCall *call = user_data;
  g_autoptr(CdAccountsPage) self = call->page;
  g_autofree char *done_message = call->done_message;
  g_autoptr(GError) error = NULL;

  g_free (call);
  if (!cd_account_change_apply_finish (CD_DATABASE (object), result, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  busy_done (self);
  toast (self, error != NULL ? error->message : done_message);
  reload (self);
}

/* Runs `change` as the signed-in administrator; `done_message` is toasted when it worked. */
static void
apply_change (CdAccountsPage        *self,
              const CdAccountChange *change,
              const char            *done_message)
{
  CdDatabase *writer = cd_context_get_database (self->context);
  ChangeCall *call;

  if (writer == NULL || !is_admin (self))
    return;
  call = g_new0 (ChangeCall, 1);
  call->page = g_object_ref (self);
  call->done_message = g_strdup (done_message);
  self->busy++;
  update_state (self);
  cd_account_change_apply_async (writer, self->session, change, self->cancellable, on_changed,
                                 call);
}

static GtkWindow *
parent_window (CdAccountsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
on_account_dialog_response (CdAccountDialog *dialog,
                            const char      *response,
                            CdAccountsPage  *self)
{
  g_autoptr(CdAccountChange) change = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "apply") != 0)
    return;
  change = cd_account_dialog_get_change (dialog);
  if (change->kind == CD_ACCOUNT_CHANGE_ADD)
    message = g_strdup_printf (_("Account “%s” added. Its owner chooses a password at the "
                                 "first sign-in."), change->login);
  else
    message = g_strdup_printf (_("“%s” has a new one-time password."), change->login);
  apply_change (self, change, message);
}

static void
present_dialog (CdAccountsPage  *self,
                CdAccountDialog *dialog)
{
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_account_dialog_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_activated (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (widget);

  present_dialog (self, cd_account_dialog_new_add (parent_window (self)));
}

static void
reset_password_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (widget);
  const CdUser *user = find_user (self, g_variant_get_string (parameter, NULL));

  if (user != NULL)
    present_dialog (self, cd_account_dialog_new_reset (parent_window (self), user));
}

static void
on_deactivate_response (AdwMessageDialog *dialog,
                        const char       *response,
                        CdAccountsPage   *self)
{
  const char *login = g_object_get_data (G_OBJECT (dialog), "login");
  g_autoptr(CdAccountChange) change = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (response, "deactivate") != 0)
    return;
  change = cd_account_change_new (CD_ACCOUNT_CHANGE_DEACTIVATE, login);
  message = g_strdup_printf (_("“%s” can no longer sign in."), login);
  apply_change (self, change, message);
}

static void
deactivate_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (widget);
  const CdUser *user = find_user (self, g_variant_get_string (parameter, NULL));
  AdwMessageDialog *dialog;
  g_autofree char *heading = NULL;

  if (user == NULL)
    return;
  heading = g_strdup_printf (_("Deactivate the Account of %s?"), user->full_name);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), heading,
                                                       _("They can no longer sign in. Their name "
                                                         "stays on everything they did, and the "
                                                         "account can be reactivated later.")));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"),
                                    "deactivate", _("_Deactivate"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "deactivate", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "login", g_strdup (user->login), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_deactivate_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reactivate_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (widget);
  const char *login = g_variant_get_string (parameter, NULL);
  g_autoptr(CdAccountChange) change = cd_account_change_new (CD_ACCOUNT_CHANGE_REACTIVATE, login);
  g_autofree char *message = g_strdup_printf (_("“%s” can sign in again."), login);

  apply_change (self, change, message);
}

static void
lift_wait_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (widget);
  const char *login = g_variant_get_string (parameter, NULL);
  g_autoptr(CdAccountChange) change = cd_account_change_new (CD_ACCOUNT_CHANGE_LIFT_LOCKOUT,
                                                             login);
  g_autofree char *message = g_strdup_printf (_("“%s” can sign in again now."), login);

  apply_change (self, change, message);
}

static void
set_role_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (widget);
  const char *login, *role_name;
  g_autoptr(CdAccountChange) change = NULL;
  g_autofree char *message = NULL;
  CdRole role;

  g_variant_get (parameter, "(&s&s)", &login, &role_name);
  if (!cd_role_from_string (role_name, &role))
    return;
  change = cd_account_change_new (CD_ACCOUNT_CHANGE_SET_ROLE, login);
  change->role = role;
  message = g_strdup_printf (_("“%s” is now: %s."), login, cd_role_get_label (role));
  apply_change (self, change, message);
}

/* ---- following the context ------------------------------------------------------------------- */

static void
follow_context (CdAccountsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->busy = 0;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, reload, self);
  g_set_object (&self->session, cd_context_get_session (self->context));
  if (self->session != NULL)
    g_signal_connect_object (self->session, "notify::locked", G_CALLBACK (reload), self,
                             G_CONNECT_SWAPPED);
  reload (self);
}

static void
set_context (CdAccountsPage *self,
             CdContext      *context)
{
  g_assert (self->context == NULL);

  self->context = context != NULL ? g_object_ref (context) : cd_context_new ();
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (follow_context), self,
                           G_CONNECT_SWAPPED);
  follow_context (self);
}

CdAccountsPage *
cd_accounts_page_new (CdContext *context)
{
  return g_object_new (CD_TYPE_ACCOUNTS_PAGE, "context", context, NULL);
}

gboolean
cd_accounts_page_is_idle (CdAccountsPage *self)
{
  g_return_val_if_fail (CD_IS_ACCOUNTS_PAGE (self), FALSE);
  return self->busy == 0;
}

AdwActionRow *
cd_accounts_page_find_row (CdAccountsPage *self,
                           const char     *login)
{
  g_return_val_if_fail (CD_IS_ACCOUNTS_PAGE (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (gtk_widget_get_name (row), login) == 0)
        return ADW_ACTION_ROW (row);
    }
  return NULL;
}

static void
cd_accounts_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      set_context (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_accounts_page_dispose (GObject *object)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  /* Its notifications must not reach a widget being taken apart. */
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  g_clear_object (&self->context);
  g_clear_pointer (&self->users, g_ptr_array_unref);

  G_OBJECT_CLASS (cd_accounts_page_parent_class)->dispose (object);
}

static void
cd_accounts_page_finalize (GObject *object)
{
  CdAccountsPage *self = CD_ACCOUNTS_PAGE (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (cd_accounts_page_parent_class)->finalize (object);
}

static void
cd_accounts_page_class_init (CdAccountsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->set_property = cd_accounts_page_set_property;
  object_class->dispose = cd_accounts_page_dispose;
  object_class->finalize = cd_accounts_page_finalize;

  /* Whose accounts the page shows, and who is signed in to change them. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "accounts.add", NULL, add_activated);
  gtk_widget_class_install_action (widget_class, "accounts.reset-password", "s",
                                   reset_password_activated);
  gtk_widget_class_install_action (widget_class, "accounts.deactivate", "s",
                                   deactivate_activated);
  gtk_widget_class_install_action (widget_class, "accounts.reactivate", "s",
                                   reactivate_activated);
  gtk_widget_class_install_action (widget_class, "accounts.lift-wait", "s", lift_wait_activated);
  gtk_widget_class_install_action (widget_class, "accounts.set-role", "(ss)", set_role_activated);
}

static void
cd_accounts_page_init (CdAccountsPage *self)
{
  GtkWidget *add_content;

  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (self), _("Accounts"));
  adw_preferences_page_set_icon_name (ADW_PREFERENCES_PAGE (self), "system-users-symbolic");
  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Accounts"));
  self->add_button = gtk_button_new ();
  add_content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (add_content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (add_content), _("_Add Account…"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (add_content), TRUE);
  gtk_button_set_child (GTK_BUTTON (self->add_button), add_content);
  gtk_widget_add_css_class (self->add_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->add_button), "accounts.add");
  adw_preferences_group_set_header_suffix (self->group, self->add_button);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->group);
}
