/* cd-approval-page.c — the supervisor's approval queue with bulk approve and bulk return. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-access.h"
#include "cd-approval-page.h"
#include "cd-approval.h"
#include "cd-format.h"
#include "cd-list-box.h"
#include "cd-resources.h"
#include "cd-table-cell.h"
#include "cd-table-export.h"
#include "cd-workflow.h"

struct _CdApprovalPage
{
  AdwBin              parent_instance;

  CdContext          *context;
  GListStore         *store;       /* GtkStringObject (claim number) + "cd-item" data */
  GtkMultiSelection  *selection;
  GCancellable       *cancellable;       /* runs; cancelled in dispose */
  GCancellable       *load_cancellable;  /* the load under way */
  CdApprovalRun      *run;               /* the bulk run under way, or NULL */
  gboolean            loading;
  char               *progress_text;
  guint               n_failures;

  /* Template widgets */
  GtkColumnView      *column_view;
  AdwStatusPage      *error_page;
  GtkRevealer        *failures_revealer;
  GtkListBox         *failures_list;
  GtkBox             *progress_box;
  GtkProgressBar     *progress_bar;
  GtkLabel           *read_only_label;
  GtkStack           *stack;
};

G_DEFINE_FINAL_TYPE (CdApprovalPage, cd_approval_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  SIGNAL_LOADED,
  SIGNAL_PROGRESS,
  SIGNAL_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum
{
  COLUMN_NUMBER,
  COLUMN_CLAIMANT,
  COLUMN_BENEFIT,
  COLUMN_AMOUNT,
  COLUMN_PROPOSER,
  COLUMN_AGE,
  COLUMN_EVIDENCE,
  COLUMN_REVIEW,
  N_COLUMNS
} Column;

typedef struct
{
  const char *title;   /* N_() */
  gboolean    numeric;
  gboolean    expand;
  int         width;
} ColumnInfo;

static const ColumnInfo columns[N_COLUMNS] = {
  [COLUMN_NUMBER] = { N_("Number"), FALSE, FALSE, 140 },
  [COLUMN_CLAIMANT] = { N_("Claimant"), FALSE, TRUE, -1 },
  [COLUMN_BENEFIT] = { N_("Benefit"), FALSE, FALSE, 130 },
  [COLUMN_AMOUNT] = { N_("Amount"), TRUE, FALSE, 120 },
  [COLUMN_PROPOSER] = { N_("Proposed By"), FALSE, FALSE, 150 },
  [COLUMN_AGE] = { N_("Age (days)"), TRUE, FALSE, 80 },
  [COLUMN_EVIDENCE] = { N_("Evidence"), FALSE, FALSE, 180 },
  [COLUMN_REVIEW] = { N_("Review"), FALSE, FALSE, 170 },
};

static CdSession *
session (CdApprovalPage *self)
{
  return cd_context_get_session (self->context);
}

static gboolean
can_decide (CdApprovalPage *self)
{
  return session (self) != NULL
         && cd_workflow_can (CD_CLAIM_STATUS_PROPOSED, CD_WORKFLOW_ACTION_APPROVE,
                             cd_session_get_role (session (self)));
}

/* The one place the actions' enabled state is set. Deciding writes, so it waits for the
 * context's writer as well. */
static void
update_actions (CdApprovalPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (
      GTK_SELECTION_MODEL (self->selection));
  gboolean any = !gtk_bitset_is_empty (selected);
  gboolean idle = self->run == NULL && !self->loading;
  gboolean decide = idle && any && can_decide (self)
                    && cd_context_get_database (self->context) != NULL;

  gtk_widget_action_set_enabled (widget, "approval.approve-selected", decide);
  gtk_widget_action_set_enabled (widget, "approval.return-selected", decide);
  gtk_widget_action_set_enabled (widget, "approval.select-all",
                                 g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0);
  gtk_widget_action_set_enabled (widget, "approval.cancel", self->run != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), !can_decide (self));
}

/* ---- cells -----------------------------------------------------------------------------------*/

/* A proposal drawn for review (cd-review.h), for those who may see it (an officer may not: they
 * could steer round the sample). */
