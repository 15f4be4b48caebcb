/* cd-lists-page.c — the employers' lists, with their deadlines, and one list shown at a time. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-employer-lists.h"
#include "cd-format.h"
#include "cd-list-deadline.h"
#include "cd-list-jobs.h"
#include "cd-list-view.h"
#include "cd-lists-page.h"
#include "cd-resources.h"
#include "cd-table-cell.h"

struct _CdListsPage
{
  AdwBin              parent_instance;

  CdContext          *context;
  GListStore         *store;       /* GtkStringObject (the unit) + "cd-list" data */
  GtkSingleSelection *selection;
  GCancellable       *cancellable;       /* fetches and opens; cancelled in dispose */
  GCancellable       *load_cancellable;  /* the load under way */
  GCancellable       *pack_cancellable;
  gboolean            loading;
  guint               busy;              /* fetches and opens under way */
  gint64              pending_list;      /* shown once the reload after an open has it */
  GtkWidget          *list_view;

  /* Template widgets */
  GtkColumnView      *column_view;
  AdwStatusPage      *error_page;
  GtkStack           *pages;
  GtkStack           *stack;
  GtkWidget          *list_bin;
};

G_DEFINE_FINAL_TYPE (CdListsPage, cd_lists_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_LOADED,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *title;   /* N_() */
  gboolean    numeric;
  gboolean    expand;
  int         width;
} ColumnInfo;

static const ColumnInfo columns[CD_LISTS_N_COLUMNS] = {
  [CD_LISTS_COLUMN_UNIT] = { N_("Unit"), FALSE, TRUE, -1 },
  [CD_LISTS_COLUMN_DOSSIER] = { N_("Dossier"), FALSE, FALSE, 130 },
  [CD_LISTS_COLUMN_BATCH] = { N_("Batch"), TRUE, FALSE, 60 },
  [CD_LISTS_COLUMN_PERIOD] = { N_("Period"), FALSE, FALSE, 80 },
  [CD_LISTS_COLUMN_ROWS] = { N_("Rows"), FALSE, FALSE, 130 },
  [CD_LISTS_COLUMN_SIGNATURE] = { N_("Signature"), FALSE, FALSE, 130 },
  [CD_LISTS_COLUMN_RECEIVED] = { N_("Received"), FALSE, FALSE, 100 },
  [CD_LISTS_COLUMN_DEADLINE] = { N_("Deadline"), FALSE, FALSE, 100 },
  [CD_LISTS_COLUMN_DAYS_LEFT] = { N_("Working Days Left"), FALSE, FALSE, 190 },
};

/* ---- what a list says ------------------------------------------------------------------------ */

static const char *
dossier_label (const char *code)
{
  if (g_strcmp0 (code, "630a") == 0)
    return _("630a, sickness");
  if (g_strcmp0 (code, "630b") == 0)
    return _("630b, maternity");
  if (g_strcmp0 (code, "630c") == 0)
    return _("630c, recovery");
  return code != NULL ? code : "";
}

static const char *
signature_label (const char *signature)
{
  if (g_strcmp0 (signature, "valid") == 0)
    return _("Valid");
  if (g_strcmp0 (signature, "invalid") == 0)
    return _("Invalid");
  if (g_strcmp0 (signature, "unsigned") == 0)
    return _("Unsigned");
  if (g_strcmp0 (signature, "untrusted") == 0)
    return _("Signer not trusted");
  if (g_strcmp0 (signature, "not_checked") == 0)
    return _("Not checked");
  return signature != NULL ? signature : "";
}

/* The office's calendar day of an ISO 8601 time, or 0. */
static CdDay
local_day (const char *iso)
{
  g_autoptr(GDateTime) time = iso != NULL ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = time != NULL ? g_date_time_to_local (time) : NULL;

  return local != NULL ? cd_date_from_date_time (local) : 0;
}

/* The statutory deadline as `claimdesk-cli lists show` works it out: FALSE when the list has no
 * date of receipt (opened from a file) or the rules are not loaded yet. */
