/* cd-office-setup.h — the workstation's connection to central as the office store keeps it:
 * the enrolled office, where central and the other systems are, and the trust anchors for
 * document signatures.
 *
 * Nothing here is secret (the office's secret lives in the OS keyring, never in the store); all of
 * it is in the `settings` table (CD_SETTING_SETUP_*). Every change is one transaction with its
 * audit entry, made by an administrator's session, or by the installer on the command line
 * (`admin` NULL: recorded as the system, user 0, as claimdesk-cli does before any account signs
 * in).
 */
#pragma once

#include <gio/gio.h>

#include "cd-config-document.h"
#include "cd-database.h"
#include "cd-endpoints.h"
#include "cd-enrolment.h"
#include "cd-session.h"
#include "cd-trust-store.h"

G_BEGIN_DECLS

#define CD_OFFICE_SETUP_ERROR (cd_office_setup_error_quark ())

typedef enum
{
  CD_OFFICE_SETUP_ERROR_OTHER_OFFICE,  /* the document is for another office than the enrolled one */
  CD_OFFICE_SETUP_ERROR_STALE,         /* the document is older than the one in force */
  CD_OFFICE_SETUP_ERROR_NOT_FOUND,     /* no such trust anchor */
  CD_OFFICE_SETUP_ERROR_FAILED,        /* the store refused; nothing changed */
} CdOfficeSetupError;

GQuark cd_office_setup_error_quark (void);

typedef struct
{
  char        *central_url;        /* where the workstation enrolled; NULL if never */
  char        *office_code;        /* the enrolled office; NULL if not enrolled */
  char        *office_name;
  char        *province;
  char        *credential_id;      /* which office credential the keyring should hold */
  char        *enrolled_at;        /* ISO 8601 UTC */
  CdEndpoints *endpoints;          /* from the document in force; NULL if none was applied */
  gint64       document_serial;    /* 0 if none */
  char        *document_issued_at;
  char        *document_sha256;
  char        *document_signer;
  char        *document_applied_at;
  GPtrArray   *anchors;            /* CdTrustAnchor: central's ("central") and imported ones */
} CdOfficeSetup;

void           cd_office_setup_free             (CdOfficeSetup           *setup);
/* Whether the office is enrolled (an office code and a credential id are recorded). */
gboolean       cd_office_setup_is_enrolled      (const CdOfficeSetup     *setup);
/* The stored anchors as a trust store, or NULL (and no error) when there are none. */
CdTrustStore  *cd_office_setup_dup_trust_store  (const CdOfficeSetup     *setup,
                                                 GError                 **error);

CdOfficeSetup *cd_office_setup_read             (CdDatabase              *db,
                                                 GError                 **error);

/* Records the enrolled office, where it enrolled and the credential's id (never its secret). A
 * new enrolment replaces the old one. */
gboolean       cd_office_setup_record_enrolment (CdDatabase              *db,
                                                 CdSession               *admin,
                                                 const CdEnrolment       *enrolment,
                                                 GError                 **error);
/* Stores a verified document: the endpoints, its anchors in place of central's earlier ones
 * (imported ones stay), its serial, date, hash and signer. Refused if it is for another office
 * than the enrolled one, or older than the document in force; the same document again changes
 * nothing and is not audited. */
gboolean       cd_office_setup_apply_document   (CdDatabase              *db,
                                                 CdSession               *admin,
                                                 const CdConfigDocument  *document,
                                                 GError                 **error);
/* Adds anchors read from files (cd_trust_anchors_from_file); one already there is skipped. */
gboolean       cd_office_setup_import_anchors   (CdDatabase              *db,
                                                 CdSession               *admin,
                                                 GPtrArray               *anchors,
                                                 GError                 **error);
/* Removes the anchor with this SHA-256 fingerprint ("AB:CD:…", case and colons optional). */
gboolean       cd_office_setup_remove_anchor    (CdDatabase              *db,
                                                 CdSession               *admin,
                                                 const char              *sha256,
                                                 GError                 **error);

/* Off the main loop: read through a reader of its own on db_path; the enrolment and/or the
 * document (either may be NULL) recorded on the shared writer, in that order, each in its own
 * audited transaction. */
void           cd_office_setup_read_async       (const char              *db_path,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
CdOfficeSetup *cd_office_setup_read_finish      (GAsyncResult            *result,
                                                 GError                 **error);
void           cd_office_setup_apply_async      (CdDatabase              *writer,
                                                 CdSession               *admin,
                                                 const CdEnrolment       *enrolment,
                                                 const CdConfigDocument  *document,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data);
gboolean       cd_office_setup_apply_finish     (CdDatabase              *writer,
                                                 GAsyncResult            *result,
                                                 GError                 **error);
/* The anchors of `import` (may be NULL) added, then the one with the fingerprint `remove` (may be
 * NULL) removed, on the shared writer; finished by cd_office_setup_apply_finish. */
void           cd_office_setup_change_anchors_async (CdDatabase          *writer,
                                                     CdSession           *admin,
                                                     GPtrArray           *import,
                                                     const char          *remove,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdOfficeSetup, cd_office_setup_free)

G_END_DECLS
