/* cd-window.c — the main window: work queues in the sidebar, the selected queue in the content. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-alerts-page.h"
#include "cd-application.h"
#include "cd-approval-page.h"
#include "cd-dashboard-page.h"
#include "cd-database.h"
#include "cd-format.h"
#include "cd-lists-page.h"
#include "cd-payout-page.h"
#include "cd-resources.h"
#include "cd-rule-pack.h"
#include "cd-sync-problems-page.h"
#include "cd-window-private.h"

#define COUNTS_REFRESH_SECONDS 10

#define STATUS(s) (1u << CD_CLAIM_STATUS_##s)

const CdWindowQueue cd_window_queues[CD_WINDOW_N_QUEUES] = {
  { "my-drafts", "document-edit-symbolic", N_("My Drafts"),
    { CD_QUEUE_CLAIMS, STATUS (DRAFT), TRUE } },
  { "waiting-evidence", "content-loading-symbolic", N_("Waiting for Evidence"),
    { CD_QUEUE_CLAIMS, STATUS (DRAFT) | STATUS (EVIDENCE_COMPLETE), FALSE } },
  { "ready-to-decide", "emblem-default-symbolic", N_("Ready to Decide"),
    { CD_QUEUE_CLAIMS, STATUS (EVALUATED), FALSE } },
  { "returned", "mail-reply-sender-symbolic", N_("Returned to Me"),
    { CD_QUEUE_CLAIMS, STATUS (RETURNED), FALSE } },
  { "awaiting-approval", "avatar-default-symbolic", N_("Waiting for My Approval"),
    { CD_QUEUE_CLAIMS, STATUS (PROPOSED), FALSE } },
  { "employer-lists", "x-office-spreadsheet-symbolic", N_("Employer Lists"),
    { CD_QUEUE_EMPLOYER_LISTS, 0, FALSE } },
  { "payout-batches", "folder-documents-symbolic", N_("Payout Batches"),
    { CD_QUEUE_PAYOUT_BATCHES, 0, FALSE } },
  { "sync-problems", "dialog-warning-symbolic", N_("Sync Problems"),
    { CD_QUEUE_SYNC_PROBLEMS, 0, FALSE } },
  { "all-claims", "view-list-symbolic", N_("All Claims"), { CD_QUEUE_CLAIMS, 0, FALSE } },
  { "alerts", "security-medium-symbolic", N_("Anomaly Alerts"), { CD_QUEUE_ALERTS, 0, FALSE } },
  /* The office's figures (an officer's own): no count of its own. */
  { "dashboard", "utilities-system-monitor-symbolic", N_("Overview"),
    { CD_QUEUE_NONE, 0, FALSE } },
};

guint cd_window_signals[CD_WINDOW_N_SIGNALS];

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_OFFICER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

CdWindow *
cd_window_new (CdApplication *application)
{
  return g_object_new (CD_TYPE_WINDOW,
                       "application", application,
                       "context", cd_application_get_context (application),
                       NULL);
}

/* ---- the sidebar ---------------------------------------------------------------------------- */

static GtkWidget *
create_queue_row (CdWindow *self,
                  guint     index)
{
  const CdWindowQueue *info = &cd_window_queues[index];
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(info->title));
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (info->icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (badge, "queue-count");
  gtk_widget_add_css_class (badge, "numeric");
  gtk_widget_set_visible (badge, FALSE);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), badge);
  self->badges[index] = badge;
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, info->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(info->title), -1);
  return row;
}

static const CdWindowQueue *
current_queue (CdWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->queue_list);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;

  g_assert (index < CD_WINDOW_N_QUEUES);
  return index >= 0 ? &cd_window_queues[index] : NULL;
}

/* ---- the content ---------------------------------------------------------------------------- */

static void
fill_filter (CdWindow            *self,
             const CdWindowQueue *info,
             CdClaimFilter       *filter)
{
  gint64 officer_id = cd_window_get_officer_id (self);

  cd_claim_filter_init (filter);
  filter->status_mask = info->spec.status_mask;
  filter->claimant_id = self->person_id;
  if (info->spec.mine)
    /* With nobody signed in, nobody's claims: an impossible id. */
    filter->officer_id = officer_id > 0 ? officer_id : G_MAXINT64;
}

