/* cd-document-error.h — the one error domain of every external-document parser.
 *
 * Every parser (safe XML reading, the MoH envelope and tables, civil status, population SOAP,
 * identifiers) fails with CD_DOCUMENT_ERROR; the message names the document's source and the
 * reason.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_DOCUMENT_ERROR (cd_document_error_quark ())

typedef enum
{
  CD_DOCUMENT_ERROR_TOO_LARGE,        /* the input is over the size cap */
  CD_DOCUMENT_ERROR_ENCODING,         /* not UTF-8, NUL bytes, or another encoding declared */
  CD_DOCUMENT_ERROR_FORBIDDEN,        /* DOCTYPE, entity declarations, external DTD */
  CD_DOCUMENT_ERROR_TOO_DEEP,         /* elements nested deeper than the cap */
  CD_DOCUMENT_ERROR_TOO_MANY_NODES,   /* more elements than the cap */
  CD_DOCUMENT_ERROR_TEXT_TOO_LARGE,   /* one text node over the cap */
  CD_DOCUMENT_ERROR_MALFORMED,        /* not well-formed XML or JSON (truncation included) */
  CD_DOCUMENT_ERROR_WRONG_ROOT,       /* well formed, but not the expected document element */
  CD_DOCUMENT_ERROR_WRONG_NAMESPACE,  /* a SOAP body outside http://dancuquocgia.bca */
  CD_DOCUMENT_ERROR_BAD_BASE64,       /* NOIDUNGFILE is not strict base64 */
  CD_DOCUMENT_ERROR_MISSING_FIELD,    /* a required element or member is absent or empty */
  CD_DOCUMENT_ERROR_INVALID_FIELD,    /* a value fails its pattern, length or calendar check */
  CD_DOCUMENT_ERROR_UNKNOWN_KIND,     /* nothing we know how to read */
  CD_DOCUMENT_ERROR_SOAP_FAULT,       /* the population service answered with a SOAP Fault */
  CD_DOCUMENT_ERROR_IO,               /* the file could not be read */
  CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES, /* an element with more attributes than the cap */
  CD_DOCUMENT_ERROR_SIGNATURE,        /* a signature placed or shaped against its format */
} CdDocumentError;

GQuark      cd_document_error_quark   (void);
const char *cd_document_error_to_string (CdDocumentError code);

G_END_DECLS
