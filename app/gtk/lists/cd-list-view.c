/* cd-list-view.c — one employer's list: its rows, the batch, keyboard triage, approval, export. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-approval.h"
#include "cd-employer-lists.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-batch.h"
#include "cd-list-decision.h"
#include "cd-list-jobs.h"
#include "cd-list-triage.h"
#include "cd-list-view.h"
#include "cd-resources.h"
#include "cd-workflow.h"

struct _CdListView
{
  AdwBin              parent_instance;

  CdContext          *context;
  gint64              list_id;
  char               *title;
  GListStore         *store;       /* GtkStringObject (the name) + "cd-row" data */
  GtkSingleSelection *selection;
  GCancellable       *cancellable;        /* everything; cancelled in dispose */
  GCancellable       *load_cancellable;   /* the load under way */
  GCancellable       *batch_cancellable;  /* the batch's Cancel */
  CdApprovalRun      *run;                /* the approval run under way, or NULL */
  gboolean            loading;
  gboolean            batch_running;
  gboolean            batch_starting;     /* loading the trust anchors and the rules first */
  guint               acting;             /* triage, approval reads and exports under way */
  guint               reload_timeout;     /* a reload of the rows while the batch works */
  guint               keep_position;      /* the row selected again after a reload */
  char               *progress_text;
  char               *approval_text;
  char               *export_path;        /* the export under way's */
  CdDecisionListFormat export_format;
  char               *exported_path;
  char               *last_error;
  char               *findings_text;

  /* Template widgets */
  GtkLabel           *approval_label;
  GtkRevealer        *approval_revealer;
  GtkColumnView      *column_view;
  AdwStatusPage      *error_page;
  GtkLabel           *findings_label;
  GtkProgressBar     *progress_bar;
  GtkButton          *start_button;
  GtkStack           *stack;
  GtkLabel           *title_label;
};

G_DEFINE_FINAL_TYPE (CdListView, cd_list_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  PROP_LIST_ID,
  PROP_TITLE,
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

static const ColumnInfo columns[CD_LIST_VIEW_N_COLUMNS] = {
  [CD_LIST_VIEW_COLUMN_NUMBER] = { N_("No."), TRUE, FALSE, 44 },
  [CD_LIST_VIEW_COLUMN_NAME] = { N_("Name"), FALSE, TRUE, 180 },
  [CD_LIST_VIEW_COLUMN_SI_CODE] = { N_("SI Number"), FALSE, FALSE, 105 },
  [CD_LIST_VIEW_COLUMN_BENEFIT] = { N_("Benefit"), FALSE, FALSE, 130 },
  [CD_LIST_VIEW_COLUMN_PERIOD] = { N_("Period"), FALSE, FALSE, 190 },
  [CD_LIST_VIEW_COLUMN_DAYS] = { N_("Days"), TRUE, FALSE, 50 },
  [CD_LIST_VIEW_COLUMN_STATE] = { N_("State"), FALSE, FALSE, 110 },
  [CD_LIST_VIEW_COLUMN_AMOUNT] = { N_("Amount"), TRUE, FALSE, 110 },
  [CD_LIST_VIEW_COLUMN_FINDINGS] = { N_("Findings"), FALSE, TRUE, 220 },
  [CD_LIST_VIEW_COLUMN_CLAIM] = { N_("Claim"), FALSE, FALSE, 200 },
};

static CdSession *
session (CdListView *self)
{
  return cd_context_get_session (self->context);
}

static gboolean
busy (CdListView *self)
{
  return self->batch_running || self->batch_starting || self->acting > 0 || self->run != NULL;
}

/* Gone from its window: work that ends now has nothing to show. */
static gboolean
disposed (CdListView *self)
{
  return self->store == NULL;
}

/* What a job holds of the view: a weak reference. A job never keeps the view alive, so the view
 * goes (and dispose cancels its work) as soon as its window lets it go; a job that ends after
 * that finds nobody to tell. */
static gpointer
view_ref_new (CdListView *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static void
view_ref_free (gpointer data)
{
  GWeakRef *ref = data;

  g_weak_ref_clear (ref);
  g_free (ref);
}

/* The view, with a reference the caller drops, or NULL when it is gone or going. */
static CdListView *
view_ref_get (gpointer data)
{
  CdListView *self = g_weak_ref_get (data);

  if (self != NULL && disposed (self))
    g_clear_object (&self);
  return self;
}

/* As view_ref_get, for a job's callback: frees the job's weak reference. */
static CdListView *
view_ref_take (gpointer data)
{
  CdListView *self = view_ref_get (data);

  view_ref_free (data);
  return self;
}

static gboolean batch_settling (CdListView *self);

/* ---- what a row says ------------------------------------------------------------------------ */

static const CdStoredListRow *
row_at (CdListView *self,
        guint       position)
{
  g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  /* The store keeps the object, and the object its row. */
  return object != NULL ? g_object_get_data (object, "cd-row") : NULL;
}

static const CdStoredListRow *
selected_row (CdListView *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  return position != GTK_INVALID_LIST_POSITION ? row_at (self, position) : NULL;
}

static gboolean
row_has_problems (const CdStoredListRow *row)
{
  return row->problems != NULL && JSON_NODE_HOLDS_ARRAY (row->problems)
         && json_array_get_length (json_node_get_array (row->problems)) > 0;
}

static gboolean
row_is_worked (const CdStoredListRow *row)
{
  return g_strcmp0 (row->state, "ready") == 0 || g_strcmp0 (row->state, "findings") == 0;
}

static gboolean
row_is_decided (const CdStoredListRow *row)
{
  return g_strcmp0 (row->state, "accepted") == 0 || g_strcmp0 (row->state, "refused") == 0
         || g_strcmp0 (row->state, "returned") == 0;
}

static const char *
state_label (const CdStoredListRow *row)
{
  static const struct { const char *state; const char *label; } labels[] = {
    { "new", N_("To work") },
    { "fetching", N_("Fetching evidence") },
    { "evaluated", N_("Evaluated") },
    { "ready", N_("Ready") },
    { "findings", N_("To look at") },
    { "accepted", N_("Accepted") },
    { "returned", N_("Returned to employer") },
    { "refused", N_("Refused") },
  };

  if (row_has_problems (row))
    return _("Not readable");
  if (g_strcmp0 (row->state, "new") == 0 && row->failure != NULL)
    return _("Not worked yet");
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (row->state, labels[i].state) == 0)
      return _(labels[i].label);
  return row->state;
}

static const char *
json_text (JsonObject *object,
           const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node)
         && json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

/* A finding's sentence in the officer's language (both are stored), else its code. */
static const char *
finding_message (JsonObject *finding)
{
  const char *code = json_text (finding, "code");
  const char *any = json_text (finding, "message");

  return cd_label_pick (json_text (finding, "message_vi"),
                        json_text (finding, "message_en") != NULL ? json_text (finding,
                                                                               "message_en")
                                                                  : any,
                        code != NULL ? code : "");
}

static guint
n_findings (const CdStoredListRow *row)
{
  return row->findings != NULL && JSON_NODE_HOLDS_ARRAY (row->findings)
         ? json_array_get_length (json_node_get_array (row->findings)) : 0;
}

static char *
format_days (const CdStoredListRow *row)
{
  JsonObject *fields = row->fields != NULL && JSON_NODE_HOLDS_OBJECT (row->fields)
                       ? json_node_get_object (row->fields) : NULL;
  JsonNode *node = fields != NULL ? json_object_get_member (fields, "total") : NULL;
  JsonObject *total = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node)
                                                                     : NULL;
  gint64 months, days;

  if (total == NULL)
    return g_strdup ("");
  months = json_object_get_int_member_with_default (total, "months", 0);
  days = json_object_get_int_member_with_default (total, "days", 0);
  /* As the employer writes it: "10", or "1-10" for a month and ten days. */
  if (months > 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, months, days);
  return g_strdup_printf ("%" G_GINT64_FORMAT, days);
}