static gboolean
shows_review (CdApprovalPage       *self,
              const CdApprovalItem *item)
{
  return item->review_sampled && cd_access_allows (session (self), CD_ACCESS_REVIEW_RISK);
}

static char *
review_text (const CdApprovalItem *item)
{
  /* A bulk approval refuses it until this supervisor has opened the claim. */
  return g_strdup (item->review_opened ? _("Needs review, opened") : _("Needs review"));
}

static char *
format_cell (const CdApprovalItem *item,
             Column                column,
             CdDay                 today)
{
  switch (column)
    {
    case COLUMN_NUMBER:
      return g_strdup (item->claim_number);
    case COLUMN_CLAIMANT:
      return g_strdup (item->claimant);
    case COLUMN_BENEFIT:
      return g_strdup (cd_benefit_get_label (item->benefit));
    case COLUMN_AMOUNT:
      return cd_format_money_vnd (item->amount);
    case COLUMN_PROPOSER:
      return g_strdup (item->proposer_name != NULL ? item->proposer_name : item->proposer);
    case COLUMN_AGE:
      {
        /* Days waiting, counted in the office's days as the claim list counts a claim's age. */
        g_autoptr(GDateTime) proposed = item->proposed_at != NULL
                                        ? g_date_time_new_from_iso8601 (item->proposed_at, NULL)
                                        : NULL;
        g_autoptr(GDateTime) local = proposed != NULL ? g_date_time_to_local (proposed) : NULL;

        if (local == NULL)
          return g_strdup ("");
        return cd_format_integer_vi (MAX (0, today - cd_date_from_date_time (local)));
      }
    case COLUMN_EVIDENCE:
      /* Before anyone approves: the decision rests on paper deferred verification has not
       * confirmed (cd-paper-rule.h). */
      if (item->n_paper_mismatch > 0)
        return g_strdup (_("Paper does not match"));
      if (item->n_paper_unverified > 0)
        return g_strdup (_("Paper, not yet verified"));
      return g_strdup ("");
    case COLUMN_REVIEW:
      return item->review_sampled ? review_text (item) : g_strdup ("");
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_cell (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = cd_table_cell_new (columns[column].numeric, 4, 12);

  if (column == COLUMN_REVIEW)
    {
      /* An icon as well as words: the mark must stand out in a long queue. */
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, "",
                                      -1);
      gtk_widget_set_margin_start (icon, 6);
      gtk_widget_add_css_class (icon, "warning");
      gtk_box_append (GTK_BOX (box), icon);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), label);
      g_object_set_data (G_OBJECT (box), "cd-icon", icon);
      g_object_set_data (G_OBJECT (box), "cd-label", label);
      gtk_list_item_set_child (item, box);
      return;
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_review_cell (CdApprovalPage       *self,
                  GtkWidget            *box,
                  const CdApprovalItem *data)
{
  GtkWidget *icon = g_object_get_data (G_OBJECT (box), "cd-icon");
  GtkWidget *label = g_object_get_data (G_OBJECT (box), "cd-label");
  gboolean shown = shows_review (self, data);
  g_autofree char *text = shown ? review_text (data) : NULL;

  gtk_widget_set_visible (icon, shown);
  gtk_image_set_from_icon_name (GTK_IMAGE (icon), data->review_opened ? "object-select-symbolic"
                                                                      : "dialog-warning-symbolic");
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  /* Why it was drawn and the score's parts, for the eye and for a screen reader. */
  gtk_widget_set_tooltip_text (box, shown ? data->review_reasons : NULL);
  if (shown)
    gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, data->review_reasons, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static void
bind_cell (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const CdApprovalItem *data = g_object_get_data (gtk_list_item_get_item (item), "cd-item");
  /* The page owns its factories: the pointer lives as long as they do. */
  CdApprovalPage *self = g_object_get_data (G_OBJECT (factory), "cd-page");
  CdDay today = cd_clock_get_today (cd_context_get_clock (self->context));
  g_autofree char *text = NULL;
  gboolean paper = GPOINTER_TO_INT (user_data) == COLUMN_EVIDENCE && data->paper_rule != NULL;

  if (GPOINTER_TO_INT (user_data) == COLUMN_REVIEW)
    {
      bind_review_cell (self, label, data);
      return;
    }
  text = format_cell (data, GPOINTER_TO_INT (user_data), today);

  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  /* The office rule that applies to approving it, where the flag is. */
  gtk_widget_set_tooltip_text (label, paper ? data->paper_rule : NULL);
  if (paper)
    gtk_widget_add_css_class (label, data->n_paper_mismatch > 0 ? "error" : "warning");
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "warning");
    }
}

