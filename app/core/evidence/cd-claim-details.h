/* cd-claim-details.h — everything known about one claim, read at once for the claim view.
 *
 * The claim row and its claimant; the documents linked to the claim or to its people (with their
 * provenance and signature; the raw bytes are read on demand); the verifications and the findings
 * of the newest cross-check; the newest evaluation (lines with citations, unpaid days, reasons,
 * assumptions, total, the required documents present or missing among the stored ones); the
 * decisions with their approvals; the claim's audit entries, newest first; and which workflow
 * actions a session may take on it now (cd_workflow_can). Read on a reader connection of its own,
 * in a worker thread: call the _async variant from the UI.
 */
#pragma once

#include <gio/gio.h>

#include "cd-claim-types.h"
#include "cd-finding.h"
#include "cd-database.h"
#include "cd-users.h"

G_BEGIN_DECLS

#define CD_CLAIM_DETAILS_ERROR (cd_claim_details_error_quark ())

typedef enum
{
  CD_CLAIM_DETAILS_ERROR_NOT_FOUND,  /* no claim with that number, no document with that id */
  CD_CLAIM_DETAILS_ERROR_QUERY,      /* SQLite failed or a stored value is unreadable */
} CdClaimDetailsError;

GQuark cd_claim_details_error_quark (void);

/* What the session may do on the claim now: a bit per action. */
typedef enum
{
  CD_CLAIM_ACTION_NONE         = 0,
  CD_CLAIM_ACTION_PROPOSE      = 1 << 0,
  CD_CLAIM_ACTION_APPROVE      = 1 << 1,
  CD_CLAIM_ACTION_RETURN       = 1 << 2,
  CD_CLAIM_ACTION_REJECT       = 1 << 3,
  CD_CLAIM_ACTION_PRINT_LETTER = 1 << 4,
} CdClaimActions;

typedef struct
{
  gint64    id;
  char     *kind;              /* documents.kind: leave_certificate, envelope, citizen… */
  char     *source_system;     /* medical, civil_status, population, central, manual */
  char     *url;
  char     *fetched_at;        /* ISO 8601 UTC */
  char     *sha256;
  char     *signature_status;  /* valid, invalid, unsigned, untrusted, not_applicable */
  char     *signer;            /* the signer's subject, or NULL */
  char     *parse_status;      /* pending, parsed, rejected */
  char     *parse_error;
  char     *fields_json;       /* the parsed fields, or NULL */
  gint64    raw_length;        /* bytes */
  gint64    parent_id;         /* the envelope it was split from, 0 if none */
  gboolean  linked_to_claim;   /* a copy's documents.claim_id is this claim (else: by person) */
  gboolean  paper;             /* recorded from paper by an officer (source_system 'manual') */
  char     *paper_state;       /* paper: unverified, verified, mismatch, not_found; else NULL */
  char     *paper_checked_at;  /* paper: when deferred verification last looked, or NULL */
  char     *entered_by;        /* paper: the officer's full name; else NULL */
  char     *entered_at;        /* paper: when it was entered (ISO 8601 UTC; = fetched_at) */
  char     *scan_sha256;       /* the scan attached to it, or NULL */
  char     *scan_media_type;   /* image/png, image/jpeg, application/pdf, or NULL */
  guint     n_fetches;         /* the fetches that stored this same document (1 for a paper) */
  char     *first_fetched_at;  /* the first of them (ISO 8601 UTC); fetched_at is the newest */
} CdDetailsDocument;

typedef struct
{
  char *code;
  char *message_vi;
  char *message_en;
  char *severity;  /* for cross-check findings, else NULL */
} CdDetailsDiscrepancy;

typedef struct
{
  gint64     id;
  char      *source;         /* medical, civil_status, population, central, cross_check */
  char      *result;         /* match, mismatch, not_found, alive, dead, missing, error */
  char      *checked_at;
  gint64     document_id;    /* 0 if none */
  GPtrArray *discrepancies;  /* CdDetailsDiscrepancy */
} CdDetailsVerification;

typedef struct
{
  char    *code;
  char    *from;          /* YYYY-MM-DD */
  char    *to;
  double   days;          /* may be a half */
  char    *unit;          /* wd, calendar_days, months */
  gint64   months;
  gint64   base;          /* VND */
  char    *rate;          /* "3/4" */
  gint64   divisor;
  gint64   amount;        /* VND; 0 for an unpaid period */
  char    *citation;
  char    *message_vi;    /* the rule's sentence (from the result, else cd-rule-texts) */
  char    *message_en;
} CdDetailsLine;

typedef struct
{
  char *code;
  char *citation;
  char *message_vi;
  char *message_en;
} CdDetailsMessage;

typedef struct
{
  char     *kind;     /* a proof kind of docs/rules.md: leave_certificate, parenthood_proof… */
  char     *why;      /* the citation that requires it */
  gboolean  present;  /* a stored document of a matching kind is linked to the claim or person */
} CdDetailsRequiredDocument;

