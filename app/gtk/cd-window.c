/* cd-window.c — the main window: work queues in the sidebar, the selected queue in the content. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-demo-session.h"
#include "cd-new-claim-page.h"
#include "cd-resources.h"
#include "cd-window.h"

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *content_title;
  AdwLeaflet           *leaflet;
  GtkListBox           *queue_list;
  AdwToastOverlay      *toast_overlay;

  GtkWidget            *new_claim_page;  /* created on first use */
};

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

typedef struct
{
  const char *id;
  const char *icon_name;
  const char *title;  /* N_() */
} QueueInfo;

/* The officer's and supervisor's work queues, in the order of a working day. */
static const QueueInfo queues[] = {
  { "my-drafts", "document-edit-symbolic", N_("My Drafts") },
  { "waiting-evidence", "content-loading-symbolic", N_("Waiting for Evidence") },
  { "ready-to-decide", "emblem-default-symbolic", N_("Ready to Decide") },
  { "returned", "mail-reply-sender-symbolic", N_("Returned to Me") },
  { "awaiting-approval", "avatar-default-symbolic", N_("Waiting for My Approval") },
  { "payout-batches", "folder-documents-symbolic", N_("Payout Batches") },
  { "sync-problems", "dialog-warning-symbolic", N_("Sync Problems") },
  { "all-claims", "view-list-symbolic", N_("All Claims") },
};

static GtkWidget *
create_queue_row (const QueueInfo *info)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(info->title));

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (info->icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, info->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(info->title), -1);
  return row;
}

static const QueueInfo *
queue_for_row (GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  g_assert (index >= 0 && index < (int) G_N_ELEMENTS (queues));
  return &queues[index];
}

static void
show_queue (CdWindow      *self,
            GtkListBoxRow *row)
{
  const QueueInfo *info = queue_for_row (row);

  adw_window_title_set_title (self->content_title, _(info->title));
  if (self->new_claim_page != NULL)
    gtk_widget_set_visible (self->new_claim_page, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), TRUE);
}

static void
on_queue_row_activated (CdWindow      *self,
                        GtkListBoxRow *row)
{
  show_queue (self, row);
  /* On a narrow window the content replaces the sidebar; Alt+Left comes back. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
cd_window_select_queue (CdWindow   *self,
                        const char *queue_id)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    if (g_str_equal (queues[i].id, queue_id))
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue_list, i);
        gtk_list_box_select_row (self->queue_list, row);
        show_queue (self, row);
        return;
      }
  g_critical ("No such queue: %s", queue_id);
}

const char *
cd_window_get_queue (CdWindow *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  row = gtk_list_box_get_selected_row (self->queue_list);
  return row != NULL ? queue_for_row (row)->id : NULL;
}

void
cd_window_add_toast (CdWindow   *self,
                     const char *message)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
cd_window_set_status (CdWindow   *self,
                      const char *status)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  adw_window_title_set_subtitle (self->content_title, status);
}

const char *
cd_window_get_status (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return adw_window_title_get_subtitle (self->content_title);
}

static void
show_queues_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
on_claim_created (CdWindow       *self,
                  gint64          claim_id,
                  CdNewClaimPage *page)
{
  cd_window_add_toast (self, _("Claim created"));
}

/* The new-claim page takes the content area; the demo session (or the settings) says where
 * evidence comes from and where claims go. */
static void
new_claim_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  CdApplication *app = CD_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  CdDemoSession *session = app != NULL ? cd_application_get_demo_session (app) : NULL;

  if (self->new_claim_page == NULL)
    {
      self->new_claim_page = cd_new_claim_page_new ();
      gtk_widget_set_vexpand (self->new_claim_page, TRUE);
      g_signal_connect_object (self->new_claim_page, "claim-created",
                               G_CALLBACK (on_claim_created), self, G_CONNECT_SWAPPED);
      gtk_widget_insert_after (self->new_claim_page,
                               gtk_widget_get_parent (GTK_WIDGET (self->empty_page)),
                               GTK_WIDGET (self->empty_page));
    }
  if (session != NULL && cd_demo_session_get_database (session) != NULL)
    cd_new_claim_page_set_backend (CD_NEW_CLAIM_PAGE (self->new_claim_page),
                                   cd_demo_session_get_database (session),
                                   cd_demo_session_get_gateway_url (session), NULL);
  else
    {
      g_autofree char *gateway = g_settings_get_string (self->settings, "gateway-url");
      g_autofree char *central = g_settings_get_string (self->settings, "central-url");

      cd_new_claim_page_set_backend (CD_NEW_CLAIM_PAGE (self->new_claim_page), NULL, gateway,
                                     *central != '\0' ? central : NULL);
    }
  cd_new_claim_page_reset (CD_NEW_CLAIM_PAGE (self->new_claim_page));
  gtk_list_box_unselect_all (self->queue_list);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_page), FALSE);
  gtk_widget_set_visible (self->new_claim_page, TRUE);
  adw_window_title_set_title (self->content_title, _("New Claim"));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

GtkWidget *
cd_window_get_new_claim_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->new_claim_page;
}

static void
save_window_state (CdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
cd_window_close_request (GtkWindow *window)
{
  save_window_state (CD_WINDOW (window));
  return GTK_WINDOW_CLASS (cd_window_parent_class)->close_request (window);
}

CdWindow *
cd_window_new (CdApplication *application)
{
  return g_object_new (CD_TYPE_WINDOW, "application", application, NULL);
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cd_window_dispose;
  window_class->close_request = cd_window_close_request;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, "/org/claimdesk/ClaimDesk/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_row_activated);

  gtk_widget_class_install_action (widget_class, "win.show-queues", NULL, show_queues_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.show-queues", NULL);
  gtk_widget_class_install_action (widget_class, "win.new-claim", NULL, new_claim_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-claim", NULL);
}

static void
cd_window_init (CdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (BASE_APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    gtk_list_box_append (self->queue_list, create_queue_row (&queues[i]));

  cd_window_select_queue (self, "all-claims");
}