static char *
format_date (const char *iso)
{
  CdDay day = 0;
  char text[11];

  if (iso == NULL || !cd_date_parse (iso, &day))
    return g_strdup ("?");
  cd_date_format_display (day, text);
  return g_strdup (text);
}

static char *
format_cell (const CdStoredListRow *row,
             CdListViewColumn       column)
{
  switch (column)
    {
    case CD_LIST_VIEW_COLUMN_NUMBER:
      return g_strdup_printf ("%u", row->number);
    case CD_LIST_VIEW_COLUMN_NAME:
      return g_strdup (row->name != NULL ? row->name : "");
    case CD_LIST_VIEW_COLUMN_SI_CODE:
      return g_strdup (row->si_code != NULL ? row->si_code : "");
    case CD_LIST_VIEW_COLUMN_BENEFIT:
      {
        CdBenefit benefit;
        const char *label = row->benefit != NULL && cd_benefit_from_string (row->benefit,
                                                                            &benefit)
                            ? cd_benefit_get_label (benefit) : row->benefit;

        /* "Sickness (A.I)": the benefit, and the section of the list it is in. */
        return g_strdup_printf ("%s (%s)", label != NULL ? label : "",
                                row->section != NULL ? row->section : "");
      }
    case CD_LIST_VIEW_COLUMN_PERIOD:
      {
        g_autofree char *from = format_date (row->period_from);
        g_autofree char *to = format_date (row->period_to);

        /* TRANSLATORS: a period of leave, "01/11/2026 – 10/11/2026". */
        return g_strdup_printf (_("%s – %s"), from, to);
      }
    case CD_LIST_VIEW_COLUMN_DAYS:
      return format_days (row);
    case CD_LIST_VIEW_COLUMN_STATE:
      return g_strdup (state_label (row));
    case CD_LIST_VIEW_COLUMN_AMOUNT:
      return row->amount >= 0 ? cd_format_money_vnd (row->amount) : g_strdup ("");
    case CD_LIST_VIEW_COLUMN_FINDINGS:
      {
        guint n = n_findings (row);
        JsonObject *first;

        if (n == 0)
          return g_strdup (row->failure != NULL ? row->failure : "");
        first = json_array_get_object_element (json_node_get_array (row->findings), 0);
        if (n == 1)
          return g_strdup (finding_message (first));
        /* TRANSLATORS: the first of a row's findings, and how many more there are. */
        return g_strdup_printf (ngettext ("%s (and %u more)", "%s (and %u more)", n - 1),
                                finding_message (first), n - 1);
      }
    case CD_LIST_VIEW_COLUMN_CLAIM:
      {
        CdClaimStatus status;

        if (row->claim_number == NULL)
          return g_strdup ("");
        if (row->claim_status == NULL || !cd_claim_status_from_string (row->claim_status, &status))
          return g_strdup (row->claim_number);
        return g_strdup_printf ("%s, %s", row->claim_number, cd_claim_status_get_label (status));
      }
    case CD_LIST_VIEW_N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

/* Everything about the selected row the officer decides on, in full: one line each. */
static char *
describe_row (const CdStoredListRow *row)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  guint n = n_findings (row);

  if (row_has_problems (row))
    {
      JsonArray *problems = json_node_get_array (row->problems);

      for (guint i = 0; i < json_array_get_length (problems); i++)
        {
          JsonObject *problem = json_array_get_object_element (problems, i);

          /* TRANSLATORS: a cell of the employer's list the office could not read, and why. */
          g_ptr_array_add (lines, g_strdup_printf (_("Column %s: %s"),
                                                   json_text (problem, "column"),
                                                   json_text (problem, "message")));
        }
    }
  for (guint i = 0; i < n; i++)
    {
      JsonObject *finding = json_array_get_object_element (json_node_get_array (row->findings), i);
      const char *severity = json_text (finding, "severity");

      g_ptr_array_add (lines, g_strdup_printf ("%s: %s",
                                               g_strcmp0 (severity, "error") == 0 ? _("Error")
                                               : g_strcmp0 (severity, "warning") == 0
                                               ? _("Warning") : _("Note"),
                                               finding_message (finding)));
    }
  if (row->failure != NULL)
    g_ptr_array_add (lines, g_strdup_printf (ngettext ("Not worked yet: %s (tried %u time)",
                                                       "Not worked yet: %s (tried %u times)",
                                                       row->attempts),
                                             row->failure, row->attempts));
  if (row->reason != NULL)
    g_ptr_array_add (lines, g_strdup_printf (_("Reason given: %s"), row->reason));
  if (lines->len == 0)
    g_ptr_array_add (lines, g_strdup (row_is_worked (row) || row_is_decided (row)
                                      ? _("Nothing found: the row agrees with the evidence.")
                                      : _("Not worked yet.")));
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* ---- cells ---------------------------------------------------------------------------------- */

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  CdListViewColumn column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), columns[column].numeric ? 1.0 : 0.0);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), 3);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), 10);
  if (columns[column].numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const CdStoredListRow *row = g_object_get_data (gtk_list_item_get_item (item), "cd-row");
  CdListViewColumn column = GPOINTER_TO_INT (user_data);
  g_autofree char *text = format_cell (row, column);
  gboolean state = column == CD_LIST_VIEW_COLUMN_STATE || column == CD_LIST_VIEW_COLUMN_FINDINGS;

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  gtk_widget_set_tooltip_text (label, text[0] != '\0' ? text : NULL);
  gtk_widget_remove_css_class (label, "error");
  gtk_widget_remove_css_class (label, "warning");
  gtk_widget_remove_css_class (label, "success");
  if (!state)
    return;
  /* The words say it; the colour only helps the eye down a long list. */
  if (row_has_problems (row) || g_strcmp0 (row->state, "refused") == 0)
    gtk_widget_add_css_class (label, "error");
  else if (g_strcmp0 (row->state, "findings") == 0 || row->failure != NULL)
    gtk_widget_add_css_class (label, "warning");
  else if (g_strcmp0 (row->state, "ready") == 0 || g_strcmp0 (row->state, "accepted") == 0)
    gtk_widget_add_css_class (label, "success");
}