typedef struct
{
  gint64     id;
  char      *rulepack;
  gboolean   eligible;
  gint64     total;
  gint64     lump_sum;
  char      *evaluated_at;
  char      *evaluated_by;   /* the user's full name, or NULL */
  char      *result_json;
  GPtrArray *lines;          /* CdDetailsLine: paid lines */
  GPtrArray *unpaid;         /* CdDetailsLine: unpaid periods, amount 0 */
  GPtrArray *reasons;        /* CdDetailsMessage: why something is not paid */
  GPtrArray *assumptions;    /* CdDetailsMessage */
  GPtrArray *required;       /* CdDetailsRequiredDocument */
} CdDetailsEvaluation;

typedef struct
{
  gint64  approver_id;
  char   *approver_name;
  char   *approved_at;
} CdDetailsApproval;

typedef struct
{
  gint64     id;
  char      *uuid;
  char      *state;          /* proposed, approved, returned, rejected, superseded */
  gint64     amount;
  gint64     proposed_by;
  char      *proposed_by_name;
  char      *proposed_at;
  char      *comment;
  char      *frozen_at;      /* NULL until approved */
  GPtrArray *approvals;      /* CdDetailsApproval, in order */
} CdDetailsDecision;

typedef struct
{
  gint64  seq;
  char   *at;
  gint64  user_id;           /* 0 for the system */
  char   *user_name;         /* NULL for the system */
  char   *user_login;
  char   *action;            /* propose, approve, return… */
  char   *before_json;
  char   *after_json;
} CdDetailsAuditEntry;

/* One field of a paper document beside the electronic record's (deferred verification). */
typedef struct
{
  char *field;       /* the MoH or civil-status field name */
  char *paper;       /* as JSON text: "\"2026-09-12\"", 5, null */
  char *electronic;
} CdDetailsPaperField;

/* A paper document of the claim (or its claimant) that is not verified: still unverified, not
 * matching the electronic record, or not found in it. */
typedef struct
{
  gint64     document_id;
  char      *kind;
  char      *paper_state;  /* unverified, mismatch, not_found */
  char      *checked_at;   /* when deferred verification last looked; NULL if never */
  char      *entered_at;
  char      *entered_by;   /* the officer's full name */
  GPtrArray *fields;       /* CdDetailsPaperField: for a mismatch, each differing field */
} CdDetailsPaper;

typedef struct
{
  /* The claim */
  gint64                id;
  char                 *number;
  CdBenefit             benefit;
  CdClaimStatus         status;
  char                 *status_note;
  char                 *period_from;
  char                 *period_to;
  char                 *event_date;
  gint64                amount;
  char                 *received_on;      /* YYYY-MM-DD; NULL if the stored day does not exist */
  gint64                officer_id;
  char                 *officer_name;
  char                 *employer_name;
  char                 *created_at;
  char                 *updated_at;

  /* The claimant */
  gint64                claimant_id;
  char                 *claimant_name;
  char                 *personal_id;
  char                 *si_code;
  char                 *birth_date;
  char                 *sex;

  GPtrArray            *documents;        /* CdDetailsDocument, newest first */
  GPtrArray            *verifications;    /* CdDetailsVerification, newest first */
  GPtrArray            *findings;         /* CdFinding of the newest cross-check */
  CdDetailsEvaluation  *evaluation;       /* the newest, or NULL */
  GPtrArray            *decisions;        /* CdDetailsDecision, newest first */
  GPtrArray            *audit;            /* CdDetailsAuditEntry, newest first */

  gint64                approval_threshold;  /* VND above which two supervisors approve */
  CdClaimActions        actions;             /* what the session may do; NONE without one */
  GPtrArray            *paper;               /* CdDetailsPaper not verified, oldest first */
  gint64                n_alerts;            /* anomaly alerts naming the claim, in any state */
} CdClaimDetails;

void            cd_claim_details_free          (CdClaimDetails  *details);

/* Blocking: reads on `db` (a reader is enough). `session` may be NULL: then no action is
 * allowed. */
CdClaimDetails *cd_claim_details_load          (CdDatabase      *db,
                                                const char      *claim_number,
                                                CdSession       *session,
                                                GError         **error);
/* Opens a reader connection on `db_path` in a worker thread and loads there. */
void            cd_claim_details_load_async    (const char           *db_path,
                                                const char           *claim_number,
                                                CdSession            *session,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
CdClaimDetails *cd_claim_details_load_finish   (GAsyncResult         *result,
                                                GError              **error);

/* The actions `role` may take on a claim in `status`; `has_final_decision` (an approved or rejected
 * decision exists) allows printing the letter. */
CdClaimActions  cd_claim_details_actions_for   (CdClaimStatus   status,
                                                CdRole          role,
                                                gboolean        has_final_decision);

/* One document's raw bytes, as they came. */
GBytes         *cd_claim_details_read_raw      (CdDatabase      *db,
                                                gint64           document_id,
                                                GError         **error);
void            cd_claim_details_read_raw_async  (const char          *db_path,
                                                  gint64               document_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GBytes         *cd_claim_details_read_raw_finish (GAsyncResult        *result,
                                                  GError             **error);

/* The stored document kinds that prove a required proof kind (NULL-terminated, static); an empty
 * list for proofs no connected source delivers (adoption certificate, handover record…). */
const char * const *cd_claim_details_proof_sources (const char *proof_kind);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdClaimDetails, cd_claim_details_free)

G_END_DECLS
