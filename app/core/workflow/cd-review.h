/* cd-review.h — risk-based review sampling: which proposals a supervisor must open before
 * approving them (issue 18).
 *
 * Every proposal gets a risk score when it is made, from the open anomaly alerts that name its
 * claim, the findings of the claim's newest cross-check, its amount and the proposing officer's
 * experience (docs/workflow.md, "Review sampling"). The office's rule (cd_review_rule_write: the
 * office head or an administrator) then says whether it is drawn for review: every claim of a new
 * officer, a share of an experienced one's, every claim at or above a score. The score, its parts,
 * the draw and the reasons are stored with the decision in the proposal's transaction and never
 * change. A drawn decision is shown as such in the approval queue, and a bulk approval refuses it
 * until the supervisor has opened the claim (cd_approval_mark_reviewed).
 *
 * The draw is a keyed hash of the claim number (BLAKE2b with the office's secret key, made at
 * random the first time it is needed and kept in the store): the same claim always draws the same
 * number, so a proposal returned and proposed again is not a second chance to escape the sample,
 * and without the key nobody can tell which claims a share will draw.
 */
#pragma once

#include "cd-database.h"
#include "cd-session.h"

G_BEGIN_DECLS

/* What an office gets before it sets the rule: off, so that bulk approval keeps working as it did
 * until the office decides to sample; switched on, the rule of the example. */
#define CD_DEFAULT_REVIEW_ENABLED        FALSE
#define CD_DEFAULT_REVIEW_NEW_DECISIONS  20
#define CD_DEFAULT_REVIEW_NEW_MONTHS     3
#define CD_DEFAULT_REVIEW_SHARE          10
#define CD_DEFAULT_REVIEW_SCORE          60
#define CD_REVIEW_MAX_NEW_DECISIONS      10000
#define CD_REVIEW_MAX_NEW_MONTHS         120
#define CD_REVIEW_KEY_SIZE               32

typedef struct
{
  gboolean enabled;                /* FALSE: proposals are scored, none is drawn */
  guint    new_officer_decisions;  /* an officer with fewer earlier proposals is new; 0: none */
  guint    new_officer_months;     /* an account younger than this is new; 0: none */
  guint    share_percent;          /* of an experienced officer's proposals, drawn (0–100) */
  guint    score_threshold;        /* a score at or above it is always reviewed; 0: never */
} CdReviewRule;

/* Missing or unreadable values read as the defaults, out-of-range ones as the nearest limit. */
void     cd_review_rule_read   (CdDatabase          *db,
                                CdReviewRule        *out);
/* The office head or an administrator (CD_ACCESS_REVIEW_RULE); one transaction with its audit
 * entry (settings.change, before and after). Unchanged values log nothing. CD_REVIEW_ERROR_INVALID
 * for a share or a score above 100 or a limit above its maximum. */
gboolean cd_review_rule_write  (CdDatabase          *db,
                                CdSession           *session,
                                const CdReviewRule  *rule,
                                GError             **error);
/* The same off the main loop: read on a reader of its own on `db_path`, written on the shared
 * writer. */