/* ---- actions' state ------------------------------------------------------------------------- */

static gboolean
can_approve (CdListView *self)
{
  return session (self) != NULL
         && cd_workflow_can (CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_APPROVE,
                             cd_session_get_role (session (self)));
}

typedef struct
{
  guint total;      /* Part 1 rows the batch works */
  guint done;       /* worked: ready, findings, or decided since */
  guint ready;
  guint failed;     /* left to do with a failure */
  guint proposed;   /* claims waiting for a supervisor */
  guint decided;    /* rows on the decision list */
} RowCounts;

static RowCounts
count_rows (CdListView *self)
{
  RowCounts counts = { 0 };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      const CdStoredListRow *row = row_at (self, i);

      if (g_strcmp0 (row->claim_status, "proposed") == 0)
        counts.proposed++;
      if (row->part != 1 || row_has_problems (row))
        continue;
      counts.total++;
      if (row_is_worked (row) || row_is_decided (row))
        counts.done++;
      else if (row->failure != NULL)
        counts.failed++;
      if (g_strcmp0 (row->state, "ready") == 0)
        counts.ready++;
      /* On the decision list: a refusal at once (the office's answer either way), an accepted
       * row once its claim is approved. */
      if (g_strcmp0 (row->state, "refused") == 0
          || (g_strcmp0 (row->state, "accepted") == 0 && row->claim_status != NULL
              && g_strcmp0 (row->claim_status, "proposed") != 0))
        counts.decided++;
    }
  return counts;
}

/* The one place the actions' enabled state is set. */
static void
update_actions (CdListView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const CdStoredListRow *row = selected_row (self);
  RowCounts counts = count_rows (self);
  gboolean store = cd_context_get_database (self->context) != NULL;
  gboolean idle = !busy (self) && !self->loading && store && session (self) != NULL;
  gboolean act = idle && row != NULL && row_is_worked (row);

  gtk_widget_action_set_enabled (widget, "list.start-batch",
                                 idle && counts.done < counts.total && !batch_settling (self));
  gtk_widget_action_set_enabled (widget, "list.cancel-batch", self->batch_running);
  gtk_widget_action_set_enabled (widget, "list.accept", act);
  gtk_widget_action_set_enabled (widget, "list.refuse", act);
  gtk_widget_action_set_enabled (widget, "list.return", act);
  gtk_widget_action_set_enabled (widget, "list.accept-ready", idle && counts.ready > 0);
  gtk_widget_action_set_enabled (widget, "list.approve",
                                 idle && can_approve (self) && counts.proposed > 0);
  gtk_widget_action_set_enabled (widget, "list.export-pdf", idle && counts.decided > 0);
  gtk_widget_action_set_enabled (widget, "list.export-csv", idle && counts.decided > 0);
  gtk_widget_action_set_enabled (widget, "list.open-claim",
                                 row != NULL && row->claim_number != NULL);
  gtk_button_set_label (self->start_button, counts.done > 0 ? _("_Resume Batch")
                                                            : _("_Start Batch"));
}

static void
show_findings (CdListView *self)
{
  const CdStoredListRow *row = selected_row (self);

  g_free (self->findings_text);
  self->findings_text = row != NULL ? describe_row (row) : g_strdup ("");
  gtk_label_set_text (self->findings_label, self->findings_text);
}

static void
on_selection_changed (CdListView *self)
{
  show_findings (self);
  update_actions (self);
}

