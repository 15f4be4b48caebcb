/* cd-bundle.h — the file bundle (`claimdesk-bundle-1`) an office without a line carries on a USB
 * stick: its outbox one way, central's receipts the other (docs/sync.md, "File bundles").
 *
 * One JSON document: a header (format, direction, office, credential id, sequence, created_at,
 * counts), the decisions exactly as `POST /central/decisions` carries them, the scans of paper
 * documents as attachments, or central's results; and an HMAC-SHA256 of its canonical JSON
 * (everything but "mac") keyed with SHA-256 (office secret), which central keeps and the
 * workstation computes from the credential. This module is the format only, shared by the
 * workstation (cd-bundle-store.c) and the gateway playing central; it touches no store.
 */
#pragma once

#include <gio/gio.h>

#include "cd-central-client.h"
#include "cd-office-credential.h"

G_BEGIN_DECLS

#define CD_BUNDLE_FORMAT    "claimdesk-bundle-1"
#define CD_BUNDLE_KEY_SIZE  32

#define CD_BUNDLE_ERROR (cd_bundle_error_quark ())

typedef enum
{
  CD_BUNDLE_ERROR_INVALID,    /* not a bundle of this format, or malformed */
  CD_BUNDLE_ERROR_MAC,        /* the MAC does not match: changed on the way, or another key */
  CD_BUNDLE_ERROR_OFFICE,     /* made for another office or credential */
  CD_BUNDLE_ERROR_DIRECTION,  /* receipts where an outbox is expected, or the other way */
  CD_BUNDLE_ERROR_UNKNOWN,    /* answers no bundle this store exported */
  CD_BUNDLE_ERROR_EMPTY,      /* nothing to export */
  CD_BUNDLE_ERROR_IO,         /* the file could not be read or written */
  CD_BUNDLE_ERROR_DATABASE,   /* the store could not be read or written */
} CdBundleError;

GQuark cd_bundle_error_quark (void);

typedef enum
{
  CD_BUNDLE_OUTBOX,    /* the office's decisions, to central */
  CD_BUNDLE_RECEIPTS,  /* central's answers, back to the office */
} CdBundleDirection;

const char *cd_bundle_direction_to_string (CdBundleDirection direction);

/* A scan carried with the outbox: content-addressed, so central stores it once. */
typedef struct
{
  char   *sha256;
  char   *media_type;
  char   *file_name;     /* may be NULL */
  char   *claim_number;  /* the claim whose paper document it is */
  GBytes *bytes;
} CdBundleAttachment;

void cd_bundle_attachment_free (CdBundleAttachment *attachment);

/* Another signed payload central hands back with receipts (signed rule packs, later): carried as
 * is, given to the importer's callback; the bundle's MAC covers it, its own signature is the
 * receiver's business. */
typedef struct
{
  char   *kind;   /* "rule_pack" */
  char   *name;
  GBytes *bytes;
} CdBundlePayload;

void cd_bundle_payload_free (CdBundlePayload *payload);

typedef struct
{
  CdBundleDirection  direction;
  char              *office;         /* the office code; NULL when the sender has none */
  char              *credential_id;  /* the office credential whose secret keys the MAC */
  gint64             sequence;       /* the workstation's number; receipts repeat it */
  char              *created_at;     /* ISO 8601 UTC */
  char              *answers_sha256; /* receipts: the SHA-256 of the outbox file answered */
  GPtrArray         *decisions;      /* outbox: CdBundleDecision */
  GPtrArray         *attachments;    /* outbox: CdBundleAttachment */
  GPtrArray         *results;        /* receipts: CdCentralResult */
  GPtrArray         *payloads;       /* receipts: CdBundlePayload (optional) */
  char              *name;           /* where it was read from (for messages); NULL if built */
  char              *sha256;         /* of the file, once read or written */
  char              *mac;            /* hex, once read or written */
  char              *signed_text;    /* read: the canonical text the MAC covers */
  CdAuditAnchor     *audit_head;     /* outbox: the audit log's head at export; may be NULL */
  CdAuditAnchor     *audit_anchor;   /* receipts: the anchor central holds after filing; may be
                                      * NULL */
} CdBundle;

typedef struct
{
  char *id;            /* the decision's uuid */
  char *payload_hash;
  char *payload;       /* canonical JSON text */
} CdBundleDecision;

void       cd_bundle_decision_free (CdBundleDecision *decision);

CdBundle  *cd_bundle_new           (CdBundleDirection   direction,
                                    const char         *office,
                                    const char         *credential_id,
                                    gint64              sequence,
                                    const char         *created_at);
void       cd_bundle_free          (CdBundle           *bundle);

/* The MAC key: SHA-256 of the office secret, from the credential (workstation) or from the hex
 * digest central keeps. FALSE if the hex is not 64 hex digits. */
void       cd_bundle_key_from_credential (const CdOfficeCredential  *credential,
                                          guint8                     key[CD_BUNDLE_KEY_SIZE]);
gboolean   cd_bundle_key_from_hex        (const char                *sha256_hex,
                                          guint8                     key[CD_BUNDLE_KEY_SIZE]);

/* The file's bytes, MACed with `key`; sets bundle->mac and bundle->sha256. */
GBytes    *cd_bundle_to_bytes      (CdBundle           *bundle,
                                    const guint8       *key,
                                    GError            **error);

/* Reads the structure of a bundle named `name` (for messages) — the MAC is NOT checked yet, since
 * the key depends on the header: call cd_bundle_check_mac before trusting anything in it. */
CdBundle  *cd_bundle_parse         (GBytes             *data,
                                    const char         *name,
                                    GError            **error);
gboolean   cd_bundle_check_mac     (const CdBundle     *bundle,
                                    const guint8       *key,
                                    GError            **error);
/* Checks the direction and that it is this office's: `office` may be NULL (a store that was
 * never enrolled, like the demo's) and is then not compared; the credential id always is. */
gboolean   cd_bundle_check_sender  (const CdBundle     *bundle,
                                    CdBundleDirection   direction,
                                    const char         *office,
                                    const char         *credential_id,
                                    GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdBundle, cd_bundle_free)

G_END_DECLS
