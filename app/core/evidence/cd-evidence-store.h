/* cd-evidence-store.h — keeps every answer of every source, then what could be read from it.
 *
 * Each answer is stored raw with its provenance (source, URL, time, SHA-256) in a committed
 * transaction BEFORE anything parses it, so a parser failure or a crash loses nothing. Then it is
 * parsed, its signature verified, and the fields stored beside the raw bytes; a medical envelope is
 * also split into one row per table it carries (XML1, XML11…), each pointing at the envelope it
 * came from. Documents link to a claim by person, date window and kind. All of it works offline:
 * the newest stored answer of each source stands in when a source cannot be reached, with its age.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-database.h"
#include "cd-evidence-fetcher.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

/* What happened to one source's answer when it was stored. */
typedef struct
{
  CdEvidenceSource  source;
  gint64            document_id;      /* 0 when there was no answer to store */
  char             *signature_status; /* "valid", "invalid", "unsigned", "untrusted", "not_applicable" */
  char             *signer;
  char             *parse_status;     /* "parsed", "rejected" */
  char             *parse_error;      /* why rejected, naming the source */
  guint             n_parts;          /* tables split out of a medical envelope and read */
  guint             n_refused;        /* …and refused on their own (stored "rejected") */
  char             *refused;          /* their messages, one per line; NULL when none */
} CdStoredEvidence;

void        cd_stored_evidence_free      (CdStoredEvidence *stored);

/* Stores, parses and verifies every answer in `responses` (CdEvidenceResponse, from the fetcher).
 * `claim_id` may be 0 (not yet a claim). Returns CdStoredEvidence items in source order. */
GPtrArray  *cd_evidence_store_save       (CdDatabase       *db,
                                          const char       *personal_id,
                                          const char       *window_from,
                                          const char       *window_to,
                                          gint64            claim_id,
                                          GPtrArray        *responses,
                                          CdTrustStore     *trust,
                                          GError          **error);

/* The newest stored answer of a source for a person: its document id, fields (JSON text) and when
 * it was fetched; FALSE when nothing is stored. A paper document of the same kind is no answer of
 * the source and never stands in for one. */
gboolean    cd_evidence_store_latest     (CdDatabase       *db,
                                          const char       *personal_id,
                                          CdEvidenceSource  source,
                                          gint64           *document_id,
                                          char            **fields_json,
                                          GDateTime       **fetched_at,
                                          GError          **error);

/* Links the person's documents to the claim: tables whose dates fall in the claim's window (with a
 * margin) and the person's identity, status, family and contribution records. Returns how many. */
guint       cd_evidence_link_claim       (CdDatabase       *db,
                                          gint64            claim_id,
                                          GError          **error);

/* Makes the claimant's child `child_id` a person of the store, linked as their child, from the
 * claimant's newest population relatives answer (its name and birth date; the sex from the
 * personal ID), so a claim about the child can be opened: a store that has fetched only the
 * claimant knows the child from that answer alone. *out_known is FALSE when the answer does not
 * list the child (nothing is written). */
gboolean    cd_evidence_store_ensure_child (CdDatabase    *db,
                                            const char    *claimant_id,
                                            const char    *child_id,
                                            gboolean      *out_known,
                                            GError       **error);

/* "3 giờ trước" / "3 hours ago": how old a cached answer is, for people. */
char       *cd_evidence_describe_age     (GDateTime        *fetched_at,
                                          GDateTime        *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStoredEvidence, cd_stored_evidence_free)

G_END_DECLS
