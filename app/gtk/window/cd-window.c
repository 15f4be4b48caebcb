/* cd-window.c — the main window: work queues in the sidebar, the selected queue in the content. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-application.h"
#include "cd-approval-page.h"
#include "cd-claim-list.h"
#include "cd-claim-view.h"
#include "cd-database.h"
#include "cd-demo-session.h"
#include "cd-format.h"
#include "cd-letter-export.h"
#include "cd-new-claim-page.h"
#include "cd-payout-page.h"
#include "cd-resources.h"
#include "cd-search.h"
#include "cd-sign-in-page.h"
#include "cd-sync-indicator.h"
#include "cd-sync-problems-page.h"
#include "cd-demo-accounts.h"
#include "cd-window.h"

#define SEARCH_LIMIT 30
#define COUNTS_REFRESH_SECONDS 10

typedef enum
{
  QUEUE_CLAIMS,     /* a filter over the claims */
  QUEUE_PAYOUTS,    /* open payout batches (their own page) */
  QUEUE_SYNC,       /* quarantined or refused outbox items (CdSyncProblemsPage) */
} QueueKind;

typedef struct
{
  const char *id;
  const char *icon_name;
  const char *title;        /* N_() */
  QueueKind   kind;
  guint       status_mask;  /* 0 for every status */
  gboolean    mine;         /* the current officer's claims only */
} QueueInfo;

#define STATUS(s) (1u << CD_CLAIM_STATUS_##s)

/* The officer's and supervisor's work queues, in the order of a working day. */
static const QueueInfo queues[] = {
  { "my-drafts", "document-edit-symbolic", N_("My Drafts"), QUEUE_CLAIMS, STATUS (DRAFT), TRUE },
  { "waiting-evidence", "content-loading-symbolic", N_("Waiting for Evidence"), QUEUE_CLAIMS,
    STATUS (DRAFT) | STATUS (EVIDENCE_COMPLETE), FALSE },
  { "ready-to-decide", "emblem-default-symbolic", N_("Ready to Decide"), QUEUE_CLAIMS,
    STATUS (EVALUATED), FALSE },
  { "returned", "mail-reply-sender-symbolic", N_("Returned to Me"), QUEUE_CLAIMS,
    STATUS (RETURNED), FALSE },
  { "awaiting-approval", "avatar-default-symbolic", N_("Waiting for My Approval"), QUEUE_CLAIMS,
    STATUS (PROPOSED), FALSE },
  { "payout-batches", "folder-documents-symbolic", N_("Payout Batches"), QUEUE_PAYOUTS, 0, FALSE },
  { "sync-problems", "dialog-warning-symbolic", N_("Sync Problems"), QUEUE_SYNC, 0, FALSE },
  { "all-claims", "view-list-symbolic", N_("All Claims"), QUEUE_CLAIMS, 0, FALSE },
};

#define N_QUEUES G_N_ELEMENTS (queues)

struct _CdWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  char                 *db_path;
  gint64                officer_id;
  gint64                person_id;     /* the list shows this person's claims only, when > 0 */
  gint64                counts[N_QUEUES];
  gboolean              counts_known;
  guint                 counts_timeout;
  GCancellable         *counts_cancellable;
  GCancellable         *search_cancellable;
  GtkWidget            *badges[N_QUEUES];

  /* Template widgets */
  CdClaimList          *claim_list;
  GtkStack             *content_stack;
  AdwWindowTitle       *content_title;
  AdwLeaflet           *leaflet;
  GtkLabel             *person_label;
  GtkRevealer          *person_bar_revealer;
  GtkListBox           *queue_list;
  GtkLabel             *results_heading;
  GtkListBox           *results_list;
  GtkSearchEntry       *search_entry;
  AdwToastOverlay      *toast_overlay;

  GtkWidget            *new_claim_page;  /* created on first use */

  /* Sign-in: the window follows the application's session */
  GtkStack             *main_stack;
  CdSignInPage         *sign_in_page;
  GtkMenuButton        *user_menu_button;
  CdSession            *session;         /* the one the window shows; follows notify::locked */
  guint                 idle_timeout;
  CdSyncIndicator      *sync_indicator;
  char                 *central_url;     /* set by the demo; else the central-url setting */
  gint64                last_input;      /* monotonic µs of the last input noted to the session */
  GtkWidget            *claim_view;      /* created on first use */
  GtkWidget            *approval_page;   /* created on first use */
  GtkWidget            *payout_page;     /* created on first use */
  GtkWidget            *sync_problems_page;  /* created on first use */
};

