/* cd-labels.c — what the workstation calls the codes it shows. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-labels.h"

typedef struct
{
  const char *code;
  const char *label;  /* N_() */
} Label;

static const char *
lookup (const Label *table,
        gsize        n,
        const char  *code)
{
  for (gsize i = 0; i < n; i++)
    if (g_strcmp0 (table[i].code, code) == 0)
      return _(table[i].label);
  return code != NULL ? code : "";
}

#define LOOKUP(table, code) lookup (table, G_N_ELEMENTS (table), code)

static const Label document_kinds[] = {
  { "visit_summary", N_("Visit summary (XML1)") },
  { "discharge_paper", N_("Discharge paper (XML7)") },
  { "record_summary", N_("Summary of the medical record (XML8)") },
  { "birth_certificate", N_("Birth certificate (XML9)") },
  { "pregnancy_rest", N_("Pregnancy rest certificate (XML10)") },
  { "leave_certificate", N_("Certificate of leave for social insurance (XML11)") },
  { "medical_assessment", N_("Medical assessment (XML12)") },
  { "referral", N_("Referral paper (XML13)") },
  { "birth_registration", N_("Birth registration") },
  { "death_registration", N_("Death registration") },
  { "citizen", N_("Citizen record") },
  { "relatives", N_("Relatives") },
  { "identity_check", N_("Identity check") },
  { "vital_status", N_("Vital status") },
  { "insured_person", N_("Insured person") },
  { "contributions", N_("Contribution history") },
  { "usage", N_("Benefits used this year") },
  { "envelope", N_("Medical envelope (GIAMDINHHS)") },
  { "other", N_("Other document") },
};

static const Label source_systems[] = {
  { "medical", N_("Medical portal") },
  { "civil_status", N_("Civil status") },
  { "population", N_("Population register") },
  { "central", N_("Central system") },
  { "manual", N_("Entered by hand") },
  { "cross_check", N_("Cross-check of the sources") },
};

static const Label verification_results[] = {
  { "match", N_("Match") },
  { "mismatch", N_("Mismatch") },
  { "not_found", N_("Not found") },
  { "alive", N_("Alive") },
  { "dead", N_("Dead") },
  { "missing", N_("Missing") },
  { "error", N_("Error") },
};

static const Label decision_states[] = {
  { "proposed", N_("Proposed") },
  { "approved", N_("Approved") },
  { "returned", N_("Returned") },
  { "rejected", N_("Rejected") },
  { "superseded", N_("Superseded") },
};

static const Label audit_actions[] = {
  { "open", N_("Claim opened") },
  { "complete_evidence", N_("Evidence marked complete") },
  { "evaluate", N_("Evaluated") },
  { "propose", N_("Decision proposed") },
  { "approve", N_("Approved") },
  { "return", N_("Returned to the officer") },
  { "reject", N_("Rejected") },
  { "queue", N_("Queued for the central system") },
  { "mark_synced", N_("Received by the central system") },
  { "refuse_by_central", N_("Refused by the central system") },
  { "reopen", N_("Reopened") },
  { "list.export", N_("List exported or printed") },
};

static const Label payout_states[] = {
  { "open", N_("Open") },
  { "approved", N_("Approved") },
  { "exported", N_("Exported") },
};

const char *
cd_label_document_kind (const char *kind)
{
  return LOOKUP (document_kinds, kind);
}

const char *
cd_label_source_system (const char *source)
{
  return LOOKUP (source_systems, source);
}

const char *
cd_label_verification_result (const char *result)
{
  return LOOKUP (verification_results, result);
}

const char *
cd_label_decision_state (const char *state)
{
  return LOOKUP (decision_states, state);
}

const char *
cd_label_audit_action (const char *action)
{
  return LOOKUP (audit_actions, action);
}

const char *
cd_label_payout_state (const char *state)
{
  return LOOKUP (payout_states, state);
}

static gboolean
prefer_vietnamese (void)
{
  const char * const *languages = g_get_language_names ();

  return languages[0] != NULL && g_str_has_prefix (languages[0], "vi");
}

const char *
cd_label_pick (const char *vi,
               const char *en,
               const char *fallback)
{
  const char *text = prefer_vietnamese () ? vi : en;

  if (text == NULL)
    text = vi != NULL ? vi : en;
  return text != NULL ? text : fallback;
}