void          cd_review_rule_read_async   (const char          *db_path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
CdReviewRule *cd_review_rule_read_finish  (GAsyncResult        *result,
                                           GError             **error);
void          cd_review_rule_write_async  (CdDatabase          *writer,
                                           CdSession           *session,
                                           const CdReviewRule  *rule,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      cd_review_rule_write_finish (GAsyncResult        *result,
                                           GError             **error);

#define CD_REVIEW_ERROR (cd_review_error_quark ())

typedef enum
{
  CD_REVIEW_ERROR_INVALID,  /* a rule value out of range */
  CD_REVIEW_ERROR_FAILED,   /* the store refused; nothing changed */
} CdReviewError;

GQuark cd_review_error_quark (void);

/* A proposal's risk: the facts it is made of, the points each gives, and the score (0–100).
 * docs/workflow.md has the table of points. */
typedef struct
{
  guint  n_alerts;            /* alerts naming the claim that are not explained */
  guint  n_finding_errors;    /* findings of the newest cross-check, by severity */
  guint  n_finding_warnings;
  gint64 amount;              /* VND */
  gint64 large_amount;        /* the office's two-supervisor threshold when it was scored */
  guint  officer_decisions;   /* claims the officer had proposed before */
  guint  officer_months;      /* whole months since the officer's account was made */
  guint  alert_points;
  guint  finding_points;
  guint  amount_points;
  guint  experience_points;
  guint  score;
} CdRiskScore;

/* The points and the score from the facts of `score`, under `rule` (which says who is new). */
void      cd_risk_score_compute   (CdRiskScore         *score,
                                   const CdReviewRule  *rule);
/* Reads the facts of claim `claim_id` proposed by `officer_id` at `at` (ISO 8601 UTC) for
 * `amount`, and computes the score. */
gboolean  cd_risk_score_read      (CdDatabase          *db,
                                   gint64               claim_id,
                                   gint64               officer_id,
                                   gint64               amount,
                                   const char          *at,
                                   const CdReviewRule  *rule,
                                   CdRiskScore         *out,
                                   GError             **error);
/* The facts and points as one JSON object (decision_risk.parts), and back. */
char     *cd_risk_score_to_json   (const CdRiskScore   *score);
gboolean  cd_risk_score_from_json (const char          *json,
                                   CdRiskScore         *out);

typedef enum
{
  CD_REVIEW_REASON_NONE        = 0,
  CD_REVIEW_REASON_NEW_OFFICER = 1 << 0,  /* the officer is new: all their claims */
  CD_REVIEW_REASON_SCORE       = 1 << 1,  /* the score is at or above the rule's */
  CD_REVIEW_REASON_DRAWN       = 1 << 2,  /* drawn in the share of an experienced officer's */
} CdReviewReasons;

/* The draw of a claim, 0–9999: BLAKE2b keyed with `key` over the claim number. */
guint            cd_review_draw           (const guint8        *key,
                                           gsize                key_len,
                                           const char          *claim_number);
/* Why `rule` samples a proposal with `score` and `draw` (NONE: it is not sampled). A new officer
 * is reviewed whole and is not drawn as well; the share draws among the experienced. */
CdReviewReasons  cd_review_rule_sample    (const CdReviewRule  *rule,
                                           const CdRiskScore   *score,
                                           guint                draw);
/* The reasons as JSON (["new_officer","score"]) and back. */
char            *cd_review_reasons_to_json   (CdReviewReasons   reasons);
CdReviewReasons  cd_review_reasons_from_json (const char       *json);
/* For the person about to approve (translated): why it is to be reviewed, and the score's
 * parts, one per line. */
char            *cd_review_describe       (CdReviewReasons      reasons,
                                           const CdRiskScore   *score);

/* At a proposal, inside its transaction (cd_workflow_propose): scores decision `decision_id`,
 * draws, and writes its decision_risk row. The office's key is made here the first time. */
gboolean  cd_review_record_proposal (CdDatabase  *db,
                                     gint64       decision_id,
                                     gint64       claim_id,
                                     const char  *claim_number,
                                     gint64       officer_id,
                                     gint64       amount,
                                     const char  *at,
                                     GError     **error);

/* What is stored of one decision: `scored` FALSE for one proposed before sampling existed (or
 * by the seeder), which is never sampled. */
typedef struct
{
  gboolean         scored;
  CdRiskScore      score;
  guint            draw;
  gboolean         sampled;
  CdReviewReasons  reasons;
} CdReviewState;

gboolean  cd_review_read_state   (CdDatabase     *db,
                                  gint64          decision_id,
                                  CdReviewState  *out,
                                  GError        **error);
/* Whether `user_id` has opened decision `decision_id` (decision_reviews). */
gboolean  cd_review_was_opened   (CdDatabase     *db,
                                  gint64          decision_id,
                                  gint64          user_id,
                                  gboolean       *opened,
                                  GError        **error);

G_END_DECLS
