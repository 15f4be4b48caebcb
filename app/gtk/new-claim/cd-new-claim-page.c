/* cd-new-claim-page.c — a new claim from the personal ID to the saved, evaluated claim: the flow
 * and its actions; the work is the intake's and the workflow's. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-citizen-card.h"
#include "cd-claim-intake.h"
#include "cd-evaluation-view.h"
#include "cd-fact-form.h"
#include "cd-format.h"
#include "cd-identifiers.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-new-claim-page.h"
#include "cd-paper-document-dialog.h"
#include "cd-resources.h"
#include "cd-source-row.h"
#include "cd-workflow.h"

/* The facts are evaluated again as soon as the form is valid after a change: the next main-loop
 * turn gathers the changes of one edit (a draft sets many fields at once), and a new evaluation
 * cancels the one under way. It takes some 40 ms in a worker, so waiting for typing to stop
 * (300 ms before) only made the officer wait. An unfinished value (half a date) leaves the form
 * invalid and evaluates nothing. */
#define EVALUATE_DELAY_MS 0

struct _CdNewClaimPage
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkLabel          *card_label;
  GtkWidget         *cases_group;
  GtkListBox        *cases_list;
  GtkWidget         *create_button;
  CdEvaluationView  *evaluation_view;
  CdFactForm        *fact_form;
  GtkWidget         *fetch_button;
  GtkWidget         *findings_group;
  GtkListBox        *findings_list;
  GtkLabel          *id_error;
  AdwEntryRow       *id_row;
  GtkWidget         *scroller;
  GtkWidget         *sources_group;
  GtkListBox        *sources_list;

  CdContext         *context;
  CdSession         *session;          /* the context's, whose locking the page follows */
  CdClaimIntake     *intake;           /* for the writer and fetcher of the last fetch */
  char              *rules_error;      /* why the rule pack could not be loaded, or NULL */
  CdTrustStore      *trust;            /* the context's trust anchors, once read */
  gboolean           trust_known;      /* read, or known not to be readable */
  guint              pending_fetch;    /* sources asked for before the anchors were read */

  /* Each cancelled in dispose; all but the first also when the page leaves its window. */
  GCancellable      *cancellable;      /* the rule pack's and the trust anchors' loads */
  GCancellable      *fetch_cancellable;
  GCancellable      *build_cancellable;
  GCancellable      *evaluate_cancellable;
  GCancellable      *create_cancellable;

  /* The claim under way */
  CdSourceRow       *sources[CD_N_EVIDENCE_SOURCES];  /* in sources_list; NULL before a fetch */
  GtkWindow         *paper_dialog;    /* Record Paper Document, while open */
  CdIntakeResult    *fetched;          /* the fetch shown, or NULL */
  int                chosen;           /* the case picked among fetched->proposals, or -1 */
  guint              evaluate_timeout;
  gboolean           waiting_for_rules;
  JsonNode          *result;           /* the latest result JSON, or NULL */
  gint64             total;
  gboolean           creating;
  gint64             claim_id;
  char              *id_error_text;
  CdCitizenCard     *card;             /* read off the card scanned, while the field holds its
                                        * ID; NULL for an ID typed by hand */
  guint              n_findings;

  /* What update_actions last decided; mirrored by the read-only properties. */
  gboolean           can_fetch;
  gboolean           can_create;
};

