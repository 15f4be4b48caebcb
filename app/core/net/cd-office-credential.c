/* cd-office-credential.c — the office's credentials at the central system. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-office-credential.h"

#define MAX_PART_LENGTH 256

G_DEFINE_QUARK (cd-office-credential-error-quark, cd_office_credential_error)

/* Printable ASCII without spaces; the id may not hold the separator either. */
static gboolean
part_is_valid (const char *text,
               gboolean    is_id)
{
  gsize length;

  if (text == NULL || *text == '\0')
    return FALSE;
  length = strlen (text);
  if (length > MAX_PART_LENGTH)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (text[i] <= ' ' || text[i] > '~' || (is_id && text[i] == ':'))
      return FALSE;
  return TRUE;
}

CdOfficeCredential *
cd_office_credential_new (const char *id,
                          const char *secret)
{
  CdOfficeCredential *credential;

  g_return_val_if_fail (part_is_valid (id, TRUE), NULL);
  g_return_val_if_fail (part_is_valid (secret, FALSE), NULL);

  credential = g_new0 (CdOfficeCredential, 1);
  credential->id = g_strdup (id);
  credential->secret = g_strdup (secret);
  return credential;
}

CdOfficeCredential *
cd_office_credential_copy (const CdOfficeCredential *credential)
{
  g_return_val_if_fail (credential != NULL, NULL);
  return cd_office_credential_new (credential->id, credential->secret);
}

static void
wipe (char *text)
{
  if (text != NULL)
    {
      /* volatile: the compiler may not drop a store to memory about to be freed. */
      volatile char *p = text;

      while (*p != '\0')
        *p++ = '\0';
    }
}

void
cd_office_credential_free (CdOfficeCredential *credential)
{
  if (credential == NULL)
    return;
  g_free (credential->id);
  wipe (credential->secret);
  g_free (credential->secret);
  g_free (credential);
}

gboolean
cd_office_credential_equal (const CdOfficeCredential *a,
                            const CdOfficeCredential *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strcmp0 (a->id, b->id) == 0 && g_strcmp0 (a->secret, b->secret) == 0;
}

char *
cd_office_credential_to_string (const CdOfficeCredential *credential)
{
  g_return_val_if_fail (credential != NULL, NULL);
  return g_strconcat (credential->id, ":", credential->secret, NULL);
}

CdOfficeCredential *
cd_office_credential_parse (const char  *text,
                            GError     **error)
{
  g_autofree char *copy = NULL;
  char *colon;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);

  copy = g_strdup (text);
  length = strlen (copy);
  if (length > 0 && copy[length - 1] == '\n')
    copy[--length] = '\0';
  if (length > 0 && copy[length - 1] == '\r')
    copy[--length] = '\0';
  colon = strchr (copy, ':');
  if (colon != NULL)
    *colon = '\0';
  if (colon == NULL || !part_is_valid (copy, TRUE) || !part_is_valid (colon + 1, FALSE))
    {
      wipe (copy);
      /* The text itself is never repeated: it may hold the secret. */
      g_set_error (error, CD_OFFICE_CREDENTIAL_ERROR, CD_OFFICE_CREDENTIAL_ERROR_INVALID,
                   _("The office credentials must be given as ID:SECRET on one line"));
      return NULL;
    }
  {
    CdOfficeCredential *credential = cd_office_credential_new (copy, colon + 1);

    wipe (colon + 1);
    return credential;
  }
}

char *
cd_office_credential_to_basic_auth (const CdOfficeCredential *credential)
{
  g_autofree char *pair = NULL;
  g_autofree char *encoded = NULL;
  char *header;

  g_return_val_if_fail (credential != NULL, NULL);

  pair = cd_office_credential_to_string (credential);
  encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  header = g_strconcat ("Basic ", encoded, NULL);
  wipe (pair);
  wipe (encoded);
  return header;
}
