/* cd-new-claim-page.c — a new claim from the personal ID to the saved, evaluated claim. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cd-case-detect.h"
#include "cd-central-client.h"
#include "cd-clock.h"
#include "cd-cross-checks.h"
#include "cd-evidence-fetcher.h"
#include "cd-evidence-store.h"
#include "cd-facts-builder.h"
#include "cd-format.h"
#include "cd-http-client.h"
#include "cd-identifiers.h"
#include "cd-new-claim-page.h"
#include "cd-persons.h"
#include "cd-resources.h"
#include "cd-rule-texts.h"
#include "cd-rules-engine.h"
#include "cd-trust-store.h"
#include "cd-workflow.h"

#define EVALUATE_DELAY_MS 300

typedef enum
{
  FIELD_TEXT,
  FIELD_DATE,
  FIELD_INT,
  FIELD_BOOL,
  FIELD_PERIOD_FROM,   /* path names an array of {from,to}: its first item */
  FIELD_PERIOD_TO,
} FieldKind;

typedef struct
{
  const char *path;
  const char *title;   /* N_() */
  FieldKind   kind;
} FieldSpec;

typedef struct
{
  GtkWidget *spinner;
  GtkWidget *status;
  GtkWidget *badge;
  GtkWidget *retry;
  GtkWidget *row;
  gboolean   done;
  gboolean   failed;
} SourceRow;

typedef struct
{
  const FieldSpec *spec;
  GtkWidget       *row;
  GtkWidget       *reason;
} FormField;

struct _CdNewClaimPage
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkWidget         *cases_group;
  GtkListBox        *cases_list;
  GtkWidget         *create_button;
  GtkSpinner        *evaluate_spinner;
  GtkWidget         *fetch_button;
  GtkWidget         *findings_group;
  GtkListBox        *findings_list;
  GtkWidget         *form_group;
  GtkListBox        *form_list;
  GtkLabel          *id_error;
  AdwEntryRow       *id_row;
  GtkWidget         *result_group;
  GtkListBox        *result_list;
  GtkWidget         *scroller;
  GtkWidget         *sources_group;
  GtkListBox        *sources_list;

  /* Back end */
  CdDatabase        *db;
  char              *gateway_url;
  char              *central_url;
  CdHttpClient      *http;
  CdCentralClient   *central;
  CdEvidenceFetcher *fetcher;
  CdRulePack        *pack;
  CdSession         *session;          /* who opens the claims made here; NULL: nobody */

  /* Work in progress */
  GCancellable      *cancellable;      /* the page's life */
  GCancellable      *fetch_cancellable;
  GCancellable      *evaluate_cancellable;
  gboolean           fetching;
  gboolean           creating;
  guint              evaluate_timeout;
  char              *personal_id;
  SourceRow          sources[CD_N_EVIDENCE_SOURCES];
  GPtrArray         *proposals;        /* CdCaseProposal */
  int                chosen;
  CdFactsDraft      *draft;
  GArray            *fields;           /* FormField */
  gboolean           filling;
  JsonNode          *result;           /* the latest result JSON, or NULL */
  gint64             total;
  gint64             claim_id;
  char              *id_error_text;
  guint              n_findings;
  GHashTable        *known_children;

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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_CLAIM_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_evaluation (CdNewClaimPage *self);

/* The facts each benefit's form shows, besides the claimant's. */
static const FieldSpec claimant_fields[] = {
  { "claimant.sex", N_("Sex (female / male)"), FIELD_TEXT },
  { "claimant.insured", N_("Currently insured"), FIELD_BOOL },
  { "claimant.si_years", N_("Completed years of social insurance"), FIELD_INT },
  { "claimant.heavy_or_difficult", N_("Heavy, hazardous or difficult job"), FIELD_BOOL },
  { "employer.calendar", N_("Employer calendar (public-sector / enterprise)"), FIELD_TEXT },
  { NULL }
};

static const FieldSpec sickness_fields[] = {
  { "case.leave", N_("Leave from"), FIELD_PERIOD_FROM },
  { "case.leave", N_("Leave to"), FIELD_PERIOD_TO },
  { "case.cause", N_("Cause (illness, accident…)"), FIELD_TEXT },
  { "case.inpatient", N_("Inpatient treatment"), FIELD_BOOL },
  { "case.surgery", N_("Surgery"), FIELD_BOOL },
  { "case.long_term_disease", N_("Listed long-term disease"), FIELD_BOOL },
  { NULL }
};

static const FieldSpec child_sickness_fields[] = {
  { "case.child.key", N_("Child's personal ID"), FIELD_TEXT },
  { "case.child.birth_date", N_("Child's date of birth"), FIELD_DATE },
  { "case.leave", N_("Leave from"), FIELD_PERIOD_FROM },
  { "case.leave", N_("Leave to"), FIELD_PERIOD_TO },
  { NULL }
};

static const FieldSpec prenatal_fields[] = {
  { "case.visits", N_("Check-up from"), FIELD_PERIOD_FROM },
  { "case.visits", N_("Check-up to"), FIELD_PERIOD_TO },
  { "case.visits_before", N_("Check-ups already paid"), FIELD_INT },
  { NULL }
};

static const FieldSpec loss_fields[] = {
  { "case.event_date", N_("Date of the loss"), FIELD_DATE },
  { "case.gestation.weeks", N_("Weeks of gestation"), FIELD_INT },
  { "case.leave.from", N_("Leave from"), FIELD_DATE },
  { "case.leave.days", N_("Days of leave prescribed"), FIELD_INT },
  { "case.infertility_treatment", N_("Stopped work for infertility treatment"), FIELD_BOOL },
  { NULL }
};

static const FieldSpec childbirth_fields[] = {
  { "case.birth_date", N_("Date of birth"), FIELD_DATE },
  { "case.leave_from", N_("Leave from"), FIELD_DATE },
  { "case.children", N_("Children born"), FIELD_INT },
  { "case.living_children_before", N_("Living children before this birth"), FIELD_INT },
  { "case.caesarean", N_("Caesarean"), FIELD_BOOL },
  { "case.pregnancy_rest", N_("Pregnancy rest on a doctor's order"), FIELD_BOOL },
  { NULL }
};

static const FieldSpec takeover_fields[] = {
  { "case.birth_date", N_("Date of birth"), FIELD_DATE },
  { "case.leave_from", N_("Mother's leave from"), FIELD_DATE },
  { "case.children", N_("Children born"), FIELD_INT },
  { "case.takeover_from", N_("Takeover from"), FIELD_DATE },
  { "case.mother_insured", N_("Mother insured"), FIELD_BOOL },
  { "case.mother_eligible", N_("Mother eligible"), FIELD_BOOL },
  { NULL }
};