char *
cd_approval_page_dup_evidence_text (CdApprovalPage *self,
                                    guint           position,
                                    char          **rule)
{
  g_autoptr(GObject) object = NULL;
  const CdApprovalItem *item;

  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), NULL);

  object = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (object == NULL)
    return NULL;
  item = g_object_get_data (object, "cd-item");
  if (rule != NULL)
    *rule = g_strdup (item->paper_rule);
  return format_cell (item, COLUMN_EVIDENCE, 0);
}

char *
cd_approval_page_dup_review_text (CdApprovalPage  *self,
                                  guint            position,
                                  char           **reasons)
{
  g_autoptr(GObject) object = NULL;
  const CdApprovalItem *item;
  gboolean shown;

  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), NULL);

  object = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (object == NULL)
    return NULL;
  item = g_object_get_data (object, "cd-item");
  shown = shows_review (self, item);
  if (reasons != NULL)
    *reasons = shown ? g_strdup (item->review_reasons) : NULL;
  return shown ? review_text (item) : g_strdup ("");
}

/* ---- export and print ----------------------------------------------------------------------*/

/* The queue as it shows: every column, every row. */
static CdCsvTable *
queue_table (CdApprovalPage *self)
{
  CdDay today = cd_clock_get_today (cd_context_get_clock (self->context));
  const char *titles[N_COLUMNS + 1] = { NULL };
  CdCsvTable *table;

  for (int c = 0; c < N_COLUMNS; c++)
    titles[c] = _(columns[c].title);
  table = cd_csv_table_new (_("Waiting for My Approval"), titles);
  for (guint r = 0; r < g_list_model_get_n_items (G_LIST_MODEL (self->store)); r++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->store), r);
      const CdApprovalItem *item = g_object_get_data (object, "cd-item");
      GStrv cells = g_new0 (char *, N_COLUMNS + 1);

      for (int c = 0; c < N_COLUMNS; c++)
        cells[c] = format_cell (item, c, today);
      cd_csv_table_take_row (table, cells);
    }
  return table;
}

/* table.export-csv / table.print (a path, or "" to ask). */
static void
table_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (widget);

  cd_table_export_run_action (widget, self->context, "approval.waiting", queue_table (self),
                              action_name, parameter, self->cancellable);
}

/* ---- loading ---------------------------------------------------------------------------------*/

static void
set_loading (CdApprovalPage *self,
             gboolean        loading)
{
  self->loading = loading;
  update_actions (self);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdApprovalPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = cd_approval_list_waiting_finish (result, &error);
  g_autoptr(GPtrArray) objects = NULL;

  /* A newer load, or the page gone: nothing of this one is shown. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_loading (self, FALSE);
  if (items == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }

  objects = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < items->len; i++)
    {
      CdApprovalItem *item = items->pdata[i];
      GtkStringObject *object = gtk_string_object_new (item->claim_number);

      items->pdata[i] = NULL;
      g_object_set_data_full (G_OBJECT (object), "cd-item", item,
                              (GDestroyNotify) cd_approval_item_free);
      g_ptr_array_add (objects, object);
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       objects->pdata, objects->len);
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  gtk_stack_set_visible_child_name (self->stack, objects->len > 0 ? "list" : "empty");
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
cd_approval_page_reload (CdApprovalPage *self)
{
  const char *db_path;
  CdSession *who;

  g_return_if_fail (CD_IS_APPROVAL_PAGE (self));

  db_path = cd_context_get_db_path (self->context);
  if (db_path == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();

  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  set_loading (self, TRUE);
  who = session (self);
  cd_approval_list_waiting_async (db_path, who != NULL ? cd_session_get_user_id (who) : 0,
                                  self->load_cancellable, load_done, self);
}

/* Another store, another user or nobody: the old rows must not stay on show meanwhile. */
static void
on_backend_changed (CdApprovalPage *self)
{
  g_list_store_remove_all (self->store);
  update_actions (self);
  cd_approval_page_reload (self);
}

/* ---- bulk runs -------------------------------------------------------------------------------*/

static GStrv
selected_numbers (CdApprovalPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (
      GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GtkStringObject) object = g_list_model_get_item (G_LIST_MODEL (self->store),
                                                                 position);

      if (object != NULL)
        g_strv_builder_add (builder, gtk_string_object_get_string (object));
    }
  return g_strv_builder_end (builder);
}