static void
say (CdListView *self,
     const char *message,
     gboolean    is_error)
{
  if (is_error)
    {
      g_free (self->last_error);
      self->last_error = g_strdup (message);
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

/* ---- progress ------------------------------------------------------------------------------- */

static void
set_progress (CdListView *self,
              guint       done,
              guint       total,
              guint       failed)
{
  g_autofree char *done_text = cd_format_integer_vi (done);
  g_autofree char *total_text = cd_format_integer_vi (total);

  g_free (self->progress_text);
  if (failed > 0)
    /* TRANSLATORS: the batch's progress, "312 of 2,000, 3 failed". */
    self->progress_text = g_strdup_printf (ngettext ("%s of %s, %u failed", "%s of %s, %u failed",
                                                     failed),
                                           done_text, total_text, failed);
  else
    /* TRANSLATORS: the batch's progress, "312 of 2,000". */
    self->progress_text = g_strdup_printf (_("%s of %s"), done_text, total_text);
  gtk_progress_bar_set_text (self->progress_bar, self->progress_text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
}

/* ---- loading -------------------------------------------------------------------------------- */

static gboolean
on_reload_timeout (gpointer user_data)
{
  cd_list_view_reload (user_data);
  return G_SOURCE_CONTINUE;
}

/* Takes `row`. */
static GObject *
row_object_new (CdStoredListRow *row)
{
  GtkStringObject *object = gtk_string_object_new (row->name != NULL ? row->name : "");

  g_object_set_data_full (G_OBJECT (object), "cd-row", row,
                          (GDestroyNotify) cd_stored_list_row_free);
  return G_OBJECT (object);
}

static gboolean
nodes_equal (JsonNode *a,
             JsonNode *b)
{
  return a == NULL || b == NULL ? a == b : json_node_equal (a, b);
}

static gboolean
row_changed (const CdStoredListRow *a,
             const CdStoredListRow *b)
{
  return a->part != b->part || a->position != b->position
         || g_strcmp0 (a->state, b->state) != 0 || a->amount != b->amount
         || a->attempts != b->attempts || g_strcmp0 (a->failure, b->failure) != 0
         || g_strcmp0 (a->reason, b->reason) != 0
         || g_strcmp0 (a->claim_number, b->claim_number) != 0
         || g_strcmp0 (a->claim_status, b->claim_status) != 0
         || !nodes_equal (a->findings, b->findings) || !nodes_equal (a->problems, b->problems);
}

/* Replaces the rows that changed, one by one; takes the rows it uses. */
static void
update_rows (CdListView *self,
             GPtrArray  *rows)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GObject) object = NULL;

      if (!row_changed (row_at (self, i), rows->pdata[i]))
        continue;
      object = row_object_new (rows->pdata[i]);
      rows->pdata[i] = NULL;
      g_list_store_splice (self->store, i, 1, (gpointer *) &object, 1);
    }
  /* A replaced row that was selected stays selected. */
  if (selected != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, selected);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdListView *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = cd_employer_lists_read_finish (result, &error);
  g_autoptr(GPtrArray) objects = NULL;
  guint keep = self->keep_position;
  guint n;

  /* A newer load, or the view gone: nothing of this one is shown. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  if (rows == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_actions (self);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  if (n == rows->len && n > 0)
    /* The same rows (a list's rows never come or go): only those that changed are replaced, so
     * a reload while the batch works keeps the officer's place in a long list. */
    update_rows (self, rows);
  else
    {
      objects = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < rows->len; i++)
        {
          g_ptr_array_add (objects, row_object_new (rows->pdata[i]));
          rows->pdata[i] = NULL;
        }
      g_list_store_splice (self->store, 0, n, objects->pdata, objects->len);
    }
  n = g_list_model_get_n_items (G_LIST_MODEL (self->store));
  gtk_stack_set_visible_child_name (self->stack, n > 0 ? "rows" : "empty");
  if (n > 0 && gtk_single_selection_get_selected (self->selection) != MIN (keep, n - 1))
    gtk_single_selection_set_selected (self->selection, MIN (keep, n - 1));
  /* The figures as stored, until a run gives its own. */
  if (!self->batch_running)
    {
      RowCounts counts = count_rows (self);

      set_progress (self, counts.done, counts.total, counts.failed);
    }
  /* A batch the view did not start still settles rows: read them again until it ends. */
  if (batch_settling (self) && self->reload_timeout == 0)
    self->reload_timeout = g_timeout_add_seconds (1, on_reload_timeout, self);
  else if (!batch_settling (self) && !self->batch_running)
    g_clear_handle_id (&self->reload_timeout, g_source_remove);
  show_findings (self);
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
cd_list_view_reload (CdListView *self)
{
  const char *db_path;
  guint selected;

  g_return_if_fail (CD_IS_LIST_VIEW (self));

  db_path = cd_context_get_db_path (self->context);
  if (db_path == NULL)
    return;
  selected = gtk_single_selection_get_selected (self->selection);
  if (selected != GTK_INVALID_LIST_POSITION)
    self->keep_position = selected;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->loading = TRUE;
  update_actions (self);
  cd_employer_lists_read_async (db_path, self->list_id, self->load_cancellable, load_done, self);
}

/* ---- the batch ------------------------------------------------------------------------------ */

/* The lists (store path and id) whose batch has not ended yet, in this process. A view that goes
 * stops its batch, but the rows in flight still settle; a view opened on the same list meanwhile
 * must not start a second batch beside it, so it waits, reading the rows as they settle. Main
 * thread only. */
static GHashTable *settling;

static char *
batch_key (CdListView *self)
{
  return g_strdup_printf ("%s#%" G_GINT64_FORMAT, cd_context_get_db_path (self->context),
                          self->list_id);
}

static gboolean
batch_settling (CdListView *self)
{
  g_autofree char *key = NULL;

  if (settling == NULL || self->batch_running)
    return FALSE;
  key = batch_key (self);
  return g_hash_table_contains (settling, key);
}

typedef struct
{
  GWeakRef  view;
  char     *key;
} BatchJob;

static void
batch_job_free (BatchJob *job)
{
  g_weak_ref_clear (&job->view);
  g_free (job->key);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BatchJob, batch_job_free)

static void
on_batch_progress (const CdListBatchProgress *progress,
                   gpointer                   user_data)
{
  g_autoptr(CdListView) self = view_ref_get (user_data);

  if (self != NULL)
    set_progress (self, progress->done, progress->total, progress->failed);
}


static void
batch_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(BatchJob) job = user_data;
  g_autoptr(CdListView) self = view_ref_get (&job->view);
  g_autoptr(GError) error = NULL;
  CdListBatchProgress progress = { 0 };
  gboolean ok = cd_list_batch_run_finish (result, &progress, &error);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_autofree char *message = NULL;

  g_hash_table_remove (settling, job->key);
  /* The view gone: it has nothing to show. */
  if (self == NULL)
    return;
  self->batch_running = FALSE;
  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  g_clear_object (&self->batch_cancellable);
  if (ok || cancelled)
    {
      set_progress (self, progress.done, progress.total, progress.failed);
      if (cancelled)
        /* TRANSLATORS: %s is the batch's progress, "312 of 2,000". */
        message = g_strdup_printf (_("Batch stopped at %s"), self->progress_text);
      else
        /* TRANSLATORS: %s is the batch's progress, "2,000 of 2,000, 3 failed". */
        message = g_strdup_printf (_("Batch finished: %s"), self->progress_text);
      say (self, message, FALSE);
    }
  else
    {
      /* TRANSLATORS: %s is why the batch could not work the list. */
      message = g_strdup_printf (_("The batch could not work the list: %s"), error->message);
      say (self, message, TRUE);
    }
  cd_list_view_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
