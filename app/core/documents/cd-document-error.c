/* cd-document-error.c — the error domain shared by the document parsers. */
#include "cd-document-error.h"

G_DEFINE_QUARK (cd-document-error-quark, cd_document_error)

/* Stable names for scripts and the normalized JSON; never translated. */
const char *
cd_document_error_to_string (CdDocumentError code)
{
  switch (code)
    {
    case CD_DOCUMENT_ERROR_TOO_LARGE: return "too-large";
    case CD_DOCUMENT_ERROR_ENCODING: return "encoding";
    case CD_DOCUMENT_ERROR_FORBIDDEN: return "forbidden";
    case CD_DOCUMENT_ERROR_TOO_DEEP: return "too-deep";
    case CD_DOCUMENT_ERROR_TOO_MANY_NODES: return "too-many-nodes";
    case CD_DOCUMENT_ERROR_TEXT_TOO_LARGE: return "text-too-large";
    case CD_DOCUMENT_ERROR_MALFORMED: return "malformed";
    case CD_DOCUMENT_ERROR_WRONG_ROOT: return "wrong-root";
    case CD_DOCUMENT_ERROR_WRONG_NAMESPACE: return "wrong-namespace";
    case CD_DOCUMENT_ERROR_BAD_BASE64: return "bad-base64";
    case CD_DOCUMENT_ERROR_MISSING_FIELD: return "missing-field";
    case CD_DOCUMENT_ERROR_INVALID_FIELD: return "invalid-field";
    case CD_DOCUMENT_ERROR_UNKNOWN_KIND: return "unknown-kind";
    case CD_DOCUMENT_ERROR_SOAP_FAULT: return "soap-fault";
    case CD_DOCUMENT_ERROR_IO: return "io";
    case CD_DOCUMENT_ERROR_TOO_MANY_ATTRIBUTES: return "too-many-attributes";
    case CD_DOCUMENT_ERROR_SIGNATURE: return "signature";
    default: return "unknown";
    }
}
