/* cd-central-client.h — talks to the central social-security system (OURS, see docs/interop.md).
 *
 * Acts for one officer of one enrolled office: the bearer token is asked for with the office's
 * credentials (cd-office-credential.h) and the officer's login, when first needed, and again once
 * when the server says it expired. A revoked office or officer is told apart from every other
 * failure (CD_CENTRAL_ERROR_REVOKED, whose message names which). Decisions are submitted in
 * batches. Submission is idempotent on the server by
 * decision id + payload hash, so a batch whose answer was lost may simply be sent again.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-audit-anchor.h"
#include "cd-http-client.h"
#include "cd-office-credential.h"

G_BEGIN_DECLS

#define CD_CENTRAL_ERROR (cd_central_error_quark ())

typedef enum
{
  CD_CENTRAL_ERROR_UNAUTHORIZED,  /* no token could be had, or it was refused again */
  CD_CENTRAL_ERROR_BAD_ANSWER,    /* the answer is not what the protocol says */
  CD_CENTRAL_ERROR_REJECTED,      /* the server refused the request as a whole (4xx) */
  CD_CENTRAL_ERROR_NOT_ENROLLED,  /* no office credentials: the workstation is not enrolled */
  CD_CENTRAL_ERROR_CREDENTIALS,   /* central does not know the office credentials (401) */
  CD_CENTRAL_ERROR_REVOKED,       /* central revoked the office's credentials or the officer */
} CdCentralError;

GQuark cd_central_error_quark (void);

typedef enum
{
  CD_CENTRAL_ACCEPTED,   /* filed now, with a receipt */
  CD_CENTRAL_DUPLICATE,  /* filed before with the same payload; same receipt */
  CD_CENTRAL_CONFLICT,   /* filed before with another payload: a human must look */
  CD_CENTRAL_REFUSED,    /* the central system refused it, with a reason */
  CD_CENTRAL_INVALID,    /* malformed (hash mismatch…): our bug, never retried as is */
} CdCentralOutcome;

typedef struct
{
  const char *id;
  const char *payload_hash;
  const char *payload;       /* canonical JSON text */
} CdOutboundDecision;

typedef struct
{
  char             *id;
  CdCentralOutcome  outcome;
  char             *receipt;
  char             *reason;
} CdCentralResult;

void cd_central_result_free (CdCentralResult *result);

#define CD_TYPE_CENTRAL_CLIENT (cd_central_client_get_type ())
G_DECLARE_FINAL_TYPE (CdCentralClient, cd_central_client, CD, CENTRAL_CLIENT, GObject)

/* `credential` may be NULL (not enrolled): every request then fails with
 * CD_CENTRAL_ERROR_NOT_ENROLLED before anything is sent. It is copied. */
CdCentralClient *cd_central_client_new              (CdHttpClient              *http,
                                                     const char                *base_url,
                                                     const CdOfficeCredential  *credential,
                                                     const char                *officer);
const char      *cd_central_client_get_base_url     (CdCentralClient           *self);
/* Whom the tokens are asked for. */
const char      *cd_central_client_get_officer      (CdCentralClient           *self);

/* Blocking. Forgets the token held and asks for a fresh one: TRUE if central issues it (the office
 * credentials and the officer are good), else the token request's error. */
gboolean         cd_central_client_authenticate     (CdCentralClient           *self,
                                                     GCancellable              *cancellable,
                                                     GError                   **error);

/* The access errors of an answer of central, shared by everything that speaks to it with the
 * office's credentials: a 401 that names bad credentials is CD_CENTRAL_ERROR_CREDENTIALS, a 403
 * {"error":"revoked","what":"office"|"officer"} CD_CENTRAL_ERROR_REVOKED, naming which (and
 * `officer` when it is the officer). TRUE, and nothing set, for any other answer. */
gboolean         cd_central_check_access            (CdHttpResponse            *response,
                                                     const char                *officer,
                                                     GError                   **error);

/* Blocking (call from a worker thread). Returns CdCentralResult items, one per decision sent. */
GPtrArray       *cd_central_client_submit_decisions (CdCentralClient           *self,
                                                     const CdOutboundDecision  *decisions,
                                                     guint                      n_decisions,
                                                     GCancellable              *cancellable,
                                                     GError                   **error);

/* The same, with the head of the workstation's audit log (`head`, may be NULL) as the request's
 * "audit_head"; `held` (may be NULL) gets central's "audit_anchor" answer — the anchor it holds for
 * these office credentials, with `status` saying what it did with `head` — or NULL if the answer
 * has none (docs/sync.md, "The audit anchor"). */
GPtrArray *cd_central_client_submit_decisions_with_head (CdCentralClient           *self,
                                                         const CdOutboundDecision  *decisions,
                                                         guint                      n_decisions,
                                                         const CdAuditAnchor       *head,
                                                         CdAuditAnchor            **held,
                                                         GCancellable              *cancellable,
                                                         GError                   **error);

/* Blocking. GET /central/audit-anchor: every audit-log head central accepted from these office
 * credentials (CdAuditAnchor, by seq), and in `n_refused` (may be NULL) how many heads it refused.
 * An empty array when it holds none. */
GPtrArray       *cd_central_client_get_audit_anchors (CdCentralClient  *self,
                                                      guint            *n_refused,
                                                      GCancellable     *cancellable,
                                                      GError          **error);

/* An authorized GET of a JSON document under the central base URL (insured person, contributions,
 * usage…). The response is kept raw for provenance; `root` is its parsed body. */
CdHttpResponse  *cd_central_client_get              (CdCentralClient           *self,
                                                     const char                *path,
                                                     JsonNode                 **root,
                                                     GCancellable              *cancellable,
                                                     GError                   **error);

CdCentralOutcome cd_central_outcome_from_string     (const char                *text,
                                                     gboolean                  *known);
const char      *cd_central_outcome_to_string       (CdCentralOutcome           outcome);

G_END_DECLS