batch_run (CdListView *self)
{
  CdEvidenceFetcher *fetcher = cd_context_get_evidence_fetcher (self->context);
  CdRulePack *pack = cd_context_get_rule_pack (self->context);
  /* Loaded just before (cd_context_load_trust_store_async): at hand now. */
  CdTrustStore *trust = cd_context_get_trust_store (self->context, NULL);
  g_autoptr(GError) error = NULL;
  BatchJob *job;

  self->batch_starting = FALSE;
  if (fetcher == NULL || pack == NULL || session (self) == NULL)
    {
      say (self, fetcher == NULL ? _("The batch needs the evidence sources: the office is not "
                                     "connected")
                                 : pack == NULL ? _("The batch needs the rules, which could not "
                                                    "be loaded")
                                                : _("Sign in to work the list"), TRUE);
      update_actions (self);
      return;
    }
  if (!cd_session_begin_action (session (self), &error))
    {
      say (self, error->message, TRUE);
      update_actions (self);
      return;
    }
  self->batch_running = TRUE;
  /* Cancel stops the batch, and so does the view going (dispose). */
  self->batch_cancellable = g_cancellable_new ();
  self->reload_timeout = g_timeout_add_seconds (1, on_reload_timeout, self);
  update_actions (self);
  job = g_new0 (BatchJob, 1);
  g_weak_ref_init (&job->view, self);
  job->key = batch_key (self);
  if (settling == NULL)
    settling = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (settling, g_strdup (job->key));
  cd_list_batch_run_async (cd_context_get_db_path (self->context), session (self), self->list_id,
                           fetcher, trust, pack, 0, self->batch_cancellable, on_batch_progress,
                           view_ref_new (self), view_ref_free, batch_done, job);
}

static void
batch_pack_loaded (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CdListView) self = view_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = cd_context_load_rule_pack_finish (CD_CONTEXT (object), result,
                                                                 &error);

  if (self == NULL)
    return;
  if (pack == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The rules could not be loaded: %s"),
                                                  error->message);

      self->batch_starting = FALSE;
      say (self, message, TRUE);
      update_actions (self);
      return;
    }
  batch_run (self);
}

static void
batch_trust_loaded (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CdListView) self = view_ref_take (user_data);
  /* Without anchors the signatures read "untrusted": the batch still works the rows. */
  g_autoptr(CdTrustStore) trust = cd_context_load_trust_store_finish (CD_CONTEXT (object), result,
                                                                      NULL);

  if (self == NULL)
    return;
  cd_context_load_rule_pack_async (self->context, self->cancellable, batch_pack_loaded,
                                   view_ref_new (self));
}

void
cd_list_view_start_batch (CdListView *self)
{
  g_return_if_fail (CD_IS_LIST_VIEW (self));

  if (busy (self))
    return;
  g_clear_pointer (&self->last_error, g_free);
  self->batch_starting = TRUE;
  update_actions (self);
  cd_context_load_trust_store_async (self->context, self->cancellable, batch_trust_loaded,
                                     view_ref_new (self));
}

void
cd_list_view_cancel_batch (CdListView *self)
{
  g_return_if_fail (CD_IS_LIST_VIEW (self));

  if (self->batch_cancellable != NULL)
    g_cancellable_cancel (self->batch_cancellable);
}

static void
start_batch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  cd_list_view_start_batch (CD_LIST_VIEW (widget));
}

static void
cancel_batch_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  cd_list_view_cancel_batch (CD_LIST_VIEW (widget));
}

/* ---- triage --------------------------------------------------------------------------------- */

typedef struct
{
  GWeakRef            view;
  CdListTriageAction  action;
  gboolean            bulk;
  guint               number;    /* the row's number in the list, for the summary */
} TriageJob;

static void
triage_job_free (TriageJob *job)
{
  g_weak_ref_clear (&job->view);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TriageJob, triage_job_free)

static void
triage_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(TriageJob) job = user_data;
  g_autoptr(CdListView) self = view_ref_get (&job->view);
  g_autoptr(GError) error = NULL;
  guint done = 0, refused = 0;
  g_autofree char *message = NULL;

  cd_list_triage_act_finish (result, &done, &refused, &error);
  if (self == NULL)
    return;
  self->acting--;
  if (error != NULL)
    {
      /* TRANSLATORS: %s says why the row was not decided. */
      message = g_strdup_printf (_("Not done: %s"), error->message);
      say (self, message, TRUE);
    }
  else if (job->bulk)
    {
      g_autofree char *accepted = g_strdup_printf (ngettext ("%u ready row accepted",
                                                             "%u ready rows accepted", done),
                                                   done);

      message = refused == 0 ? g_steal_pointer (&accepted)
                /* TRANSLATORS: "5 ready rows accepted, 1 refused by the workflow". */
                : g_strdup_printf (ngettext ("%s, %u refused by the workflow",
                                             "%s, %u refused by the workflow", refused),
                                   accepted, refused);
      say (self, message, refused > 0);
    }
  else
    {
      message = g_strdup_printf (job->action == CD_LIST_TRIAGE_ACCEPT ? _("Row %u accepted")
                                 : job->action == CD_LIST_TRIAGE_REFUSE ? _("Row %u refused")
                                 : _("Row %u returned to the employer"), job->number);
      say (self, message, FALSE);
      /* On to the next row: triage goes down the list. */
      if (self->keep_position + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->store)))
        gtk_single_selection_set_selected (self->selection, self->keep_position + 1);
    }
  cd_list_view_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
