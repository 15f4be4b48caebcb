/* cd-config-document.c — central's signed configuration document. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-central-client.h"
#include "cd-config-document.h"
#include "cd-trust-anchor.h"
#include "cd-xml-safe.h"
#include "cd-xmldsig.h"

#define ROOT_ELEMENT      "ClaimDeskConfiguration"
#define FORMAT_VERSION    "1"
#define MAX_DOCUMENT_BYTES (1024 * 1024)

G_DEFINE_QUARK (cd-config-document-error-quark, cd_config_document_error)

CdConfigDocument *
cd_config_document_copy (const CdConfigDocument *document)
{
  CdConfigDocument *copy;

  g_return_val_if_fail (document != NULL, NULL);

  copy = g_new0 (CdConfigDocument, 1);
  copy->source = g_strdup (document->source);
  copy->issued_at = g_strdup (document->issued_at);
  copy->serial = document->serial;
  copy->office_code = g_strdup (document->office_code);
  copy->office_name = g_strdup (document->office_name);
  copy->province = g_strdup (document->province);
  copy->endpoints = document->endpoints != NULL ? cd_endpoints_copy (document->endpoints) : NULL;
  copy->anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  for (guint i = 0; document->anchors != NULL && i < document->anchors->len; i++)
    g_ptr_array_add (copy->anchors, cd_trust_anchor_copy (g_ptr_array_index (document->anchors, i)));
  copy->signer = g_strdup (document->signer);
  copy->sha256 = g_strdup (document->sha256);
  return copy;
}

void
cd_config_document_free (CdConfigDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->source);
  g_free (document->issued_at);
  g_free (document->office_code);
  g_free (document->office_name);
  g_free (document->province);
  g_clear_pointer (&document->endpoints, cd_endpoints_free);
  g_clear_pointer (&document->anchors, g_ptr_array_unref);
  g_free (document->signer);
  g_free (document->sha256);
  g_free (document);
}

static gboolean
malformed (GError     **error,
           const char  *source,
           const char  *what)
{
  g_set_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_MALFORMED,
               _("%s: not a valid configuration document: %s"), source, what);
  return FALSE;
}

static gboolean
check_signature (xmlDocPtr           doc,
                 CdTrustStore       *trust,
                 const char         *source,
                 CdConfigDocument   *document,
                 GError            **error)
{
  const CdTrustedSignature expect = {
    _("the configuration document"), _("so it is not used"), CD_CONFIG_DOCUMENT_ERROR,
    CD_CONFIG_DOCUMENT_ERROR_UNSIGNED, CD_CONFIG_DOCUMENT_ERROR_BAD_SIGNATURE,
    CD_CONFIG_DOCUMENT_ERROR_UNTRUSTED_SIGNER,
  };

  document->signer = cd_xmldsig_require_trusted (trust, doc, source, &expect, error);
  return document->signer != NULL;
}

static gboolean
read_office (xmlNodePtr         node,
             const char        *source,
             CdConfigDocument  *document,
             GError           **error)
{
  if (node == NULL)
    return malformed (error, source, _("it names no office"));
  document->office_code = cd_xml_attribute_text (node, "code");
  document->province = cd_xml_attribute_text (node, "province");
  document->office_name = cd_xml_node_text (node);
  if (document->office_code == NULL || document->office_name == NULL
      || *document->office_name == '\0')
    return malformed (error, source, _("the office needs a code and a name"));
  return TRUE;
}

static gboolean
read_endpoints (xmlNodePtr         node,
                const char        *source,
                CdConfigDocument  *document,
                GError           **error)
{
  g_autoptr(GError) policy_error = NULL;

  if (node == NULL)
    return malformed (error, source, _("it has no Endpoints"));
  document->endpoints = cd_endpoints_new ();
  for (xmlNodePtr child = cd_xml_first_child_element (node); child != NULL;
       child = cd_xml_next_element (child))
    {
      g_autofree char *name = NULL;
      g_autofree char *url = NULL;
      CdSystem system;

      if (!cd_xml_node_is (child, "Endpoint"))
        continue;
      name = cd_xml_attribute_text (child, "system");
      url = cd_xml_node_text (child);
      if (name == NULL || !cd_system_from_string (name, &system))
        {
          g_autofree char *what = g_strdup_printf (_("unknown system “%s”"), name != NULL ? name : "");
          return malformed (error, source, what);
        }
      if (cd_endpoints_get (document->endpoints, system) != NULL)
        {
          g_autofree char *what = g_strdup_printf (_("two endpoints for %s"), name);
          return malformed (error, source, what);
        }
      cd_endpoints_set (document->endpoints, system, url);
    }
  /* Every system, each at an address the workstation may talk to. */
  if (!cd_endpoints_check (document->endpoints, &policy_error))
    return malformed (error, source, policy_error->message);
  return TRUE;
}

