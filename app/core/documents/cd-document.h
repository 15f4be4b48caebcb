/* cd-document.h — one external document: its kind, where it came from, and its normalized content.
 *
 * cd_document_parse detects the kind from the bytes (JSON → civil status; XML → by the root
 * element: GIAMDINHHS, a MoH table root, a SOAP Envelope) and reads it completely or not at all.
 * The JSON form is {"kind": "...", "source": "...", "content": {...}[, "signature": {...}]};
 * docs/documents.md has it.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libxml/tree.h>

#include "cd-document-error.h"
#include "cd-xmldsig.h"

G_BEGIN_DECLS

typedef enum
{
  CD_DOCUMENT_KIND_MOH_ENVELOPE,
  CD_DOCUMENT_KIND_MOH_XML1,
  CD_DOCUMENT_KIND_MOH_XML7,
  CD_DOCUMENT_KIND_MOH_XML8,
  CD_DOCUMENT_KIND_MOH_XML9,
  CD_DOCUMENT_KIND_MOH_XML10,
  CD_DOCUMENT_KIND_MOH_XML11,
  CD_DOCUMENT_KIND_MOH_XML12,
  CD_DOCUMENT_KIND_MOH_XML13,
  CD_DOCUMENT_KIND_CIVIL_BIRTH,
  CD_DOCUMENT_KIND_CIVIL_DEATH,
  CD_DOCUMENT_KIND_POPULATION_LOOKUP,
  CD_DOCUMENT_KIND_POPULATION_MATCH,
  CD_DOCUMENT_KIND_POPULATION_STATUS,
  CD_DOCUMENT_KIND_POPULATION_RELATIVES,
} CdDocumentKind;

typedef struct _CdDocument CdDocument;

CdDocument     *cd_document_parse            (const char    *data,
                                              gsize          length,
                                              const char    *source,
                                              GError       **error);
CdDocument     *cd_document_parse_file       (const char    *path,
                                              GError       **error);
CdDocument     *cd_document_ref              (CdDocument    *self);
void            cd_document_unref            (CdDocument    *self);

CdDocumentKind  cd_document_get_kind         (CdDocument    *self);
const char     *cd_document_get_source       (CdDocument    *self);
/* The normalized content (owned by the document). */
JsonObject     *cd_document_get_content      (CdDocument    *self);
/* The parsed XML, kept for signature verification; NULL for JSON documents. */
xmlDocPtr       cd_document_get_xml          (CdDocument    *self);
/* Whether this kind carries a facility signature (the envelope and XML12). */
gboolean        cd_document_kind_is_signed   (CdDocumentKind kind);
const char     *cd_document_kind_to_string   (CdDocumentKind kind);

/* Verifies the document's XMLDSig against `store` (NULL: no CA trusted) and attaches the outcome as
 * "signature": {"status", "profile", "subject", "reason"}. JSON documents are "unsigned". */
CdSignatureStatus cd_document_verify           (CdDocument    *self,
                                              CdTrustStore  *store);
/* Attaches a verification outcome; it appears as "signature" in the JSON form. */
void            cd_document_set_signature    (CdDocument    *self,
                                              const char    *status,
                                              const char    *subject,
                                              const char    *reason);
char           *cd_document_to_json          (CdDocument    *self,
                                              gboolean       pretty);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdDocument, cd_document_unref)

G_END_DECLS