static void
on_page_toast (CdWindow   *self,
               const char *message)
{
  cd_window_add_toast (self, message);
}

static const char *
db_path (CdWindow *self)
{
  return cd_context_get_db_path (self->context);
}

/* The queues that are not a filter over the claims have a page of their own, added on first use;
 * the page works on the window's context. */
static gboolean
show_queue_page (CdWindow            *self,
                 const CdWindowQueue *info,
                 const char          *search)
{
  GtkWidget **page;
  const char *name;

  switch (info->spec.kind)
    {
    case CD_QUEUE_SYNC_PROBLEMS:
      if (self->sync_problems_page == NULL)
        {
          self->sync_problems_page = cd_sync_problems_page_new (self->context);
          gtk_stack_add_named (self->content_stack, self->sync_problems_page, "sync-problems");
        }
      cd_sync_problems_page_reload (CD_SYNC_PROBLEMS_PAGE (self->sync_problems_page));
      if (search[0] == '\0')
        gtk_stack_set_visible_child_name (self->content_stack, "sync-problems");
      return TRUE;

    case CD_QUEUE_NONE:
      if (self->dashboard_page == NULL)
        {
          self->dashboard_page = cd_dashboard_page_new (self->context);
          g_signal_connect_object (self->dashboard_page, "toast", G_CALLBACK (on_page_toast),
                                   self, G_CONNECT_SWAPPED);
          gtk_stack_add_named (self->content_stack, self->dashboard_page, "dashboard");
        }
      if (search[0] == '\0')
        gtk_stack_set_visible_child_name (self->content_stack, "dashboard");
      return TRUE;

    case CD_QUEUE_PAYOUT_BATCHES:
      page = &self->payout_page;
      name = "payouts";
      break;

    case CD_QUEUE_EMPLOYER_LISTS:
      page = &self->lists_page;
      name = "lists";
      break;

    case CD_QUEUE_ALERTS:
      page = &self->alerts_page;
      name = "alerts";
      break;

    case CD_QUEUE_CLAIMS:
      if (!g_str_equal (info->id, "awaiting-approval"))
        return FALSE;
      page = &self->approval_page;
      name = "approval";
      break;

    default:
      g_assert_not_reached ();
    }

  if (*page == NULL)
    {
      *page = page == &self->approval_page ? cd_approval_page_new (self->context)
              : page == &self->lists_page ? cd_lists_page_new (self->context)
              : page == &self->alerts_page ? cd_alerts_page_new (self->context)
              : cd_payout_page_new (self->context);
      g_signal_connect_object (*page, "toast", G_CALLBACK (on_page_toast), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (*page, "changed", G_CALLBACK (cd_window_refresh_counts), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, *page, name);
    }
  if (page == &self->approval_page)
    cd_approval_page_reload (CD_APPROVAL_PAGE (*page));
  else if (page == &self->lists_page)
    cd_lists_page_reload (CD_LISTS_PAGE (*page));
  else if (page == &self->alerts_page)
    cd_alerts_page_reload (CD_ALERTS_PAGE (*page));
  else
    cd_payout_page_reload (CD_PAYOUT_PAGE (*page));
  if (search[0] == '\0')
    gtk_stack_set_visible_child_name (self->content_stack, name);
  return TRUE;
}

void
cd_window_show_queue (CdWindow *self)
{
  const CdWindowQueue *info = current_queue (self);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  CdClaimFilter filter;

  if (info == NULL)
    return;
  adw_window_title_set_title (self->content_title, _(info->title));
  if (show_queue_page (self, info, search))
    return;

  fill_filter (self, info, &filter);
  {
    g_autofree char *list_id = g_strconcat ("claims.", info->id, NULL);

    cd_claim_list_set_export_name (self->claim_list, list_id, _(info->title));
  }
  cd_claim_list_set_filter (self->claim_list, &filter);
  if (search[0] == '\0')
    gtk_stack_set_visible_child_name (self->content_stack, "claims");
}

static void
on_queue_row_activated (CdWindow      *self,
                        GtkListBoxRow *row)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  cd_window_show_queue (self);
  /* On a narrow window the content replaces the sidebar; Alt+Left comes back. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
cd_window_select_queue (CdWindow   *self,
                        const char *queue_id)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  for (guint i = 0; i < CD_WINDOW_N_QUEUES; i++)
    if (g_str_equal (cd_window_queues[i].id, queue_id))
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue_list, i);
        gtk_list_box_select_row (self->queue_list, row);
        cd_window_show_queue (self);
        return;
      }
  g_critical ("No such queue: %s", queue_id);
}

const char *
cd_window_get_queue (CdWindow *self)
{
  const CdWindowQueue *info;

  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  info = current_queue (self);
  return info != NULL ? info->id : NULL;
}

CdClaimList *
cd_window_get_claim_list (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->claim_list;
}

void
cd_window_show_person (CdWindow   *self,
                       gint64      person_id,
                       const char *name)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  self->person_id = person_id;
  if (person_id > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Claims of %s"), name);
      gtk_label_set_text (self->person_label, text);
      /* A person's claims are found in every queue: show them all. */
      cd_window_select_queue (self, "all-claims");
    }
  gtk_revealer_set_reveal_child (self->person_bar_revealer, person_id > 0);
  cd_window_clear_search (self);
  cd_window_show_queue (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->claim_list));
}