G_DEFINE_FINAL_TYPE (CdNewClaimPage, cd_new_claim_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CAN_CREATE,
  PROP_CAN_FETCH,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CLAIM_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void evaluate_now (CdNewClaimPage *self);

/* Stops what runs under *slot and gives a fresh cancellable for the next. */
static GCancellable *
renew (GCancellable **slot)
{
  if (*slot != NULL)
    g_cancellable_cancel (*slot);
  g_clear_object (slot);
  *slot = g_cancellable_new ();
  return *slot;
}

static void
cancel (GCancellable *cancellable)
{
  if (cancellable != NULL)
    g_cancellable_cancel (cancellable);
}

static CdDay
today (CdNewClaimPage *self)
{
  return cd_clock_get_today (cd_context_get_clock (self->context));
}

/* The claim's decision date and the end of the fetch window. */
static char *
today_iso (CdNewClaimPage *self)
{
  return cd_date_to_string (today (self));
}

/* Where the fetch window starts: 1 January of last year. */
static char *
window_start_iso (CdNewClaimPage *self)
{
  return cd_date_to_string (cd_date_from_ymd (cd_date_year (today (self)) - 1, 1, 1));
}

static gboolean
get_busy (CdNewClaimPage *self)
{
  /* A fetch waiting for the trust anchors is under way too. */
  return self->pending_fetch != 0
         || (self->intake != NULL && cd_claim_intake_get_busy (self->intake));
}

/* The one place that decides what can be done now: the actions and the properties that show it
 * to the window and the tests follow from here. */
static void
update_actions (CdNewClaimPage *self)
{
  CdDatabase *db = cd_context_get_database (self->context);
  CdSession *session = cd_context_get_session (self->context);
  const char *text;
  gboolean id_valid;
  gboolean can_fetch;
  gboolean can_create;
  gboolean may_open;

  /* A card's QR code, scanned into the field, is read when it is fetched. */
  text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  id_valid = self->id_error_text == NULL
             && (strlen (text) == 12 || cd_citizen_card_is_qr_payload (text));
  /* Only the workflow opens claims, as someone signed in whose role may. */
  may_open = session != NULL && !cd_session_get_locked (session)
             && cd_workflow_can_open (cd_session_get_role (session));
  /* Evidence is asked for someone: without a signed-in user (or an address) there is no fetcher. */
  can_fetch = id_valid && !get_busy (self) && db != NULL
              && cd_context_get_evidence_fetcher (self->context) != NULL;
  can_create = self->result != NULL && !self->creating && self->claim_id == 0
               && self->fetched != NULL && self->chosen >= 0 && db != NULL && may_open;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-claim.fetch", can_fetch);
  /* Paper stands in where a source could not be reached or had nothing to propose a case from. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-claim.record-paper",
                                 self->fetched != NULL && !get_busy (self) && db != NULL
                                 && may_open
                                 && (cd_intake_result_get_n_failed (self->fetched) > 0
                                     || self->fetched->proposals->len == 0));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-claim.create", can_create);

  if (self->can_fetch != can_fetch)
    {
      self->can_fetch = can_fetch;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_FETCH]);
    }
  if (self->can_create != can_create)
    {
      self->can_create = can_create;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_CREATE]);
    }
}

/* ---- The personal ID, checked as it is typed ------------------------------------------------ */

static void
show_id_error (CdNewClaimPage *self,
               const char     *message)
{
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->id_row), "error");
      gtk_label_set_text (self->id_error, message);
      gtk_widget_set_visible (GTK_WIDGET (self->id_error), TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->id_error), FALSE);
    }
}

/* What the page says about the card whose ID the field holds, if any. */
static void
show_card (CdNewClaimPage *self)
{
  g_autofree char *birth = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->card_label), self->card != NULL);
  if (self->card == NULL)
    return;
  birth = cd_format_date_vi (self->card->birth_date);
  /* TRANSLATORS: the holder's full name and birth date, as the card's QR code gives them */
  text = g_strdup_printf (_("Read from the citizen card of %s, born %s: checked against the "
                            "population register when the evidence is fetched"),
                          self->card->full_name, birth);
  gtk_label_set_text (self->card_label, text);
}

static void
on_id_changed (CdNewClaimPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  size_t length = strlen (text);
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->id_error_text, g_free);
  /* The card scanned is for its own ID only: another ID typed, or another scan, drops it. */
  if (self->card != NULL && g_strcmp0 (text, self->card->personal_id) != 0)
    {
      g_clear_pointer (&self->card, cd_citizen_card_free);
      show_card (self);
    }
  /* A scanner types a card's QR code a key at a time and ends with Enter, which reads it: until
   * then it is not an ID to check. */
  if (*text != '\0' && !cd_citizen_card_is_qr_payload (text)
      && !cd_identifier_check_personal_id (text, &error))
    {
      /* While typing, a prefix of digits is not an error yet; from 4 digits on, the province and
       * century it starts with are checked, padded to a whole ID. */
      gboolean partial_digits = length < 12 && strspn (text, "0123456789") == length;

      if (!partial_digits)
        self->id_error_text = g_strdup (error->message);
      else if (length >= 4)
        {
          g_autofree char *padded = g_strdup_printf ("%s%.*s", text, (int) (12 - length),
                                                     "000000000000");
          g_autoptr(GError) prefix_error = NULL;

          if (!cd_identifier_check_personal_id (padded, &prefix_error))
            self->id_error_text = g_strdup (prefix_error->message);
        }
    }
  show_id_error (self, self->id_error_text);
  update_actions (self);
}

/* When the field holds a card's QR code: reads it, puts the card's ID in the field and keeps the
 * card for the fetch. FALSE, with the reason under the field, when it is not a card's. Either way
 * the field's text is selected, so that the next scan (or ID typed) replaces it instead of being
 * added to it. */
static gboolean
read_card (CdNewClaimPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  g_autoptr(GError) error = NULL;
  CdCitizenCard *card;

  if (!cd_citizen_card_is_qr_payload (text))
    return TRUE;
  card = cd_citizen_card_parse_qr (text, &error);
  if (card == NULL)
    {
      g_free (self->id_error_text);
      self->id_error_text = g_strdup (error->message);
      show_id_error (self, self->id_error_text);
      gtk_editable_select_region (GTK_EDITABLE (self->id_row), 0, -1);
      update_actions (self);
      return FALSE;
    }
  /* The field changes first (which drops any card before), then keeps this card for its ID. */
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), card->personal_id);
  gtk_editable_select_region (GTK_EDITABLE (self->id_row), 0, -1);
  g_clear_pointer (&self->card, cd_citizen_card_free);
  self->card = card;
  show_card (self);
  return TRUE;
}