G_DEFINE_FINAL_TYPE (CdWindow, cd_window, ADW_TYPE_APPLICATION_WINDOW)

static void on_db_path_for_sign_in (CdWindow *self);

enum {
  PROP_0,
  PROP_DB_PATH,
  PROP_OFFICER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_COUNTS_CHANGED,
  SIGNAL_SEARCH_FINISHED,
  SIGNAL_LETTER_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
create_queue_row (CdWindow        *self,
                  guint            index)
{
  const QueueInfo *info = &queues[index];
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

static guint
queue_index_for_row (GtkListBoxRow *row)
{
  int index = gtk_list_box_row_get_index (row);

  g_assert (index >= 0 && index < (int) N_QUEUES);
  return (guint) index;
}

static const QueueInfo *
current_queue (CdWindow *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->queue_list);

  return row != NULL ? &queues[queue_index_for_row (row)] : NULL;
}

/* ---- the list --------------------------------------------------------------------------------*/

static void
fill_filter (CdWindow        *self,
             const QueueInfo *info,
             CdClaimFilter   *filter)
{
  cd_claim_filter_init (filter);
  filter->status_mask = info->status_mask;
  filter->claimant_id = self->person_id;
  if (info->mine)
    /* Until the officer is known, no officer's claims: an impossible id. */
    filter->officer_id = self->officer_id > 0 ? self->officer_id : G_MAXINT64;
}

static void
on_page_toast (CdWindow   *self,
               const char *message)
{
  cd_window_add_toast (self, message);
}

/* The approval queue and the payout batches have pages of their own, added on first use; their
 * backend follows the window's file and the application's signed-in user. */
static gboolean
show_queue_page (CdWindow        *self,
                 const QueueInfo *info,
                 const char      *search)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  CdSession *session = app != NULL ? cd_application_get_session (CD_APPLICATION (app)) : NULL;
  GtkWidget **page;
  const char *name;

  if (g_str_equal (info->id, "sync-problems"))
    {
      if (self->sync_problems_page == NULL)
        {
          self->sync_problems_page = cd_sync_problems_page_new ();
          gtk_stack_add_named (self->content_stack, self->sync_problems_page, "sync-problems");
        }
      cd_sync_problems_page_set_db_path (CD_SYNC_PROBLEMS_PAGE (self->sync_problems_page),
                                         self->db_path);
      if (search[0] == '\0')
        gtk_stack_set_visible_child_name (self->content_stack, "sync-problems");
      return TRUE;
    }
  if (g_str_equal (info->id, "awaiting-approval"))
    page = &self->approval_page, name = "approval";
  else if (g_str_equal (info->id, "payout-batches"))
    page = &self->payout_page, name = "payouts";
  else
    return FALSE;

