/* cd-alerts-page.c — the anomaly alerts, one shown at a time with its evidence and history. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cd-access.h"
#include "cd-alerts-page.h"
#include "cd-claim-rows.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"

struct _CdAlertsPage
{
  AdwBin               parent_instance;

  CdContext           *context;
  GPtrArray           *alerts;            /* CdAlert the session may see, newest first */
  GPtrArray           *filtered;          /* borrowed from alerts: what the filters let through */
  CdAlert             *shown;             /* borrowed from alerts, or NULL */
  gint64               pending_show;      /* shown again once the reload after a change has it */
  GCancellable        *cancellable;       /* scans and state changes; cancelled in dispose */
  GCancellable        *load_cancellable;  /* the load under way */
  GCancellable        *detail_cancellable;
  gboolean             loading;
  gboolean             scanning;
  gboolean             saving;
  gboolean             reading_detail;
  guint                pulse_id;
  guint                n_claims;
  guint                n_documents;
  guint                n_history;

  /* Template widgets */
  AdwPreferencesGroup *alert_group;
  GtkListBox          *alert_list;
  GtkListBox          *claims_list;
  GtkListBox          *documents_list;
  AdwStatusPage       *error_page;
  GtkLabel            *explanation_label;
  GtkListBox          *history_list;
  GtkDropDown         *kind_filter;
  AdwEntryRow         *note_row;
  GtkStack            *pages;
  GtkProgressBar      *scan_progress;
  GtkLabel            *seen_label;
  GtkStack            *stack;
  GtkDropDown         *state_filter;
  AdwPreferencesGroup *state_group;
  AdwComboRow         *state_row;
};

G_DEFINE_FINAL_TYPE (CdAlertsPage, cd_alerts_page, ADW_TYPE_BIN)

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

/* ---- what an alert says ---------------------------------------------------------------------- */

static const struct
{
  const char *kind;
  const char *label;  /* N_() */
} kinds[] = {
  { "identity.two_si_codes", N_("One citizen, two SI codes") },
  { "identity.shared_si_code", N_("One SI code, two citizens") },
  { "identity.population_mismatch", N_("Identity unlike the population register") },
  { "person.reported_dead", N_("Reported dead") },
  { "certificate.serial_reused", N_("Certificate serial used twice") },
  { "certificate.long_leave", N_("Too many days on one certificate") },
  { "leave.overlap", N_("Overlapping leave") },
  { "leave.unpaid_month", N_("Leave in a month without contributions") },
  { "facility.leave_volume", N_("Facility issuing too many certificates") },
  { "doctor.leave_volume", N_("Doctor issuing too many certificates") },
  { "contributions.start_before_birth", N_("Contributions starting before a birth") },
  { "contributions.salary_jump", N_("Salary jump before a birth") },
};

static const char *
kind_label (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kind, kinds[i].kind) == 0)
      return _(kinds[i].label);
  return kind != NULL ? kind : "";
}

static const char *
state_label (CdAlertState state)
{
  switch (state)
    {
    case CD_ALERT_NEW:
      return _("New");
    case CD_ALERT_LOOKED_AT:
      return _("Looked At");
    case CD_ALERT_EXPLAINED:
      return _("Explained");
    case CD_ALERT_REFERRED:
      return _("Referred for Inspection");
    default:
      g_assert_not_reached ();
    }
}

static const char *
state_name_label (const char *name)
{
  CdAlertState state;

  return cd_alert_state_from_string (name, &state) ? state_label (state) : name;
}

static const char *
subject_label (const char *subject_kind)
{
  if (g_strcmp0 (subject_kind, "person") == 0)
    return _("Citizen");
  if (g_strcmp0 (subject_kind, "si_code") == 0)
    return _("SI code");
  if (g_strcmp0 (subject_kind, "facility") == 0)
    return _("Facility");
  if (g_strcmp0 (subject_kind, "doctor") == 0)
    return _("Doctor");
  if (g_strcmp0 (subject_kind, "certificate") == 0)
    return _("Certificate");
  return subject_kind != NULL ? subject_kind : "";
}

/* The claim numbers of an alert's JSON array. */
static GStrv
claim_numbers (const CdAlert *alert)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(JsonNode) node = json_from_string (alert->claims, NULL);
  JsonArray *array = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node)
                                                                  : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (JSON_NODE_HOLDS_VALUE (json_array_get_element (array, i)))
      g_strv_builder_add (builder, json_array_get_string_element (array, i));
  return g_strv_builder_end (builder);
}