static void
on_id_activated (CdNewClaimPage *self)
{
  /* The scan's Enter reads the card even when nothing can be fetched yet (a fetch still running,
   * no one signed in): the field then holds its ID, not a raw code, and Fetch checks the card. */
  if (!read_card (self))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "new-claim.fetch", NULL);
}

/* ---- The case the officer works on ---------------------------------------------------------- */

/* Drops the chosen case: its facts, their evaluation and any work on them. */
static void
clear_case (CdNewClaimPage *self)
{
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  cancel (self->build_cancellable);
  cancel (self->evaluate_cancellable);
  self->waiting_for_rules = FALSE;
  g_clear_pointer (&self->result, json_node_unref);
  self->total = -1;
  self->chosen = -1;
  cd_fact_form_clear (self->fact_form);
  cd_evaluation_view_clear (self->evaluation_view);
  cd_evaluation_view_set_busy (self->evaluation_view, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->fact_form), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->evaluation_view), FALSE);
  gtk_widget_set_visible (self->create_button, FALSE);
}

/* Drops the whole claim under way but the ID typed. */
static void
forget_claim (CdNewClaimPage *self)
{
  cancel (self->fetch_cancellable);
  clear_case (self);
  g_clear_pointer (&self->fetched, cd_intake_result_unref);
  self->claim_id = 0;
  cd_list_box_remove_all (self->sources_list);
  memset (self->sources, 0, sizeof self->sources);
  gtk_widget_set_visible (self->sources_group, FALSE);
  gtk_widget_set_visible (self->cases_group, FALSE);
  gtk_widget_set_visible (self->findings_group, FALSE);
}

/* ---- Following the context ------------------------------------------------------------------ */

static void
on_source_done (CdNewClaimPage           *self,
                const CdEvidenceResponse *response)
{
  if (response->source < CD_N_EVIDENCE_SOURCES && self->sources[response->source] != NULL)
    cd_source_row_set_response (self->sources[response->source], response);
}

static void
drop_intake (CdNewClaimPage *self)
{
  if (self->intake == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->intake, self);
  g_clear_object (&self->intake);
}

/* The intake for the context's writer and the fetcher it builds for the signed-in user now: the
 * one made before while they are the same, a new one when either changed. NULL without them. */
static CdClaimIntake *
ensure_intake (CdNewClaimPage *self)
{
  CdDatabase *db = cd_context_get_database (self->context);
  CdEvidenceFetcher *fetcher = db != NULL ? cd_context_get_evidence_fetcher (self->context) : NULL;

  if (fetcher == NULL || !self->trust_known)
    return NULL;
  if (self->intake != NULL)
    {
      g_autoptr(CdEvidenceFetcher) current = NULL;

      g_object_get (self->intake, "fetcher", &current, NULL);
      if (cd_claim_intake_get_database (self->intake) == db && current == fetcher)
        return self->intake;
      drop_intake (self);
    }

  self->intake = cd_claim_intake_new (db, fetcher, self->trust);
  cd_claim_intake_set_rule_pack (self->intake, cd_context_get_rule_pack (self->context));
  g_signal_connect_object (self->intake, "source-done", G_CALLBACK (on_source_done), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->intake, "notify::busy", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  return self->intake;
}

/* Another store: what was fetched into the old one is no claim of this one. */
static void
on_database_changed (CdNewClaimPage *self)
{
  if (self->intake != NULL
      && cd_claim_intake_get_database (self->intake) != cd_context_get_database (self->context))
    {
      forget_claim (self);
      drop_intake (self);
    }
  update_actions (self);
}

/* Who opens the claim, and whether they may now: a locked session opens nothing until it is
 * unlocked. The next fetch asks as the new user (the context builds their fetcher). */
static void
on_session_changed (CdNewClaimPage *self)
{
  CdSession *session = cd_context_get_session (self->context);

  if (self->session != session)
    {
      if (self->session != NULL)
        g_signal_handlers_disconnect_by_data (self->session, self);
      g_set_object (&self->session, session);
      if (session != NULL)
        g_signal_connect_object (session, "notify::locked", G_CALLBACK (update_actions), self,
                                 G_CONNECT_SWAPPED);
    }
  update_actions (self);
}

/* The rules arrived, or were reloaded with a newly installed pack: later evaluations use them,
 * and a case waiting for them is evaluated now. */
static void
use_rule_pack (CdNewClaimPage *self,
               CdRulePack     *pack)
{
  if (self->intake != NULL && cd_claim_intake_get_rule_pack (self->intake) != pack)
    cd_claim_intake_set_rule_pack (self->intake, pack);
  if (self->waiting_for_rules)
    {
      self->waiting_for_rules = FALSE;
      evaluate_now (self);
    }
}

static void
on_rule_pack_changed (CdNewClaimPage *self)
{
  CdRulePack *pack = cd_context_get_rule_pack (self->context);

  if (pack != NULL)
    use_rule_pack (self, pack);
}

static void start_fetch (CdNewClaimPage *self,
                         guint           wanted);

/* Without the trust anchors every signature reads "untrusted": the badges say so, and the
 * evidence is stored all the same. */
static void
on_trust_loaded (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdTrustStore) trust = cd_context_load_trust_store_finish (CD_CONTEXT (object), result,
                                                                      &error);
  CdNewClaimPage *self;
  guint wanted;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CD_NEW_CLAIM_PAGE (user_data);
  if (trust == NULL)
    g_message ("Signatures cannot be trusted: %s", error->message);
  self->trust = g_steal_pointer (&trust);
  self->trust_known = TRUE;
  wanted = self->pending_fetch;
  self->pending_fetch = 0;
  update_actions (self);
  if (wanted != 0)
    start_fetch (self, wanted);
}