  if (*page == NULL)
    {
      *page = page == &self->approval_page ? cd_approval_page_new () : cd_payout_page_new ();
      g_signal_connect_object (*page, "toast", G_CALLBACK (on_page_toast), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (*page, "changed", G_CALLBACK (cd_window_refresh_counts), self,
                               G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, *page, name);
    }
  if (page == &self->approval_page)
    cd_approval_page_set_backend (CD_APPROVAL_PAGE (*page), self->db_path, session);
  else
    cd_payout_page_set_backend (CD_PAYOUT_PAGE (*page), self->db_path, session);
  if (search[0] == '\0')
    gtk_stack_set_visible_child_name (self->content_stack, name);
  return TRUE;
}

static void
show_queue (CdWindow *self)
{
  const QueueInfo *info = current_queue (self);
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (info == NULL)
    return;
  adw_window_title_set_title (self->content_title, _(info->title));
  if (show_queue_page (self, info, search))
    return;

  switch (info->kind)
    {
    case QUEUE_CLAIMS:
      {
        CdClaimFilter filter;

        fill_filter (self, info, &filter);
        cd_claim_list_set_filter (self->claim_list, &filter);
        if (search[0] == '\0')
          gtk_stack_set_visible_child_name (self->content_stack, "claims");
      }
      break;

    case QUEUE_PAYOUTS:
    case QUEUE_SYNC:
      /* Shown by show_queue_page. */
      g_assert_not_reached ();
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_queue_row_activated (CdWindow      *self,
                        GtkListBoxRow *row)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  show_queue (self);
  /* On a narrow window the content replaces the sidebar; Alt+Left comes back. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

void
cd_window_select_queue (CdWindow   *self,
                        const char *queue_id)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  for (guint i = 0; i < N_QUEUES; i++)
    if (g_str_equal (queues[i].id, queue_id))
      {
        GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue_list, i);
        gtk_list_box_select_row (self->queue_list, row);
        show_queue (self);
        return;
      }
  g_critical ("No such queue: %s", queue_id);
}

const char *
cd_window_get_queue (CdWindow *self)
{
  const QueueInfo *info;

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

/* ---- live counts -----------------------------------------------------------------------------*/

typedef struct
{
  char   *db_path;
  gint64  officer_id;      /* whose the personal queues are; 0: nobody's */
  gint64  counts[N_QUEUES];
} CountsJob;

static void
counts_job_free (CountsJob *job)
{
  g_free (job->db_path);
  g_free (job);
}

static gboolean
query_int64 (sqlite3     *db,
             const char  *sql,
             gint64       param,
             gint64      *out,
             GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      if (sqlite3_bind_parameter_count (stmt) > 0)
        sqlite3_bind_int64 (stmt, 1, param);
      rc = sqlite3_step (stmt);
    }
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  else if (rc == SQLITE_DONE)
    *out = 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY, "%s: %s",
                   sqlite3_errmsg (db), sql);
      return FALSE;
    }
  return TRUE;
}

static void
count_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  CountsJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GError *error = NULL;
  sqlite3 *db;

  reader = cd_database_open_reader (job->db_path, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  db = cd_database_get_handle (reader);

  for (guint i = 0; i < N_QUEUES; i++)
    {
      const QueueInfo *info = &queues[i];
      g_autoptr(GString) sql = g_string_new (NULL);

      switch (info->kind)
        {
        case QUEUE_CLAIMS:
          /* claim_counts keeps a count per (status, benefit, officer): no claim row is read. */
          g_string_append (sql, "SELECT coalesce(sum(n), 0) FROM claim_counts WHERE 1");
          if (info->status_mask != 0)
            {
              const char *sep = "";

              g_string_append (sql, " AND status IN (");
              for (int s = 0; s < CD_N_CLAIM_STATUSES; s++)
                if (info->status_mask & (1u << s))
                  {
                    g_string_append_printf (sql, "%s%d", sep, s);
                    sep = ", ";
                  }
              g_string_append (sql, ")");
            }
          if (info->mine)
            g_string_append (sql, " AND officer_id = ?");
          break;

        case QUEUE_PAYOUTS:
          g_string_append (sql, "SELECT count(*) FROM payout_batches WHERE state = 'open'");
          break;

        case QUEUE_SYNC:
          /* The same items the Sync Problems page lists (cd_sync_log_item_is_problem). */
          g_string_append (sql, "SELECT count(*) FROM outbox"
                                " WHERE state IN ('quarantined', 'refused')"
                                " OR (state = 'acknowledged' AND last_error IS NOT NULL)");
          break;

        default:
          g_assert_not_reached ();
        }
      if (!query_int64 (db, sql->str, job->officer_id, &job->counts[i], &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_boolean (task, TRUE);
}

static void
update_badges (CdWindow *self)
{
  for (guint i = 0; i < N_QUEUES; i++)
    {
      g_autofree char *text = cd_format_integer_vi (self->counts[i]);
      g_autofree char *label = g_strdup_printf ("%s: %s", _(queues[i].title), text);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->queue_list, i);

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
  CdWindow *self = CD_WINDOW (object);
  CountsJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not count the queues: %s", error->message);
      return;
    }
  if (g_strcmp0 (job->db_path, self->db_path) != 0 || job->officer_id != self->officer_id)
    return;

  memcpy (self->counts, job->counts, sizeof self->counts);
  self->counts_known = TRUE;
  update_badges (self);
  g_signal_emit (self, signals[SIGNAL_COUNTS_CHANGED], 0);
}

void
cd_window_refresh_counts (CdWindow *self)
{
  g_autoptr(GTask) task = NULL;
  CountsJob *job;

  g_return_if_fail (CD_IS_WINDOW (self));
  if (self->db_path == NULL)
    return;

  g_cancellable_cancel (self->counts_cancellable);
  g_clear_object (&self->counts_cancellable);
  self->counts_cancellable = g_cancellable_new ();

  job = g_new0 (CountsJob, 1);
  job->db_path = g_strdup (self->db_path);
  job->officer_id = self->officer_id;
  task = g_task_new (self, self->counts_cancellable, on_counts_ready, NULL);
  g_task_set_source_tag (task, cd_window_refresh_counts);
  g_task_set_task_data (task, job, (GDestroyNotify) counts_job_free);
  g_task_run_in_thread (task, count_in_thread);
}

gint64
cd_window_get_queue_count (CdWindow   *self,
                           const char *queue_id)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), -1);

  for (guint i = 0; i < N_QUEUES; i++)
    if (g_str_equal (queues[i].id, queue_id))
      return self->counts_known ? self->counts[i] : -1;
  g_return_val_if_reached (-1);
}