/* ---- live counts ---------------------------------------------------------------------------- */

static void
update_badges (CdWindow *self)
{
  for (guint i = 0; i < CD_WINDOW_N_QUEUES; i++)
    {
      g_autofree char *text = cd_format_integer_vi (self->counts[i]);
      g_autofree char *label = g_strdup_printf ("%s: %s", _(cd_window_queues[i].title), text);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue_list, i);

      if (cd_window_queues[i].spec.kind == CD_QUEUE_NONE)
        continue;
      gtk_label_set_text (GTK_LABEL (self->badges[i]), text);
      gtk_widget_set_visible (self->badges[i], TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                      -1);
    }
}

static void
on_counts_ready (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree gint64 *counts = cd_queue_counts_read_finish (CD_CONTEXT (object), result, &error);

  if (counts == NULL)
    {
      /* A damaged store is the context's to report (database-damaged), once, with the restore
       * command; a store that went away (a demo folder removed as the app quits, a disk
       * unplugged) is the store's to report when it is next used. The badges just stay
       * unknown: no programming error, so no warning. */
      if (g_error_matches (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_CORRUPT))
        g_debug ("Could not count the queues: %s", error->message);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not count the queues: %s", error->message);
      return;
    }
  /* Claims moved (a count changed): the dashboard counts again. Its own count is always 0, so
   * this is the claims' and the other queues' doing. */
  if (self->dashboard_page != NULL && self->counts_known
      && memcmp (self->counts, counts, sizeof self->counts) != 0)
    cd_dashboard_page_reload (CD_DASHBOARD_PAGE (self->dashboard_page));
  memcpy (self->counts, counts, sizeof self->counts);
  self->counts_known = TRUE;
  update_badges (self);
  g_signal_emit (self, cd_window_signals[CD_WINDOW_SIGNAL_COUNTS_CHANGED], 0);
}

void
cd_window_refresh_counts (CdWindow *self)
{
  CdQueueSpec specs[CD_WINDOW_N_QUEUES];

  g_return_if_fail (CD_IS_WINDOW (self));

  /* A newer count replaces one under way: the store or the user may have changed meanwhile. */
  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  if (db_path (self) == NULL)
    return;
  self->counts_cancellable = g_cancellable_new ();
  for (guint i = 0; i < CD_WINDOW_N_QUEUES; i++)
    specs[i] = cd_window_queues[i].spec;
  cd_queue_counts_read_async (self->context, specs, CD_WINDOW_N_QUEUES, self->counts_cancellable,
                              on_counts_ready, g_object_ref (self));
}