static gboolean
list_deadline (CdListsPage        *self,
               const CdStoredList *list,
               CdListDeadline     *deadline,
               int                *days_left)
{
  CdRulePack *pack = cd_context_get_rule_pack (self->context);
  CdDay received = local_day (list->received_at);
  CdDay today = cd_clock_get_today (cd_context_get_clock (self->context));

  if (pack == NULL || received == 0 || !cd_list_deadline_compute (pack, received, deadline, NULL))
    return FALSE;
  *days_left = cd_list_deadline_days_left (pack, deadline, today, NULL);
  return TRUE;
}

static char *
format_cell (CdListsPage        *self,
             const CdStoredList *list,
             CdListsColumn       column,
             gboolean           *out_overdue)
{
  CdListDeadline deadline;
  int days_left = 0;
  char day[11];

  *out_overdue = FALSE;
  switch (column)
    {
    case CD_LISTS_COLUMN_UNIT:
      if (g_strcmp0 (list->parse_state, "refused") == 0)
        /* TRANSLATORS: a list the office could not read, and why. */
        return g_strdup_printf (_("Not readable: %s"), list->parse_error);
      if (list->unit_code == NULL)
        return g_strdup (list->source);
      return g_strdup_printf ("%s %s", list->unit_code,
                              list->unit_name != NULL ? list->unit_name : "");
    case CD_LISTS_COLUMN_DOSSIER:
      return g_strdup (dossier_label (list->dossier_code));
    case CD_LISTS_COLUMN_BATCH:
      return list->batch > 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, list->batch) : g_strdup ("");
    case CD_LISTS_COLUMN_PERIOD:
      return g_strdup (list->period != NULL ? list->period : "");
    case CD_LISTS_COLUMN_ROWS:
      if (list->n_problem_rows == 0)
        return g_strdup_printf ("%u", list->n_rows);
      /* TRANSLATORS: "20 (2 with problems)": rows of a list, and those it could not read. */
      return g_strdup_printf (ngettext ("%u (%u with problems)", "%u (%u with problems)",
                                        list->n_problem_rows),
                              list->n_rows, list->n_problem_rows);
    case CD_LISTS_COLUMN_SIGNATURE:
      return g_strdup (signature_label (list->signature));
    case CD_LISTS_COLUMN_RECEIVED:
      if (local_day (list->received_at) == 0)
        return g_strdup (_("Not known"));
      cd_date_format_display (local_day (list->received_at), day);
      return g_strdup (day);
    case CD_LISTS_COLUMN_DEADLINE:
      if (!list_deadline (self, list, &deadline, &days_left))
        return g_strdup ("");
      cd_date_format_display (deadline.deadline, day);
      *out_overdue = days_left < 0;
      return g_strdup (day);
    case CD_LISTS_COLUMN_DAYS_LEFT:
      if (!list_deadline (self, list, &deadline, &days_left))
        return g_strdup ("");
      *out_overdue = days_left < 0;
      /* Said in words as well as in colour. */
      if (days_left < 0)
        return g_strdup_printf (ngettext ("Overdue by %d working day",
                                          "Overdue by %d working days", -days_left), -days_left);
      return g_strdup_printf (ngettext ("%d working day left", "%d working days left", days_left),
                              days_left);
    case CD_LISTS_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  CdListsColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = cd_table_cell_new (columns[column].numeric, 4, 12);

  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const CdStoredList *list = g_object_get_data (gtk_list_item_get_item (item), "cd-list");
  /* The page owns its factories: the pointer lives as long as they do. */
  CdListsPage *self = g_object_get_data (G_OBJECT (factory), "cd-page");
  gboolean overdue;
  g_autofree char *text = format_cell (self, list, GPOINTER_TO_INT (user_data), &overdue);

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  gtk_widget_set_tooltip_text (label, text);
  if (overdue || (GPOINTER_TO_INT (user_data) == CD_LISTS_COLUMN_UNIT
                  && g_strcmp0 (list->parse_state, "refused") == 0))
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static const CdStoredList *
list_at (CdListsPage *self,
         guint        position)
{
  g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  /* The store keeps the object, and the object its list. */
  return object != NULL ? g_object_get_data (object, "cd-list") : NULL;
}

char *
cd_lists_page_dup_cell_text (CdListsPage   *self,
                             guint          position,
                             CdListsColumn  column,
                             gboolean      *out_overdue)
{
  const CdStoredList *list;
  gboolean overdue;

  g_return_val_if_fail (CD_IS_LISTS_PAGE (self), NULL);
  g_return_val_if_fail (column < CD_LISTS_N_COLUMNS, NULL);

  list = list_at (self, position);
  if (list == NULL)
    return NULL;
  return format_cell (self, list, column, out_overdue != NULL ? out_overdue : &overdue);
}

/* ---- actions -------------------------------------------------------------------------------- */

static void
update_actions (CdListsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean store = cd_context_get_database (self->context) != NULL;
  const char *central = cd_context_get_central_url (self->context);

  gtk_widget_action_set_enabled (widget, "lists.fetch",
                                 store && self->busy == 0 && central != NULL && central[0] != '\0');
  gtk_widget_action_set_enabled (widget, "lists.open-file", store && self->busy == 0);
  gtk_widget_action_set_enabled (widget, "lists.back", self->list_view != NULL);
}

/* ---- loading -------------------------------------------------------------------------------- */

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdListsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lists = cd_employer_lists_read_finish (result, &error);
  g_autoptr(GPtrArray) objects = NULL;
  gint64 pending;

  /* A newer load, or the page gone: nothing of this one is shown. Dispose cancels the load, and
   * the page may be freed by now: nothing of it is read before this. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  pending = self->pending_list;
  self->loading = FALSE;
  if (lists == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }

  objects = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < lists->len; i++)
    {
      CdStoredList *list = lists->pdata[i];
      GtkStringObject *object = gtk_string_object_new (list->unit_name != NULL ? list->unit_name
                                                                               : "");

      lists->pdata[i] = NULL;
      g_object_set_data_full (G_OBJECT (object), "cd-list", list,
                              (GDestroyNotify) cd_stored_list_free);
      g_ptr_array_add (objects, object);
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       objects->pdata, objects->len);
  gtk_stack_set_visible_child_name (self->stack, objects->len > 0 ? "lists" : "empty");
  self->pending_list = 0;
  if (pending > 0)
    cd_lists_page_show_list (self, pending);
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
cd_lists_page_reload (CdListsPage *self)
{
  const char *db_path;

  g_return_if_fail (CD_IS_LISTS_PAGE (self));

  db_path = cd_context_get_db_path (self->context);
  if (db_path == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->loading = TRUE;
  cd_employer_lists_read_async (db_path, 0, self->load_cancellable, load_done, self);
  if (self->list_view != NULL)
    cd_list_view_reload (CD_LIST_VIEW (self->list_view));
}

/* The deadlines need the rules and today: shown again once the pack is loaded or the clock
 * replaced. */
static void
on_rule_pack_changed (CdListsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  g_list_model_items_changed (G_LIST_MODEL (self->store), 0, n, n);
}

static void
on_pack_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  /* notify::rule-pack redraws the deadlines; without a pack they stay blank. */
  g_autoptr(CdRulePack) pack = cd_context_load_rule_pack_finish (CD_CONTEXT (object), result,
                                                                 NULL);
}

