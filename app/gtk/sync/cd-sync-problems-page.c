/* cd-sync-problems-page.c — the decisions that did not reach the central system cleanly. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-list-box.h"
#include "cd-resources.h"
#include "cd-sync-log-row.h"
#include "cd-sync-log.h"
#include "cd-sync-problems-page.h"

/* More than an officer can act on in one sitting; the count in the sidebar tells the rest. */
#define PROBLEMS_LIMIT 500

struct _CdSyncProblemsPage
{
  AdwBin         parent_instance;

  CdContext     *context;
  GtkStack      *stack;
  AdwStatusPage *empty_page;
  GtkListBox    *list;
  guint          n_rows;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (CdSyncProblemsPage, cd_sync_problems_page, ADW_TYPE_BIN)

enum {
  SIGNAL_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
cd_sync_problems_page_new (CdContext *context)
{
  return g_object_new (CD_TYPE_SYNC_PROBLEMS_PAGE, "context", context, NULL);
}

static void
on_read (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CdSyncProblemsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = cd_sync_log_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  cd_list_box_remove_all (self->list);
  self->n_rows = 0;
  if (items == NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("The Outbox Cannot Be Read"));
      adw_status_page_set_description (self->empty_page, escaped);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (items->len == 0)
    {
      adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Sync Problems"));
      adw_status_page_set_description (self->empty_page,
                                       _("Every decision sent so far reached the central system, "
                                         "or waits in the queue for the next delivery."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else
    {
      for (guint i = 0; i < items->len; i++, self->n_rows++)
        {
          GtkWidget *row = cd_sync_log_row_new (g_ptr_array_index (items, i));

          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     gtk_image_new_from_icon_name ("go-next-symbolic"));
          gtk_list_box_append (self->list, row);
        }
      gtk_stack_set_visible_child_name (self->stack, "list");
    }
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
cd_sync_problems_page_reload (CdSyncProblemsPage *self)
{
  const char *db_path;

  g_return_if_fail (CD_IS_SYNC_PROBLEMS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  db_path = cd_context_get_db_path (self->context);
  if (db_path == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  cd_sync_log_load_async (db_path, CD_SYNC_LOG_PROBLEMS_ONLY, PROBLEMS_LIMIT, self->cancellable,
                          on_read, g_object_ref (self));
}

guint
cd_sync_problems_page_get_n_rows (CdSyncProblemsPage *self)
{
  g_return_val_if_fail (CD_IS_SYNC_PROBLEMS_PAGE (self), 0);
  return self->n_rows;
}

/* A refused decision reopened its claim: the officer goes there to put it right. */
static void
on_row_activated (CdSyncProblemsPage *self,
                  GtkListBoxRow      *row)
{
  const char *number = g_object_get_data (G_OBJECT (row), "claim-number");

  if (number != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-claim", "s", number);
}

static void
cd_sync_problems_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CdSyncProblemsPage *self = CD_SYNC_PROBLEMS_PAGE (object);

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
cd_sync_problems_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CdSyncProblemsPage *self = CD_SYNC_PROBLEMS_PAGE (object);

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
cd_sync_problems_page_dispose (GObject *object)
{
  CdSyncProblemsPage *self = CD_SYNC_PROBLEMS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  /* AdwBin unparents its child itself: let go of it first, then of the template's references. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_SYNC_PROBLEMS_PAGE);

  G_OBJECT_CLASS (cd_sync_problems_page_parent_class)->dispose (object);
}

static void
cd_sync_problems_page_class_init (CdSyncProblemsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_sync_problems_page_get_property;
  object_class->set_property = cd_sync_problems_page_set_property;
  object_class->dispose = cd_sync_problems_page_dispose;

  /* Where the outbox is read from. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-sync-problems-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdSyncProblemsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CdSyncProblemsPage, list);
  gtk_widget_class_bind_template_child (widget_class, CdSyncProblemsPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
}

static void
cd_sync_problems_page_init (CdSyncProblemsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