static void
on_rule_pack_loaded (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdRulePack) pack = cd_context_load_rule_pack_finish (CD_CONTEXT (object), result,
                                                                 &error);
  CdNewClaimPage *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CD_NEW_CLAIM_PAGE (user_data);
  if (pack == NULL)
    {
      /* TRANSLATORS: %s says why the rule pack could not be read */
      self->rules_error = g_strdup_printf (_("The rules could not be loaded: %s"),
                                           error->message);
      if (self->waiting_for_rules)
        evaluate_now (self);
      return;
    }
  use_rule_pack (self, pack);
}

/* ---- Fetching, with a row per source -------------------------------------------------------- */

static void
build_source_rows (CdNewClaimPage *self)
{
  cd_list_box_remove_all (self->sources_list);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      self->sources[s] = CD_SOURCE_ROW (cd_source_row_new (s));
      gtk_list_box_append (self->sources_list, GTK_WIDGET (self->sources[s]));
    }
  gtk_widget_set_visible (self->sources_group, TRUE);
}

static GtkWidget *
message_row (const char *title,
             const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static GtkWidget *
finding_row (const CdFinding *finding)
{
  GtkWidget *row = message_row (cd_label_pick (finding->message_vi, finding->message_en,
                                               finding->code),
                                finding->code);
  GtkWidget *badge = gtk_label_new (NULL);

  switch (finding->severity)
    {
    case CD_FINDING_ERROR:
      gtk_label_set_text (GTK_LABEL (badge), _("Error"));
      gtk_widget_add_css_class (badge, "error");
      break;
    case CD_FINDING_WARNING:
      gtk_label_set_text (GTK_LABEL (badge), _("Warning"));
      gtk_widget_add_css_class (badge, "warning");
      break;
    case CD_FINDING_INFO:
    default:
      gtk_label_set_text (GTK_LABEL (badge), _("Information"));
      gtk_widget_add_css_class (badge, "dim-label");
      break;
    }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);
  return row;
}

/* The cross-checks of the evidence, or why they could not run. */
static void
show_findings (CdNewClaimPage *self)
{
  GPtrArray *findings = self->fetched->findings;

  cd_list_box_remove_all (self->findings_list);
  if (self->fetched->findings_error != NULL)
    gtk_list_box_append (self->findings_list,
                         message_row (_("The evidence could not be cross-checked"),
                                      self->fetched->findings_error->message));
  for (guint i = 0; i < findings->len; i++)
    gtk_list_box_append (self->findings_list, finding_row (g_ptr_array_index (findings, i)));
  self->n_findings = findings->len;
  gtk_widget_set_visible (self->findings_group,
                          gtk_widget_get_first_child (GTK_WIDGET (self->findings_list)) != NULL);
}

static void
on_case_toggled (CdNewClaimPage *self,
                 GtkCheckButton *button)
{
  int index;

  if (!gtk_check_button_get_active (button))
    return;
  index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "case-index"));
  gtk_widget_activate_action (GTK_WIDGET (self), "new-claim.select-case", "i", index);
}

static void
show_cases (CdNewClaimPage *self)
{
  GPtrArray *proposals = self->fetched->proposals;
  GtkCheckButton *group = NULL;

  cd_list_box_remove_all (self->cases_list);
  for (guint i = 0; i < proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (proposals, i);
      g_autofree char *from = cd_format_date_vi (proposal->from);
      g_autofree char *to = cd_format_date_vi (proposal->to);
      g_autofree char *title = g_strdup_printf ("%s: %s – %s",
                                                cd_benefit_get_label (proposal->benefit), from, to);
      GtkWidget *row = message_row (title, proposal->evidence);
      GtkWidget *check = gtk_check_button_new ();

      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_object_set_data (G_OBJECT (check), "case-index", GINT_TO_POINTER (i));
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_case_toggled), self,
                               G_CONNECT_SWAPPED);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->cases_list, row);
    }
  if (proposals->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No document suggests a case for this person"));
      gtk_list_box_append (self->cases_list, row);
    }
  gtk_widget_set_visible (self->cases_group, TRUE);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdIntakeResult) fetched = cd_claim_intake_fetch_finish (CD_CLAIM_INTAKE (object),
                                                                    result, &error);
  CdNewClaimPage *self;

  /* Cancelled: the page was reset, fetched again, left its window or is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CD_NEW_CLAIM_PAGE (user_data);
  if (fetched == NULL)
    {
      gtk_label_set_text (self->id_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->id_error), TRUE);
      update_actions (self);
      return;
    }

  /* The signature of each answer asked for, now that it was verified. */
  for (guint i = 0; i < fetched->stored->len; i++)
    {
      CdStoredEvidence *stored = g_ptr_array_index (fetched->stored, i);
      CdSourceRow *row = stored->source < CD_N_EVIDENCE_SOURCES ? self->sources[stored->source]
                                                                : NULL;

      if (row != NULL && (fetched->asked & (1u << stored->source)) != 0
          && !cd_source_row_get_failed (row))
        cd_source_row_set_signature (row, stored->signature_status, stored->signer);
    }

  self->fetched = g_steal_pointer (&fetched);
  show_findings (self);
  show_cases (self);
  update_actions (self);
}

