/* cd-url-policy.c — which server addresses the workstation may talk to. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "cd-url-policy.h"

G_DEFINE_QUARK (cd-url-policy-error-quark, cd_url_policy_error)

gboolean
cd_url_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  /* GUri keeps IPv6 literals without brackets, but accept them either way. */
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    bare = g_strndup (host + 1, strlen (host) - 2);
  else
    bare = g_strdup (host);

  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
cd_url_policy_check (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, CD_URL_POLICY_ERROR, CD_URL_POLICY_ERROR_MALFORMED,
                   _("“%s” is not a web address (expected https://host/…)"), url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") != 0)
    {
      g_set_error (error, CD_URL_POLICY_ERROR, CD_URL_POLICY_ERROR_SCHEME,
                   _("“%s” must start with https://"), url);
      return FALSE;
    }
  if (!cd_url_host_is_loopback (host))
    {
      g_set_error (error, CD_URL_POLICY_ERROR, CD_URL_POLICY_ERROR_INSECURE,
                   _("“%s” uses plain HTTP to %s; only HTTPS is allowed except on this computer"),
                   url, host);
      return FALSE;
    }
  return TRUE;
}
