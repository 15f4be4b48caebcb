/* cd-claim-intake.c — a new claim's way in: from a personal ID to the evaluated facts. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-claim-intake.h"
#include "cd-persons.h"
#include "cd-rules-engine.h"

struct _CdClaimIntake
{
  GObject            parent_instance;

  CdDatabase        *db;
  CdEvidenceFetcher *fetcher;
  CdTrustStore      *trust;
  CdRulePack        *pack;

  /* One of each kind runs at a time; the next one cancels it. */
  GCancellable      *fetch_cancellable;
  GCancellable      *build_cancellable;
  GCancellable      *evaluate_cancellable;
  GTask             *fetch_task;        /* the fetch now under way (not a reference); NULL: none */

  /* The person and window of the last fetch that was stored: only they may narrow the sources. */
  char              *last_personal_id;
  char              *last_from;
  char              *last_to;
};

G_DEFINE_FINAL_TYPE (CdClaimIntake, cd_claim_intake, G_TYPE_OBJECT)
G_DEFINE_QUARK (cd-claim-intake-error-quark, cd_claim_intake_error)

enum
{
  PROP_0,
  PROP_DATABASE,
  PROP_FETCHER,
  PROP_TRUST_STORE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_SOURCE_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- The result of a fetch ------------------------------------------------------------------- */

static void
intake_result_clear (CdIntakeResult *result)
{
  g_free (result->personal_id);
  g_free (result->window_from);
  g_free (result->window_to);
  g_clear_pointer (&result->card, cd_citizen_card_free);
  g_clear_pointer (&result->responses, g_ptr_array_unref);
  g_clear_pointer (&result->stored, g_ptr_array_unref);
  g_clear_pointer (&result->findings, g_ptr_array_unref);
  g_clear_error (&result->findings_error);
  g_clear_pointer (&result->proposals, g_ptr_array_unref);
  g_clear_pointer (&result->known_children, g_hash_table_unref);
}

static CdIntakeResult *
intake_result_new (const char          *personal_id,
                   const char          *from_iso,
                   const char          *to_iso,
                   gint64               claim_id,
                   const CdCitizenCard *card,
                   guint                asked)
{
  CdIntakeResult *result = g_atomic_rc_box_new0 (CdIntakeResult);

  result->personal_id = g_strdup (personal_id);
  result->window_from = g_strdup (from_iso);
  result->window_to = g_strdup (to_iso);
  result->claim_id = claim_id;
  result->card = card != NULL ? cd_citizen_card_copy (card) : NULL;
  result->asked = asked;
  return result;
}

CdIntakeResult *
cd_intake_result_ref (CdIntakeResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);
  return g_atomic_rc_box_acquire (result);
}

void
cd_intake_result_unref (CdIntakeResult *result)
{
  g_return_if_fail (result != NULL);
  g_atomic_rc_box_release_full (result, (GDestroyNotify) intake_result_clear);
}

G_DEFINE_BOXED_TYPE (CdIntakeResult, cd_intake_result, cd_intake_result_ref,
                     cd_intake_result_unref)

guint
cd_intake_result_get_n_failed (const CdIntakeResult *result)
{
  guint failed = 0;

  g_return_val_if_fail (result != NULL, 0);

  for (guint i = 0; result->responses != NULL && i < result->responses->len; i++)
    {
      const CdEvidenceResponse *response = g_ptr_array_index (result->responses, i);

      if ((result->asked & (1u << response->source)) != 0 && response->error != NULL)
        failed++;
    }
  return failed;
}

gboolean
cd_intake_result_is_known_child (const CdIntakeResult *result,
                                 const char           *personal_id)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return personal_id != NULL && result->known_children != NULL
         && g_hash_table_contains (result->known_children, personal_id);
}

/* ---- The intake ------------------------------------------------------------------------------ */

CdClaimIntake *
cd_claim_intake_new (CdDatabase        *writer,
                     CdEvidenceFetcher *fetcher,
                     CdTrustStore      *trust)
{
  g_return_val_if_fail (CD_IS_DATABASE (writer), NULL);
  g_return_val_if_fail (CD_IS_EVIDENCE_FETCHER (fetcher), NULL);
  g_return_val_if_fail (trust == NULL || CD_IS_TRUST_STORE (trust), NULL);

  return g_object_new (CD_TYPE_CLAIM_INTAKE,
                       "database", writer,
                       "fetcher", fetcher,
                       "trust-store", trust,
                       NULL);
}

CdDatabase *
cd_claim_intake_get_database (CdClaimIntake *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_INTAKE (self), NULL);
  return self->db;
}