static gboolean
on_counts_timeout (gpointer user_data)
{
  cd_window_refresh_counts (user_data);
  return G_SOURCE_CONTINUE;
}

/* ---- search ----------------------------------------------------------------------------------*/

typedef struct
{
  char *db_path;
  char *query;
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  g_free (job->db_path);
  g_free (job->query);
  g_free (job);
}

static void
search_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  SearchJob *job = task_data;
  g_autoptr(CdDatabase) reader = NULL;
  GPtrArray *results;
  GError *error = NULL;

  reader = cd_database_open_reader (job->db_path, &error);
  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  results = cd_search_run (cd_database_get_handle (reader), job->query, SEARCH_LIMIT, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

static GtkWidget *
create_result_row (CdSearchResult *result)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), result->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
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
  CdWindow *self = CD_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = g_task_propagate_pointer (G_TASK (result), &error);
  GtkWidget *child;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))) != NULL)
    gtk_list_box_remove (self->results_list, child);

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
  g_signal_emit (self, signals[SIGNAL_SEARCH_FINISHED], 0,
                 results != NULL ? results->len : 0u);
}

static void
on_search_changed (CdWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GTask) task = NULL;
  SearchJob *job;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (text[0] == '\0' || self->db_path == NULL)
    {
      show_queue (self);
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  job = g_new0 (SearchJob, 1);
  job->db_path = g_strdup (self->db_path);
  job->query = g_strdup (text);
  task = g_task_new (self, self->search_cancellable, on_search_done, NULL);
  g_task_set_source_tag (task, on_search_changed);
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  g_task_run_in_thread (task, search_in_thread);
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
  g_signal_handlers_block_by_func (self->search_entry, on_search_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_signal_handlers_unblock_by_func (self->search_entry, on_search_changed, self);
  g_cancellable_cancel (self->search_cancellable);
  show_queue (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->claim_list));
}

/* ---- actions ---------------------------------------------------------------------------------*/

static void
on_claim_changed (CdWindow *self)
{
  cd_window_refresh_counts (self);
  cd_claim_list_reload (self->claim_list);
}

static void
on_session_changed (CdWindow      *self,
                    GParamSpec    *pspec,
                    CdApplication *app)
{
  cd_claim_view_set_backend (CD_CLAIM_VIEW (self->claim_view), self->db_path,
                             cd_application_get_session (app));
}

/* The claim view takes the content area; without a session it is read-only. */
static void
open_claim_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *number = g_variant_get_string (parameter, NULL);

  if (self->claim_view == NULL)
    {
      self->claim_view = cd_claim_view_new ();
      gtk_widget_set_vexpand (self->claim_view, TRUE);
      g_signal_connect_object (self->claim_view, "changed", G_CALLBACK (on_claim_changed), self,
                               G_CONNECT_SWAPPED);
      if (CD_IS_APPLICATION (app))
        g_signal_connect_object (app, "notify::session", G_CALLBACK (on_session_changed), self,
                                 G_CONNECT_SWAPPED);
      gtk_stack_add_named (self->content_stack, self->claim_view, "claim");
    }
  cd_claim_view_set_backend (CD_CLAIM_VIEW (self->claim_view), self->db_path,
                             CD_IS_APPLICATION (app)
                             ? cd_application_get_session (CD_APPLICATION (app)) : NULL);
  cd_claim_view_load (CD_CLAIM_VIEW (self->claim_view), number);
  gtk_stack_set_visible_child_name (self->content_stack, "claim");
  adw_window_title_set_title (self->content_title, number);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
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

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_person_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cd_window_show_person (CD_WINDOW (widget), 0, NULL);
}