static const FieldSpec father_fields[] = {
  { "case.birth_date", N_("Date of birth"), FIELD_DATE },
  { "case.children", N_("Children born"), FIELD_INT },
  { "case.caesarean", N_("Caesarean"), FIELD_BOOL },
  { "case.wife_living_children_before", N_("Wife's living children before this birth"), FIELD_INT },
  { "case.parts", N_("Leave from"), FIELD_PERIOD_FROM },
  { "case.parts", N_("Leave to"), FIELD_PERIOD_TO },
  { NULL }
};

static const FieldSpec contraception_fields[] = {
  { "case.method", N_("Method (iud / sterilisation)"), FIELD_TEXT },
  { "case.from", N_("Leave from"), FIELD_DATE },
  { "case.days", N_("Days"), FIELD_INT },
  { NULL }
};

static const FieldSpec *
case_fields_for (CdBenefit benefit)
{
  switch (benefit)
    {
    case CD_BENEFIT_SICKNESS:
      return sickness_fields;
    case CD_BENEFIT_CHILD_SICKNESS:
      return child_sickness_fields;
    case CD_BENEFIT_PRENATAL_CHECKUP:
      return prenatal_fields;
    case CD_BENEFIT_PREGNANCY_LOSS:
      return loss_fields;
    case CD_BENEFIT_CHILDBIRTH:
      return childbirth_fields;
    case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
      return takeover_fields;
    case CD_BENEFIT_FATHER_LEAVE:
      return father_fields;
    case CD_BENEFIT_CONTRACEPTION:
      return contraception_fields;
    case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
    case CD_BENEFIT_SURROGACY:
    case CD_BENEFIT_COMMISSIONING_MOTHER:
    case CD_BENEFIT_ADOPTION:
    case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
    case CD_BENEFIT_LUMP_SUM_FATHER:
    case CD_BENEFIT_VOLUNTARY_MATERNITY:
    case CD_N_BENEFITS:
    default:
      return NULL;
    }
}

static gboolean
prefer_vietnamese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "vi");
}

/* FALSE once dispose has dropped the template: late callbacks touch nothing then. */
static gboolean
is_alive (CdNewClaimPage *self)
{
  return self->id_row != NULL;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
today_iso (void)
{
  return cd_date_to_string (cd_clock_get_today (cd_clock_get_default ()));
}

/* Where the fetch window starts: 1 January of last year. */
static char *
window_start_iso (void)
{
  CdDay today = cd_clock_get_today (cd_clock_get_default ());

  return cd_date_to_string (cd_date_from_ymd (cd_date_year (today) - 1, 1, 1));
}

/* The one place that decides what can be done now: the actions and the properties that show it
 * to the window and the tests follow from here. */
static void
update_actions (CdNewClaimPage *self)
{
  gboolean id_valid;
  gboolean can_fetch;
  gboolean can_create;
  gboolean may_open;

  if (!is_alive (self))
    return;
  id_valid = self->id_error_text == NULL
                      && strlen (gtk_editable_get_text (GTK_EDITABLE (self->id_row))) == 12;
  /* Only the workflow opens claims, as someone signed in whose role may. */
  may_open = self->session != NULL && !cd_session_get_locked (self->session)
             && cd_workflow_can_open (cd_session_get_role (self->session));
  can_fetch = id_valid && !self->fetching && self->db != NULL;
  can_create = self->result != NULL && !self->creating && self->claim_id == 0
               && self->proposals != NULL && self->db != NULL && may_open;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new-claim.fetch", can_fetch);
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

/* The personal ID, checked as it is typed. */

static void
on_id_changed (CdNewClaimPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->id_error_text, g_free);
  if (*text != '\0' && !cd_identifier_check_personal_id (text, &error))
    {
      /* While typing, a prefix of digits is not an error yet. */
      gboolean partial_digits = strlen (text) < 12 && strspn (text, "0123456789") == strlen (text);

      if (!partial_digits || strlen (text) >= 4)
        {
          if (partial_digits)
            {
              g_autofree char *padded = g_strdup_printf ("%s%.*s", text, (int) (12 - strlen (text)),
                                                         "000000000000");
              g_autoptr(GError) prefix_error = NULL;

              if (!cd_identifier_check_personal_id (padded, &prefix_error))
                self->id_error_text = g_strdup (prefix_error->message);
            }
          else
            self->id_error_text = g_strdup (error->message);
        }
    }

  if (self->id_error_text != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->id_row), "error");
      gtk_label_set_text (self->id_error, self->id_error_text);
      gtk_widget_set_visible (GTK_WIDGET (self->id_error), TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->id_row), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->id_error), FALSE);
    }
  update_actions (self);
}

static void
on_id_activated (CdNewClaimPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "new-claim.fetch", NULL);
}

/* Fetching, with a row per source. */

static void
build_source_rows (CdNewClaimPage *self)
{
  clear_list (self->sources_list);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      SourceRow *row = &self->sources[s];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

      row->row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row->row),
                                     cd_evidence_source_get_system (s));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row->row), cd_evidence_source_to_string (s));
      row->spinner = gtk_spinner_new ();
      gtk_spinner_set_spinning (GTK_SPINNER (row->spinner), TRUE);
      row->status = gtk_label_new (_("Working…"));
      gtk_label_set_xalign (GTK_LABEL (row->status), 1);
      gtk_widget_add_css_class (row->status, "dim-label");
      gtk_widget_add_css_class (row->status, "numeric");
      row->badge = gtk_label_new (NULL);
      gtk_widget_add_css_class (row->badge, "caption-heading");
      gtk_widget_set_visible (row->badge, FALSE);
      row->retry = gtk_button_new_with_mnemonic (_("_Retry"));
      gtk_widget_set_valign (row->retry, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row->retry), "new-claim.retry-source");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row->retry), "i", (int) s);
      gtk_widget_set_tooltip_text (row->retry, _("Ask this source again"));
      gtk_widget_set_visible (row->retry, FALSE);
      gtk_box_append (GTK_BOX (box), row->spinner);
      gtk_box_append (GTK_BOX (box), row->status);
      gtk_box_append (GTK_BOX (box), row->badge);
      gtk_box_append (GTK_BOX (box), row->retry);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row->row), box);
      row->done = FALSE;
      row->failed = FALSE;
      gtk_list_box_append (self->sources_list, row->row);
    }
  gtk_widget_set_visible (self->sources_group, TRUE);
}

/* A row back to "working", for a source asked again. */
static void
reset_source_row (CdNewClaimPage   *self,
                  CdEvidenceSource  source)
{
  SourceRow *row = &self->sources[source];

  gtk_widget_set_visible (row->spinner, TRUE);
  gtk_spinner_set_spinning (GTK_SPINNER (row->spinner), TRUE);
  gtk_label_set_text (GTK_LABEL (row->status), _("Working…"));
  gtk_widget_remove_css_class (row->status, "error");
  gtk_widget_add_css_class (row->status, "dim-label");
  gtk_widget_set_visible (row->retry, FALSE);
  gtk_widget_set_visible (row->badge, FALSE);
  row->done = FALSE;
  row->failed = FALSE;
}