static void
set_progress (CdApprovalPage *self,
              guint           done,
              guint           total)
{
  g_free (self->progress_text);
  /* TRANSLATORS: progress of a bulk approval, "2 of 5". */
  self->progress_text = g_strdup_printf (_("%u of %u"), done, total);
  gtk_progress_bar_set_text (self->progress_bar, self->progress_text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
}

static void
on_run_progress (CdApprovalPage *self,
                 guint           done,
                 guint           total,
                 CdApprovalRun  *run)
{
  set_progress (self, done, total);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, done, total);
}

static void
clear_failures (CdApprovalPage *self)
{

  cd_list_box_remove_all (self->failures_list);
  self->n_failures = 0;
  gtk_revealer_set_reveal_child (self->failures_revealer, FALSE);
}

static void
append_part (GString    *summary,
             const char *part)
{
  if (summary->len > 0)
    g_string_append (summary, _(", "));
  g_string_append (summary, part);
}

static char *
summarize (GPtrArray *results)
{
  guint counts[CD_APPROVAL_OUTCOME_NOT_RUN + 1] = { 0 };
  GString *summary = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    counts[((CdApprovalResult *) results->pdata[i])->outcome]++;

  if (counts[CD_APPROVAL_OUTCOME_APPROVED] > 0)
    {
      g_autofree char *part = g_strdup_printf (
          ngettext ("%u decision approved", "%u decisions approved",
                    counts[CD_APPROVAL_OUTCOME_APPROVED]),
          counts[CD_APPROVAL_OUTCOME_APPROVED]);
      append_part (summary, part);
    }
  if (counts[CD_APPROVAL_OUTCOME_NEEDS_SECOND] > 0)
    {
      g_autofree char *part = g_strdup_printf (
          ngettext ("%u waits for a second supervisor", "%u wait for a second supervisor",
                    counts[CD_APPROVAL_OUTCOME_NEEDS_SECOND]),
          counts[CD_APPROVAL_OUTCOME_NEEDS_SECOND]);
      append_part (summary, part);
    }
  if (counts[CD_APPROVAL_OUTCOME_RETURNED] > 0)
    {
      g_autofree char *part = g_strdup_printf (
          ngettext ("%u decision returned", "%u decisions returned",
                    counts[CD_APPROVAL_OUTCOME_RETURNED]),
          counts[CD_APPROVAL_OUTCOME_RETURNED]);
      append_part (summary, part);
    }
  if (counts[CD_APPROVAL_OUTCOME_REFUSED] > 0)
    {
      g_autofree char *part = g_strdup_printf (
          ngettext ("%u not done", "%u not done", counts[CD_APPROVAL_OUTCOME_REFUSED]),
          counts[CD_APPROVAL_OUTCOME_REFUSED]);
      append_part (summary, part);
    }
  if (counts[CD_APPROVAL_OUTCOME_NOT_RUN] > 0)
    {
      g_autofree char *part = g_strdup_printf (
          ngettext ("%u left as it was (cancelled)", "%u left as they were (cancelled)",
                    counts[CD_APPROVAL_OUTCOME_NOT_RUN]),
          counts[CD_APPROVAL_OUTCOME_NOT_RUN]);
      append_part (summary, part);
    }
  return g_string_free (summary, FALSE);
}