/* ---- who may do what ------------------------------------------------------------------------- */

/* Scanning and working alerts are the office's oversight (cd-access.h): whoever may change an
 * alert's state. */
static gboolean
may_oversee (CdAlertsPage *self)
{
  CdSession *session = cd_context_get_session (self->context);

  return session != NULL && !cd_session_get_locked (session)
         && cd_access_allows (session, CD_ACCESS_ALERTS_CHANGE_STATE);
}

static void
update_actions (CdAlertsPage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean writer = cd_context_get_database (self->context) != NULL;

  gtk_widget_action_set_enabled (widget, "alerts.scan",
                                 writer && may_oversee (self) && !self->scanning);
  gtk_widget_action_set_enabled (widget, "alerts.save-state",
                                 writer && may_oversee (self) && self->shown != NULL
                                 && !self->saving);
  gtk_widget_action_set_enabled (widget, "alerts.back", self->shown != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->state_row), may_oversee (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->note_row), may_oversee (self));
  adw_preferences_group_set_description (self->state_group,
                                         may_oversee (self)
                                         ? _("The change and its note go into the audit log.")
                                         : _("Only a supervisor or an administrator changes an "
                                             "alert’s state."));
}

/* ---- the list -------------------------------------------------------------------------------- */

static gboolean
passes_filters (CdAlertsPage  *self,
                const CdAlert *alert)
{
  guint state = gtk_drop_down_get_selected (self->state_filter);
  guint kind = gtk_drop_down_get_selected (self->kind_filter);

  /* Position 0 of each filter is "all". */
  if (state != 0 && state != GTK_INVALID_LIST_POSITION
      && alert->state != (CdAlertState) (state - 1))
    return FALSE;
  if (kind != 0 && kind != GTK_INVALID_LIST_POSITION && kind <= G_N_ELEMENTS (kinds)
      && g_strcmp0 (alert->kind, kinds[kind - 1].kind) != 0)
    return FALSE;
  return TRUE;
}