static gboolean
read_anchors (xmlNodePtr         node,
              const char        *source,
              CdConfigDocument  *document,
              GError           **error)
{
  document->anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_trust_anchor_free);
  if (node == NULL)
    return TRUE;
  for (xmlNodePtr child = cd_xml_first_child_element (node); child != NULL;
       child = cd_xml_next_element (child))
    {
      g_autofree char *pem = NULL;
      g_autoptr(GPtrArray) anchors = NULL;
      g_autoptr(GError) pem_error = NULL;

      if (!cd_xml_node_is (child, "TrustAnchor"))
        continue;
      pem = cd_xml_node_text (child);
      anchors = pem != NULL ? cd_trust_anchors_from_pem (pem, strlen (pem), "central", &pem_error)
                            : NULL;
      if (anchors == NULL)
        return malformed (error, source, pem_error != NULL ? pem_error->message
                                                           : _("an empty TrustAnchor"));
      for (guint i = 0; i < anchors->len; i++)
        g_ptr_array_add (document->anchors, cd_trust_anchor_copy (g_ptr_array_index (anchors, i)));
    }
  return TRUE;
}

CdConfigDocument *
cd_config_document_parse (GBytes        *bytes,
                          const char    *source,
                          CdTrustStore  *trust,
                          GError       **error)
{
  g_autoptr(CdConfigDocument) document = NULL;
  g_autoptr(xmlDoc) doc = NULL;
  g_autofree char *version = NULL;
  g_autofree char *serial = NULL;
  xmlNodePtr root;
  CdXmlLimits limits;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (CD_IS_TRUST_STORE (trust), NULL);

  data = g_bytes_get_data (bytes, &length);
  limits = *cd_xml_limits_default ();
  limits.max_bytes = MAX_DOCUMENT_BYTES;
  doc = cd_xml_safe_parse (data != NULL ? data : "", length, source, &limits, error);
  if (doc == NULL)
    return NULL;
  root = xmlDocGetRootElement (doc);
  if (root == NULL || !cd_xml_node_is (root, ROOT_ELEMENT))
    {
      malformed (error, source, _("its root element is not ClaimDeskConfiguration"));
      return NULL;
    }

  document = g_new0 (CdConfigDocument, 1);
  document->source = g_strdup (source);
  document->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, length);
  /* Nothing is read before the signature is known to be good. */
  if (!check_signature (doc, trust, source, document, error))
    return NULL;

  version = cd_xml_attribute_text (root, "version");
  if (g_strcmp0 (version, FORMAT_VERSION) != 0)
    {
      g_autofree char *what = g_strdup_printf (_("version “%s” is not one this workstation reads"),
                                               version != NULL ? version : "");
      malformed (error, source, what);
      return NULL;
    }
  {
    xmlNodePtr issued = cd_xml_find_child (root, "Issued");
    xmlNodePtr serial_node = cd_xml_find_child (root, "Serial");
    g_autoptr(GDateTime) when = NULL;

    document->issued_at = issued != NULL ? cd_xml_node_text (issued) : NULL;
    when = document->issued_at != NULL ? g_date_time_new_from_iso8601 (document->issued_at, NULL)
                                       : NULL;
    serial = serial_node != NULL ? cd_xml_node_text (serial_node) : NULL;
    if (when == NULL || serial == NULL
        || !g_ascii_string_to_signed (serial, 10, 1, G_MAXINT64, &document->serial, NULL))
      {
        malformed (error, source, _("it needs Issued (a date and time) and Serial (a number)"));
        return NULL;
      }
  }
  if (!read_office (cd_xml_find_child (root, "Office"), source, document, error)
      || !read_endpoints (cd_xml_find_child (root, "Endpoints"), source, document, error)
      || !read_anchors (cd_xml_find_child (root, "TrustAnchors"), source, document, error))
    return NULL;
  return g_steal_pointer (&document);
}