act (CdListView         *self,
     CdListTriageAction  action,
     gboolean            bulk,
     const char         *reason)
{
  const CdStoredListRow *row = selected_row (self);
  CdDatabase *db = cd_context_get_database (self->context);
  g_autoptr(GArray) positions = NULL;
  g_autoptr(GError) error = NULL;
  TriageJob *job;

  if (busy (self) || db == NULL || session (self) == NULL || (!bulk && row == NULL))
    return;
  /* Here, at once: a session idle too long locks now, and the view says so. */
  if (!cd_session_begin_action (session (self), &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->last_error, g_free);
  job = g_new0 (TriageJob, 1);
  g_weak_ref_init (&job->view, self);
  job->action = action;
  job->bulk = bulk;
  if (!bulk)
    {
      guint position = row->position;

      job->number = row->number;
      positions = g_array_new (FALSE, FALSE, sizeof (guint));
      g_array_append_val (positions, position);
      self->keep_position = gtk_single_selection_get_selected (self->selection);
    }
  self->acting++;
  update_actions (self);
  cd_list_triage_act_async (db, session (self), self->list_id, bulk ? 1 : row->part, positions,
                            action, reason, self->cancellable, triage_done, job);
}

static void
accept_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  act (CD_LIST_VIEW (widget), CD_LIST_TRIAGE_ACCEPT, FALSE, NULL);
}

static void
accept_ready_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  act (CD_LIST_VIEW (widget), CD_LIST_TRIAGE_ACCEPT, TRUE, NULL);
}

void
cd_list_view_decide_selected (CdListView *self,
                              gboolean    refuse,
                              const char *reason)
{
  g_return_if_fail (CD_IS_LIST_VIEW (self));

  act (self, refuse ? CD_LIST_TRIAGE_REFUSE : CD_LIST_TRIAGE_RETURN, FALSE, reason);
}

/* The article an officer most often cites refusing this benefit: the conditions of its regime in
 * the Law on Social Insurance 41/2024. The officer completes the sentence. */
static const char *
article_hint (const CdStoredListRow *row)
{
  CdBenefit benefit;

  if (row->benefit == NULL || !cd_benefit_from_string (row->benefit, &benefit))
    return "42";
  if (benefit == CD_BENEFIT_SICKNESS || benefit == CD_BENEFIT_CHILD_SICKNESS)
    return "42";
  if (benefit == CD_BENEFIT_RECOVERY_AFTER_SICKNESS)
    return "46";
  if (benefit == CD_BENEFIT_RECOVERY_AFTER_MATERNITY)
    return "60";
  /* Every maternity benefit: its conditions (Art 50). */
  return "50";
}

static void
on_reason_changed (AdwMessageDialog *dialog,
                   GtkEditable      *entry)
{
  const char *hint = g_object_get_data (G_OBJECT (dialog), "cd-hint");
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *bare_hint = g_strstrip (g_strdup (hint));

  /* The hint alone is not a reason: the officer writes why. */
  adw_message_dialog_set_response_enabled (dialog, "decide",
                                           text[0] != '\0' && !g_str_equal (text, bare_hint));
}

static void
on_reason_response (CdListView       *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  gboolean refuse = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "cd-refuse"));

  if (g_str_equal (response, "decide") && reason[0] != '\0')
    cd_list_view_decide_selected (self, refuse, reason);
}

static void
ask_reason (CdListView *self,
            gboolean    refuse)
{
  const CdStoredListRow *row = selected_row (self);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *heading = NULL;
  g_autofree char *hint = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (row == NULL)
    return;
  heading = g_strdup_printf (refuse ? _("Refuse Row %u?") : _("Return Row %u to the Employer?"),
                             row->number);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   refuse ? _("The reason is printed on the decision list. Cite "
                                              "the article the claim fails.")
                                          : _("The employer sees this reason and corrects the "
                                              "row. A reason is required."));
  entry = gtk_entry_new ();
  if (refuse)
    {
      /* TRANSLATORS: the start of a refusal's reason; %s is the article's number. */
      hint = g_strdup_printf (_("Not eligible under Article %s of the Law on Social Insurance "
                                "2024: "), article_hint (row));
      gtk_editable_set_text (GTK_EDITABLE (entry), hint);
    }
  else
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What the employer must correct"));
  g_object_set_data_full (G_OBJECT (dialog), "cd-hint", g_strdup (hint != NULL ? hint : ""),
                          g_free);
  g_object_set_data (G_OBJECT (dialog), "cd-refuse", GINT_TO_POINTER (refuse));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "decide", refuse ? _("_Refuse") : _("_Return"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "decide",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "decide");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "decide", FALSE);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_reason_changed), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reason_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
  /* At the end of the hint, where the officer goes on writing. */
  gtk_editable_set_position (GTK_EDITABLE (entry), -1);
}

static void
refuse_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (CD_LIST_VIEW (widget), TRUE);
}

static void
return_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (CD_LIST_VIEW (widget), FALSE);
}

static void
open_claim_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  const CdStoredListRow *row = selected_row (CD_LIST_VIEW (widget));

  /* As the claim list does: the window shows it. */
  if (row != NULL && row->claim_number != NULL)
    gtk_widget_activate_action (widget, "win.open-claim", "s", row->claim_number);
}

static void
on_row_activated (CdListView *self,
                  guint       position)
{
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self), "list.open-claim", NULL);
}

/* ---- approval ------------------------------------------------------------------------------- */