static GtkWidget *
alert_row (const CdAlert *alert)
{
  g_autofree char *first = cd_claim_rows_format_time (alert->first_seen);
  g_autofree char *last = cd_claim_rows_format_time (alert->last_seen);
  /* TRANSLATORS: an alert's line: what it is about, then when it was first and last found. */
  g_autofree char *subtitle = g_strdup_printf (_("%s %s · first seen %s · last seen %s"),
                                               subject_label (alert->subject_kind),
                                               alert->subject, first, last);
  GtkWidget *row = cd_claim_rows_action_row (kind_label (alert->kind), subtitle);
  GtkWidget *state = cd_claim_rows_suffix_label (state_label (alert->state),
                                                 alert->state == CD_ALERT_NEW ? "warning" : NULL);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), state);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name (
                               "go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
fill_list (CdAlertsPage *self)
{
  g_ptr_array_set_size (self->filtered, 0);
  cd_list_box_remove_all (self->alert_list);
  for (guint i = 0; self->alerts != NULL && i < self->alerts->len; i++)
    {
      CdAlert *alert = g_ptr_array_index (self->alerts, i);

      if (!passes_filters (self, alert))
        continue;
      g_ptr_array_add (self->filtered, alert);
      gtk_list_box_append (self->alert_list, alert_row (alert));
    }
  if (!self->loading || self->alerts != NULL)
    gtk_stack_set_visible_child_name (self->stack, self->filtered->len > 0 ? "list" : "empty");
}

static void
on_filter_changed (CdAlertsPage *self)
{
  fill_list (self);
}

static void
on_alert_activated (CdAlertsPage  *self,
                    GtkListBoxRow *row)
{
  int position = gtk_list_box_row_get_index (row);

  if (position >= 0 && (guint) position < self->filtered->len)
    cd_alerts_page_show_alert (self,
                               ((CdAlert *) g_ptr_array_index (self->filtered, position))->id);
}

/* ---- loading --------------------------------------------------------------------------------- */

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CdSession *session = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_context_open_reader (source_object, &error);
  GPtrArray *alerts;

  if (reader == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Nobody signed in sees nothing. */
  if (session == NULL)
    {
      g_task_return_pointer (task, g_ptr_array_new (), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  alerts = cd_alerts_list_for (reader, session, TRUE, CD_ALERT_NEW, &error);
  if (alerts == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, alerts, (GDestroyNotify) g_ptr_array_unref);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdAlertsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) alerts = g_task_propagate_pointer (G_TASK (result), &error);
  gint64 pending;

  /* A newer load, or the page gone: nothing of this one is shown. Dispose cancels the load, and
   * the page may be freed by now: nothing of it is read before this. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  pending = self->pending_show;
  self->loading = FALSE;
  if (alerts == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }
  /* The alert shown belongs to the old array: it is shown again from the new one. */
  if (self->shown != NULL && pending == 0)
    pending = self->shown->id;
  self->shown = NULL;
  g_clear_pointer (&self->alerts, g_ptr_array_unref);
  self->alerts = g_steal_pointer (&alerts);
  self->pending_show = 0;
  fill_list (self);
  if (pending > 0 && !cd_alerts_page_show_alert (self, pending))
    cd_alerts_page_show_alerts (self);
  update_actions (self);
  if (!self->reading_detail)
    g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

void
cd_alerts_page_reload (CdAlertsPage *self)
{
  g_autoptr(GTask) task = NULL;
  CdSession *session;

  g_return_if_fail (CD_IS_ALERTS_PAGE (self));

  if (cd_context_get_db_path (self->context) == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  if (self->alerts == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  self->loading = TRUE;
  session = cd_context_get_session (self->context);
  task = g_task_new (self->context, self->load_cancellable, load_done, self);
  g_task_set_source_tag (task, cd_alerts_page_reload);
  g_task_set_return_on_cancel (task, TRUE);
  if (session != NULL)
    g_task_set_task_data (task, g_object_ref (session), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/* Another store or another user: the old alerts must not stay on show meanwhile. */
static void
on_backend_changed (CdAlertsPage *self)
{
  cd_alerts_page_show_alerts (self);
  self->shown = NULL;
  g_clear_pointer (&self->alerts, g_ptr_array_unref);
  fill_list (self);
  update_actions (self);
  cd_alerts_page_reload (self);
}

/* ---- one alert ------------------------------------------------------------------------------- */

typedef struct
{
  CdAlert   *alert;      /* a copy of what the thread needs: id and documents */
  GPtrArray *documents;
  GPtrArray *history;
} Detail;

static void
detail_free (Detail *detail)
{
  g_clear_pointer (&detail->alert, cd_alert_free);
  g_clear_pointer (&detail->documents, g_ptr_array_unref);
  g_clear_pointer (&detail->history, g_ptr_array_unref);
  g_free (detail);
}

static void
detail_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Detail *detail = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_context_open_reader (source_object, &error);

  if (reader == NULL
      || (detail->documents = cd_alerts_documents (reader, detail->alert, &error)) == NULL
      || (detail->history = cd_alerts_history (reader, detail->alert->id, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
fill_detail (CdAlertsPage *self,
             Detail       *detail)
{
  cd_list_box_remove_all (self->documents_list);
  cd_list_box_remove_all (self->history_list);
  self->n_documents = detail->documents->len;
  self->n_history = detail->history->len;
  for (guint i = 0; i < detail->documents->len; i++)
    {
      CdAlertDocument *document = g_ptr_array_index (detail->documents, i);
      g_autofree char *fetched = cd_claim_rows_format_time (document->fetched_at);
      /* TRANSLATORS: a document behind an alert: its number in the store and its kind. */
      g_autofree char *title = g_strdup_printf (_("No. %lld — %s"), (long long) document->id,
                                                cd_label_document_kind (document->kind));
      g_autofree char *subtitle = NULL;

      if (document->claim_number != NULL)
        /* TRANSLATORS: where a document came from, when, and the claim it was fetched for. */
        subtitle = g_strdup_printf (_("%s · %s · claim %s"),
                                    cd_label_source_system (document->source_system), fetched,
                                    document->claim_number);
      else
        subtitle = g_strdup_printf ("%s · %s", cd_label_source_system (document->source_system),
                                    fetched);
      gtk_list_box_append (self->documents_list, cd_claim_rows_action_row (title, subtitle));
    }
  for (guint i = 0; i < detail->history->len; i++)
    {
      CdAlertChange *change = g_ptr_array_index (detail->history, i);
      g_autofree char *at = cd_claim_rows_format_time (change->at);
      /* TRANSLATORS: a state change of an alert: the state before and after. */
      g_autofree char *title = g_strdup_printf (_("%s → %s"),
                                                state_name_label (change->state_before),
                                                state_name_label (change->state_after));
      g_autofree char *subtitle = NULL;

      if (change->note != NULL && change->note[0] != '\0')
        /* TRANSLATORS: who changed an alert's state, when, and the note they left. */
        subtitle = g_strdup_printf (_("%s · %s · “%s”"),
                                    change->user_name != NULL ? change->user_name : "?", at,
                                    change->note);
      else
        subtitle = g_strdup_printf ("%s · %s", change->user_name != NULL ? change->user_name : "?",
                                    at);
      gtk_list_box_append (self->history_list, cd_claim_rows_action_row (title, subtitle));
    }
}

static void
detail_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CdAlertsPage *self = user_data;
  g_autoptr(GError) error = NULL;
  Detail *detail = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->reading_detail = FALSE;
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, error->message);
      g_signal_emit (self, signals[SIGNAL_LOADED], 0);
      return;
    }
  self->reading_detail = FALSE;
  fill_detail (self, detail);
  g_signal_emit (self, signals[SIGNAL_LOADED], 0);
}

static void
read_detail (CdAlertsPage  *self,
             const CdAlert *alert)
{
  g_autoptr(GTask) task = NULL;
  Detail *detail = g_new0 (Detail, 1);

  detail->alert = g_new0 (CdAlert, 1);
  detail->alert->id = alert->id;
  detail->alert->documents = g_strdup (alert->documents);
  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  self->detail_cancellable = g_cancellable_new ();
  self->reading_detail = TRUE;
  task = g_task_new (self->context, self->detail_cancellable, detail_done, self);
  g_task_set_source_tag (task, read_detail);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, detail, (GDestroyNotify) detail_free);
  g_task_run_in_thread (task, detail_thread);
}

gboolean
cd_alerts_page_show_alert (CdAlertsPage *self,
                           gint64        alert_id)
{
  CdAlert *alert = NULL;
  g_auto(GStrv) numbers = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *subject = NULL;

  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), FALSE);

  for (guint i = 0; self->alerts != NULL && i < self->alerts->len && alert == NULL; i++)
    if (((CdAlert *) g_ptr_array_index (self->alerts, i))->id == alert_id)
      alert = g_ptr_array_index (self->alerts, i);
  if (alert == NULL)
    return FALSE;

  self->shown = alert;
  adw_preferences_group_set_title (self->alert_group, kind_label (alert->kind));
  subject = g_strdup_printf ("%s %s", subject_label (alert->subject_kind), alert->subject);
  adw_preferences_group_set_description (self->alert_group, subject);
  gtk_label_set_text (self->explanation_label,
                      cd_label_pick (alert->explanation_vi, alert->explanation_en, alert->kind));
  first = cd_claim_rows_format_time (alert->first_seen);
  last = cd_claim_rows_format_time (alert->last_seen);
  /* TRANSLATORS: when the scans first and last found an alert, and its state. */
  seen = g_strdup_printf (_("First seen %s, last seen %s. State: %s."), first, last,
                          state_label (alert->state));
  gtk_label_set_text (self->seen_label, seen);

  cd_list_box_remove_all (self->claims_list);
  numbers = claim_numbers (alert);
  self->n_claims = g_strv_length (numbers);
  for (guint i = 0; numbers[i] != NULL; i++)
    {
      GtkWidget *row = cd_claim_rows_action_row (numbers[i], NULL);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "cd-claim", g_strdup (numbers[i]), g_free);
      gtk_list_box_append (self->claims_list, row);
    }

  adw_combo_row_set_selected (self->state_row, alert->state);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), alert->note != NULL ? alert->note : "");
  self->n_documents = self->n_history = 0;
  cd_list_box_remove_all (self->documents_list);
  cd_list_box_remove_all (self->history_list);
  read_detail (self, alert);

  gtk_stack_set_visible_child_name (self->pages, "alert");
  update_actions (self);
  return TRUE;
}

void
cd_alerts_page_show_alerts (CdAlertsPage *self)
{
  g_return_if_fail (CD_IS_ALERTS_PAGE (self));

  g_cancellable_cancel (self->detail_cancellable);
  self->reading_detail = FALSE;
  self->shown = NULL;
  gtk_stack_set_visible_child_name (self->pages, "alerts");
  update_actions (self);
}

static void
on_claim_activated (CdAlertsPage  *self,
                    GtkListBoxRow *row)
{
  const char *number = g_object_get_data (G_OBJECT (row), "cd-claim");

  if (number != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-claim", "s", number);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cd_alerts_page_show_alerts (CD_ALERTS_PAGE (widget));
}

/* ---- changing a state ------------------------------------------------------------------------ */

static void
save_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CdAlertsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Gone from its window: the change is stored, there is nothing to show. */
  if (self->context == NULL)
    return;
  self->saving = FALSE;
  update_actions (self);
  if (!cd_alerts_set_state_finish (result, &error))
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s says why an alert's state could not be changed. */
      message = g_strdup_printf (_("The alert was not changed: %s"), error->message);
      g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, _("Alert state saved"));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  cd_alerts_page_reload (self);
}