CdConfigDocument *
cd_config_document_fetch (CdHttpClient              *http,
                          const char                *central_url,
                          const CdOfficeCredential  *credential,
                          CdTrustStore              *trust,
                          GCancellable              *cancellable,
                          GError                   **error)
{
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  g_autofree char *authorization = NULL;
  g_autoptr(CdHttpRequest) request = NULL;
  g_autoptr(CdHttpResponse) response = NULL;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (central_url != NULL, NULL);
  g_return_val_if_fail (credential != NULL, NULL);
  g_return_val_if_fail (CD_IS_TRUST_STORE (trust), NULL);

  base = g_strdup (central_url);
  while (*base != '\0' && base[strlen (base) - 1] == '/')
    base[strlen (base) - 1] = '\0';
  url = g_strconcat (base, "/central/configuration", NULL);
  request = cd_http_request_new ("GET", url);
  authorization = cd_office_credential_to_basic_auth (credential);
  cd_http_request_add_header (request, "Authorization", authorization);
  cd_http_request_set_max_body (request, MAX_DOCUMENT_BYTES);
  response = cd_http_client_send (http, request, cancellable, error);
  if (response == NULL)
    return NULL;
  if (!cd_central_check_access (response, NULL, error))
    return NULL;
  if (response->status != 200)
    {
      g_set_error (error, CD_CONFIG_DOCUMENT_ERROR, CD_CONFIG_DOCUMENT_ERROR_REFUSED,
                   _("%s: the central system did not serve the configuration document (HTTP %u)"),
                   url, response->status);
      return NULL;
    }
  return cd_config_document_parse (response->body, url, trust, error);
}

typedef struct
{
  char               *central_url;
  CdOfficeCredential *credential;
  CdTrustStore       *trust;
} FetchData;

static void
fetch_data_free (FetchData *data)
{
  g_free (data->central_url);
  cd_office_credential_free (data->credential);
  g_clear_object (&data->trust);
  g_free (data);
}

static void
fetch_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchData *data = task_data;
  GError *error = NULL;
  CdConfigDocument *document = cd_config_document_fetch (source_object, data->central_url,
                                                         data->credential, data->trust,
                                                         cancellable, &error);

  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, (GDestroyNotify) cd_config_document_free);
}

void
cd_config_document_fetch_async (CdHttpClient              *http,
                                const char                *central_url,
                                const CdOfficeCredential  *credential,
                                CdTrustStore              *trust,
                                GCancellable              *cancellable,
                                GAsyncReadyCallback        callback,
                                gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *data;

  g_return_if_fail (CD_IS_HTTP_CLIENT (http));
  g_return_if_fail (central_url != NULL);
  g_return_if_fail (credential != NULL);
  g_return_if_fail (CD_IS_TRUST_STORE (trust));

  task = g_task_new (http, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_config_document_fetch_async);
  data = g_new0 (FetchData, 1);
  data->central_url = g_strdup (central_url);
  data->credential = cd_office_credential_copy (credential);
  data->trust = g_object_ref (trust);
  g_task_set_task_data (task, data, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

CdConfigDocument *
cd_config_document_fetch_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == cd_config_document_fetch_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