static void
approval_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdListView) self = view_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cd_approval_run_finish (CD_APPROVAL_RUN (source), result,
                                                         &error);
  guint counts[CD_APPROVAL_OUTCOME_NOT_RUN + 1] = { 0 };
  g_autoptr(GString) text = NULL;
  g_autofree char *summary = NULL;

  /* Abandoned: the view is gone. */
  if (self == NULL)
    return;
  g_clear_object (&self->run);
  if (results == NULL)
    {
      say (self, error->message, TRUE);
      update_actions (self);
      return;
    }
  for (guint i = 0; i < results->len; i++)
    counts[((CdApprovalResult *) results->pdata[i])->outcome]++;
  /* TRANSLATORS: the outcome of approving a list: "5 approved, 1 needs a second approval,
   * 2 not done". */
  summary = g_strdup_printf (_("%u approved, %u need a second approval, %u not done"),
                             counts[CD_APPROVAL_OUTCOME_APPROVED],
                             counts[CD_APPROVAL_OUTCOME_NEEDS_SECOND],
                             counts[CD_APPROVAL_OUTCOME_REFUSED]
                             + counts[CD_APPROVAL_OUTCOME_NOT_RUN]);
  text = g_string_new (summary);
  /* Why each was not done, in the workflow's words: a supervisor's own proposal among them. */
  for (guint i = 0; i < results->len; i++)
    {
      CdApprovalResult *r = results->pdata[i];

      if (r->outcome == CD_APPROVAL_OUTCOME_REFUSED)
        g_string_append_printf (text, "\n%s: %s", r->claim_number, r->message);
    }
  g_free (self->approval_text);
  self->approval_text = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_label_set_text (self->approval_label, self->approval_text);
  gtk_revealer_set_reveal_child (self->approval_revealer, TRUE);
  if (counts[CD_APPROVAL_OUTCOME_REFUSED] > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->approval_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->approval_label), "error");
  say (self, summary, counts[CD_APPROVAL_OUTCOME_REFUSED] > 0);
  cd_list_view_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
on_approval_progress (CdListView    *self,
                      guint          done,
                      guint          total,
                      CdApprovalRun *run)
{
  set_progress (self, done, total, 0);
}

static void
proposed_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CdListView) self = view_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) numbers = cd_list_jobs_dup_proposed_finish (result, &error);
  CdDatabase *db;

  if (self == NULL)
    return;
  db = cd_context_get_database (self->context);
  self->acting--;
  if (numbers == NULL || db == NULL || session (self) == NULL)
    {
      if (error != NULL)
        say (self, error->message, TRUE);
      update_actions (self);
      return;
    }
  if (numbers[0] == NULL)
    {
      say (self, _("No claim of this list waits for approval"), FALSE);
      update_actions (self);
      return;
    }
  self->run = cd_approval_run_new (db, session (self), CD_APPROVAL_ACTION_APPROVE,
                                   (const char * const *) numbers, NULL);
  g_signal_connect_object (self->run, "progress", G_CALLBACK (on_approval_progress), self,
                           G_CONNECT_SWAPPED);
  set_progress (self, 0, cd_approval_run_get_total (self->run), 0);
  update_actions (self);
  cd_approval_run_start (self->run, self->cancellable, approval_done, view_ref_new (self));
}

void
cd_list_view_approve_list (CdListView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CD_IS_LIST_VIEW (self));

  if (busy (self) || !can_approve (self))
    return;
  if (!cd_session_begin_action (session (self), &error))
    {
      say (self, error->message, TRUE);
      return;
    }
  g_clear_pointer (&self->last_error, g_free);
  gtk_revealer_set_reveal_child (self->approval_revealer, FALSE);
  self->acting++;
  update_actions (self);
  cd_list_jobs_dup_proposed_async (self->context, self->list_id, self->cancellable, proposed_read,
                                   view_ref_new (self));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  cd_list_view_approve_list (CD_LIST_VIEW (widget));
}

/* ---- export --------------------------------------------------------------------------------- */

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CdListView) self = view_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *path = NULL;
  gboolean ok = cd_decision_list_export_finish (result, &error);

  if (self == NULL)
    return;
  self->acting--;
  path = g_steal_pointer (&self->export_path);
  if (ok)
    {
      g_free (self->exported_path);
      self->exported_path = g_strdup (path);
      /* TRANSLATORS: %s is the file the decision list was written to. */
      message = g_strdup_printf (_("Decision list saved to %s"), path);
    }
  else
    /* TRANSLATORS: %s says why the decision list was not written. */
    message = g_strdup_printf (_("The decision list was not saved: %s"), error->message);
  say (self, message, !ok);
  update_actions (self);
}

/* The list's data read (evidence), the file is written (letters), both off the main loop. */
static void
export_data_read (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CdListView) self = view_ref_take (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = cd_list_decision_data_finish (result, &error);
  g_autofree char *message = NULL;

  if (self == NULL)
    return;
  if (data == NULL)
    {
      self->acting--;
      g_clear_pointer (&self->export_path, g_free);
      message = g_strdup_printf (_("The decision list was not saved: %s"), error->message);
      say (self, message, TRUE);
      update_actions (self);
      return;
    }
  cd_decision_list_export_async (data, self->export_format, self->export_path, self->cancellable,
                                 export_done, view_ref_new (self));
}

void
cd_list_view_export (CdListView           *self,
                     CdDecisionListFormat  format,
                     const char           *path)
{
  char today[11];

  g_return_if_fail (CD_IS_LIST_VIEW (self));
  g_return_if_fail (path != NULL);

  if (busy (self) || cd_context_get_db_path (self->context) == NULL)
    return;
  g_clear_pointer (&self->last_error, g_free);
  cd_date_format (cd_clock_get_today (cd_context_get_clock (self->context)), today);
  self->acting++;
  update_actions (self);
  g_free (self->export_path);
  self->export_path = g_strdup (path);
  self->export_format = format;
  /* A decision list is an official document in the office's language; the deadline it prints
   * comes from the rules, when they are loaded. */
  cd_list_decision_data_async (cd_context_get_db_path (self->context), self->list_id,
                               cd_context_get_rule_pack (self->context), "vi", today,
                               self->cancellable, export_data_read, view_ref_new (self));
}

static void
on_export_chooser_response (GtkNativeDialog *chooser,
                            int              response,
                            CdListView      *self)
{
  CdDecisionListFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser),
                                                                  "cd-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        cd_list_view_export (self, format, path);
    }
  g_object_unref (chooser);
}