static void
save_state_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CdAlertsPage *self = CD_ALERTS_PAGE (widget);
  CdDatabase *writer = cd_context_get_database (self->context);
  CdSession *session = cd_context_get_session (self->context);
  guint selected = adw_combo_row_get_selected (self->state_row);
  const char *note = gtk_editable_get_text (GTK_EDITABLE (self->note_row));

  if (writer == NULL || session == NULL || self->shown == NULL || selected > CD_ALERT_REFERRED)
    return;
  self->saving = TRUE;
  self->pending_show = self->shown->id;
  update_actions (self);
  /* An empty note where there was none stays none. */
  cd_alerts_set_state_async (writer, session, self->shown->id, (CdAlertState) selected,
                             note[0] == '\0' && self->shown->note == NULL ? NULL : note,
                             self->cancellable, save_done, g_object_ref (self));
}

/* ---- scanning -------------------------------------------------------------------------------- */

static gboolean
pulse (gpointer user_data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (user_data));
  return G_SOURCE_CONTINUE;
}

static void
set_scanning (CdAlertsPage *self,
              gboolean      scanning)
{
  self->scanning = scanning;
  gtk_widget_set_visible (GTK_WIDGET (self->scan_progress), scanning);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (scanning)
    self->pulse_id = g_timeout_add (100, pulse, self->scan_progress);
  update_actions (self);
}