/* Asks the sources of `wanted` (every one for another person or window) about the ID typed. */
static void
start_fetch (CdNewClaimPage *self,
             guint           wanted)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  g_autofree char *from = window_start_iso (self);
  g_autofree char *to = today_iso (self);
  CdClaimIntake *intake;
  const CdCitizenCard *card;
  gboolean same;

  if (!self->can_fetch || !cd_identifier_check_personal_id (text, NULL))
    return;
  /* The answers are verified as they are stored: a fetch asked for in the few milliseconds before
   * the anchors are read starts once they are. */
  if (!self->trust_known)
    {
      self->pending_fetch |= wanted;
      update_actions (self);
      return;
    }
  same = self->fetched != NULL && g_str_equal (self->fetched->personal_id, text)
         && g_str_equal (self->fetched->window_from, from)
         && g_str_equal (self->fetched->window_to, to);
  if (!same || self->sources[0] == NULL)
    wanted = CD_EVIDENCE_ALL_SOURCES;

  clear_case (self);
  g_clear_pointer (&self->fetched, cd_intake_result_unref);
  self->claim_id = 0;
  gtk_widget_set_visible (self->cases_group, FALSE);
  gtk_widget_set_visible (self->findings_group, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->id_error), FALSE);
  if (wanted == CD_EVIDENCE_ALL_SOURCES)
    build_source_rows (self);
  else
    for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
      if ((wanted & (1u << s)) != 0)
        cd_source_row_set_working (self->sources[s]);

  intake = ensure_intake (self);
  g_assert (intake != NULL);
  /* The card, when the ID was read off one, is checked against the population register. */
  card = self->card != NULL && g_str_equal (self->card->personal_id, text) ? self->card : NULL;
  cd_claim_intake_fetch_async (intake, text, from, to, 0, card, wanted,
                               renew (&self->fetch_cancellable), on_fetched, self);
  update_actions (self);
}

static void
fetch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (widget);

  /* A scan is fetched as its ID would be; a code that is not a card's fetches nothing. */
  if (!read_card (self))
    return;
  start_fetch (self, CD_EVIDENCE_ALL_SOURCES);
}

static void
retry_source_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  int source = g_variant_get_int32 (parameter);

  if (source < 0 || source >= CD_N_EVIDENCE_SOURCES)
    return;
  start_fetch (CD_NEW_CLAIM_PAGE (widget), 1u << source);
}

/* ---- Paper evidence ------------------------------------------------------------------------- */

/* The paper is stored: the sources that failed are asked again (or the medical portal, when none
 * failed), and the stored evidence, the paper with it, is checked and read for cases anew. */
static void
on_paper_saved (CdPaperDocumentDialog *dialog,
                gint64                 document_id,
                CdNewClaimPage        *self)
{
  guint failed = 0;

  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    if (self->sources[s] != NULL && cd_source_row_get_failed (self->sources[s]))
      failed |= 1u << s;
  start_fetch (self, failed != 0 ? failed : 1u << CD_EVIDENCE_MEDICAL);
}

static void
record_paper_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->fetched == NULL)
    return;
  if (self->paper_dialog != NULL)
    {
      gtk_window_present (self->paper_dialog);
      return;
    }
  dialog = cd_paper_document_dialog_new (self->context, self->fetched->personal_id, 0);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_paper_saved), self, 0);
  self->paper_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->paper_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- The facts of the chosen case, evaluated live ------------------------------------------- */

static void
on_evaluated (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = cd_claim_intake_evaluate_finish (CD_CLAIM_INTAKE (object), result, &error);
  CdNewClaimPage *self;

  /* Cancelled: the facts changed since, or the case, or the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CD_NEW_CLAIM_PAGE (user_data);
  cd_evaluation_view_set_busy (self->evaluation_view, FALSE);
  g_clear_pointer (&self->result, json_node_unref);
  if (node == NULL)
    {
      /* A refusal names the fact at fault first: its row shows why. */
      self->total = -1;
      cd_fact_form_mark_refusal (self->fact_form, error->message);
      cd_evaluation_view_set_error (self->evaluation_view, error->message);
      update_actions (self);
      return;
    }
  cd_fact_form_clear_refusals (self->fact_form);
  self->result = node;
  self->total = json_object_get_int_member_with_default (json_node_get_object (node), "total", 0);
  cd_evaluation_view_set_result (self->evaluation_view, node);
  update_actions (self);
}