static void
on_source_progress (const CdEvidenceResponse *response,
                    gpointer                  user_data)
{
  CdNewClaimPage *self = user_data;
  SourceRow *row;
  g_autofree char *text = NULL;

  if (!is_alive (self) || g_cancellable_is_cancelled (self->cancellable)
      || response->source >= CD_N_EVIDENCE_SOURCES)
    return;
  row = &self->sources[response->source];
  gtk_spinner_set_spinning (GTK_SPINNER (row->spinner), FALSE);
  gtk_widget_set_visible (row->spinner, FALSE);
  row->done = TRUE;
  if (response->error != NULL)
    {
      row->failed = TRUE;
      gtk_label_set_wrap (GTK_LABEL (row->status), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (row->status), 40);
      gtk_label_set_text (GTK_LABEL (row->status), response->error->message);
      gtk_widget_remove_css_class (row->status, "dim-label");
      gtk_widget_add_css_class (row->status, "error");
      gtk_widget_set_visible (row->retry, TRUE);
      return;
    }
  /* TRANSLATORS: a source answered: the time it took */
  text = g_strdup_printf (_("Done in %u ms"), (guint) (response->elapsed_us / 1000));
  gtk_label_set_text (GTK_LABEL (row->status), text);
}

typedef struct
{
  CdDatabase *db;
  char       *personal_id;
  char       *from;
  char       *to;
  GPtrArray  *responses;
  /* results */
  GPtrArray  *stored;
  GPtrArray  *findings;
  GPtrArray  *proposals;
  GHashTable *known_children;  /* personal IDs of proposed children the database knows */
} StoreJob;

static void
store_job_free (StoreJob *job)
{
  g_clear_object (&job->db);
  g_free (job->personal_id);
  g_free (job->from);
  g_free (job->to);
  g_clear_pointer (&job->responses, g_ptr_array_unref);
  g_clear_pointer (&job->stored, g_ptr_array_unref);
  g_clear_pointer (&job->findings, g_ptr_array_unref);
  g_clear_pointer (&job->proposals, g_ptr_array_unref);
  g_clear_pointer (&job->known_children, g_hash_table_unref);
  g_free (job);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StoreJob *job = task_data;
  GError *error = NULL;
  /* Without the trust store every signature would read "untrusted": say so, but carry on. */
  g_autoptr(CdTrustStore) trust = cd_trust_store_new_default (NULL);

  job->stored = cd_evidence_store_save (job->db, job->personal_id, job->from, job->to, 0,
                                        job->responses, trust, &error);
  if (job->stored == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->findings = cd_cross_check (job->db, job->personal_id, 0, NULL);
  job->proposals = cd_case_detect (job->db, job->personal_id, &error);
  if (job->proposals == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A claim names its child only when the child is a known person. */
  job->known_children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < job->proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (job->proposals, i);
      gint64 child = 0;

      if (proposal->child_id != NULL
          && cd_persons_find_by_personal_id (job->db, proposal->child_id, &child, NULL)
          && child > 0)
        g_hash_table_add (job->known_children, g_strdup (proposal->child_id));
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_case_toggled (GtkCheckButton *button,
                 CdNewClaimPage *self)
{
  int index;

  if (!gtk_check_button_get_active (button))
    return;
  index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "case-index"));
  gtk_widget_activate_action (GTK_WIDGET (self), "new-claim.select-case", "i", index);
}

static void
show_findings (CdNewClaimPage *self,
               GPtrArray      *findings)
{
  gboolean vi = prefer_vietnamese ();

  clear_list (self->findings_list);
  for (guint i = 0; findings != NULL && i < findings->len; i++)
    {
      CdFinding *finding = g_ptr_array_index (findings, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *badge = gtk_label_new (NULL);
      const char *severity;

      switch (finding->severity)
        {
        case CD_FINDING_ERROR:
          severity = _("Error");
          gtk_widget_add_css_class (badge, "error");
          break;
        case CD_FINDING_WARNING:
          severity = _("Warning");
          gtk_widget_add_css_class (badge, "warning");
          break;
        case CD_FINDING_INFO:
        default:
          severity = _("Information");
          gtk_widget_add_css_class (badge, "dim-label");
          break;
        }
      gtk_label_set_text (GTK_LABEL (badge), severity);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     vi ? finding->message_vi : finding->message_en);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), finding->code);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), badge);
      gtk_list_box_append (self->findings_list, row);
    }
  self->n_findings = findings != NULL ? findings->len : 0;
  gtk_widget_set_visible (self->findings_group, self->n_findings > 0);
}

static void
show_cases (CdNewClaimPage *self)
{
  GtkCheckButton *group = NULL;

  clear_list (self->cases_list);
  for (guint i = 0; i < self->proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (self->proposals, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *from = cd_format_date_vi (proposal->from);
      g_autofree char *to = cd_format_date_vi (proposal->to);
      g_autofree char *title = g_strdup_printf ("%s: %s – %s",
                                                cd_benefit_get_label (proposal->benefit), from, to);

      if (group != NULL)
        gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      else
        group = GTK_CHECK_BUTTON (check);
      g_object_set_data (G_OBJECT (check), "case-index", GINT_TO_POINTER (i));
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_case_toggled), self, 0);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), proposal->evidence);
      gtk_list_box_append (self->cases_list, row);
    }
  if (self->proposals->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No document suggests a case for this person"));
      gtk_list_box_append (self->cases_list, row);
    }
  gtk_widget_set_visible (self->cases_group, TRUE);
}