static void
scan_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CdAlertsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  CdAlertScan scan = { 0 };

  if (self->context == NULL)
    return;
  set_scanning (self, FALSE);
  if (!cd_alerts_scan_finish (result, &scan, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: %s says why the scan failed. */
      message = g_strdup_printf (_("The store was not scanned: %s"), error->message);
    }
  else
    /* TRANSLATORS: the alerts a scan found, and how many of them were not known before. */
    message = g_strdup_printf (ngettext ("%u alert found, %u new", "%u alerts found, %u new",
                                         scan.n_found), scan.n_found, scan.n_new);
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  cd_alerts_page_reload (self);
}

void
cd_alerts_page_scan (CdAlertsPage *self)
{
  CdDatabase *writer;

  g_return_if_fail (CD_IS_ALERTS_PAGE (self));

  writer = cd_context_get_database (self->context);
  if (writer == NULL || self->scanning)
    return;
  set_scanning (self, TRUE);
  cd_alerts_scan_async (writer, self->cancellable, scan_done, g_object_ref (self));
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  cd_alerts_page_scan (CD_ALERTS_PAGE (widget));
}

/* ---- state ----------------------------------------------------------------------------------- */

void
cd_alerts_page_set_filter (CdAlertsPage *self,
                           gboolean      any_state,
                           CdAlertState  state,
                           const char   *kind)
{
  guint kind_position = 0;

  g_return_if_fail (CD_IS_ALERTS_PAGE (self));

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kind, kinds[i].kind))
      kind_position = i + 1;
  gtk_drop_down_set_selected (self->state_filter, any_state ? 0 : (guint) state + 1);
  gtk_drop_down_set_selected (self->kind_filter, kind_position);
}

gboolean
cd_alerts_page_get_loading (CdAlertsPage *self)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), FALSE);
  return self->loading;
}

gboolean
cd_alerts_page_get_busy (CdAlertsPage *self)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), FALSE);
  return self->scanning || self->saving || self->reading_detail;
}

guint
cd_alerts_page_get_n_alerts (CdAlertsPage *self)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), 0);
  return self->filtered->len;
}

const CdAlert *
cd_alerts_page_get_alert (CdAlertsPage *self,
                          guint         position)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), NULL);
  return position < self->filtered->len ? g_ptr_array_index (self->filtered, position) : NULL;
}

