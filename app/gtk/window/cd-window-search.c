/* cd-window-search.c — the main window's search: people and claims as the officer types. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-format.h"
#include "cd-list-box.h"
#include "cd-search.h"
#include "cd-window-private.h"

#define SEARCH_LIMIT 30

static GtkWidget *
create_result_row (CdSearchResult *result)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  /* One line each, ellipsized: wrapping labels are measured for height-for-width again and again,
   * which was most of drawing 30 results (pango shaping in every measure). */
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  switch (result->kind)
    {
    case CD_SEARCH_KIND_PERSON:
      {
        g_autofree char *born = cd_format_date_vi (result->birth_date);

        subtitle = g_strdup_printf (_("Person · ID %s · born %s"), result->id,
                                    born != NULL ? born : "");
        adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                   gtk_image_new_from_icon_name ("avatar-default-symbolic"));
      }
      break;

    case CD_SEARCH_KIND_CLAIM:
      {
        CdBenefit benefit;
        CdClaimStatus status;
        const char *benefit_label = result->benefit;
        const char *status_label = result->status;

        if (result->benefit != NULL && cd_benefit_from_string (result->benefit, &benefit))
          benefit_label = cd_benefit_get_label (benefit);
        if (result->status != NULL && cd_claim_status_from_string (result->status, &status))
          status_label = cd_claim_status_get_label (status);
        subtitle = g_strdup_printf (_("Claim %s · %s · %s"), result->id,
                                    benefit_label != NULL ? benefit_label : "",
                                    status_label != NULL ? status_label : "");
        adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                   gtk_image_new_from_icon_name ("x-office-document-symbolic"));
      }
      break;

    default:
      g_assert_not_reached ();
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));

  g_object_set_data (G_OBJECT (row), "cd-kind", GINT_TO_POINTER (result->kind));
  g_object_set_data_full (G_OBJECT (row), "cd-rowid", g_memdup2 (&result->rowid, sizeof (gint64)),
                          g_free);
  g_object_set_data_full (G_OBJECT (row), "cd-id", g_strdup (result->id), g_free);
  g_object_set_data_full (G_OBJECT (row), "cd-name", g_strdup (result->name), g_free);
  return row;
}

static void
on_search_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cd_search_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  cd_list_box_remove_all (self->results_list);

  if (results == NULL)
    {
      cd_window_add_toast (self, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "no-results");
    }
  else if (results->len == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    {
      g_autofree char *heading = NULL;

      for (guint i = 0; i < results->len; i++)
        gtk_list_box_append (self->results_list, create_result_row (results->pdata[i]));
      heading = g_strdup_printf (_("Results for “%s”"),
                                 gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
      gtk_label_set_text (self->results_heading, heading);
      gtk_stack_set_visible_child_name (self->content_stack, "results");
    }
  g_signal_emit (self, cd_window_signals[CD_WINDOW_SIGNAL_SEARCH_FINISHED], 0,
                 results != NULL ? results->len : 0u);
}

static void
on_search_changed (CdWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *db_path = cd_context_get_db_path (self->context);

  /* Each keystroke's search replaces the one before. */
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (text[0] == '\0' || db_path == NULL)
    {
      cd_window_show_queue (self);
      return;
    }
  self->search_cancellable = g_cancellable_new ();
  cd_search_async (db_path, text, SEARCH_LIMIT, self->search_cancellable, on_search_done,
                   g_object_ref (self));
}

static void
choose_result (CdWindow      *self,
               GtkListBoxRow *row)
{
  CdSearchKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cd-kind"));
  const char *id = g_object_get_data (G_OBJECT (row), "cd-id");
  const char *name = g_object_get_data (G_OBJECT (row), "cd-name");
  const gint64 *rowid = g_object_get_data (G_OBJECT (row), "cd-rowid");

  switch (kind)
    {
    case CD_SEARCH_KIND_CLAIM:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-claim", "s", id);
      break;

    case CD_SEARCH_KIND_PERSON:
      cd_window_show_person (self, *rowid, name);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_result_activated (CdWindow      *self,
                     GtkListBoxRow *row)
{
  choose_result (self, row);
}

static void
on_search_activate (CdWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results_list, 0);

  if (first != NULL && g_str_equal (gtk_stack_get_visible_child_name (self->content_stack),
                                    "results"))
    choose_result (self, first);
}

static void
on_stop_search (CdWindow *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->claim_list));
}

static gboolean
on_search_key_pressed (CdWindow              *self,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       GtkEventControllerKey *controller)
{
  /* Down from the search field goes to the results, as in GNOME Settings. */
  if (keyval == GDK_KEY_Down
      && g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "results"))
    return gtk_widget_child_focus (GTK_WIDGET (self->results_list), GTK_DIR_TAB_FORWARD);
  return FALSE;
}

void
cd_window_clear_search (CdWindow *self)
{
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
  g_cancellable_cancel (self->search_cancellable);
}

void
cd_window_search (CdWindow   *self,
                  const char *text)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* At once, not after the typing delay. */
  on_search_changed (self);
}

guint
cd_window_get_n_results (CdWindow *self)
{
  guint n = 0;

  g_return_val_if_fail (CD_IS_WINDOW (self), 0);
  while (gtk_list_box_get_row_at_index (self->results_list, n) != NULL)
    n++;
  return n;
}

const char *
cd_window_get_result_title (CdWindow *self,
                            guint     index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  row = gtk_list_box_get_row_at_index (self->results_list, index);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "cd-name") : NULL;
}

gboolean
cd_window_get_result_is_person (CdWindow *self,
                                guint     index)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);
  row = gtk_list_box_get_row_at_index (self->results_list, index);
  return row != NULL
         && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "cd-kind"))
            == CD_SEARCH_KIND_PERSON;
}

void
cd_window_activate_result (CdWindow *self,
                           guint     index)
{
  GtkListBoxRow *row;

  g_return_if_fail (CD_IS_WINDOW (self));
  row = gtk_list_box_get_row_at_index (self->results_list, index);
  g_return_if_fail (row != NULL);
  choose_result (self, row);
}

void
cd_window_search_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
}

void
cd_window_search_init (CdWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
}
