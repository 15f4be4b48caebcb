/* cd-account-dialog.c — add an account, or reset its password, as an administrator. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-account-dialog.h"
#include "cd-password-rules.h"
#include "cd-password-rules-view.h"

struct _CdAccountDialog
{
  AdwMessageDialog     parent_instance;

  CdAccountChangeKind  kind;
  char                *login;       /* a reset: the account's */
  char                *full_name;   /* a reset: the account's */

  AdwEntryRow         *login_row;   /* NULL for a reset */
  AdwEntryRow         *name_row;    /* NULL for a reset */
  AdwComboRow         *role_row;    /* NULL for a reset */
  AdwEntryRow         *password_row;
  CdPasswordRulesView *rules_view;
};

G_DEFINE_FINAL_TYPE (CdAccountDialog, cd_account_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* The combo row's order. */
static const CdRole roles[] = { CD_ROLE_OFFICER, CD_ROLE_SUPERVISOR, CD_ROLE_HEAD,
                                  CD_ROLE_ADMIN };

static const char *
text_of (AdwEntryRow *row)
{
  return row != NULL ? gtk_editable_get_text (GTK_EDITABLE (row)) : NULL;
}

static const char *
form_login (CdAccountDialog *self)
{
  return self->login_row != NULL ? text_of (self->login_row) : self->login;
}

static const char *
form_full_name (CdAccountDialog *self)
{
  return self->name_row != NULL ? text_of (self->name_row) : self->full_name;
}

static gboolean
blank (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));

  return *copy == '\0';
}

static void
update (CdAccountDialog *self)
{
  const char *password = text_of (self->password_row);
  gboolean ready;

  cd_password_rules_view_update (self->rules_view, password, form_login (self),
                                 form_full_name (self));
  ready = !blank (form_login (self)) && !blank (form_full_name (self))
          && cd_password_rules_view_get_met (self->rules_view) == CD_PASSWORD_ALL_RULES;
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "apply", ready);
}

static AdwEntryRow *
add_entry_row (CdAccountDialog *self,
               GtkListBox      *list,
               const char      *title)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_object (row, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  gtk_list_box_append (list, GTK_WIDGET (row));
  return row;
}

static void
build_form (CdAccountDialog *self,
            gboolean         new_account)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkListBox *list = GTK_LIST_BOX (gtk_list_box_new ());
  g_autofree char *password = NULL;

  gtk_list_box_set_selection_mode (list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (list), "boxed-list");
  if (new_account)
    {
      GtkStringList *role_names = gtk_string_list_new (NULL);

      self->login_row = add_entry_row (self, list, _("Login"));
      self->name_row = add_entry_row (self, list, _("Full Name"));
      for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
        gtk_string_list_append (role_names, cd_role_get_label (roles[i]));
      self->role_row = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->role_row), _("Role"));
      adw_combo_row_set_model (self->role_row, G_LIST_MODEL (role_names));
      g_object_unref (role_names);
      gtk_list_box_append (list, GTK_WIDGET (self->role_row));
    }
  self->rules_view = CD_PASSWORD_RULES_VIEW (cd_password_rules_view_new ());
  self->password_row = add_entry_row (self, list, _("One-Time Password"));
  /* Shown, not hidden: the administrator reads it out or writes it down for its owner, who must
   * choose their own at the first sign-in. */
  password = cd_password_generate_one_time (form_login (self), form_full_name (self));
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (list));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->rules_view));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);
  update (self);
}

static void
add_responses (CdAccountDialog *self,
               const char      *apply_label)
{
  AdwMessageDialog *dialog = ADW_MESSAGE_DIALOG (self);

  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "apply", apply_label, NULL);
  adw_message_dialog_set_response_appearance (dialog, "apply", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "apply");
  adw_message_dialog_set_close_response (dialog, "cancel");
}

CdAccountDialog *
cd_account_dialog_new_add (GtkWindow *parent)
{
  CdAccountDialog *self = g_object_new (CD_TYPE_ACCOUNT_DIALOG,
                                        "transient-for", parent,
                                        "modal", TRUE,
                                        "heading", _("Add an Account"),
                                        "body", _("Its owner signs in with the one-time password "
                                                  "below and then chooses their own."),
                                        NULL);

  self->kind = CD_ACCOUNT_CHANGE_ADD;
  add_responses (self, _("_Add"));
  build_form (self, TRUE);
  return self;
}

CdAccountDialog *
cd_account_dialog_new_reset (GtkWindow    *parent,
                             const CdUser *user)
{
  g_autofree char *heading = NULL;
  CdAccountDialog *self;

  g_return_val_if_fail (user != NULL, NULL);

  heading = g_strdup_printf (_("New Password for %s"), user->full_name);
  self = g_object_new (CD_TYPE_ACCOUNT_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", heading,
                       "body", _("The old password stops working at once, and any wait after "
                                 "wrong passwords ends. Its owner signs in with the one-time "
                                 "password below and then chooses their own."),
                       NULL);
  self->kind = CD_ACCOUNT_CHANGE_RESET_PASSWORD;
  self->login = g_strdup (user->login);
  self->full_name = g_strdup (user->full_name);
  add_responses (self, _("_Set Password"));
  build_form (self, FALSE);
  return self;
}

CdAccountChange *
cd_account_dialog_get_change (CdAccountDialog *self)
{
  g_autofree char *login = NULL;
  CdAccountChange *change;

  g_return_val_if_fail (CD_IS_ACCOUNT_DIALOG (self), NULL);

  login = g_strstrip (g_strdup (form_login (self)));
  change = cd_account_change_new (self->kind, login);
  change->password = g_strdup (text_of (self->password_row));
  if (self->kind == CD_ACCOUNT_CHANGE_ADD)
    {
      guint selected = adw_combo_row_get_selected (self->role_row);

      change->full_name = g_strstrip (g_strdup (form_full_name (self)));
      change->role = roles[selected < G_N_ELEMENTS (roles) ? selected : 0];
    }
  return change;
}

static void
cd_account_dialog_finalize (GObject *object)
{
  CdAccountDialog *self = CD_ACCOUNT_DIALOG (object);

  g_free (self->login);
  g_free (self->full_name);

  G_OBJECT_CLASS (cd_account_dialog_parent_class)->finalize (object);
}

static void
cd_account_dialog_class_init (CdAccountDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_account_dialog_finalize;
}

static void
cd_account_dialog_init (CdAccountDialog *self)
{
}
