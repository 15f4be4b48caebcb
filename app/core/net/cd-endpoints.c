/* cd-endpoints.c — the four systems the workstation talks to, and where each one is. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-endpoints.h"
#include "cd-url-policy.h"

static const struct
{
  const char *name;
  const char *title;        /* N_() */
  const char *status_path;
} systems[CD_N_SYSTEMS] = {
  [CD_SYSTEM_CENTRAL] = { "central", N_("Central social security"), "/central/status" },
  [CD_SYSTEM_MEDICAL] = { "medical", N_("Medical portal"), "/medical/status" },
  [CD_SYSTEM_CIVIL_STATUS] = { "civil-status", N_("Civil status"), "/civil/status" },
  [CD_SYSTEM_POPULATION] = { "population", N_("Population database"), "/population/status" },
};

const char *
cd_system_to_string (CdSystem system)
{
  g_return_val_if_fail (system < CD_N_SYSTEMS, NULL);
  return systems[system].name;
}

gboolean
cd_system_from_string (const char *text,
                       CdSystem   *out)
{
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    if (g_strcmp0 (text, systems[i].name) == 0)
      {
        *out = (CdSystem) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cd_system_get_name (CdSystem system)
{
  g_return_val_if_fail (system < CD_N_SYSTEMS, NULL);
  return _(systems[system].title);
}

const char *
cd_system_get_status_path (CdSystem system)
{
  g_return_val_if_fail (system < CD_N_SYSTEMS, NULL);
  return systems[system].status_path;
}

CdEndpoints *
cd_endpoints_new (void)
{
  return g_new0 (CdEndpoints, 1);
}

CdEndpoints *
cd_endpoints_new_two (const char *central_url,
                      const char *sources_url)
{
  CdEndpoints *endpoints = cd_endpoints_new ();

  if (central_url == NULL || *central_url == '\0')
    central_url = sources_url;
  if (sources_url == NULL || *sources_url == '\0')
    sources_url = central_url;
  cd_endpoints_set (endpoints, CD_SYSTEM_CENTRAL, central_url);
  for (guint i = CD_SYSTEM_MEDICAL; i < CD_N_SYSTEMS; i++)
    cd_endpoints_set (endpoints, i, sources_url);
  return endpoints;
}

CdEndpoints *
cd_endpoints_copy (const CdEndpoints *endpoints)
{
  CdEndpoints *copy;

  g_return_val_if_fail (endpoints != NULL, NULL);

  copy = cd_endpoints_new ();
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    copy->urls[i] = g_strdup (endpoints->urls[i]);
  return copy;
}

void
cd_endpoints_free (CdEndpoints *endpoints)
{
  if (endpoints == NULL)
    return;
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    g_free (endpoints->urls[i]);
  g_free (endpoints);
}

gboolean
cd_endpoints_equal (const CdEndpoints *a,
                    const CdEndpoints *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    if (g_strcmp0 (a->urls[i], b->urls[i]) != 0)
      return FALSE;
  return TRUE;
}

const char *
cd_endpoints_get (const CdEndpoints *endpoints,
                  CdSystem           system)
{
  g_return_val_if_fail (endpoints != NULL, NULL);
  g_return_val_if_fail (system < CD_N_SYSTEMS, NULL);
  return endpoints->urls[system];
}

void
cd_endpoints_set (CdEndpoints *endpoints,
                  CdSystem     system,
                  const char  *url)
{
  gsize length;

  g_return_if_fail (endpoints != NULL);
  g_return_if_fail (system < CD_N_SYSTEMS);

  g_clear_pointer (&endpoints->urls[system], g_free);
  if (url == NULL || *url == '\0')
    return;
  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    length--;
  endpoints->urls[system] = g_strndup (url, length);
}

gboolean
cd_endpoints_check (const CdEndpoints  *endpoints,
                    GError            **error)
{
  g_return_val_if_fail (endpoints != NULL, FALSE);

  for (guint i = 0; i < CD_N_SYSTEMS; i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (endpoints->urls[i] == NULL)
        {
          g_set_error (error, CD_URL_POLICY_ERROR, CD_URL_POLICY_ERROR_MALFORMED,
                       _("%s: no address is configured"), cd_system_get_name (i));
          return FALSE;
        }
      if (!cd_url_policy_check (endpoints->urls[i], &local_error))
        {
          g_set_error (error, local_error->domain, local_error->code, "%s: %s",
                       cd_system_get_name (i), local_error->message);
          return FALSE;
        }
    }
  return TRUE;
}