static void
on_stored (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);
  StoreJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!is_alive (self))
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->id_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->id_error), TRUE);
          self->fetching = FALSE;
          update_actions (self);
        }
      return;
    }
  self->fetching = FALSE;

  /* The signature of each answer, now that it was verified. */
  for (guint i = 0; i < job->stored->len; i++)
    {
      CdStoredEvidence *stored = g_ptr_array_index (job->stored, i);
      const char *status = stored->signature_status;
      SourceRow *row;

      if (stored->source >= CD_N_EVIDENCE_SOURCES)
        continue;
      row = &self->sources[stored->source];
      if (row->failed || status == NULL || g_str_equal (status, "not_applicable"))
        continue;
      if (g_str_equal (status, "valid"))
        {
          gtk_label_set_text (GTK_LABEL (row->badge), _("Signed"));
          gtk_widget_add_css_class (row->badge, "success");
        }
      else if (g_str_equal (status, "unsigned"))
        {
          gtk_label_set_text (GTK_LABEL (row->badge), _("Unsigned"));
          gtk_widget_add_css_class (row->badge, "dim-label");
        }
      else
        {
          gtk_label_set_text (GTK_LABEL (row->badge), g_str_equal (status, "invalid")
                                                      ? _("Signature invalid")
                                                      : _("Signer not trusted"));
          gtk_widget_add_css_class (row->badge, "error");
        }
      if (stored->signer != NULL)
        gtk_widget_set_tooltip_text (row->badge, stored->signer);
      gtk_widget_set_visible (row->badge, TRUE);
    }

  g_clear_pointer (&self->known_children, g_hash_table_unref);
  self->known_children = g_steal_pointer (&job->known_children);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
  self->proposals = g_steal_pointer (&job->proposals);
  show_findings (self, job->findings);
  show_cases (self);
  update_actions (self);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CdNewClaimPage *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) responses = cd_evidence_fetcher_fetch_finish (CD_EVIDENCE_FETCHER (object),
                                                                    result, &error);
  g_autoptr(GTask) task = NULL;
  StoreJob *job;

  if (responses == NULL || !is_alive (self))
    {
      if (is_alive (self) && error != NULL
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->id_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->id_error), TRUE);
        }
      self->fetching = FALSE;
      update_actions (self);
      g_object_unref (self);
      return;
    }

  job = g_new0 (StoreJob, 1);
  job->db = g_object_ref (self->db);
  job->personal_id = g_strdup (self->personal_id);
  job->from = window_start_iso ();
  job->to = today_iso ();
  job->responses = g_steal_pointer (&responses);
  task = g_task_new (self, self->fetch_cancellable, on_stored, NULL);
  g_task_set_source_tag (task, on_fetched);
  g_task_set_task_data (task, job, (GDestroyNotify) store_job_free);
  g_task_run_in_thread (task, store_thread);
  g_object_unref (self);
}

static void
clear_case (CdNewClaimPage *self)
{
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  if (self->evaluate_cancellable != NULL)
    g_cancellable_cancel (self->evaluate_cancellable);
  g_clear_object (&self->evaluate_cancellable);
  g_clear_pointer (&self->draft, cd_facts_draft_free);
  g_clear_pointer (&self->result, json_node_unref);
  g_array_set_size (self->fields, 0);
  self->total = -1;
  self->chosen = -1;
  clear_list (self->form_list);
  clear_list (self->result_list);
  gtk_widget_set_visible (self->form_group, FALSE);
  gtk_widget_set_visible (self->result_group, FALSE);
  gtk_widget_set_visible (self->create_button, FALSE);
}

/* Asks the sources of `wanted` (all of them for a new person) about the personal ID typed. */
static void
start_fetch (CdNewClaimPage *self,
             guint           wanted)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->id_row));
  g_autofree char *from = NULL;
  g_autofree char *to = today_iso ();
  gboolean same_person = self->personal_id != NULL && g_str_equal (self->personal_id, text);

  if (self->fetching || self->db == NULL || !cd_identifier_check_personal_id (text, NULL))
    return;
  /* A retry of some sources is for the person already on the page. */
  if (!same_person)
    wanted = CD_EVIDENCE_ALL_SOURCES;

  if (self->fetcher == NULL)
    {
      self->http = cd_http_client_new ();
      self->central = cd_central_client_new (self->http,
                                             self->central_url != NULL ? self->central_url
                                                                       : self->gateway_url,
                                             "claimdesk");
      self->fetcher = cd_evidence_fetcher_new (self->http, self->gateway_url, self->central,
                                               "claimdesk");
    }

  g_free (self->personal_id);
  self->personal_id = g_strdup (text);
  self->fetching = TRUE;
  self->claim_id = 0;
  clear_case (self);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
  gtk_widget_set_visible (self->cases_group, FALSE);
  gtk_widget_set_visible (self->findings_group, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->id_error), FALSE);
  if (wanted == CD_EVIDENCE_ALL_SOURCES)
    build_source_rows (self);
  else
    for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
      if ((wanted & (1u << s)) != 0)
        reset_source_row (self, s);
  update_actions (self);

  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  g_clear_object (&self->fetch_cancellable);
  self->fetch_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->fetch_cancellable, G_CONNECT_SWAPPED);

  from = window_start_iso ();
  cd_evidence_fetcher_fetch_sources_async (self->fetcher, self->personal_id, from, to, wanted,
                                           self->fetch_cancellable, on_source_progress, self,
                                           on_fetched, g_object_ref (self));
}

static void
fetch_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  start_fetch (CD_NEW_CLAIM_PAGE (widget), CD_EVIDENCE_ALL_SOURCES);
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

/* The form. */

static char *
iso_to_display (const char *iso)
{
  if (iso != NULL && strlen (iso) == 10)
    return cd_format_date_vi (iso);
  return g_strdup (iso != NULL ? iso : "");
}

/* "20/11/2026" or "2026-11-20" → "2026-11-20"; NULL when not a real date of these two centuries. */
static char *
display_to_iso (const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  CdDay day;

  if (!cd_date_parse_display (trimmed, &day) || cd_date_year (day) < 1900
      || cd_date_year (day) > 2199)
    return NULL;
  return cd_date_to_string (day);
}

static JsonNode *
field_node (CdNewClaimPage *self,
            const FieldSpec *spec)
{
  JsonNode *node = cd_facts_json_get (self->draft->facts, spec->path);

  if (node != NULL && (spec->kind == FIELD_PERIOD_FROM || spec->kind == FIELD_PERIOD_TO))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        return NULL;
      array = json_node_get_array (node);
      if (json_array_get_length (array) == 0)
        return NULL;
      node = json_object_get_member (json_array_get_object_element (array, 0),
                                     spec->kind == FIELD_PERIOD_FROM ? "from" : "to");
    }
  return node;
}

static char *
field_text (CdNewClaimPage  *self,
            const FieldSpec *spec)
{
  JsonNode *node = field_node (self, spec);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  switch (spec->kind)
    {
    case FIELD_DATE:
    case FIELD_PERIOD_FROM:
    case FIELD_PERIOD_TO:
      return iso_to_display (json_node_get_string (node));
    case FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case FIELD_TEXT:
      return g_strdup (json_node_get_string (node));
    case FIELD_BOOL:
    default:
      return g_strdup ("");
    }
}

static void
mark_field (FormField  *field,
            const char *reason)
{
  if (reason != NULL)
    {
      gtk_widget_add_css_class (field->row, "error");
      gtk_label_set_text (GTK_LABEL (field->reason), reason);
      gtk_widget_set_visible (field->reason, TRUE);
    }
  else
    {
      gtk_widget_remove_css_class (field->row, "error");
      gtk_widget_set_visible (field->reason, FALSE);
    }
}