static void
run_done (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdApprovalPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = cd_approval_run_finish (CD_APPROVAL_RUN (source), result,
                                                         &error);
  g_autofree char *summary = NULL;

  /* Abandoned: the page is gone (a Cancel only stops the run, which then says what it did). */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->run);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), FALSE);

  if (results == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      update_actions (self);
      return;
    }

  for (guint i = 0; i < results->len; i++)
    {
      CdApprovalResult *r = results->pdata[i];
      GtkWidget *row;

      if (r->outcome != CD_APPROVAL_OUTCOME_REFUSED)
        continue;
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), r->claim_number);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), r->message);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->failures_list, row);
      self->n_failures++;
    }
  gtk_revealer_set_reveal_child (self->failures_revealer, self->n_failures > 0);

  summary = summarize (results);
  if (summary[0] != '\0')
    g_signal_emit (self, signals[SIGNAL_TOAST], 0, summary);
  update_actions (self);
  cd_approval_page_reload (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
start_run (CdApprovalPage   *self,
           CdApprovalAction  action,
           const char       *comment,
           GStrv             numbers)
{
  CdDatabase *db = cd_context_get_database (self->context);
  g_autoptr(GError) error = NULL;

  if (numbers == NULL || numbers[0] == NULL || self->run != NULL || !can_decide (self)
      || db == NULL)
    return;
  /* Here, at once: a session that has been idle too long locks (and notifies) now, and the page
   * says so before anything starts; otherwise the activity is recorded. */
  if (!cd_session_begin_action (session (self), &error))
    {
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      return;
    }

  self->run = cd_approval_run_new (db, session (self), action, (const char * const *) numbers,
                                   comment);
  g_signal_connect_object (self->run, "progress", G_CALLBACK (on_run_progress), self,
                           G_CONNECT_SWAPPED);
  clear_failures (self);
  set_progress (self, 0, cd_approval_run_get_total (self->run));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_box), TRUE);
  update_actions (self);
  cd_approval_run_start (self->run, self->cancellable, run_done, self);
}

/* The office rules on paper that apply to the selected decisions, one line each; NULL when none
 * of them rests on paper. */
static char *
selected_paper_rules (CdApprovalPage *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (
      GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GString) text = g_string_new (NULL);
  GtkBitsetIter iter;
  guint position;

  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GObject) object = g_list_model_get_item (G_LIST_MODEL (self->store), position);
      const CdApprovalItem *item = object != NULL ? g_object_get_data (object, "cd-item") : NULL;

      if (item == NULL || item->paper_rule == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s: %s", item->claim_number, item->paper_rule);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

static void
on_approve_response (CdApprovalPage   *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_str_equal (response, "approve"))
    start_run (self, CD_APPROVAL_ACTION_APPROVE, NULL,
               g_object_get_data (G_OBJECT (dialog), "cd-numbers"));
}

static void
approve_selected_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (widget);
  g_auto(GStrv) numbers = selected_numbers (self);
  g_autofree char *rules = selected_paper_rules (self);
  GtkRoot *root;
  GtkWidget *dialog;

  if (rules == NULL)
    {
      start_run (self, CD_APPROVAL_ACTION_APPROVE, NULL, numbers);
      return;
    }
  /* Some rest on paper not yet verified: the rule that applies is said before anything is done
   * (core enforces it either way). */
  root = gtk_widget_get_root (widget);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Approve Decisions Resting on Paper?"), rules);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "approve", _("_Approve"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "cd-numbers", g_steal_pointer (&numbers),
                          (GDestroyNotify) g_strfreev);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_approve_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_comment_changed (AdwMessageDialog *dialog,
                    GtkEditable      *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "return", text[0] != '\0');
}

static void
on_return_response (CdApprovalPage   *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *comment = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  GStrv numbers = g_object_get_data (G_OBJECT (dialog), "cd-numbers");

  if (g_str_equal (response, "return") && comment[0] != '\0')
    start_run (self, CD_APPROVAL_ACTION_RETURN, comment, numbers);
}