static void
show_queues_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

/* ---- public API ------------------------------------------------------------------------------*/

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

void
cd_window_show_progress (CdWindow   *self,
                         const char *title,
                         double      fraction)
{
  g_return_if_fail (CD_IS_WINDOW (self));
  cd_claim_list_show_progress (self->claim_list, title, fraction);
}

const char *
cd_window_get_db_path (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->db_path;
}

void
cd_window_set_db_path (CdWindow   *self,
                       const char *db_path)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  if (g_strcmp0 (self->db_path, db_path) == 0)
    return;
  g_free (self->db_path);
  self->db_path = g_strdup (db_path);
  self->counts_known = FALSE;
  show_queue (self);
  cd_claim_list_set_db_path (self->claim_list, db_path);
  on_db_path_for_sign_in (self);
  cd_window_refresh_counts (self);
  g_clear_handle_id (&self->counts_timeout, g_source_remove);
  if (db_path != NULL)
    self->counts_timeout = g_timeout_add_seconds (COUNTS_REFRESH_SECONDS, on_counts_timeout, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DB_PATH]);
}

gint64
cd_window_get_officer_id (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), 0);
  return self->officer_id;
}

void
cd_window_set_officer_id (CdWindow *self,
                          gint64    officer_id)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  if (self->officer_id == officer_id)
    return;
  self->officer_id = officer_id;
  /* Only a personal queue shows something else for another officer; reloading any other list
   * would throw away the page it already has. */
  if (current_queue (self) != NULL && current_queue (self)->mine)
    show_queue (self);
  cd_window_refresh_counts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFICER_ID]);
}

/* ---- GObject ---------------------------------------------------------------------------------*/

static void
on_claim_created (CdWindow       *self,
                  gint64          claim_id,
                  CdNewClaimPage *page)
{
  cd_window_add_toast (self, _("Claim created"));
  cd_window_refresh_counts (self);
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
      gtk_stack_add_named (self->content_stack, self->new_claim_page, "new-claim");
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
  cd_new_claim_page_set_session (CD_NEW_CLAIM_PAGE (self->new_claim_page), self->session);
  cd_new_claim_page_reset (CD_NEW_CLAIM_PAGE (self->new_claim_page));
  gtk_list_box_unselect_all (self->queue_list);
  gtk_stack_set_visible_child_name (self->content_stack, "new-claim");
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

/* ---- decision letters ---------------------------------------------------------------------- */

typedef struct
{
  CdWindow *window;
  char     *pdf_path;
} LetterJob;

static void
letter_job_free (LetterJob *job)
{
  g_object_unref (job->window);
  g_free (job->pdf_path);
  g_free (job);
}

static void
on_letter_saved (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LetterJob *job = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (cd_letter_export_finish (result, &error))
    message = g_strdup_printf (_("Letter saved to %s"), job->pdf_path);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup_printf (_("The letter was not saved: %s"), error->message);
  /* The window may have been closed while the letter was written. */
  if (message != NULL && !gtk_widget_in_destruction (GTK_WIDGET (job->window)))
    {
      cd_window_add_toast (job->window, message);
      g_signal_emit (job->window, signals[SIGNAL_LETTER_SAVED], 0, error == NULL, message);
    }
  letter_job_free (job);
}

static void
save_letter (CdWindow   *self,
             const char *claim_number,
             const char *pdf_path)
{
  LetterJob *job;

  if (self->db_path == NULL)
    return;
  job = g_new0 (LetterJob, 1);
  job->window = g_object_ref (self);
  job->pdf_path = g_strdup (pdf_path);
  cd_letter_export_async (self->db_path, claim_number, pdf_path, NULL, on_letter_saved, job);
}

/* win.save-letter (claim number, PDF path): no question asked. */
static void
save_letter_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  const char *claim_number, *pdf_path;

  g_variant_get (parameter, "(&s&s)", &claim_number, &pdf_path);
  save_letter (CD_WINDOW (widget), claim_number, pdf_path);
}

