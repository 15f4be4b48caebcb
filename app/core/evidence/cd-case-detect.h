/* cd-case-detect.h — which benefit cases a person's stored evidence suggests.
 *
 * Reads the documents the evidence store kept for a person (the newest medical envelope's tables,
 * the newest answer of every other source) and proposes the case(s) an officer may open, each with
 * its period and the documents it rests on, newest first. A proposal is a suggestion: the officer
 * picks one and every fact built from it stays editable.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cd-claim-types.h"
#include "cd-database.h"

G_BEGIN_DECLS

/* One stored, parsed document. */
typedef struct
{
  gint64    id;
  char     *kind;        /* documents.kind: "leave_certificate", "birth_certificate"… */
  gint64    parent_id;   /* the envelope a medical table came from; 0 for none */
  guint     episode;     /* the treatment episode inside the envelope (0 outside one) */
  JsonNode *fields;      /* the parsed fields */
  char     *window_from; /* the fetch window it answered (YYYY-MM-DD), or NULL */
  char     *window_to;
  gboolean  paper;       /* recorded from paper by an officer (source_system 'manual') */
  char     *paper_state; /* a paper document's: unverified, verified, mismatch, not_found */
  char     *entered_by;  /* a paper document's: the officer's full name */
  char     *entered_at;  /* a paper document's: when it was entered (ISO 8601 UTC) */
} CdStoredDocument;

void              cd_stored_document_free      (CdStoredDocument *document);

/* The person's current evidence in storage order: the tables of the newest medical envelope, then
 * the newest fetched document of every other kind, then the person's paper documents
 * (cd-paper-document.h), each its own episode. A paper medical table's `fields` is its one record,
 * as an envelope's table is; a paper document the electronic evidence already holds (same kind and
 * serial, or same kind and day) is left out, and a paper assessment or registration only stands
 * in for a missing electronic one. An empty array when nothing is stored; NULL and a
 * CD_DATABASE_ERROR naming the personal ID when the store cannot be read. */
GPtrArray        *cd_stored_documents_load     (CdDatabase        *db,
                                                const char        *personal_id,
                                                GError           **error);
/* The first document of `kind`, or NULL. */
CdStoredDocument *cd_stored_documents_find     (GPtrArray         *documents,
                                                const char        *kind);
CdStoredDocument *cd_stored_documents_find_id  (GPtrArray         *documents,
                                                gint64             id);

typedef struct
{
  CdBenefit  benefit;
  char      *from;          /* YYYY-MM-DD: the period the documents show */
  char      *to;
  char      *event_date;    /* birth, loss or procedure day; NULL when none */
  char      *child_id;      /* the child's personal ID (sick child, birth); NULL when unknown */
  GArray    *document_ids;  /* gint64: the documents the proposal rests on, the main one first */
  char      *evidence;      /* for people: what suggests the case (translated) */
} CdCaseProposal;

void            cd_case_proposal_free  (CdCaseProposal *proposal);
CdCaseProposal *cd_case_proposal_copy  (const CdCaseProposal *proposal);

/* Proposes cases from already loaded documents (cd_stored_documents_load) for the claimant. */
GPtrArray      *cd_case_detect_documents (GPtrArray   *documents,
                                          const char  *personal_id);
/* CdCaseProposal items, newest first; an empty array when no document suggests a case. */
GPtrArray      *cd_case_detect           (CdDatabase  *db,
                                          const char  *personal_id,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdStoredDocument, cd_stored_document_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdCaseProposal, cd_case_proposal_free)

G_END_DECLS