gint64
cd_window_get_queue_count (CdWindow   *self,
                           const char *queue_id)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), -1);

  for (guint i = 0; i < CD_WINDOW_N_QUEUES; i++)
    if (g_str_equal (cd_window_queues[i].id, queue_id))
      return self->counts_known ? self->counts[i] : -1;
  g_return_val_if_reached (-1);
}

static gboolean
on_counts_timeout (gpointer user_data)
{
  cd_window_refresh_counts (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- following the context ------------------------------------------------------------------ */

/* The warning under the content header while the context's rule pack is past its review date by
 * the context's clock; hidden otherwise, and while no pack is loaded. */
static void
update_pack_warning (CdWindow *self)
{
  CdRulePack *loaded = cd_context_get_rule_pack (self->context);
  CdDay today = cd_clock_get_today (cd_context_get_clock (self->context));
  /* The pack in force today: an installed update replaces the shipped one from its date. */
  CdRulePack *pack = loaded != NULL ? cd_rule_pack_for_day (loaded, today) : NULL;
  gboolean past = pack != NULL && cd_rule_pack_is_past_review (pack, today);

  if (past)
    {
      char review_by[11];
      g_autofree char *text = NULL;

      cd_date_format_display (cd_rule_pack_get_review_by (pack), review_by);
      /* Translators: the first %s is the rule pack's version (vn-si-2024+2026.07), the second
       * the date it was to be reviewed by (30/06/2027). */
      text = g_strdup_printf (_("The rule pack %s was due for review on %s. "
                                "Ask central for the current one."),
                              cd_rule_pack_get_version (pack), review_by);
      gtk_label_set_label (self->pack_warning_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->pack_warning_box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
    }
  gtk_revealer_set_reveal_child (self->pack_warning_revealer, past);
}

static void
on_pack_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* notify::rule-pack updates the warning; a pack that fails to load is the new-claim page's to
   * report, when a claim needs it. */
  g_autoptr(CdRulePack) pack = cd_context_load_rule_pack_finish (CD_CONTEXT (object), result,
                                                                 NULL);
}

/* Another store: the list, the counts and the sign-in page read it from now on. */
static void
on_db_path_changed (CdWindow *self)
{
  self->counts_known = FALSE;
  cd_window_show_queue (self);
  cd_window_session_store_changed (self);
  cd_window_setup_store_changed (self);
  cd_window_refresh_counts (self);
  g_clear_handle_id (&self->counts_timeout, g_source_remove);
  if (db_path (self) != NULL)
    {
      self->counts_timeout = g_timeout_add_seconds (COUNTS_REFRESH_SECONDS, on_counts_timeout,
                                                    self);
      /* With a store open, the pack the office decides by: loaded once, off the main loop. */
      if (cd_context_get_rule_pack (self->context) == NULL)
        cd_context_load_rule_pack_async (self->context, self->pack_cancellable, on_pack_loaded,
                                         NULL);
    }
}

/* The personal queues are the signed-in user's. */
static void
on_session_changed (CdWindow *self)
{
  const CdWindowQueue *info = current_queue (self);

  cd_window_follow_session (self);
  cd_window_setup_offer (self);
  /* Every page follows the context itself. Only a personal queue shows something else for another
   * user; reloading any other list would throw away the page it already has. */
  if (info != NULL && info->spec.mine)
    cd_window_show_queue (self);
  cd_window_refresh_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER_ID]);
}

static void
set_context (CdWindow  *self,
             CdContext *context)
{
  g_assert (self->context == NULL);

  /* A window made without one (a test's) gets a context of its own. */
  self->context = context != NULL ? g_object_ref (context) : cd_context_new ();
  g_signal_connect_object (self->context, "notify::db-path", G_CALLBACK (on_db_path_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_session_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::rule-pack", G_CALLBACK (update_pack_warning),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::clock", G_CALLBACK (update_pack_warning),
                           self, G_CONNECT_SWAPPED);
  cd_claim_list_set_context (self->claim_list, self->context);
  cd_sync_indicator_set_context (self->sync_indicator, self->context);
  cd_backup_indicator_set_context (self->backup_indicator, self->context);
  cd_sign_in_page_set_context (self->sign_in_page, self->context);
  cd_window_follow_session (self);
  update_pack_warning (self);
  if (db_path (self) != NULL)
    on_db_path_changed (self);
}

/* ---- public API ----------------------------------------------------------------------------- */

CdContext *
cd_window_get_context (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->context;
}

gint64
cd_window_get_officer_id (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), 0);
  return self->session != NULL ? cd_session_get_user_id (self->session) : 0;
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