const CdAlert *
cd_alerts_page_get_shown (CdAlertsPage *self)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), NULL);
  return self->shown;
}

guint
cd_alerts_page_get_n_claims (CdAlertsPage *self)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), 0);
  return self->shown != NULL ? self->n_claims : 0;
}

guint
cd_alerts_page_get_n_documents (CdAlertsPage *self)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), 0);
  return self->shown != NULL ? self->n_documents : 0;
}

guint
cd_alerts_page_get_n_history (CdAlertsPage *self)
{
  g_return_val_if_fail (CD_IS_ALERTS_PAGE (self), 0);
  return self->shown != NULL ? self->n_history : 0;
}

/* ---- GObject --------------------------------------------------------------------------------- */

GtkWidget *
cd_alerts_page_new (CdContext *context)
{
  g_return_val_if_fail (context == NULL || CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_ALERTS_PAGE, "context", context, NULL);
}

static void
cd_alerts_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CdAlertsPage *self = CD_ALERTS_PAGE (object);

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
cd_alerts_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CdAlertsPage *self = CD_ALERTS_PAGE (object);

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
cd_alerts_page_constructed (GObject *object)
{
  CdAlertsPage *self = CD_ALERTS_PAGE (object);

  G_OBJECT_CLASS (cd_alerts_page_parent_class)->constructed (object);

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
  cd_alerts_page_reload (self);
}

/* Work under way stops with the page: loads hold no reference to it; a scan or a state change
 * holds one only until its store job ends, which nothing can interrupt half-way. */
static void
cd_alerts_page_dispose (GObject *object)
{
  CdAlertsPage *self = CD_ALERTS_PAGE (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->detail_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  self->shown = NULL;
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_ALERTS_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_alerts_page_parent_class)->dispose (object);
}

static void
cd_alerts_page_finalize (GObject *object)
{
  CdAlertsPage *self = CD_ALERTS_PAGE (object);

  g_clear_pointer (&self->filtered, g_ptr_array_unref);
  g_clear_pointer (&self->alerts, g_ptr_array_unref);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->detail_cancellable);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (cd_alerts_page_parent_class)->finalize (object);
}

static void
cd_alerts_page_class_init (CdAlertsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cd_alerts_page_get_property;
  object_class->set_property = cd_alerts_page_set_property;
  object_class->constructed = cd_alerts_page_constructed;
  object_class->dispose = cd_alerts_page_dispose;
  object_class->finalize = cd_alerts_page_finalize;

  /* Where the alerts are read and written, and who looks at them: the page follows it. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A scan or a state change: the window refreshes its counts. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A reload of the alerts, or the details of the alert shown, finished (or failed). */
  signals[SIGNAL_LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /* A short summary for a toast. */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-alerts-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, alert_group);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, alert_list);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, claims_list);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, history_list);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, kind_filter);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, note_row);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, pages);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, scan_progress);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, seen_label);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, state_filter);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, state_group);
  gtk_widget_class_bind_template_child (widget_class, CdAlertsPage, state_row);
  gtk_widget_class_bind_template_callback (widget_class, on_alert_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_claim_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);

  gtk_widget_class_install_action (widget_class, "alerts.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "alerts.save-state", NULL, save_state_action);
  gtk_widget_class_install_action (widget_class, "alerts.scan", NULL, scan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "alerts.back", NULL);
}

static void
cd_alerts_page_init (CdAlertsPage *self)
{
  g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) filter_states = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) filter_kinds = gtk_string_list_new (NULL);

  self->filtered = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->detail_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (filter_states, _("All States"));
  for (CdAlertState state = CD_ALERT_NEW; state <= CD_ALERT_REFERRED; state++)
    {
      gtk_string_list_append (states, state_label (state));
      gtk_string_list_append (filter_states, state_label (state));
    }
  gtk_string_list_append (filter_kinds, _("All Kinds"));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (filter_kinds, _(kinds[i].label));
  adw_combo_row_set_model (self->state_row, G_LIST_MODEL (states));
  gtk_drop_down_set_model (self->state_filter, G_LIST_MODEL (filter_states));
  gtk_drop_down_set_model (self->kind_filter, G_LIST_MODEL (filter_kinds));
  cd_claim_rows_set_placeholder (self->claims_list, _("No claim is behind this alert."));
  cd_claim_rows_set_placeholder (self->documents_list, _("No stored document is behind it."));
  cd_claim_rows_set_placeholder (self->history_list, _("Nobody has changed its state yet."));
}
