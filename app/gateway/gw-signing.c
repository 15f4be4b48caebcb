/* gw-signing.c — the facilities' signatures on the documents the gateway serves. */
#include "config.h"

#include <string.h>

#include "gw-signing.h"

struct _GwSigning
{
  char *pki_dir;
};

GwSigning *
gw_signing_new (const char  *pki_dir,
                GError     **error)
{
  GwSigning *self = g_new0 (GwSigning, 1);

  self->pki_dir = g_strdup (pki_dir);
  return self;
}

void
gw_signing_free (GwSigning *self)
{
  if (self == NULL)
    return;
  g_free (self->pki_dir);
  g_free (self);
}

char *
gw_signing_sign (GwSigning           *self,
                 char                *xml,
                 const char          *facility_code,
                 GwSignatureProfile   profile,
                 GError             **error)
{
  /* TODO(issue 5): sign with the facility's key once the XMLDSig module lands. */
  return xml;
}

void
gw_signing_tamper (char *xml)
{
  static const char * const targets[] = { "<NGAYLAP>", "<NGAY_HOP>", "<NGAY_SINH>" };

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      char *at = strstr (xml, targets[i]);

      if (at != NULL)
        {
          char *digit = at + strlen (targets[i]) + 7;
          if (g_ascii_isdigit (*digit))
            {
              *digit = *digit == '9' ? '8' : (char) (*digit + 1);
              return;
            }
        }
    }
}
