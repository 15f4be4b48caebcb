/* cd-office-credential.h — the office's credentials at the central system.
 *
 * Central issues them once, when a workstation is enrolled with a one-time code (cd-enrolment):
 * an id, which is not secret, and a secret. With them the workstation asks central for a token per
 * officer. Core never writes the secret anywhere: whoever enrols keeps it (the OS keyring) and
 * hands it back through cd_context_set_office_credential. The secret is wiped from memory when the
 * credential is freed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CD_OFFICE_CREDENTIAL_ERROR (cd_office_credential_error_quark ())

typedef enum
{
  CD_OFFICE_CREDENTIAL_ERROR_INVALID,  /* not "ID:SECRET" with both parts well formed */
} CdOfficeCredentialError;

GQuark cd_office_credential_error_quark (void);

typedef struct _CdOfficeCredential CdOfficeCredential;

struct _CdOfficeCredential
{
  char *id;      /* printable ASCII, no ':' — safe to show and to store */
  char *secret;  /* printable ASCII — never logged, never stored by core */
};

/* NULL (and a critical) if either part is not well formed: see cd_office_credential_parse. */
CdOfficeCredential *cd_office_credential_new             (const char                *id,
                                                          const char                *secret);
CdOfficeCredential *cd_office_credential_copy            (const CdOfficeCredential  *credential);
void                cd_office_credential_free            (CdOfficeCredential        *credential);
gboolean            cd_office_credential_equal           (const CdOfficeCredential  *a,
                                                          const CdOfficeCredential  *b);

/* "ID:SECRET", the form a keyring item or a pipe carries; parse accepts one trailing newline. */
char               *cd_office_credential_to_string       (const CdOfficeCredential  *credential);
CdOfficeCredential *cd_office_credential_parse           (const char                *text,
                                                          GError                   **error);
/* The value of an "Authorization: Basic …" header carrying the credential. */
char               *cd_office_credential_to_basic_auth   (const CdOfficeCredential  *credential);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdOfficeCredential, cd_office_credential_free)

G_END_DECLS