void
cd_claim_intake_set_rule_pack (CdClaimIntake *self,
                               CdRulePack    *pack)
{
  g_return_if_fail (CD_IS_CLAIM_INTAKE (self));

  if (pack == self->pack)
    return;
  if (pack != NULL)
    cd_rule_pack_ref (pack);
  g_clear_pointer (&self->pack, cd_rule_pack_unref);
  self->pack = pack;
}

CdRulePack *
cd_claim_intake_get_rule_pack (CdClaimIntake *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_INTAKE (self), NULL);
  return self->pack;
}

gboolean
cd_claim_intake_get_busy (CdClaimIntake *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_INTAKE (self), FALSE);
  return self->fetch_task != NULL;
}

/* Cancels what runs in `slot` and puts a fresh cancellable there; the caller's cancels it too. */
static GCancellable *
restart (GCancellable **slot,
         GCancellable  *caller)
{
  if (*slot != NULL)
    g_cancellable_cancel (*slot);
  g_clear_object (slot);
  *slot = g_cancellable_new ();
  if (caller != NULL)
    {
      if (g_cancellable_is_cancelled (caller))
        g_cancellable_cancel (*slot);
      else
        g_signal_connect_object (caller, "cancelled", G_CALLBACK (g_cancellable_cancel), *slot,
                                 G_CONNECT_SWAPPED);
    }
  return *slot;
}

static void
cancel_slot (GCancellable **slot)
{
  if (*slot != NULL)
    g_cancellable_cancel (*slot);
  g_clear_object (slot);
}

/* ---- Fetch, store, check, detect ------------------------------------------------------------- */

