/* cd-secrets.h — the office's credentials and the officers' tokens, in the OS keyring.
 *
 * Secrets live in the Secret Service (gnome-keyring, KWallet…) through libsecret, under the schema
 * "org.claimdesk.ClaimDesk.Secret" with three attributes: kind ("office-credential" or
 * "officer-token"), central (the central system's URL, as given) and account (the office code or
 * the officer's login). Nothing here ever writes a secret to a file, the database or a log: where
 * no Secret Service can be reached, storing fails with CD_SECRETS_ERROR_NO_KEYRING, whose message
 * says how to start one.
 *
 * The _sync calls block (D-Bus, and a keyring's unlock prompt) and are for the CLI and worker
 * threads; the GUI uses the _async ones, which run the same calls in a worker thread.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CD_SECRETS_SCHEMA_NAME "org.claimdesk.ClaimDesk.Secret"

#define CD_SECRETS_ERROR (cd_secrets_error_quark ())

typedef enum
{
  CD_SECRETS_ERROR_NO_KEYRING,  /* no session bus, or no Secret Service on it */
  CD_SECRETS_ERROR_LOCKED,      /* the keyring is locked and was not unlocked */
  CD_SECRETS_ERROR_FAILED,      /* the keyring refused or failed otherwise */
} CdSecretsError;

typedef enum
{
  CD_SECRET_KIND_OFFICE_CREDENTIAL,  /* "office-credential": account is the office code */
  CD_SECRET_KIND_OFFICER_TOKEN,      /* "officer-token": account is the officer's login */
} CdSecretKind;

GQuark      cd_secrets_error_quark    (void);

/* "office-credential" / "officer-token", and back (FALSE for anything else). */
const char *cd_secret_kind_to_string  (CdSecretKind   kind);
gboolean    cd_secret_kind_from_string (const char    *text,
                                        CdSecretKind  *out_kind);

/* Stores `secret` (non-empty UTF-8) for (kind, central, account), replacing what was there.
 * `label` is what keyring managers show; NULL gives one naming the kind, account and central. */
gboolean    cd_secrets_store_sync     (CdSecretKind   kind,
                                       const char    *central,
                                       const char    *account,
                                       const char    *label,
                                       const char    *secret,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* The secret, to be freed with cd_secrets_free; NULL with no error when none is stored. */
char       *cd_secrets_lookup_sync    (CdSecretKind   kind,
                                       const char    *central,
                                       const char    *account,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* TRUE when a secret was removed; FALSE with no error when there was none. */
gboolean    cd_secrets_clear_sync     (CdSecretKind   kind,
                                       const char    *central,
                                       const char    *account,
                                       GCancellable  *cancellable,
                                       GError       **error);

void        cd_secrets_store_async    (CdSecretKind         kind,
                                       const char          *central,
                                       const char          *account,
                                       const char          *label,
                                       const char          *secret,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    cd_secrets_store_finish   (GAsyncResult        *result,
                                       GError             **error);
void        cd_secrets_lookup_async   (CdSecretKind         kind,
                                       const char          *central,
                                       const char          *account,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
char       *cd_secrets_lookup_finish  (GAsyncResult        *result,
                                       GError             **error);
void        cd_secrets_clear_async    (CdSecretKind         kind,
                                       const char          *central,
                                       const char          *account,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
gboolean    cd_secrets_clear_finish   (GAsyncResult        *result,
                                       GError             **error);

/* Overwrites a secret's bytes, then frees it (NULL is fine). */
void        cd_secrets_free           (char                *secret);

G_END_DECLS