static void
on_letter_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdWindow        *self)
{
  const char *claim_number = g_object_get_data (G_OBJECT (chooser), "claim-number");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        save_letter (self, claim_number, path);
    }
  g_object_unref (chooser);
}

/* win.print-letter (claim number): asks where, then writes the PDF to print or file. */
static void
print_letter_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);
  const char *claim_number = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup_printf ("QD-%s.pdf", claim_number);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  chooser = gtk_file_chooser_native_new (_("Save the Decision Letter"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (documents != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_object_set_data_full (G_OBJECT (chooser), "claim-number", g_strdup (claim_number), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_letter_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- sign-in, lock and sign-out ------------------------------------------------------------ */

#define IDLE_CHECK_SECONDS 15
#define INPUT_NOTE_INTERVAL_USEC (5 * G_USEC_PER_SEC)

static CdApplication *
window_app (CdWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return CD_IS_APPLICATION (app) ? CD_APPLICATION (app) : NULL;
}

static GMenuModel *
build_user_menu (CdSession *session)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) who = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autofree char *label = g_strdup_printf ("%s — %s", cd_session_get_full_name (session),
                                            cd_role_get_label (cd_session_get_role (session)));

  /* An item without an action shows who is signed in, greyed, as GNOME apps do. */
  g_menu_append (who, label, NULL);
  g_menu_append (actions, _("_Lock"), "win.lock");
  g_menu_append (actions, _("_Sign Out"), "win.sign-out");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (who));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* The one place that shows the sign-in page or the work, from the session and its lock. */
static void
update_for_session (CdWindow *self)
{
  gboolean signed_in = self->session != NULL;
  gboolean locked = signed_in && cd_session_get_locked (self->session);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lock", signed_in && !locked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", signed_in);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-claim", signed_in && !locked);
  if (!signed_in)
    {
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
      cd_sign_in_page_reset (self->sign_in_page);
      return;
    }
  if (locked)
    {
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
      cd_sign_in_page_show_unlock (self->sign_in_page, cd_session_get_login (self->session),
                                   cd_session_get_full_name (self->session));
      return;
    }
  /* Focus leaves the form first: a focused entry that is hidden complains (and keeps a caret). */
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "work") != 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "work");
      gtk_widget_grab_focus (GTK_WIDGET (self->claim_list));
    }
}

static void
on_session_locked (CdWindow   *self,
                   GParamSpec *pspec,
                   CdSession  *session)
{
  update_for_session (self);
}

static gboolean
on_idle_check (gpointer user_data)
{
  CdWindow *self = user_data;

  if (self->session != NULL)
    cd_session_check_idle (self->session, g_get_monotonic_time ());
  return G_SOURCE_CONTINUE;
}

static void
set_session (CdWindow  *self,
             CdSession *session)
{
  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_locked, self);
  g_set_object (&self->session, session);
  g_clear_handle_id (&self->idle_timeout, g_source_remove);
  if (session != NULL)
    {
      g_autoptr(GMenuModel) menu = build_user_menu (session);

      g_signal_connect_object (session, "notify::locked", G_CALLBACK (on_session_locked), self,
                               G_CONNECT_SWAPPED);
      gtk_menu_button_set_menu_model (self->user_menu_button, menu);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->user_menu_button),
                                   cd_session_get_full_name (session));
      self->idle_timeout = g_timeout_add_seconds (IDLE_CHECK_SECONDS, on_idle_check, self);
      /* "My drafts" and the other personal queues are the signed-in user's. */
      cd_window_set_officer_id (self, cd_session_get_user_id (session));
    }
  /* Pages already made follow the new user (or nobody: read-only). */
  if (self->approval_page != NULL)
    cd_approval_page_set_backend (CD_APPROVAL_PAGE (self->approval_page), self->db_path, session);
  if (self->payout_page != NULL)
    cd_payout_page_set_backend (CD_PAYOUT_PAGE (self->payout_page), self->db_path, session);
  if (self->new_claim_page != NULL)
    cd_new_claim_page_set_session (CD_NEW_CLAIM_PAGE (self->new_claim_page), session);
  update_for_session (self);
}

