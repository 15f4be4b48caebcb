/* cd-paper-document.h — a paper document an officer records when no source can give it.
 *
 * When a source cannot be reached, or a document is not online, the officer types the fields of
 * the paper in front of them (cd-paper-kinds.h says which, per kind) and may attach a scan. The
 * document is stored as a `documents` row like a fetched one — source_system 'manual', its fields
 * in exactly the shape the electronic parser gives the same kind — so that case detection, the
 * facts builder, the cross-checks and the claim view read it alike; who entered it and when are
 * kept with it (entered_by, fetched_at), and paper_state says whether deferred verification has
 * found the electronic record yet. docs/paper-documents.md describes the format.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cd-database.h"
#include "cd-paper-kinds.h"
#include "cd-session.h"

G_BEGIN_DECLS

#define CD_PAPER_ERROR (cd_paper_error_quark ())

typedef enum
{
  CD_PAPER_ERROR_UNKNOWN_KIND,    /* not a kind of cd-paper-kinds.h */
  CD_PAPER_ERROR_INVALID,         /* some fields are invalid: the CdPaperInvalid list says which */
  CD_PAPER_ERROR_UNKNOWN_PERSON,  /* the personal ID is nobody this office knows */
  CD_PAPER_ERROR_UNKNOWN_CLAIM,   /* no such claim, or not the person's */
  CD_PAPER_ERROR_NOT_ALLOWED,     /* no session, a locked one, or a role that records no evidence */
  CD_PAPER_ERROR_SCAN_TOO_LARGE,  /* over CD_PAPER_SCAN_MAX_BYTES */
  CD_PAPER_ERROR_SCAN_TYPE,       /* neither PNG, JPEG nor PDF by its first bytes */
  CD_PAPER_ERROR_SCAN_READ,       /* the file could not be read */
} CdPaperError;

GQuark cd_paper_error_quark (void);

/* The largest scan kept: a phone photo or a few scanned pages, not an archive. */
#define CD_PAPER_SCAN_MAX_BYTES (20 * 1024 * 1024)

/* The `raw` format of a paper document. */
#define CD_PAPER_FORMAT "claimdesk-paper-1"

/* One invalid field: its name (a field of the kind, or the unknown name given) and why, translated
 * ("Ngày không tồn tại: 2026-02-30"). */
typedef struct
{
  char *field;
  char *reason;
} CdPaperInvalid;

void        cd_paper_invalid_free        (CdPaperInvalid      *invalid);

/* Checks every value (`values`: field name → text as typed; empty or blank means not given) of a
 * kind. Returns the `fields` JSON of the contract ({"table", "root", "records": [ONE record]} or
 * {"event", "envelope", "records": [ONE record]}), or NULL with `*invalid` (CdPaperInvalid, every
 * invalid field at once, in the kind's field order, unknown names last) — and with
 * CD_PAPER_ERROR_UNKNOWN_KIND in `*invalid` as field "kind" when the kind is none of ours. */
JsonNode   *cd_paper_document_validate   (const char          *kind,
                                          GHashTable          *values,
                                          GPtrArray          **invalid);

/* The media type of a scan by its first bytes: "image/png", "image/jpeg", "application/pdf", or
 * NULL for anything else (the file's name is not trusted). */
const char *cd_paper_scan_media_type     (const guint8        *data,
                                          gsize                length);
/* Checks a scan's size and type (by its bytes); the errors (CD_PAPER_ERROR_SCAN_*) name it. */
gboolean    cd_paper_scan_check          (GBytes              *scan,
                                          const char          *name,
                                          GError             **error);
/* Reads a scan file and checks its size and type; the errors (CD_PAPER_ERROR_SCAN_*) name the
 * file. */
GBytes     *cd_paper_scan_read           (const char          *path,
                                          GError             **error);

typedef struct
{
  const char *kind;            /* documents.kind of a paper kind */
  const char *personal_id;     /* whom the document is about (a known person) */
  GHashTable *values;          /* field name → text, as for cd_paper_document_validate */
  gint64      claim_id;        /* the claim to link it to; 0 for none */
  GBytes     *scan;            /* the scan's bytes, or NULL */
  const char *scan_file_name;  /* its name as the officer chose it (kept for people), or NULL */
} CdPaperEntry;

/* Records a paper document as the session's user, in one committed transaction: the documents
 * row (docs/paper-documents.md), the scan (once per SHA-256: a second document with the same scan
 * shares its row) and an audit entry ("paper.record", entity "document"). `now` is when it was
 * entered (NULL: now). Returns the new document's id; 0 with CD_PAPER_ERROR_INVALID and
 * `*invalid` when fields are invalid, or another error (a CD_DATABASE_ERROR stays one). */
gint64      cd_paper_document_save       (CdDatabase          *db,
                                          CdSession           *session,
                                          const CdPaperEntry  *entry,
                                          GDateTime           *now,
                                          GPtrArray          **invalid,
                                          GError             **error);

/* The same as a job on the writer (cd_database_run_in_thread). `entry` is copied. */
void        cd_paper_document_save_async  (CdDatabase          *writer,
                                           CdSession           *session,
                                           const CdPaperEntry  *entry,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gint64      cd_paper_document_save_finish (GAsyncResult        *result,
                                           GPtrArray          **invalid,
                                           GError             **error);

/* A paper document as stored, for lists (`claimdesk-cli paper list`). */
typedef struct
{
  gint64     id;
  char      *kind;
  char      *paper_state;      /* unverified, verified, mismatch, not_found */
  char      *paper_checked_at; /* or NULL */
  char      *entered_by;       /* the officer's full name */
  char      *entered_by_login;
  char      *entered_at;       /* ISO 8601 UTC */
  gint64     claim_id;         /* 0 when not linked */
  char      *sha256;           /* of raw */
  char      *scan_sha256;      /* NULL without a scan */
  char      *scan_media_type;
  JsonNode  *fields;           /* the contract's fields JSON */
} CdPaperDocument;

void        cd_paper_document_free       (CdPaperDocument     *document);

/* The person's paper documents, oldest first; an empty array for none or an unknown person. */
GPtrArray  *cd_paper_documents_list      (CdDatabase          *db,
                                          const char          *personal_id,
                                          GError             **error);

/* The one record of a paper document's fields JSON, or NULL. */
JsonObject *cd_paper_fields_record       (JsonNode            *fields);

/* "Paper, entered by Nguyễn Văn An at 06/12/2026 09:15" (the time in local time), translated. */
char       *cd_paper_describe_provenance (const char          *entered_by,
                                          const char          *entered_at);
/* "not yet verified", "verified", "does not match", "no electronic record", translated. */
const char *cd_paper_state_describe      (const char          *paper_state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPaperInvalid, cd_paper_invalid_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdPaperDocument, cd_paper_document_free)

G_END_DECLS