static void
set_fetch_task (CdClaimIntake *self,
                GTask         *task)
{
  gboolean was_busy = self->fetch_task != NULL;

  self->fetch_task = task;
  if (was_busy != (task != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Ends the fetch `task` (the caller's): "busy" goes off first, so its callback sees it off. */
static void
finish_fetch (GTask  *task,
              GError *error)
{
  CdClaimIntake *self = g_task_get_source_object (task);
  CdIntakeResult *result = g_task_get_task_data (task);

  if (self->fetch_task == task)
    set_fetch_task (self, NULL);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_free (self->last_personal_id);
  self->last_personal_id = g_strdup (result->personal_id);
  g_free (self->last_from);
  self->last_from = g_strdup (result->window_from);
  g_free (self->last_to);
  self->last_to = g_strdup (result->window_to);
  g_task_return_pointer (task, cd_intake_result_ref (result),
                         (GDestroyNotify) cd_intake_result_unref);
}

/* The disk half of a fetch, with its own references: the thread never reads the intake. */
typedef struct
{
  CdDatabase     *db;
  CdTrustStore   *trust;
  CdIntakeResult *result;
} StoreJob;

static void
store_job_free (StoreJob *job)
{
  g_clear_object (&job->db);
  g_clear_object (&job->trust);
  g_clear_pointer (&job->result, cd_intake_result_unref);
  g_free (job);
}

/* On the writer. Nothing here looks for a cancel until the answers, their signatures and the checks
 * over them are all written, so a fetch is stored whole or not at all. */
static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StoreJob *job = task_data;
  CdIntakeResult *result = job->result;
  GError *error = NULL;

  result->stored = cd_evidence_store_save (job->db, result->personal_id, result->window_from,
                                           result->window_to, result->claim_id, result->responses,
                                           job->trust, &error);
  if (result->stored == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The evidence is stored either way; the officer must see that it was not checked. */
  result->findings = cd_cross_check (job->db, result->personal_id, result->claim_id, result->card,
                                     &result->findings_error);
  if (result->findings == NULL)
    result->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_finding_free);

  /* Detection only reads: no need to finish it for a fetch nobody waits for. */
  if (g_task_return_error_if_cancelled (task))
    return;
  result->proposals = cd_case_detect (job->db, result->personal_id, &error);
  if (result->proposals == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A claim names its child only when the child is a person the database knows. */
  result->known_children = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < result->proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (result->proposals, i);
      gint64 child = 0;

      if (proposal->child_id == NULL)
        continue;
      if (!cd_persons_find_by_personal_id (job->db, proposal->child_id, &child, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (child > 0)
        g_hash_table_add (result->known_children, g_strdup (proposal->child_id));
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_stored (GObject      *object,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  g_task_propagate_boolean (G_TASK (res), &error);
  finish_fetch (task, error);
}

static void
on_fetched (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CdClaimIntake *self = g_task_get_source_object (task);
  CdIntakeResult *result = g_task_get_task_data (task);
  GError *error = NULL;
  g_autoptr(GTask) store_task = NULL;
  StoreJob *job;

  result->responses = cd_evidence_fetcher_fetch_finish (CD_EVIDENCE_FETCHER (object), res, &error);
  if (result->responses == NULL)
    {
      finish_fetch (task, error);
      return;
    }

  job = g_new0 (StoreJob, 1);
  job->db = g_object_ref (self->db);
  job->trust = self->trust != NULL ? g_object_ref (self->trust) : NULL;
  job->result = cd_intake_result_ref (result);
  store_task = g_task_new (self, g_task_get_cancellable (task), on_stored, g_object_ref (task));
  g_task_set_source_tag (store_task, store_thread);
  g_task_set_task_data (store_task, job, (GDestroyNotify) store_job_free);
  cd_database_run_in_thread (job->db, store_task, store_thread);
}

static void
on_source_done (const CdEvidenceResponse *response,
                gpointer                  user_data)
{
  GTask *task = user_data;

  /* A cancelled fetch's sources all end in "cancelled": nobody needs to hear that. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_signal_emit (g_task_get_source_object (task), signals[SIGNAL_SOURCE_DONE], 0, response);
}

void
cd_claim_intake_fetch_async (CdClaimIntake       *self,
                             const char          *personal_id,
                             const char          *from_iso,
                             const char          *to_iso,
                             gint64               claim_id,
                             const CdCitizenCard *card,
                             guint                wanted,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GCancellable *fetch_cancellable;
  gboolean same = FALSE;

  g_return_if_fail (CD_IS_CLAIM_INTAKE (self));
  g_return_if_fail (personal_id != NULL);
  g_return_if_fail (from_iso != NULL && to_iso != NULL);
  g_return_if_fail (card == NULL || g_strcmp0 (card->personal_id, personal_id) == 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  /* The previous claim's work is of no use any more. */
  fetch_cancellable = restart (&self->fetch_cancellable, cancellable);
  cancel_slot (&self->build_cancellable);
  cancel_slot (&self->evaluate_cancellable);

  /* A retry of some sources is for the person and window whose fetch was stored; anyone else is
   * asked of every source, or detection would read older answers beside this fetch's. */
  same = g_strcmp0 (self->last_personal_id, personal_id) == 0
         && g_strcmp0 (self->last_from, from_iso) == 0 && g_strcmp0 (self->last_to, to_iso) == 0;
  wanted &= CD_EVIDENCE_ALL_SOURCES;
  if (!same)
    wanted = CD_EVIDENCE_ALL_SOURCES;

  task = g_task_new (self, fetch_cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_claim_intake_fetch_async);
  g_task_set_task_data (task,
                        intake_result_new (personal_id, from_iso, to_iso, claim_id, card, wanted),
                        (GDestroyNotify) cd_intake_result_unref);
  set_fetch_task (self, task);

  /* `task` outlives every progress call: the fetcher calls back only after the last one. */
  cd_evidence_fetcher_fetch_sources_async (self->fetcher, personal_id, from_iso, to_iso, wanted,
                                           fetch_cancellable, on_source_done, task, on_fetched,
                                           g_object_ref (task));
}

CdIntakeResult *
cd_claim_intake_fetch_finish (CdClaimIntake  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_claim_intake_fetch_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Facts ----------------------------------------------------------------------------------- */

typedef struct
{
  CdDatabase     *db;
  char           *personal_id;
  CdCaseProposal *proposal;
  char           *decided_on;
} BuildData;

static void
build_data_free (BuildData *data)
{
  g_clear_object (&data->db);
  g_free (data->personal_id);
  g_clear_pointer (&data->proposal, cd_case_proposal_free);
  g_free (data->decided_on);
  g_free (data);
}

static void
build_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *data = task_data;
  GError *error = NULL;
  CdFactsDraft *draft = cd_facts_build (data->db, data->personal_id, data->proposal,
                                        data->decided_on, &error);

  if (draft == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, draft, (GDestroyNotify) cd_facts_draft_free);
}

void
cd_claim_intake_build_facts_async (CdClaimIntake        *self,
                                   const char           *personal_id,
                                   const CdCaseProposal *proposal,
                                   const char           *decided_on,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  BuildData *data;

  g_return_if_fail (CD_IS_CLAIM_INTAKE (self));
  g_return_if_fail (personal_id != NULL);
  g_return_if_fail (proposal != NULL);
  g_return_if_fail (decided_on != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (BuildData, 1);
  data->db = g_object_ref (self->db);
  data->personal_id = g_strdup (personal_id);
  data->proposal = cd_case_proposal_copy (proposal);
  data->decided_on = g_strdup (decided_on);
  task = g_task_new (self, restart (&self->build_cancellable, cancellable), callback, user_data);
  g_task_set_source_tag (task, cd_claim_intake_build_facts_async);
  g_task_set_task_data (task, data, (GDestroyNotify) build_data_free);
  cd_database_run_in_thread (data->db, task, build_thread);
}

CdFactsDraft *
cd_claim_intake_build_facts_finish (CdClaimIntake  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == cd_claim_intake_build_facts_async, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Evaluation ------------------------------------------------------------------------------ */

typedef struct
{
  CdRulePack *pack;
  JsonNode   *facts;
} EvaluateData;

static void
evaluate_data_free (EvaluateData *data)
{
  g_clear_pointer (&data->pack, cd_rule_pack_unref);
  g_clear_pointer (&data->facts, json_node_unref);
  g_free (data);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  EvaluateData *data = task_data;
  GError *error = NULL;
  g_autoptr(CdFacts) facts = cd_facts_parse_node (data->facts, &error);
  g_autoptr(CdResult) result = NULL;

  if (facts == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = cd_rules_evaluate (data->pack, facts, &error);
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, cd_result_to_json (result, facts->documents),
                         (GDestroyNotify) json_node_unref);
}

void
cd_claim_intake_evaluate_async (CdClaimIntake       *self,
                                JsonNode            *facts,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  EvaluateData *data;

  g_return_if_fail (CD_IS_CLAIM_INTAKE (self));
  g_return_if_fail (facts != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, restart (&self->evaluate_cancellable, cancellable), callback,
                     user_data);
  g_task_set_source_tag (task, cd_claim_intake_evaluate_async);
  if (self->pack == NULL)
    {
      g_task_return_new_error (task, CD_CLAIM_INTAKE_ERROR, CD_CLAIM_INTAKE_ERROR_NO_RULE_PACK,
                               _("The rules are not loaded yet; the claim cannot be evaluated"));
      return;
    }
  data = g_new0 (EvaluateData, 1);
  data->pack = cd_rule_pack_ref (self->pack);
  data->facts = json_node_copy (facts);
  g_task_set_task_data (task, data, (GDestroyNotify) evaluate_data_free);
  /* The rules read no database: any worker thread will do, beside a job on the writer. */
  g_task_run_in_thread (task, evaluate_thread);
}

JsonNode *
cd_claim_intake_evaluate_finish (CdClaimIntake  *self,
                                 GAsyncResult   *result,
                                 GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_claim_intake_evaluate_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- GObject --------------------------------------------------------------------------------- */

static void
cd_claim_intake_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CdClaimIntake *self = CD_CLAIM_INTAKE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      g_value_set_object (value, self->db);
      break;
    case PROP_FETCHER:
      g_value_set_object (value, self->fetcher);
      break;
    case PROP_TRUST_STORE:
      g_value_set_object (value, self->trust);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, cd_claim_intake_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_intake_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CdClaimIntake *self = CD_CLAIM_INTAKE (object);

  switch (prop_id)
    {
    case PROP_DATABASE:
      self->db = g_value_dup_object (value);
      break;
    case PROP_FETCHER:
      self->fetcher = g_value_dup_object (value);
      break;
    case PROP_TRUST_STORE:
      self->trust = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_intake_dispose (GObject *object)
{
  CdClaimIntake *self = CD_CLAIM_INTAKE (object);

  cancel_slot (&self->fetch_cancellable);
  cancel_slot (&self->build_cancellable);
  cancel_slot (&self->evaluate_cancellable);
  g_clear_object (&self->fetcher);
  g_clear_object (&self->trust);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (cd_claim_intake_parent_class)->dispose (object);
}

static void
cd_claim_intake_finalize (GObject *object)
{
  CdClaimIntake *self = CD_CLAIM_INTAKE (object);

  g_clear_pointer (&self->pack, cd_rule_pack_unref);
  g_free (self->last_personal_id);
  g_free (self->last_from);
  g_free (self->last_to);

  G_OBJECT_CLASS (cd_claim_intake_parent_class)->finalize (object);
}

static void
cd_claim_intake_class_init (CdClaimIntakeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cd_claim_intake_get_property;
  object_class->set_property = cd_claim_intake_set_property;
  object_class->dispose = cd_claim_intake_dispose;
  object_class->finalize = cd_claim_intake_finalize;

  /* The workstation's writer: every job of the intake goes through its queue. */
  properties[PROP_DATABASE] =
    g_param_spec_object ("database", NULL, NULL, CD_TYPE_DATABASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  properties[PROP_FETCHER] =
    g_param_spec_object ("fetcher", NULL, NULL, CD_TYPE_EVIDENCE_FETCHER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRUST_STORE] =
    g_param_spec_object ("trust-store", NULL, NULL, CD_TYPE_TRUST_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY
                         | G_PARAM_STATIC_STRINGS);
  /* A fetch is under way: a view disables its Fetch while it is. */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A source answered or failed (const CdEvidenceResponse *), on the main context of the fetch, in
   * the order they finish; not emitted for the sources of a cancelled fetch. */
  signals[SIGNAL_SOURCE_DONE] = g_signal_new ("source-done", G_TYPE_FROM_CLASS (klass),
                                              G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                              G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
cd_claim_intake_init (CdClaimIntake *self)
{
}
