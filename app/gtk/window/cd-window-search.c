/* cd-window-search.c — the main window's search: people and claims as the officer types.
 *
 * The results are a GtkListView over a GListStore of CdSearchResultItems: the rows on screen are
 * made once and show each keystroke's results in place, instead of 30 AdwActionRows made and laid
 * out for every keystroke (issue 20, docs/performance.md). The items stay, their results change:
 * GTK 4.8 makes a new row for every new item.
 *
 * Every keystroke searches at once, and the search under way for the keystroke before is dropped.
 * The field used to wait for typing to pause (250, then 100 ms) because drawing the results was
 * dear; now the query takes about a millisecond on a worker and the rows on screen are only given
 * new text, and any pause would be most of the 50 ms the officer may wait (docs/performance.md
 * has the figures with a 100 ms pause, a 60 ms throttle and none).
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-search-result-item.h"
#include "cd-search.h"
#include "cd-window-private.h"

#define SEARCH_LIMIT 30

/* ---- the rows ------------------------------------------------------------------------------- */

static void
setup_result_row (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_add_css_class (row, "search-result");
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (texts, TRUE);
  /* One line each, ellipsized: a wrapping label is measured for height-for-width again and again
   * (pango shaping in every measure). */
  for (GtkWidget *label = title; label != NULL; label = label == title ? subtitle : NULL)
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (texts), label);
    }
  gtk_widget_add_css_class (title, "title");
  gtk_widget_add_css_class (subtitle, "subtitle");
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  g_object_set_data (G_OBJECT (row), "cd-icon", icon);
  g_object_set_data (G_OBJECT (row), "cd-title", title);
  g_object_set_data (G_OBJECT (row), "cd-subtitle", subtitle);
  gtk_list_item_set_child (item, row);
}

static void
show_result (GtkWidget          *row,
             CdSearchResultItem *result)
{
  const char *title = cd_search_result_item_get_title (result);
  const char *subtitle = cd_search_result_item_get_subtitle (result);
  g_autofree char *label = g_strdup_printf ("%s, %s", title, subtitle);

  gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (row), "cd-icon"),
                                cd_search_result_item_get_icon_name (result));
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "cd-title"), title);
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "cd-subtitle"), subtitle);
  /* A screen reader reads the row as one: the name, then the details. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
on_result_changed (GtkWidget          *row,
                   CdSearchResultItem *result)
{
  show_result (row, result);
}

static void
bind_result_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  CdSearchResultItem *result = gtk_list_item_get_item (item);

  show_result (row, result);
  g_signal_connect_object (result, "changed", G_CALLBACK (on_result_changed), row,
                           G_CONNECT_SWAPPED);
}

static void
unbind_result_row (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), on_result_changed,
                                        gtk_list_item_get_child (item));
}

/* ---- searching ------------------------------------------------------------------------------ */

static void
on_search_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cd_search_finish (result, &error);
  GListModel *items = G_LIST_MODEL (self->results);
  guint n_found = results != NULL ? results->len : 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (results == NULL)
    {
      cd_window_add_toast (self, error->message);
      gtk_stack_set_visible_child_name (self->content_stack, "no-results");
    }
  else if (results->len == 0)
    gtk_stack_set_visible_child_name (self->content_stack, "no-results");
  else
    {
      guint n_items = g_list_model_get_n_items (items);
      g_autofree char *heading = NULL;

      /* The results array gives its results to the items: the first ones to the items there
       * already (their rows show them in place), the rest to new items. */
      g_ptr_array_set_free_func (results, NULL);
      for (guint i = 0; i < results->len; i++)
        if (i < n_items)
          {
            g_autoptr(CdSearchResultItem) item = g_list_model_get_item (items, i);

            cd_search_result_item_set_result (item, results->pdata[i]);
          }
        else
          {
            g_autoptr(CdSearchResultItem) item = cd_search_result_item_new (results->pdata[i]);

            g_list_store_append (self->results, item);
          }
      if (n_items > results->len)
        g_list_store_splice (self->results, results->len, n_items - results->len, NULL, 0);
      heading = g_strdup_printf (_("Results for “%s”"), self->search_text);
      gtk_label_set_text (self->results_heading, heading);
      gtk_stack_set_visible_child_name (self->content_stack, "results");
    }
  if (n_found == 0)
    g_list_store_remove_all (self->results);
  g_signal_emit (self, cd_window_signals[CD_WINDOW_SIGNAL_SEARCH_FINISHED], 0, n_found);
}