static void
evaluate_now (CdNewClaimPage *self)
{
  JsonNode *facts = cd_fact_form_get_facts (self->fact_form);

  if (facts == NULL || self->intake == NULL)
    return;
  if (cd_claim_intake_get_rule_pack (self->intake) == NULL)
    {
      if (self->rules_error != NULL)
        {
          cd_evaluation_view_set_busy (self->evaluation_view, FALSE);
          cd_evaluation_view_set_error (self->evaluation_view, self->rules_error);
          return;
        }
      /* Still loading: the evaluation follows when the pack arrives. */
      self->waiting_for_rules = TRUE;
      cd_evaluation_view_set_busy (self->evaluation_view, TRUE);
      return;
    }
  cd_evaluation_view_set_busy (self->evaluation_view, TRUE);
  cd_claim_intake_evaluate_async (self->intake, facts, renew (&self->evaluate_cancellable),
                                  on_evaluated, self);
}

static gboolean
on_evaluate_timeout (gpointer user_data)
{
  CdNewClaimPage *self = user_data;

  self->evaluate_timeout = 0;
  evaluate_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_evaluation (CdNewClaimPage *self)
{
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  g_clear_pointer (&self->result, json_node_unref);
  update_actions (self);
  self->evaluate_timeout = g_timeout_add (EVALUATE_DELAY_MS, on_evaluate_timeout, self);
}

static void
on_form_changed (CdNewClaimPage *self)
{
  if (cd_fact_form_get_valid (self->fact_form))
    {
      schedule_evaluation (self);
      return;
    }
  /* What was evaluated no longer matches the form, and the form cannot be evaluated as it is. */
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  cancel (self->evaluate_cancellable);
  self->waiting_for_rules = FALSE;
  cd_evaluation_view_set_busy (self->evaluation_view, FALSE);
  g_clear_pointer (&self->result, json_node_unref);
  update_actions (self);
}

static void
on_built (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  CdFactsDraft *draft = cd_claim_intake_build_facts_finish (CD_CLAIM_INTAKE (object), result,
                                                            &error);
  CdNewClaimPage *self;
  const CdCaseProposal *proposal;

  /* Cancelled: another case was chosen, or another claim started, or the page is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CD_NEW_CLAIM_PAGE (user_data);
  gtk_widget_set_visible (GTK_WIDGET (self->evaluation_view), TRUE);
  if (draft == NULL)
    {
      cd_evaluation_view_set_error (self->evaluation_view, error->message);
      return;
    }
  proposal = g_ptr_array_index (self->fetched->proposals, self->chosen);
  cd_fact_form_set_draft (self->fact_form, proposal->benefit, draft);
  gtk_widget_set_visible (GTK_WIDGET (self->fact_form), TRUE);
  gtk_widget_set_visible (self->create_button, TRUE);
  schedule_evaluation (self);
}

static void
select_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (widget);
  int index = g_variant_get_int32 (parameter);
  g_autofree char *decided_on = NULL;
  GtkListBoxRow *row;
  GtkWidget *check;

  if (self->fetched == NULL || self->intake == NULL || index < 0
      || (guint) index >= self->fetched->proposals->len || index == self->chosen)
    return;
  clear_case (self);
  self->chosen = index;
  self->claim_id = 0;

  /* Keep the radio rows in step when the action comes from elsewhere. */
  row = gtk_list_box_get_row_at_index (self->cases_list, index);
  check = row != NULL ? adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) : NULL;
  if (check != NULL && !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);

  decided_on = today_iso (self);
  cd_claim_intake_build_facts_async (self->intake, self->fetched->personal_id,
                                     g_ptr_array_index (self->fetched->proposals, index),
                                     decided_on, renew (&self->build_cancellable), on_built, self);
  update_actions (self);
}

/* ---- Creating the claim --------------------------------------------------------------------- */