const char *
cd_window_get_pack_warning (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->pack_warning_revealer))
    return NULL;
  return gtk_label_get_label (self->pack_warning_label);
}

void
cd_window_show_progress (CdWindow   *self,
                         const char *title,
                         double      fraction)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  cd_claim_list_show_progress (self->claim_list, title, fraction);
}

GtkWidget *
cd_window_get_new_claim_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->new_claim_page;
}

GtkWidget *
cd_window_get_lists_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->lists_page;
}

GtkWidget *
cd_window_get_alerts_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->alerts_page;
}

GtkWidget *
cd_window_get_dashboard_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->dashboard_page;
}

GtkWidget *
cd_window_get_approval_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->approval_page;
}

GtkWidget *
cd_window_get_claim_view (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->claim_view;
}

CdSyncIndicator *
cd_window_get_sync_indicator (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->sync_indicator;
}

CdBackupIndicator *
cd_window_get_backup_indicator (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->backup_indicator;
}

/* ---- GObject -------------------------------------------------------------------------------- */

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

static void
cd_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CdWindow *self = CD_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_OFFICER_ID:
      g_value_set_int64 (value, cd_window_get_officer_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CdWindow *self = CD_WINDOW (object);

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
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  cd_window_session_dispose (self);
  cd_window_setup_dispose (self);
  g_clear_handle_id (&self->counts_timeout, g_source_remove);
  g_cancellable_cancel (self->counts_cancellable);
  cd_window_search_dispose (self);
  g_cancellable_cancel (self->pack_cancellable);
  g_clear_object (&self->counts_cancellable);
  g_clear_object (&self->pack_cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);
  g_clear_object (&self->results);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_class_init (CdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = cd_window_get_property;
  object_class->set_property = cd_window_set_property;
  object_class->dispose = cd_window_dispose;
  window_class->close_request = cd_window_close_request;

  /* What the window shows and hands to its pages: the application's. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The signed-in user (users.id), whose the personal queues are; 0: nobody. */
  properties[PROP_OFFICER_ID] =
    g_param_spec_int64 ("officer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cd_window_signals[CD_WINDOW_SIGNAL_COUNTS_CHANGED] =
    g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /* ::letter-saved (gboolean ok, const char *message) after win.print-letter / win.save-letter. */
  cd_window_signals[CD_WINDOW_SIGNAL_LETTER_SAVED] =
    g_signal_new ("letter-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  cd_window_signals[CD_WINDOW_SIGNAL_SEARCH_FINISHED] =
    g_signal_new ("search-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (CD_TYPE_BACKUP_INDICATOR);
  g_type_ensure (CD_TYPE_CLAIM_LIST);
  g_type_ensure (CD_TYPE_SIGN_IN_PAGE);
  g_type_ensure (CD_TYPE_SYNC_INDICATOR);
  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, backup_indicator);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, claim_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, pack_warning_box);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, pack_warning_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, pack_warning_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, person_bar_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, person_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, results_heading);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, results_view);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, user_menu_button);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_row_activated);

  cd_window_search_class_init (widget_class);
  cd_window_session_class_init (widget_class);
  cd_window_actions_class_init (widget_class);
  cd_window_setup_class_init (widget_class);
}

static void
cd_window_init (CdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pack_cancellable = g_cancellable_new ();

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (BASE_APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  for (guint i = 0; i < CD_WINDOW_N_QUEUES; i++)
    gtk_list_box_append (self->queue_list, create_queue_row (self, i));

  g_signal_connect_object (self->claim_list, "toast", G_CALLBACK (on_page_toast), self,
                           G_CONNECT_SWAPPED);
  cd_window_search_init (self);
  cd_window_session_init (self);
  cd_window_select_queue (self, "all-claims");
}