static FormField *
find_field (CdNewClaimPage *self,
            GtkWidget      *row)
{
  for (guint i = 0; i < self->fields->len; i++)
    if (g_array_index (self->fields, FormField, i).row == row)
      return &g_array_index (self->fields, FormField, i);
  return NULL;
}

/* Writes a field's text into the facts; the reason when it cannot be read. */
static char *
apply_field (CdNewClaimPage *self,
             FormField      *field,
             const char     *text,
             gboolean        active)
{
  const FieldSpec *spec = field->spec;
  JsonNode *value = json_node_new (JSON_NODE_VALUE);

  switch (spec->kind)
    {
    case FIELD_BOOL:
      json_node_set_boolean (value, active);
      break;
    case FIELD_INT:
      {
        gint64 number = 0;

        if (!g_ascii_string_to_signed (text, 10, 0, 100000, &number, NULL))
          {
            json_node_unref (value);
            return g_strdup (_("Expected a whole number"));
          }
        json_node_set_int (value, number);
      }
      break;
    case FIELD_DATE:
    case FIELD_PERIOD_FROM:
    case FIELD_PERIOD_TO:
      {
        g_autofree char *iso = display_to_iso (text);

        if (iso == NULL)
          {
            json_node_unref (value);
            return g_strdup (_("Expected a date such as 20/11/2026"));
          }
        json_node_set_string (value, iso);
      }
      break;
    case FIELD_TEXT:
    default:
      if (*text == '\0')
        {
          json_node_unref (value);
          return g_strdup (_("Required"));
        }
      json_node_set_string (value, text);
      break;
    }

  if (spec->kind == FIELD_PERIOD_FROM || spec->kind == FIELD_PERIOD_TO)
    {
      JsonNode *array_node = cd_facts_json_get (self->draft->facts, spec->path);
      JsonObject *period;

      if (array_node == NULL || !JSON_NODE_HOLDS_ARRAY (array_node))
        {
          JsonNode *fresh = json_node_new (JSON_NODE_ARRAY);

          json_node_take_array (fresh, json_array_new ());
          cd_facts_json_set (self->draft->facts, spec->path, fresh);
          array_node = cd_facts_json_get (self->draft->facts, spec->path);
        }
      if (json_array_get_length (json_node_get_array (array_node)) == 0)
        json_array_add_object_element (json_node_get_array (array_node), json_object_new ());
      period = json_array_get_object_element (json_node_get_array (array_node), 0);
      json_object_set_member (period, spec->kind == FIELD_PERIOD_FROM ? "from" : "to", value);
    }
  else
    cd_facts_json_set (self->draft->facts, spec->path, value);
  return NULL;
}

static void
on_field_changed (CdNewClaimPage *self,
                  GtkWidget      *row)
{
  FormField *field = find_field (self, row);
  g_autofree char *reason = NULL;

  if (field == NULL || self->filling || self->draft == NULL)
    return;
  if (field->spec->kind == FIELD_BOOL)
    reason = apply_field (self, field, "",
                          gtk_switch_get_active (GTK_SWITCH (g_object_get_data (G_OBJECT (row),
                                                                                "switch"))));
  else
    reason = apply_field (self, field, gtk_editable_get_text (GTK_EDITABLE (row)), FALSE);
  mark_field (field, reason);
  if (reason == NULL)
    schedule_evaluation (self);
  else
    {
      /* What was evaluated no longer matches the form. */
      g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
      if (self->evaluate_cancellable != NULL)
        g_cancellable_cancel (self->evaluate_cancellable);
      g_clear_pointer (&self->result, json_node_unref);
      update_actions (self);
    }
}

static void
on_switch_changed (GtkSwitch      *sw,
                   GParamSpec     *pspec,
                   CdNewClaimPage *self)
{
  on_field_changed (self, g_object_get_data (G_OBJECT (sw), "row"));
}

static void
add_field (CdNewClaimPage  *self,
           const FieldSpec *spec)
{
  FormField field = { spec, NULL, NULL };
  gboolean missing = cd_facts_draft_is_missing (self->draft, spec->path);
  gint64 source = cd_facts_draft_source_of (self->draft, spec->path);
  g_autofree char *text = field_text (self, spec);
  GtkWidget *note;

  field.reason = gtk_label_new (NULL);
  gtk_widget_add_css_class (field.reason, "error");
  gtk_widget_add_css_class (field.reason, "caption");
  gtk_widget_set_visible (field.reason, FALSE);
  gtk_label_set_wrap (GTK_LABEL (field.reason), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (field.reason), 30);

  if (spec->kind == FIELD_BOOL)
    {
      GtkWidget *sw = gtk_switch_new ();
      JsonNode *node = field_node (self, spec);

      field.row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), _(spec->title));
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (sw), node != NULL && JSON_NODE_HOLDS_VALUE (node)
                                              && json_node_get_boolean (node));
      adw_action_row_add_suffix (ADW_ACTION_ROW (field.row), field.reason);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field.row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field.row), sw);
      g_object_set_data (G_OBJECT (field.row), "switch", sw);
      g_object_set_data (G_OBJECT (sw), "row", field.row);
      g_signal_connect_object (sw, "notify::active", G_CALLBACK (on_switch_changed), self, 0);
      if (source > 0)
        {
          g_autofree char *subtitle = g_strdup_printf (_("From document %u"), (guint) source);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (field.row), subtitle);
        }
    }
  else
    {
      field.row = adw_entry_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field.row), _(spec->title));
      gtk_editable_set_text (GTK_EDITABLE (field.row), text);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (field.row), field.reason);
      g_signal_connect_object (field.row, "changed", G_CALLBACK (on_field_changed), self,
                               G_CONNECT_SWAPPED);
      if (source > 0)
        {
          g_autofree char *tip = g_strdup_printf (_("From document %u"), (guint) source);
          gtk_widget_set_tooltip_text (field.row, tip);
        }
    }

  if (missing)
    {
      note = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      gtk_widget_set_tooltip_text (note, _("No document gives this; please confirm"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("No document gives this; please confirm"), -1);
      gtk_widget_add_css_class (note, "warning");
      if (ADW_IS_ENTRY_ROW (field.row))
        adw_entry_row_add_prefix (ADW_ENTRY_ROW (field.row), note);
      else
        adw_action_row_add_prefix (ADW_ACTION_ROW (field.row), note);
    }
  gtk_widget_set_name (field.row, spec->path);
  gtk_list_box_append (self->form_list, field.row);
  g_array_append_val (self->fields, field);
}

