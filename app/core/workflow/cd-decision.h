/* cd-decision.h — freezing an approved decision: its canonical payload, and the one transaction
 * that stores it with its audit entry and its outbox item.
 *
 * The workflow (cd-workflow.c) calls it on the final approval; the seeder (cd-seed.c) calls it for
 * the approved decisions of the synthetic world, so both leave the same records behind. The payload
 * format ("claimdesk-decision-2") is documented in docs/workflow.md.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-audit-log.h"

G_BEGIN_DECLS

#define CD_DECISION_ERROR (cd_decision_error_quark ())

typedef enum
{
  CD_DECISION_ERROR_INVALID,  /* the evaluation result cannot be frozen (not JSON, no lines) */
  CD_DECISION_ERROR_QUERY,    /* SQLite refused a step; nothing was written */
} CdDecisionError;

GQuark cd_decision_error_quark (void);

typedef struct
{
  const char *login;
  const char *full_name;
  const char *approved_at;
} CdDecisionApprover;

typedef struct
{
  const char               *uuid;            /* the decision's UUID v4 */
  const char               *claim_number;
  const char               *benefit;         /* stable name, e.g. "sickness" */
  const char               *claimant_name;
  const char               *personal_id;
  const char               *si_code;         /* may be NULL */
  const char               *period_from;
  const char               *period_to;
  const char               *office_code;     /* may be NULL */
  const char               *result_json;     /* the evaluation result (evaluate-contract.md) */
  const char               *evaluation_json; /* or, instead, the payload's evaluation object made
                                              * by cd_decision_evaluation_json (canonical) */
  gint64                    amount;          /* VND */
  const char               *proposed_by;     /* login */
  const CdDecisionApprover *approvers;
  guint                     n_approvers;
  const char               *decided_at;      /* ISO 8601 UTC */
} CdDecisionFacts;

/* The payload's "evaluation" object (eligible, lines, lump_sum, rulepack, total), canonical, from a
 * rules result. */
char     *cd_decision_evaluation_json (const char  *result_json,
                                       const char  *claim_number,
                                       GError     **error);

/* The canonical JSON of a frozen decision. */
char     *cd_decision_payload (const CdDecisionFacts  *facts,
                               GError                **error);

/* Everything the final approval writes, inside a transaction the caller has open: the decision's
 * payload, hash and frozen_at; the claim moved to `queued`; the audit entry; the outbox item. Any
 * failure leaves the caller to roll back. `user_id` 0 is the system (the seeder). */
gboolean  cd_decision_freeze  (CdDatabase             *db,
                               gint64                  decision_id,
                               gint64                  claim_id,
                               const CdDecisionFacts  *facts,
                               gint64                  user_id,
                               const char             *status_before,
                               GError                **error);

/* The same, many times in one transaction (the seeder): statements prepared once, the audit chain's
 * head kept in memory. Valid only inside the transaction it is first used in. */
typedef struct _CdFreezer CdFreezer;

CdFreezer     *cd_freezer_new              (CdDatabase             *db,
                                            GError                **error);
gboolean       cd_freezer_freeze           (CdFreezer              *freezer,
                                            gint64                  decision_id,
                                            gint64                  claim_id,
                                            const CdDecisionFacts  *facts,
                                            gint64                  user_id,
                                            const char             *status_before,
                                            GError                **error);
/* For the entries that follow a freeze in the same transaction (a seeded sync or refusal). */
CdAuditWriter *cd_freezer_get_audit_writer (CdFreezer              *freezer);
void           cd_freezer_free             (CdFreezer              *freezer);

/* A random UUID, version 4. */
char     *cd_decision_new_uuid (void);

G_END_DECLS