/* Another store or another user: the old lists must not stay on show meanwhile. */
static void
on_backend_changed (CdListsPage *self)
{
  cd_lists_page_show_lists (self);
  g_list_store_remove_all (self->store);
  update_actions (self);
  cd_lists_page_reload (self);
}

/* ---- one list ------------------------------------------------------------------------------- */

static char *
list_title (const CdStoredList *list)
{
  g_autofree char *batch = NULL;

  if (list->unit_code == NULL)
    return g_strdup (list->source);
  batch = g_strdup_printf ("%" G_GINT64_FORMAT, list->batch);
  /* TRANSLATORS: a list's header: the unit's code and name, its dossier, period and batch. */
  return g_strdup_printf (_("%s %s — %s, period %s, batch %s"), list->unit_code,
                          list->unit_name != NULL ? list->unit_name : "",
                          dossier_label (list->dossier_code),
                          list->period != NULL ? list->period : "", batch);
}

static void
on_view_changed (CdListsPage *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_view_toast (CdListsPage *self,
               const char  *message)
{
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

gboolean
cd_lists_page_show_list (CdListsPage *self,
                         gint64       list_id)
{
  guint n;

  g_return_val_if_fail (CD_IS_LISTS_PAGE (self), FALSE);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  for (guint i = 0; i < n; i++)
    {
      const CdStoredList *list = list_at (self, i);
      g_autofree char *title = NULL;

      if (list->id != list_id)
        continue;
      title = list_title (list);
      cd_lists_page_show_lists (self);
      self->list_view = cd_list_view_new (self->context, list_id, title);
      g_signal_connect_object (self->list_view, "changed", G_CALLBACK (on_view_changed), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (self->list_view, "toast", G_CALLBACK (on_view_toast), self,
                               G_CONNECT_SWAPPED);
      adw_bin_set_child (ADW_BIN (self->list_bin), self->list_view);
      gtk_stack_set_visible_child_name (self->pages, "list");
      gtk_single_selection_set_selected (self->selection, i);
      update_actions (self);
      gtk_widget_grab_focus (self->list_view);
      return TRUE;
    }
  return FALSE;
}

void
cd_lists_page_show_lists (CdListsPage *self)
{
  g_return_if_fail (CD_IS_LISTS_PAGE (self));

  if (self->list_view == NULL)
    return;
  gtk_stack_set_visible_child_name (self->pages, "lists");
  adw_bin_set_child (ADW_BIN (self->list_bin), NULL);
  self->list_view = NULL;
  update_actions (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_list_activated (CdListsPage *self,
                   guint        position)
{
  const CdStoredList *list = list_at (self, position);

  if (list != NULL)
    cd_lists_page_show_list (self, list->id);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cd_lists_page_show_lists (CD_LISTS_PAGE (widget));
  /* The rows decided meanwhile change what the lists say. */
  cd_lists_page_reload (CD_LISTS_PAGE (widget));
}

/* ---- fetch and open ------------------------------------------------------------------------- */

static void
set_busy (CdListsPage *self,
          gboolean     busy)
{
  self->busy = busy ? self->busy + 1 : self->busy - 1;
  update_actions (self);
}

static void
fetch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CdListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) added = cd_list_jobs_fetch_finish (result, &error);
  g_autofree char *message = NULL;

  /* Gone from its window: the lists are stored, there is nothing to show. */
  if (self->store == NULL)
    return;
  set_busy (self, FALSE);
  if (added == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s is why central's lists could not be fetched. */
      message = g_strdup_printf (_("The lists were not fetched: %s"), error->message);
    }
  else if (added->len == 0)
    message = g_strdup (_("No new lists at central"));
  else
    message = g_strdup_printf (ngettext ("%u new list fetched", "%u new lists fetched",
                                         added->len), added->len);
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
  cd_lists_page_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
cd_lists_page_fetch (CdListsPage *self)
{
  g_return_if_fail (CD_IS_LISTS_PAGE (self));

  set_busy (self, TRUE);
  cd_list_jobs_fetch_async (self->context, self->cancellable, fetch_done, g_object_ref (self));
}

static void
fetch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  cd_lists_page_fetch (CD_LISTS_PAGE (widget));
}

static void
open_file_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CdListsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean added = FALSE;
  gint64 id = cd_list_jobs_open_file_finish (result, &added, &error);
  g_autofree char *message = NULL;

  if (self->store == NULL)
    return;
  set_busy (self, FALSE);
  if (id <= 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s says which file and why it could not be stored. */
      message = g_strdup_printf (_("The list was not opened: %s"), error->message);
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0,
                 added ? _("List stored") : _("This list was stored already"));
  self->pending_list = id;
  cd_lists_page_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
cd_lists_page_open_file (CdListsPage *self,
                         GFile       *file)
{
  g_return_if_fail (CD_IS_LISTS_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  set_busy (self, TRUE);
  cd_list_jobs_open_file_async (self->context, file, self->cancellable, open_file_done,
                                g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     CdListsPage     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        cd_lists_page_open_file (self, file);
    }
  g_object_unref (chooser);
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open an Employer’s List"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* TRANSLATORS: the signed XML file an employer hands in (01B-HSB in its I-VAN envelope). */
  gtk_file_filter_set_name (filter, _("Signed lists (XML)"));
  gtk_file_filter_add_mime_type (filter, "application/xml");
  gtk_file_filter_add_mime_type (filter, "text/xml");
  gtk_file_filter_add_pattern (filter, "*.xml");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ---- state ---------------------------------------------------------------------------------- */

gboolean
cd_lists_page_get_loading (CdListsPage *self)
{
  g_return_val_if_fail (CD_IS_LISTS_PAGE (self), FALSE);
  return self->loading;
}

gboolean
cd_lists_page_get_busy (CdListsPage *self)
{
  g_return_val_if_fail (CD_IS_LISTS_PAGE (self), FALSE);
  return self->busy > 0;
}

guint
cd_lists_page_get_n_lists (CdListsPage *self)
{
  g_return_val_if_fail (CD_IS_LISTS_PAGE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

gint64
cd_lists_page_get_list_id (CdListsPage *self,
                           guint        position)
{
  const CdStoredList *list;

  g_return_val_if_fail (CD_IS_LISTS_PAGE (self), 0);
  list = list_at (self, position);
  return list != NULL ? list->id : 0;
}

GtkWidget *
cd_lists_page_get_list_view (CdListsPage *self)
{
  g_return_val_if_fail (CD_IS_LISTS_PAGE (self), NULL);
  return self->list_view;
}

/* ---- GObject -------------------------------------------------------------------------------- */

GtkWidget *
cd_lists_page_new (CdContext *context)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_LISTS_PAGE, "context", context, NULL);
}

static void
cd_lists_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CdListsPage *self = CD_LISTS_PAGE (object);

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
cd_lists_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CdListsPage *self = CD_LISTS_PAGE (object);

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
cd_lists_page_constructed (GObject *object)
{
  CdListsPage *self = CD_LISTS_PAGE (object);

  G_OBJECT_CLASS (cd_lists_page_parent_class)->constructed (object);

  /* Made without one (a template test's), the page has a context of its own: no store, nobody. */
  if (self->context == NULL)
    self->context = cd_context_new ();
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::db-path", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::central-url", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::rule-pack",
                           G_CALLBACK (on_rule_pack_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::clock", G_CALLBACK (on_rule_pack_changed),
                           self, G_CONNECT_SWAPPED);
  if (cd_context_get_db_path (self->context) != NULL
      && cd_context_get_rule_pack (self->context) == NULL)
    cd_context_load_rule_pack_async (self->context, self->pack_cancellable, on_pack_loaded, NULL);
  update_actions (self);
  cd_lists_page_reload (self);
}

/* Work under way stops with the page: loads hold no reference to it; a fetch or an open holds
 * one only until its store job ends, which nothing can interrupt half-way. */
static void
cd_lists_page_dispose (GObject *object)
{
  CdListsPage *self = CD_LISTS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->pack_cancellable);
  g_cancellable_cancel (self->cancellable);
  self->list_view = NULL;
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_LISTS_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_lists_page_parent_class)->dispose (object);
}

static void
cd_lists_page_finalize (GObject *object)
{
  CdListsPage *self = CD_LISTS_PAGE (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->pack_cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (cd_lists_page_parent_class)->finalize (object);
}

static void
cd_lists_page_class_init (CdListsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_lists_page_get_property;
  object_class->set_property = cd_lists_page_set_property;
  object_class->constructed = cd_lists_page_constructed;
  object_class->dispose = cd_lists_page_dispose;
  object_class->finalize = cd_lists_page_finalize;

  /* Where the lists are read and stored, who works them: the page follows the context. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Lists, rows or claims changed: the window refreshes its counts. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A reload of the lists finished (or failed). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A short summary for a toast. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-lists-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdListsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CdListsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdListsPage, list_bin);
  gtk_widget_class_bind_template_child (widget_class, CdListsPage, pages);
  gtk_widget_class_bind_template_child (widget_class, CdListsPage, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activated);

  gtk_widget_class_install_action (widget_class, "lists.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "lists.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "lists.open-file", NULL, open_file_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "lists.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "lists.open-file", NULL);
}

static void
cd_lists_page_init (CdListsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->pack_cancellable = g_cancellable_new ();
  self->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  for (int i = 0; i < CD_LISTS_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_object_set_data (G_OBJECT (factory), "cd-page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      if (columns[i].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[i].width);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      g_object_unref (column);
    }
}