static void
fill_form (CdNewClaimPage *self)
{
  CdCaseProposal *proposal = g_ptr_array_index (self->proposals, self->chosen);
  const FieldSpec *specs = case_fields_for (proposal->benefit);

  self->filling = TRUE;
  clear_list (self->form_list);
  g_array_set_size (self->fields, 0);
  for (guint i = 0; claimant_fields[i].path != NULL; i++)
    add_field (self, &claimant_fields[i]);
  for (guint i = 0; specs != NULL && specs[i].path != NULL; i++)
    add_field (self, &specs[i]);
  self->filling = FALSE;
  gtk_widget_set_visible (self->form_group, TRUE);
  gtk_widget_set_visible (self->result_group, TRUE);
  gtk_widget_set_visible (self->create_button, TRUE);
}

typedef struct
{
  CdDatabase     *db;
  char           *personal_id;
  CdCaseProposal *proposal;
  char           *decided_on;
} BuildJob;

static void
build_job_free (BuildJob *job)
{
  g_clear_object (&job->db);
  g_free (job->personal_id);
  g_clear_pointer (&job->proposal, cd_case_proposal_free);
  g_free (job->decided_on);
  g_free (job);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildJob *job = task_data;
  GError *error = NULL;
  CdFactsDraft *draft = cd_facts_build (job->db, job->personal_id, job->proposal, job->decided_on,
                                        &error);

  if (draft == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, draft, (GDestroyNotify) cd_facts_draft_free);
}

static void
on_built (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);
  g_autoptr(GError) error = NULL;
  CdFactsDraft *draft = g_task_propagate_pointer (G_TASK (result), &error);
  int chosen = GPOINTER_TO_INT (user_data);

  if (draft == NULL || chosen != self->chosen || !is_alive (self))
    {
      g_clear_pointer (&draft, cd_facts_draft_free);
      return;
    }
  g_clear_pointer (&self->draft, cd_facts_draft_free);
  self->draft = draft;
  fill_form (self);
  schedule_evaluation (self);
}

static void
select_case_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (widget);
  int index = g_variant_get_int32 (parameter);
  g_autoptr(GTask) task = NULL;
  BuildJob *job;

  if (self->proposals == NULL || index < 0 || (guint) index >= self->proposals->len
      || index == self->chosen || self->db == NULL)
    return;
  clear_case (self);
  self->chosen = index;
  self->claim_id = 0;

  /* Keep the radio rows in step when the action comes from elsewhere. */
  {
    GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->cases_list, index);
    GtkWidget *check = row != NULL
                       ? adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row)) : NULL;

    if (check != NULL && !gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  }

  job = g_new0 (BuildJob, 1);
  job->db = g_object_ref (self->db);
  job->personal_id = g_strdup (self->personal_id);
  job->proposal = cd_case_proposal_copy (g_ptr_array_index (self->proposals, index));
  job->decided_on = today_iso ();
  task = g_task_new (self, self->cancellable, on_built, GINT_TO_POINTER (index));
  g_task_set_task_data (task, job, (GDestroyNotify) build_job_free);
  g_task_run_in_thread (task, build_thread);
  update_actions (self);
}

/* Live evaluation. */

typedef struct
{
  CdRulePack *pack;
  JsonNode   *facts;
} EvaluateJob;

static void
evaluate_job_free (EvaluateJob *job)
{
  g_clear_pointer (&job->pack, cd_rule_pack_unref);
  g_clear_pointer (&job->facts, json_node_unref);
  g_free (job);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  EvaluateJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CdFacts) facts = cd_facts_parse_node (job->facts, &error);
  CdResult *result;

  if (facts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = cd_rules_evaluate (job->pack, facts, &error);
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, cd_result_to_json (result, facts->documents),
                         (GDestroyNotify) json_node_unref);
  cd_result_free (result);
}

static GtkWidget *
result_row (const char *title,
            const char *subtitle,
            const char *suffix)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (suffix != NULL)
    {
      GtkWidget *label = gtk_label_new (suffix);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  return row;
}

static void
show_messages (CdNewClaimPage *self,
               JsonObject     *result,
               const char     *member,
               const char     *heading)
{
  JsonArray *array = json_object_has_member (result, member)
                     ? json_object_get_array_member (result, member) : NULL;
  gboolean vi = prefer_vietnamese ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *item = json_array_get_object_element (array, i);
      const char *message = json_object_get_string_member_with_default (item, vi ? "message_vi"
                                                                                 : "message_en",
                                                                        NULL);
      const char *code = json_object_get_string_member_with_default (item, "code", "");

      gtk_list_box_append (self->result_list,
                           result_row (message != NULL ? message : code, heading, NULL));
    }
}

static void
show_result (CdNewClaimPage *self)
{
  JsonObject *result = json_node_get_object (self->result);
  JsonArray *lines = json_object_get_array_member (result, "lines");
  JsonArray *documents = json_object_has_member (result, "required_documents")
                         ? json_object_get_array_member (result, "required_documents") : NULL;
  g_autofree char *total = cd_format_money_vnd (self->total);
  GtkWidget *total_row;

  clear_list (self->result_list);
  total_row = result_row (_("Total"),
                          json_object_get_boolean_member_with_default (result, "eligible", FALSE)
                          ? _("Eligible") : _("Not eligible"),
                          total);
  gtk_widget_add_css_class (total_row, "property");
  gtk_list_box_append (self->result_list, total_row);

  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      g_autofree char *amount =
        cd_format_money_vnd (json_object_get_int_member_with_default (line, "amount", 0));
      g_autofree char *from =
        cd_format_date_vi (json_object_get_string_member_with_default (line, "from", ""));
      g_autofree char *to =
        cd_format_date_vi (json_object_get_string_member_with_default (line, "to", ""));
      const char *citation = json_object_get_string_member_with_default (line, "citation", "");
      g_autofree char *subtitle = g_strdup_printf ("%s – %s · %s", from, to, citation);
      const char *code = json_object_get_string_member_with_default (line, "code", "");
      const CdRuleText *text = cd_rule_text_find (code);
      const char *title = text == NULL ? code
                          : prefer_vietnamese () ? text->message_vi : text->message_en;

      gtk_list_box_append (self->result_list, result_row (title, subtitle, amount));
    }
  show_messages (self, result, "reasons", _("Reason"));
  show_messages (self, result, "assumptions", _("Assumption"));
  for (guint i = 0; documents != NULL && i < json_array_get_length (documents); i++)
    {
      JsonObject *document = json_array_get_object_element (documents, i);
      gboolean has_present = json_object_has_member (document, "present");
      gboolean present = json_object_get_boolean_member_with_default (document, "present", FALSE);
      const char *kind = json_object_get_string_member_with_default (document, "kind", "");
      const char *why = json_object_get_string_member_with_default (document, "why", NULL);

      gtk_list_box_append (self->result_list,
                           result_row (cd_proof_kind_label (kind), why,
                                       !has_present ? _("Required")
                                       : present ? _("Present") : _("Missing")));
    }
}