static void
on_app_session (CdWindow      *self,
                GParamSpec    *pspec,
                CdApplication *app)
{
  set_session (self, cd_application_get_session (app));
}

static void
on_signed_in (CdWindow     *self,
              CdSession    *session,
              CdSignInPage *page)
{
  CdApplication *app = window_app (self);
  g_autoptr(GError) error = NULL;

  /* The proof of an unlock: the same user again, the session goes on where it was. */
  if (self->session != NULL && cd_session_get_locked (self->session))
    {
      if (!cd_session_unlock_with (self->session, session, &error))
        cd_window_add_toast (self, error->message);
      return;
    }
  if (app != NULL)
    cd_application_set_session (app, session);
  else
    set_session (self, session);
}

static void
sign_out (CdWindow *self)
{
  CdApplication *app = window_app (self);

  /* Anything still holding the session (a page, a job) finds it locked from now on. */
  if (self->session != NULL)
    cd_session_lock (self->session);
  if (app != NULL)
    cd_application_set_session (app, NULL);
  else
    set_session (self, NULL);
}

static void
on_sign_out_requested (CdWindow     *self,
                       CdSignInPage *page)
{
  sign_out (self);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CdWindow *self = CD_WINDOW (widget);

  if (self->session != NULL)
    cd_session_lock (self->session);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  sign_out (CD_WINDOW (widget));
}

/* Any key or click is activity; noted at most every few seconds so typing costs nothing. */
static gboolean
on_any_input (CdWindow *self,
              GdkEvent *event)
{
  GdkEventType type = gdk_event_get_event_type (event);
  gint64 now;

  if (self->session == NULL || cd_session_get_locked (self->session)
      || (type != GDK_KEY_PRESS && type != GDK_BUTTON_PRESS && type != GDK_SCROLL))
    return GDK_EVENT_PROPAGATE;
  now = g_get_monotonic_time ();
  if (now - self->last_input >= INPUT_NOTE_INTERVAL_USEC)
    {
      self->last_input = now;
      /* The session locked just now: this key or click was for the work, not the lock screen. */
      if (!cd_session_begin_action (self->session, NULL))
        return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/* The sync worker follows the store and the central address. */
static void
restart_sync (CdWindow *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "central-url");

  cd_sync_indicator_set_backend (self->sync_indicator, self->db_path,
                                 self->central_url != NULL ? self->central_url : setting);
}

static void
on_central_url_setting (CdWindow *self)
{
  if (self->central_url == NULL)
    restart_sync (self);
}

void
cd_window_set_central_url (CdWindow   *self,
                           const char *central_url)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  if (g_strcmp0 (self->central_url, central_url) == 0)
    return;
  g_free (self->central_url);
  self->central_url = g_strdup (central_url);
  restart_sync (self);
}

CdSyncIndicator *
cd_window_get_sync_indicator (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->sync_indicator;
}

static void
on_db_path_for_sign_in (CdWindow *self)
{
  restart_sync (self);
  CdApplication *app = window_app (self);

  cd_sign_in_page_set_db_path (self->sign_in_page, self->db_path);
  if (app != NULL && cd_application_get_demo (app))
    {
      g_autofree char *hint =
        g_strdup_printf (_("Demo accounts, all with the password “%s”: cb01 (officer), gs01 and "
                           "gs02 (supervisors), %s (administrator)."),
                         CD_DEMO_PASSWORD, CD_DEMO_ADMIN_LOGIN);

      cd_sign_in_page_set_hint (self->sign_in_page, hint);
    }
}

void
cd_window_accounts_changed (CdWindow *self)
{
  g_return_if_fail (CD_IS_WINDOW (self));

  if (self->session == NULL)
    cd_sign_in_page_recheck (self->sign_in_page);
}

CdSession *
cd_window_get_session (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return self->session;
}

GtkWidget *
cd_window_get_sign_in_page (CdWindow *self)
{
  g_return_val_if_fail (CD_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->sign_in_page);
}