static void
return_selected_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (widget);
  GStrv numbers = selected_numbers (self);
  guint n = g_strv_length (numbers);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *heading = g_strdup_printf (
      ngettext ("Return %u Decision?", "Return %u Decisions?", n), n);
  GtkWidget *dialog;
  GtkWidget *entry;

  if (n == 0)
    {
      g_strfreev (numbers);
      return;
    }
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading,
                                   _("The officers who proposed them see this comment and "
                                     "rework the claims. A comment is required."));
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("What must be corrected"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Comment"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "return", _("_Return"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "return");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "return", FALSE);
  g_object_set_data_full (G_OBJECT (dialog), "cd-numbers", numbers, (GDestroyNotify) g_strfreev);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_comment_changed), dialog,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_return_response), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (widget);

  if (self->run != NULL)
    cd_approval_run_stop (self->run);
}

static void
select_all_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (widget);

  gtk_selection_model_select_all (GTK_SELECTION_MODEL (self->selection));
}

static void
on_selection_changed (CdApprovalPage *self)
{
  update_actions (self);
}

/* ---- state -----------------------------------------------------------------------------------*/

gboolean
cd_approval_page_get_loading (CdApprovalPage *self)
{
  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), FALSE);
  return self->loading;
}

gboolean
cd_approval_page_get_running (CdApprovalPage *self)
{
  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), FALSE);
  return self->run != NULL;
}

gboolean
cd_approval_page_get_read_only (CdApprovalPage *self)
{
  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), TRUE);
  return !can_decide (self);
}

GtkSelectionModel *
cd_approval_page_get_selection (CdApprovalPage *self)
{
  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), NULL);
  return GTK_SELECTION_MODEL (self->selection);
}

const char *
cd_approval_page_get_progress_text (CdApprovalPage *self)
{
  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), NULL);
  return self->progress_text;
}

guint
cd_approval_page_get_n_failures (CdApprovalPage *self)
{
  g_return_val_if_fail (CD_IS_APPROVAL_PAGE (self), 0);
  return self->n_failures;
}

/* ---- GObject ---------------------------------------------------------------------------------*/

GtkWidget *
cd_approval_page_new (CdContext *context)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_APPROVAL_PAGE, "context", context, NULL);
}

static void
cd_approval_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (object);

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
cd_approval_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (object);

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
cd_approval_page_constructed (GObject *object)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (object);

  G_OBJECT_CLASS (cd_approval_page_parent_class)->constructed (object);

  /* Made without one (a template test's), the page has a context of its own: no store, nobody. */
  if (self->context == NULL)
    self->context = cd_context_new ();
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::db-path", G_CALLBACK (on_backend_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  update_actions (self);
  cd_approval_page_reload (self);
}

/* Work under way stops with the page: its callbacks hold no reference, so the page goes as soon
 * as its window lets it go, and a bulk run stops before its next claim. */
static void
cd_approval_page_dispose (GObject *object)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->run);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_APPROVAL_PAGE);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_approval_page_parent_class)->dispose (object);
}

static void
cd_approval_page_finalize (GObject *object)
{
  CdApprovalPage *self = CD_APPROVAL_PAGE (object);

  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->progress_text);
  G_OBJECT_CLASS (cd_approval_page_parent_class)->finalize (object);
}

static void
cd_approval_page_class_init (CdApprovalPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_approval_page_get_property;
  object_class->set_property = cd_approval_page_set_property;
  object_class->constructed = cd_approval_page_constructed;
  object_class->dispose = cd_approval_page_dispose;
  object_class->finalize = cd_approval_page_finalize;

  /* Where the queue is read, where decisions are written, and who decides: the page follows the
   * context's store and session. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Claims changed status: the window refreshes its counts. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A reload finished (or failed). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A bulk run has done `done` claims of `total`; a handler may cancel before the next. */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /* A short summary for a toast. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-approval-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, failures_list);
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, failures_revealer);
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, progress_box);
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, CdApprovalPage, stack);

  gtk_widget_class_install_action (widget_class, "approval.approve-selected", NULL,
                                   approve_selected_action);
  gtk_widget_class_install_action (widget_class, "approval.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "approval.return-selected", NULL,
                                   return_selected_action);
  gtk_widget_class_install_action (widget_class, "approval.select-all", NULL, select_all_action);
  cd_table_export_install_actions (widget_class, table_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK,
                                       "approval.select-all", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "approval.approve-selected", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "approval.approve-selected", NULL);
}

static void
cd_approval_page_init (CdApprovalPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);

  for (int i = 0; i < N_COLUMNS; i++)
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