/* Searches for the text in the field now; a search under way is dropped. */
static void
start_search (CdWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *db_path = cd_context_get_db_path (self->context);

  g_clear_handle_id (&self->search_idle, g_source_remove);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (text[0] == '\0' || db_path == NULL)
    {
      cd_window_show_queue (self);
      return;
    }
  g_free (self->search_text);
  self->search_text = g_strdup (text);
  self->search_cancellable = g_cancellable_new ();
  cd_search_async (db_path, text, SEARCH_LIMIT, self->search_cancellable, on_search_done,
                   g_object_ref (self));
}

static gboolean
on_search_due (gpointer user_data)
{
  CdWindow *self = user_data;

  self->search_idle = 0;
  start_search (self);
  return G_SOURCE_REMOVE;
}

static void
on_search_changed (CdWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* The empty field is due to show the queue: the text is read then. */
  if (self->search_idle != 0)
    return;
  /* An empty field shows the queue again, which reads its list again: not for the moment
   * gtk_editable_set_text() empties the field before it puts the new text in. */
  if (text[0] == '\0')
    self->search_idle = g_idle_add (on_search_due, self);
  else
    start_search (self);
}

static void
choose_result (CdWindow           *self,
               CdSearchResultItem *item)
{
  const CdSearchResult *result = cd_search_result_item_get_result (item);

  switch (result->kind)
    {
    case CD_SEARCH_KIND_CLAIM:
      gtk_widget_activate_action (GTK_WIDGET (self), "win.open-claim", "s", result->id);
      break;

    case CD_SEARCH_KIND_PERSON:
      cd_window_show_person (self, result->rowid, result->name);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_result_activated (CdWindow *self,
                     guint     position)
{
  g_autoptr(CdSearchResultItem) item = g_list_model_get_item (G_LIST_MODEL (self->results),
                                                              position);

  if (item != NULL)
    choose_result (self, item);
}

static void
on_search_activate (CdWindow *self)
{
  if (g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "results"))
    on_result_activated (self, 0);
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
    return gtk_widget_child_focus (GTK_WIDGET (self->results_view), GTK_DIR_TAB_FORWARD);
  return FALSE;
}

void
cd_window_clear_search (CdWindow *self)
{
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
  g_clear_handle_id (&self->search_idle, g_source_remove);
  g_cancellable_cancel (self->search_cancellable);
}

void
cd_window_search_dispose (CdWindow *self)
{
  g_clear_handle_id (&self->search_idle, g_source_remove);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->search_text, g_free);
}

void
cd_window_search (CdWindow   *self,
                  const char *text)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  /* At once, whatever the pause between keystrokes. */
  start_search (self);
}

guint
cd_window_get_n_results (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->results));
}

const char *
cd_window_get_result_title (CdWindow *self,
                            guint     index)
{
  g_autoptr(CdSearchResultItem) item = NULL;

  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  item = g_list_model_get_item (G_LIST_MODEL (self->results), index);
  /* The store keeps the item, and with it the title. */
  return item != NULL ? cd_search_result_item_get_title (item) : NULL;
}

gboolean
cd_window_get_result_is_person (CdWindow *self,
                                guint     index)
{
  g_autoptr(CdSearchResultItem) item = NULL;

  g_return_val_if_fail (CD_IS_WINDOW (self), FALSE);
  item = g_list_model_get_item (G_LIST_MODEL (self->results), index);
  return item != NULL
         && cd_search_result_item_get_result (item)->kind == CD_SEARCH_KIND_PERSON;
}

void
cd_window_activate_result (CdWindow *self,
                           guint     index)
{
  g_autoptr(CdSearchResultItem) item = NULL;

  g_return_if_fail (CD_IS_WINDOW (self));
  item = g_list_model_get_item (G_LIST_MODEL (self->results), index);
  g_return_if_fail (item != NULL);
  choose_result (self, item);
}

void
cd_window_search_class_init (GtkWidgetClass *widget_class)
{
  g_type_ensure (CD_TYPE_SEARCH_RESULT_ITEM);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
}

void
cd_window_search_init (CdWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;

  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  self->results = g_list_store_new (CD_TYPE_SEARCH_RESULT_ITEM);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->results)));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_result_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_result_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_result_row), NULL);
  gtk_list_view_set_factory (self->results_view, factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);
}