static void
report_create_error (CdNewClaimPage *self,
                     const GError   *error)
{
  cd_list_box_remove_all (self->findings_list);
  gtk_list_box_append (self->findings_list, message_row (_("The claim could not be saved"),
                                                         error->message));
  gtk_widget_set_visible (self->findings_group, TRUE);
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  /* Held: a save that has begun runs to its end and says what it did, cancelled or not. */
  g_autoptr(CdNewClaimPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 claim_id = cd_workflow_open_evaluated_claim_finish (result, &error);

  self->creating = FALSE;
  /* The page left its window: nobody is there to tell. */
  if (g_cancellable_is_cancelled (self->create_cancellable))
    return;
  if (claim_id == 0)
    {
      report_create_error (self, error);
      update_actions (self);
      return;
    }
  self->claim_id = claim_id;
  update_actions (self);
  g_signal_emit (self, signals[SIGNAL_CLAIM_CREATED], 0, claim_id);
}

static const char *
first_period_member (JsonNode   *facts,
                     const char *path,
                     const char *member)
{
  JsonNode *node = cd_facts_json_get (facts, path);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  array = json_node_get_array (node);
  if (json_array_get_length (array) == 0)
    return NULL;
  return json_object_get_string_member_with_default (json_array_get_object_element (array, 0),
                                                     member, NULL);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (widget);
  JsonNode *facts = cd_fact_form_get_facts (self->fact_form);
  CdClock *clock = cd_context_get_clock (self->context);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *number = NULL;
  g_autofree char *facts_json = NULL;
  g_autofree char *result_json = NULL;
  CdCaseProposal *proposal;
  CdClaimDraft draft = { 0 };
  const char *from;
  const char *to;

  if (!self->can_create || facts == NULL)
    return;
  proposal = g_ptr_array_index (self->fetched->proposals, self->chosen);
  /* The claim's period: the first leave or part the officer confirmed, else the documents'. */
  from = first_period_member (facts, "case.leave", "from");
  to = first_period_member (facts, "case.leave", "to");
  if (from == NULL)
    {
      from = first_period_member (facts, "case.parts", "from");
      to = first_period_member (facts, "case.parts", "to");
    }
  if (from == NULL || to == NULL || strcmp (from, to) > 0)
    {
      from = proposal->from;
      to = proposal->to;
    }

  /* The number says when, in the office's time. */
  now = cd_clock_get_now (clock);
  local = g_date_time_to_local (now);
  stamp = g_date_time_format (local, "%Y%m%d%H%M%S");
  number = g_strdup_printf ("NC-%s-%04d", stamp, g_random_int_range (0, 10000));
  draft.number = number;
  draft.benefit = proposal->benefit;
  draft.claimant_id = self->fetched->personal_id;
  draft.period_from = from;
  draft.period_to = to;
  draft.event_date = proposal->event_date;
  if (cd_intake_result_is_known_child (self->fetched, proposal->child_id))
    draft.child_id = proposal->child_id;
  draft.received_on = cd_date_to_yyyymmdd (cd_clock_get_today (clock));
  facts_json = json_to_string (facts, FALSE);
  result_json = json_to_string (self->result, FALSE);
  self->creating = TRUE;
  update_actions (self);
  /* Opened, evidence complete and evaluated: each step audited, all or nothing. */
  cd_workflow_open_evaluated_claim_async (cd_context_get_database (self->context),
                                          cd_context_get_session (self->context), &draft,
                                          facts_json, result_json,
                                          renew (&self->create_cancellable), on_opened,
                                          g_object_ref (self));
}

/* ---- Public API ----------------------------------------------------------------------------- */

GtkWidget *
cd_new_claim_page_new (CdContext *context)
{
  g_return_val_if_fail (CD_IS_CONTEXT (context), NULL);

  return g_object_new (CD_TYPE_NEW_CLAIM_PAGE, "context", context, NULL);
}

CdContext *
cd_new_claim_page_get_context (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), NULL);
  return self->context;
}

void
cd_new_claim_page_reset (CdNewClaimPage *self)
{
  g_return_if_fail (CD_IS_NEW_CLAIM_PAGE (self));

  forget_claim (self);
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), "");
  update_actions (self);
}

const char *
cd_new_claim_page_get_id_error (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), NULL);
  return self->id_error_text;
}

guint
cd_new_claim_page_get_sources_done (CdNewClaimPage *self)
{
  guint n = 0;

  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    n += self->sources[s] != NULL && cd_source_row_get_done (self->sources[s]) ? 1 : 0;
  return n;
}

guint
cd_new_claim_page_get_sources_failed (CdNewClaimPage *self)
{
  guint n = 0;

  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    n += self->sources[s] != NULL && cd_source_row_get_failed (self->sources[s]) ? 1 : 0;
  return n;
}

guint
cd_new_claim_page_get_n_cases (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  return self->fetched != NULL ? self->fetched->proposals->len : 0;
}

guint
cd_new_claim_page_get_n_findings (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  return self->fetched != NULL ? self->n_findings : 0;
}

CdBenefit
cd_new_claim_page_get_case_benefit (CdNewClaimPage *self,
                                    guint           index)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), CD_N_BENEFITS);

  if (self->fetched == NULL || index >= self->fetched->proposals->len)
    return CD_N_BENEFITS;
  return ((CdCaseProposal *) g_ptr_array_index (self->fetched->proposals, index))->benefit;
}

gboolean
cd_new_claim_page_get_busy (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), FALSE);
  return get_busy (self);
}

gint64
cd_new_claim_page_get_total (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), -1);
  return self->result != NULL ? self->total : -1;
}

gint64
cd_new_claim_page_get_claim_id (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  return self->claim_id;
}

gboolean
cd_new_claim_page_set_field (CdNewClaimPage *self,
                             const char     *path,
                             const char     *text)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), FALSE);
  return cd_fact_form_set_text (self->fact_form, path, text);
}

/* ---- GObject -------------------------------------------------------------------------------- */