static void
on_evaluated (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);
  g_autoptr(GError) error = NULL;
  JsonNode *node = g_task_propagate_pointer (G_TASK (result), &error);

  if ((error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      || !is_alive (self))
    {
      g_clear_pointer (&node, json_node_unref);
      return;
    }
  if (g_task_get_cancellable (G_TASK (result)) != self->evaluate_cancellable)
    {
      g_clear_pointer (&node, json_node_unref);
      return;
    }
  gtk_spinner_set_spinning (self->evaluate_spinner, FALSE);
  g_clear_pointer (&self->result, json_node_unref);
  if (node == NULL)
    {
      const char *message = error->message;
      gboolean marked = FALSE;

      self->total = -1;
      /* The message starts with the field's path: mark that row. */
      for (guint i = 0; i < self->fields->len && !marked; i++)
        {
          FormField *field = &g_array_index (self->fields, FormField, i);
          g_autofree char *prefix = NULL;

          if (field->spec->kind == FIELD_PERIOD_FROM || field->spec->kind == FIELD_PERIOD_TO)
            prefix = g_strdup_printf ("%s[0].%s", field->spec->path,
                                      field->spec->kind == FIELD_PERIOD_FROM ? "from" : "to");
          else
            prefix = g_strdup (field->spec->path);
          if (g_str_has_prefix (message, prefix))
            {
              mark_field (field, message);
              marked = TRUE;
            }
        }
      clear_list (self->result_list);
      gtk_list_box_append (self->result_list, result_row (_("Cannot evaluate"), message, NULL));
      update_actions (self);
      return;
    }
  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *field = &g_array_index (self->fields, FormField, i);

      if (gtk_widget_has_css_class (field->row, "error")
          && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (field->reason)), field->spec->path))
        mark_field (field, NULL);
    }
  self->result = node;
  self->total = json_object_get_int_member_with_default (json_node_get_object (node), "total", 0);
  show_result (self);
  update_actions (self);
}

static gboolean
evaluate_now (gpointer user_data)
{
  CdNewClaimPage *self = user_data;
  g_autoptr(GTask) task = NULL;
  EvaluateJob *job;

  self->evaluate_timeout = 0;
  if (self->draft == NULL)
    return G_SOURCE_REMOVE;
  if (self->pack == NULL)
    {
      /* The rule pack is still loading: try again shortly. */
      self->evaluate_timeout = g_timeout_add (EVALUATE_DELAY_MS, evaluate_now, self);
      return G_SOURCE_REMOVE;
    }
  if (self->evaluate_cancellable != NULL)
    g_cancellable_cancel (self->evaluate_cancellable);
  g_clear_object (&self->evaluate_cancellable);
  self->evaluate_cancellable = g_cancellable_new ();

  job = g_new0 (EvaluateJob, 1);
  job->pack = cd_rule_pack_ref (self->pack);
  job->facts = json_node_copy (self->draft->facts);
  gtk_spinner_set_spinning (self->evaluate_spinner, TRUE);
  task = g_task_new (self, self->evaluate_cancellable, on_evaluated, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) evaluate_job_free);
  g_task_run_in_thread (task, evaluate_thread);
  return G_SOURCE_REMOVE;
}

static void
schedule_evaluation (CdNewClaimPage *self)
{
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  g_clear_pointer (&self->result, json_node_unref);
  update_actions (self);
  self->evaluate_timeout = g_timeout_add (EVALUATE_DELAY_MS, evaluate_now, self);
}

static void
on_pack_loaded (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CdNewClaimPage *self = user_data;
  g_autoptr(GError) error = NULL;
  CdRulePack *pack = cd_rule_pack_load_finish (result, &error);

  if (pack == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Cannot load the rule pack: %s", error->message);
      g_object_unref (self);
      return;
    }
  g_clear_pointer (&self->pack, cd_rule_pack_unref);
  self->pack = pack;
  g_object_unref (self);
}

/* Creating the claim. */

static void
report_create_error (CdNewClaimPage *self,
                     const GError   *error)
{
  clear_list (self->findings_list);
  gtk_list_box_append (self->findings_list, result_row (_("The claim could not be saved"),
                                                        error->message, NULL));
  gtk_widget_set_visible (self->findings_group, TRUE);
}

static void
on_opened (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(CdNewClaimPage) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 claim_id = cd_workflow_open_evaluated_claim_finish (result, &error);

  self->creating = FALSE;
  if (!is_alive (self))
    return;
  if (claim_id == 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
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
  CdCaseProposal *proposal;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *number = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *result = NULL;
  CdClaimDraft draft = { 0 };
  const char *from = NULL;
  const char *to = NULL;

  if (self->result == NULL || self->creating || self->claim_id != 0 || self->db == NULL
      || self->session == NULL || self->chosen < 0)
    return;
  proposal = g_ptr_array_index (self->proposals, self->chosen);
  /* The claim's period: the first leave or part the officer confirmed, else the documents'. */
  from = first_period_member (self->draft->facts, "case.leave", "from");
  to = first_period_member (self->draft->facts, "case.leave", "to");
  if (from == NULL)
    {
      from = first_period_member (self->draft->facts, "case.parts", "from");
      to = first_period_member (self->draft->facts, "case.parts", "to");
    }
  if (from == NULL || to == NULL || strcmp (from, to) > 0)
    {
      from = proposal->from;
      to = proposal->to;
    }

  stamp = g_date_time_format (now, "%Y%m%d%H%M%S");
  number = g_strdup_printf ("NC-%s-%04d", stamp, g_random_int_range (0, 10000));
  draft.number = number;
  draft.benefit = proposal->benefit;
  draft.claimant_id = self->personal_id;
  draft.period_from = from;
  draft.period_to = to;
  draft.event_date = proposal->event_date;
  if (proposal->child_id != NULL && self->known_children != NULL
      && g_hash_table_contains (self->known_children, proposal->child_id))
    draft.child_id = proposal->child_id;
  draft.received_on = (guint32) (g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100
                                 + g_date_time_get_day_of_month (now));
  facts = json_to_string (self->draft->facts, FALSE);
  result = json_to_string (self->result, FALSE);
  self->creating = TRUE;
  update_actions (self);
  /* Opened, evidence complete and evaluated: each step audited, all or nothing. */
  cd_workflow_open_evaluated_claim_async (self->db, self->session, &draft, facts, result,
                                          self->cancellable, on_opened, g_object_ref (self));
}

/* Public API */

GtkWidget *
cd_new_claim_page_new (void)
{
  return g_object_new (CD_TYPE_NEW_CLAIM_PAGE, NULL);
}

void
cd_new_claim_page_set_backend (CdNewClaimPage *self,
                               CdDatabase     *db,
                               const char     *gateway_url,
                               const char     *central_url)
{
  g_return_if_fail (CD_IS_NEW_CLAIM_PAGE (self));
  g_return_if_fail (db == NULL || CD_IS_DATABASE (db));

  g_set_object (&self->db, db);
  g_free (self->gateway_url);
  self->gateway_url = g_strdup (gateway_url);
  g_free (self->central_url);
  self->central_url = g_strdup (central_url);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->central);
  g_clear_object (&self->http);
  update_actions (self);
}