CdWindow *
cd_window_new (CdApplication *application)
{
  return g_object_new (CD_TYPE_WINDOW, "application", application, NULL);
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
    case PROP_DB_PATH:
      g_value_set_string (value, self->db_path);
      break;

    case PROP_OFFICER_ID:
      g_value_set_int64 (value, self->officer_id);
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
    case PROP_DB_PATH:
      cd_window_set_db_path (self, g_value_get_string (value));
      break;

    case PROP_OFFICER_ID:
      cd_window_set_officer_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The application is set after construction (it is not a construct property), so the window
 * follows it from here: whoever is signed in on the application is who the window shows. */
static void
on_application_set (CdWindow   *self,
                    GParamSpec *pspec,
                    gpointer    unused)
{
  CdApplication *app = window_app (self);

  if (app == NULL)
    return;
  g_signal_connect_object (app, "notify::session", G_CALLBACK (on_app_session), self,
                           G_CONNECT_SWAPPED);
  set_session (self, cd_application_get_session (app));
}

static void
cd_window_dispose (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_clear_handle_id (&self->idle_timeout, g_source_remove);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_locked, self);
  g_clear_object (&self->session);

  g_clear_handle_id (&self->counts_timeout, g_source_remove);
  g_cancellable_cancel (self->counts_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->counts_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_WINDOW);

  G_OBJECT_CLASS (cd_window_parent_class)->dispose (object);
}

static void
cd_window_finalize (GObject *object)
{
  CdWindow *self = CD_WINDOW (object);

  g_free (self->db_path);
  g_free (self->central_url);
  G_OBJECT_CLASS (cd_window_parent_class)->finalize (object);
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
  object_class->finalize = cd_window_finalize;
  window_class->close_request = cd_window_close_request;

  /* The claims database the window shows; NULL until there is one. */
  properties[PROP_DB_PATH] =
    g_param_spec_string ("db-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The signed-in officer (users.id), whose the personal queues are. Sign-in sets it; 0: nobody. */
  properties[PROP_OFFICER_ID] =
    g_param_spec_int64 ("officer-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_COUNTS_CHANGED] =
    g_signal_new ("counts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
  /* ::letter-saved (gboolean ok, const char *message) after win.print-letter / win.save-letter. */
  signals[SIGNAL_LETTER_SAVED] =
    g_signal_new ("letter-saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  signals[SIGNAL_SEARCH_FINISHED] =
    g_signal_new ("search-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (CD_TYPE_CLAIM_LIST);
  g_type_ensure (CD_TYPE_SIGN_IN_PAGE);
  g_type_ensure (CD_TYPE_SYNC_INDICATOR);
  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CdWindow, claim_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, person_bar_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, person_label);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, queue_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, results_heading);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, results_list);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, sync_indicator);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CdWindow, user_menu_button);
  gtk_widget_class_bind_template_callback (widget_class, on_queue_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_signed_in);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);

  gtk_widget_class_install_action (widget_class, "win.clear-person", NULL, clear_person_action);
  gtk_widget_class_install_action (widget_class, "win.open-claim", "s", open_claim_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-queues", NULL, show_queues_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.show-queues", NULL);
  gtk_widget_class_install_action (widget_class, "win.print-letter", "s", print_letter_action);
  gtk_widget_class_install_action (widget_class, "win.save-letter", "(ss)", save_letter_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SUPER_MASK,
                                       "win.lock", NULL);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.new-claim", NULL, new_claim_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-claim", NULL);
}

static void
cd_window_init (CdWindow *self)
{
  GtkEventController *keys;
  GtkEventController *input;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  self->settings = g_settings_new (BASE_APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  for (guint i = 0; i < N_QUEUES; i++)
    gtk_list_box_append (self->queue_list, create_queue_row (self, i));

  keys = gtk_event_controller_key_new ();
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_search_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  /* Capture phase: seen before any widget handles the event. */
  input = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (input, GTK_PHASE_CAPTURE);
  g_signal_connect_object (input, "event", G_CALLBACK (on_any_input), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), input);

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);
  g_signal_connect_object (self->settings, "changed::central-url",
                           G_CALLBACK (on_central_url_setting), self, G_CONNECT_SWAPPED);
  update_for_session (self);

  cd_window_select_queue (self, "all-claims");
}