static void
choose_export (CdListView           *self,
               CdDecisionListFormat  format)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *name = g_strdup_printf ("DS-%" G_GINT64_FORMAT ".%s", self->list_id,
                                           format == CD_DECISION_LIST_PDF ? "pdf" : "csv");
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save the Decision List"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (format == CD_DECISION_LIST_PDF)
    {
      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
    }
  else
    {
      gtk_file_filter_set_name (filter, _("CSV spreadsheets"));
      gtk_file_filter_add_mime_type (filter, "text/csv");
    }
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (documents != NULL)
    {
      g_autoptr(GFile) folder = g_file_new_for_path (documents);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  g_object_set_data (G_OBJECT (chooser), "cd-format", GINT_TO_POINTER (format));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_export_chooser_response), self,
                           0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose_export (CD_LIST_VIEW (widget), CD_DECISION_LIST_PDF);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  choose_export (CD_LIST_VIEW (widget), CD_DECISION_LIST_CSV);
}

/* ---- state ---------------------------------------------------------------------------------- */

gint64
cd_list_view_get_list_id (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), 0);
  return self->list_id;
}

gboolean
cd_list_view_get_loading (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), FALSE);
  return self->loading;
}

gboolean
cd_list_view_get_busy (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), FALSE);
  return busy (self);
}

gboolean
cd_list_view_get_batch_running (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), FALSE);
  return self->batch_running || self->batch_starting;
}

const char *
cd_list_view_get_progress_text (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->progress_text;
}

const char *
cd_list_view_get_approval_text (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->approval_text;
}

const char *
cd_list_view_get_exported_path (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->exported_path;
}

const char *
cd_list_view_get_last_error (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->last_error;
}

GtkSingleSelection *
cd_list_view_get_selection (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->selection;
}

guint
cd_list_view_get_n_rows (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->store));
}

char *
cd_list_view_dup_cell_text (CdListView       *self,
                            guint             position,
                            CdListViewColumn  column)
{
  const CdStoredListRow *row;

  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  g_return_val_if_fail (column < CD_LIST_VIEW_N_COLUMNS, NULL);

  row = row_at (self, position);
  return row != NULL ? format_cell (row, column) : NULL;
}

const char *
cd_list_view_get_findings_text (CdListView *self)
{
  g_return_val_if_fail (CD_IS_LIST_VIEW (self), NULL);
  return self->findings_text;
}

/* ---- GObject -------------------------------------------------------------------------------- */

GtkWidget *
cd_list_view_new (CdContext  *context,
                  gint64      list_id,
                  const char *title)
{
  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_LIST_VIEW, "context", context, "list-id", list_id, "title", title,
                       NULL);
}

static void
cd_list_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CdListView *self = CD_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;

    case PROP_LIST_ID:
      g_value_set_int64 (value, self->list_id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_list_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CdListView *self = CD_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;

    case PROP_LIST_ID:
      self->list_id = g_value_get_int64 (value);
      break;

    case PROP_TITLE:
      self->title = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Focus goes to the rows, where the triage keys work. */
static gboolean
cd_list_view_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (CD_LIST_VIEW (widget)->column_view));
}

/* Another user, or the writer opened or closed: what may be done now changes. */
static void
on_backend_changed (CdListView *self)
{
  update_actions (self);
}

static void
cd_list_view_constructed (GObject *object)
{
  CdListView *self = CD_LIST_VIEW (object);

  G_OBJECT_CLASS (cd_list_view_parent_class)->constructed (object);

  gtk_label_set_text (self->title_label, self->title != NULL ? self->title : "");
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
  cd_list_view_reload (self);
}

/* Work under way stops with the view: loads are cancelled at once; the batch stops after the rows
 * in flight (the rows it worked stay worked); a triage or approval job finishes what it started.
 * The jobs hold the view weakly (view_ref_new), so it goes as soon as its window lets it go. */
static void
cd_list_view_dispose (GObject *object)
{
  CdListView *self = CD_LIST_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->batch_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->reload_timeout, g_source_remove);
  g_clear_object (&self->run);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_LIST_VIEW);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_list_view_parent_class)->dispose (object);
}

static void
cd_list_view_finalize (GObject *object)
{
  CdListView *self = CD_LIST_VIEW (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->batch_cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->title);
  g_free (self->progress_text);
  g_free (self->approval_text);
  g_free (self->export_path);
  g_free (self->exported_path);
  g_free (self->last_error);
  g_free (self->findings_text);
  G_OBJECT_CLASS (cd_list_view_parent_class)->finalize (object);
}

static void
cd_list_view_class_init (CdListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_list_view_get_property;
  object_class->set_property = cd_list_view_set_property;
  object_class->constructed = cd_list_view_constructed;
  object_class->dispose = cd_list_view_dispose;
  object_class->finalize = cd_list_view_finalize;
  widget_class->grab_focus = cd_list_view_grab_focus;

  /* Where the rows are read and decided, by whom: the view follows the context. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LIST_ID] =
    g_param_spec_int64 ("list-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Rows or claims changed: the window refreshes its counts. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A reload of the rows finished (or failed). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A short summary for a toast. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CdListView, approval_label);
  gtk_widget_class_bind_template_child (widget_class, CdListView, approval_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdListView, column_view);
  gtk_widget_class_bind_template_child (widget_class, CdListView, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdListView, findings_label);
  gtk_widget_class_bind_template_child (widget_class, CdListView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CdListView, start_button);
  gtk_widget_class_bind_template_child (widget_class, CdListView, stack);
  gtk_widget_class_bind_template_child (widget_class, CdListView, title_label);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "list.start-batch", NULL, start_batch_action);
  gtk_widget_class_install_action (widget_class, "list.cancel-batch", NULL, cancel_batch_action);
  gtk_widget_class_install_action (widget_class, "list.accept", NULL, accept_action);
  gtk_widget_class_install_action (widget_class, "list.accept-ready", NULL, accept_ready_action);
  gtk_widget_class_install_action (widget_class, "list.refuse", NULL, refuse_action);
  gtk_widget_class_install_action (widget_class, "list.return", NULL, return_action);
  gtk_widget_class_install_action (widget_class, "list.open-claim", NULL, open_claim_action);
  gtk_widget_class_install_action (widget_class, "list.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "list.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "list.export-csv", NULL, export_csv_action);

  /* Triage by keyboard: one key per decision on the selected row. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "list.accept", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK, "list.accept-ready",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, 0, "list.refuse", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, 0, "list.return", NULL);
}

static void
cd_list_view_init (CdListView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  for (int i = 0; i < CD_LIST_VIEW_N_COLUMNS; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

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