/* A locked session opens nothing until it is unlocked. */
static void
on_session_locked (CdNewClaimPage *self,
                   GParamSpec     *pspec,
                   CdSession      *session)
{
  update_actions (self);
}

void
cd_new_claim_page_set_session (CdNewClaimPage *self,
                               CdSession      *session)
{
  g_return_if_fail (CD_IS_NEW_CLAIM_PAGE (self));
  g_return_if_fail (session == NULL || CD_IS_SESSION (session));

  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_locked, self);
  g_set_object (&self->session, session);
  if (session != NULL)
    g_signal_connect_object (session, "notify::locked", G_CALLBACK (on_session_locked), self,
                             G_CONNECT_SWAPPED);
  update_actions (self);
}

void
cd_new_claim_page_reset (CdNewClaimPage *self)
{
  g_return_if_fail (CD_IS_NEW_CLAIM_PAGE (self));

  if (self->fetch_cancellable != NULL)
    g_cancellable_cancel (self->fetch_cancellable);
  self->fetching = FALSE;
  self->claim_id = 0;
  clear_case (self);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
  g_clear_pointer (&self->personal_id, g_free);
  gtk_editable_set_text (GTK_EDITABLE (self->id_row), "");
  clear_list (self->sources_list);
  gtk_widget_set_visible (self->sources_group, FALSE);
  gtk_widget_set_visible (self->cases_group, FALSE);
  gtk_widget_set_visible (self->findings_group, FALSE);
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
    n += self->sources[s].done ? 1 : 0;
  return n;
}

guint
cd_new_claim_page_get_sources_failed (CdNewClaimPage *self)
{
  guint n = 0;

  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    n += self->sources[s].failed ? 1 : 0;
  return n;
}

guint
cd_new_claim_page_get_n_cases (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  return self->proposals != NULL ? self->proposals->len : 0;
}

guint
cd_new_claim_page_get_n_findings (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), 0);
  return self->n_findings;
}

CdBenefit
cd_new_claim_page_get_case_benefit (CdNewClaimPage *self,
                                    guint           index)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), CD_N_BENEFITS);
  if (self->proposals == NULL || index >= self->proposals->len)
    return CD_N_BENEFITS;
  return ((CdCaseProposal *) g_ptr_array_index (self->proposals, index))->benefit;
}

gboolean
cd_new_claim_page_get_busy (CdNewClaimPage *self)
{
  g_return_val_if_fail (CD_IS_NEW_CLAIM_PAGE (self), FALSE);
  return self->fetching;
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

  for (guint i = 0; i < self->fields->len; i++)
    {
      FormField *field = &g_array_index (self->fields, FormField, i);

      if (g_str_equal (field->spec->path, path) && field->spec->kind != FIELD_BOOL)
        {
          gtk_editable_set_text (GTK_EDITABLE (field->row), text);
          return TRUE;
        }
    }
  return FALSE;
}

/* GObject */

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_new_claim_page_dispose (GObject *object)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->evaluate_cancellable != NULL)
    g_cancellable_cancel (self->evaluate_cancellable);
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), CD_TYPE_NEW_CLAIM_PAGE);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->central);
  g_clear_object (&self->http);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, on_session_locked, self);
  g_clear_object (&self->session);
  g_clear_object (&self->db);
  g_clear_pointer (&self->pack, cd_rule_pack_unref);

  G_OBJECT_CLASS (cd_new_claim_page_parent_class)->dispose (object);
}

/* Work in progress stops when the page leaves its window. */
static void
cd_new_claim_page_unroot (GtkWidget *widget)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (widget);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->fetching = FALSE;
  self->creating = FALSE;
  g_clear_handle_id (&self->evaluate_timeout, g_source_remove);
  if (self->evaluate_cancellable != NULL)
    g_cancellable_cancel (self->evaluate_cancellable);

  GTK_WIDGET_CLASS (cd_new_claim_page_parent_class)->unroot (widget);
}

static void
cd_new_claim_page_finalize (GObject *object)
{
  CdNewClaimPage *self = CD_NEW_CLAIM_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->fetch_cancellable);
  g_clear_object (&self->evaluate_cancellable);
  g_clear_pointer (&self->proposals, g_ptr_array_unref);
  g_clear_pointer (&self->draft, cd_facts_draft_free);
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->result, json_node_unref);
  g_clear_pointer (&self->known_children, g_hash_table_unref);
  g_free (self->personal_id);
  g_free (self->gateway_url);
  g_free (self->central_url);
  g_free (self->id_error_text);

  G_OBJECT_CLASS (cd_new_claim_page_parent_class)->finalize (object);
}

static void
cd_new_claim_page_class_init (CdNewClaimPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_new_claim_page_dispose;
  object_class->finalize = cd_new_claim_page_finalize;
  object_class->get_property = cd_new_claim_page_get_property;
  widget_class->unroot = cd_new_claim_page_unroot;

  /* Whether new-claim.create is enabled: an evaluation stands and the claim is not saved yet. */
  properties[PROP_CAN_CREATE] =
    g_param_spec_boolean ("can-create", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether new-claim.fetch is enabled: a whole valid ID, a database, no fetch running. */
  properties[PROP_CAN_FETCH] =
    g_param_spec_boolean ("can-fetch", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
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

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-new-claim-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "newclaimpage");
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, cases_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, cases_list);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, create_button);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, evaluate_spinner);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, fetch_button);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, findings_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, findings_list);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, form_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, form_list);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, id_error);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, id_row);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, result_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, result_list);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, sources_group);
  gtk_widget_class_bind_template_child (widget_class, CdNewClaimPage, sources_list);
  gtk_widget_class_bind_template_callback (widget_class, on_id_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_id_changed);

  gtk_widget_class_install_action (widget_class, "new-claim.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "new-claim.fetch", NULL, fetch_action);
  gtk_widget_class_install_action (widget_class, "new-claim.retry-source", "i",
                                   retry_source_action);
  gtk_widget_class_install_action (widget_class, "new-claim.select-case", "i", select_case_action);
}

static void
cd_new_claim_page_init (CdNewClaimPage *self)
{
  g_autofree char *pack_dir = cd_rule_pack_default_dir ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->fields = g_array_new (FALSE, TRUE, sizeof (FormField));
  self->chosen = -1;
  self->total = -1;
  update_actions (self);
  cd_rule_pack_load_async (pack_dir, self->cancellable, on_pack_loaded, g_object_ref (self));
}