static void
cd_new_claim_page_constructed (GObject *object)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);

  G_OBJECT_CLASS (cd_new_claim_page_parent_class)->constructed (object);

  /* Built alone (from a template, in a test), the page has nothing to work with. */
  if (self->context == NULL)
    self->context = cd_context_new ();
  g_signal_connect_object (self->context, "notify::database", G_CALLBACK (on_database_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::session", G_CALLBACK (on_session_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::central-url", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::evidence-url", G_CALLBACK (update_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->context, "notify::rule-pack", G_CALLBACK (on_rule_pack_changed),
                           self, G_CONNECT_SWAPPED);
  on_session_changed (self);
  /* Shared with every other user of the context, and read once. */
  cd_context_load_rule_pack_async (self->context, self->cancellable, on_rule_pack_loaded, self);
  cd_context_load_trust_store_async (self->context, self->cancellable, on_trust_loaded, self);
}

static void
cd_new_claim_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_CREATE:
      g_value_set_boolean (value, self->can_create);
      break;
    case PROP_CAN_FETCH:
      g_value_set_boolean (value, self->can_fetch);
      break;
    case PROP_CONTEXT:
      g_value_set_object (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_new_claim_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);

  switch (prop_id)
    {
    case PROP_CONTEXT:
      self->context = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Work in progress stops when the page leaves its window. */
static void
cd_new_claim_page_unroot (GtkWidget *widget)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (widget);

  cancel (self->fetch_cancellable);
  cancel (self->build_cancellable);
  cancel (self->evaluate_cancellable);
  cancel (self->create_cancellable);
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);

  GTK_WIDGET_CLASS (cd_new_claim_page_parent_class)->unroot (widget);
}

/* Every callback of the page's work checks for G_IO_ERROR_CANCELLED before it looks at the page:
 * cancelling here is what lets them come back after the page is gone. */
static void
cd_new_claim_page_dispose (GObject *object)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);

  if (self->paper_dialog != NULL)
    {
      GtkWindow *paper = self->paper_dialog;

      g_object_remove_weak_pointer (G_OBJECT (paper), (gpointer *) &self->paper_dialog);
      self->paper_dialog = NULL;
      gtk_window_destroy (paper);
    }
  cancel (self->cancellable);
  cancel (self->fetch_cancellable);
  cancel (self->build_cancellable);
  cancel (self->evaluate_cancellable);
  cancel (self->create_cancellable);
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  drop_intake (self);
  g_clear_object (&self->trust);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  if (self->context != NULL)
    g_signal_handlers_disconnect_by_data (self->context, self);
  memset (self->sources, 0, sizeof self->sources);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_NEW_CLAIM_PAGE);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (cd_new_claim_page_parent_class)->dispose (object);
}

static void
cd_new_claim_page_finalize (GObject *object)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->fetch_cancellable);
  g_clear_object (&self->build_cancellable);
  g_clear_object (&self->evaluate_cancellable);
  g_clear_object (&self->create_cancellable);
  g_clear_pointer (&self->fetched, cd_intake_result_unref);
  g_clear_pointer (&self->result, json_node_unref);
  g_free (self->rules_error);
  g_free (self->id_error_text);
  g_clear_pointer (&self->card, cd_citizen_card_free);

  G_OBJECT_CLASS (cd_new_claim_page_parent_class)->finalize (object);
}

static void
cd_new_claim_page_class_init (CdNewClaimPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cd_new_claim_page_constructed;
  object_class->dispose = cd_new_claim_page_dispose;
  object_class->finalize = cd_new_claim_page_finalize;
  object_class->get_property = cd_new_claim_page_get_property;
  object_class->set_property = cd_new_claim_page_set_property;
  widget_class->unroot = cd_new_claim_page_unroot;

  /* Whether new-claim.create is enabled: an evaluation stands, the claim is not saved yet, and
   * someone signed in may open it. */
  properties[PROP_CAN_CREATE] =
    g_param_spec_boolean ("can-create", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether new-claim.fetch is enabled: a whole valid ID, a writer, someone to ask as, no fetch
   * running. */
  properties[PROP_CAN_FETCH] =
    g_param_spec_boolean ("can-fetch", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The writer, the fetcher, the trust store, the rules, the clock and the session. */
  properties[PROP_CONTEXT] =
    g_param_spec_object ("context", NULL, NULL, CD_TYPE_CONTEXT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CdNewClaimPage::claim-created:
   * @claim_id: the new claim's id
   *
   * The claim was opened, its evidence marked complete and its evaluation recorded.
   */
  signals[SIGNAL_CLAIM_CREATED] =
    g_signal_new ("claim-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_INT64);

  g_type_ensure (CD_TYPE_EVALUATION_VIEW);
  g_type_ensure (CD_TYPE_FACT_FORM);
  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-new-claim-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "newclaimpage");
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, card_label);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, cases_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, cases_list);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, evaluation_view);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, fact_form);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, fetch_button);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, findings_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, id_error);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, sources_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, sources_list);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_id_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_id_changed);

  gtk_widget_class_install_action (widget_class, "new-claim.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "new-claim.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "new-claim.retry-source", "i",
                                   retry_source_action);
  gtk_widget_class_install_action (widget_class, "new-claim.select-case", "i", select_case_action);
  gtk_widget_class_install_action (widget_class, "new-claim.record-paper", NULL,
                                   record_paper_action);
}

static void
cd_new_claim_page_init (CdNewClaimPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->chosen = -1;
  self->total = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
}
