/* cd-central-client.c — talks to the central social-security system. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-central-client.h"

G_DEFINE_QUARK (cd-central-error-quark, cd_central_error)

struct _CdCentralClient
{
  GObject       parent_instance;

  CdHttpClient       *http;
  char               *base_url;
  CdOfficeCredential *credential;  /* NULL: not enrolled */
  char               *officer;
  GMutex        lock;      /* guards token */
  char         *token;
};

G_DEFINE_FINAL_TYPE (CdCentralClient, cd_central_client, G_TYPE_OBJECT)

static const char * const outcome_names[] = {
  [CD_CENTRAL_ACCEPTED] = "accepted",
  [CD_CENTRAL_DUPLICATE] = "duplicate",
  [CD_CENTRAL_CONFLICT] = "conflict",
  [CD_CENTRAL_REFUSED] = "refused",
  [CD_CENTRAL_INVALID] = "invalid",
};

const char *
cd_central_outcome_to_string (CdCentralOutcome outcome)
{
  g_return_val_if_fail (outcome < G_N_ELEMENTS (outcome_names), NULL);
  return outcome_names[outcome];
}

CdCentralOutcome
cd_central_outcome_from_string (const char *text,
                                gboolean   *known)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcome_names); i++)
    if (g_strcmp0 (text, outcome_names[i]) == 0)
      {
        *known = TRUE;
        return (CdCentralOutcome) i;
      }
  *known = FALSE;
  return CD_CENTRAL_INVALID;
}

void
cd_central_result_free (CdCentralResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->receipt);
  g_free (result->reason);
  g_free (result);
}

CdCentralClient *
cd_central_client_new (CdHttpClient             *http,
                       const char               *base_url,
                       const CdOfficeCredential *credential,
                       const char               *officer)
{
  CdCentralClient *self;
  gsize length;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (officer != NULL && *officer != '\0', NULL);

  self = g_object_new (CD_TYPE_CENTRAL_CLIENT, NULL);
  length = strlen (base_url);
  self->http = g_object_ref (http);
  self->credential = credential != NULL ? cd_office_credential_copy (credential) : NULL;
  /* Paths are appended as "/central/…". */
  while (length > 0 && base_url[length - 1] == '/')
    length--;
  self->base_url = g_strndup (base_url, length);
  self->officer = g_strdup (officer);
  return self;
}

const char *
cd_central_client_get_base_url (CdCentralClient *self)
{
  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (self), NULL);
  return self->base_url;
}

const char *
cd_central_client_get_officer (CdCentralClient *self)
{
  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (self), NULL);
  return self->officer;
}

static JsonNode *
parse_body (CdHttpResponse  *response,
            GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (response->body, &length);

  if (!json_parser_load_from_data (parser, data != NULL ? data : "", (gssize) length, &local_error))
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_BAD_ANSWER,
                   _("%s: the answer is not valid JSON (%s)"), response->url, local_error->message);
      return NULL;
    }
  return json_node_ref (json_parser_get_root (parser));
}

gboolean
cd_central_check_access (CdHttpResponse  *response,
                         const char      *officer,
                         GError         **error)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object = NULL;
  const char *code = NULL;
  const char *what = NULL;
  gsize length = 0;
  const char *data;

  g_return_val_if_fail (response != NULL, FALSE);

  if (response->status != 401 && response->status != 403)
    return TRUE;
  parser = json_parser_new ();
  data = response->body != NULL ? g_bytes_get_data (response->body, &length) : NULL;
  if (data != NULL && json_parser_load_from_data (parser, data, (gssize) length, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      object = json_node_get_object (json_parser_get_root (parser));
      code = json_object_get_string_member_with_default (object, "error", NULL);
      what = json_object_get_string_member_with_default (object, "what", NULL);
    }

  if (response->status == 403 && g_strcmp0 (code, "revoked") == 0)
    {
      if (g_strcmp0 (what, "officer") == 0)
        {
          const char *named = object != NULL
                              ? json_object_get_string_member_with_default (object, "officer", officer)
                              : officer;

          g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REVOKED,
                       _("%s: the central system has revoked the access of officer %s; ask the "
                         "office administrator. Nothing stored on this workstation is lost."),
                       response->url, named != NULL ? named : "?");
        }
      else
        g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REVOKED,
                     _("%s: the central system has revoked this office’s credentials; an "
                       "administrator must enrol the workstation again. Nothing stored on this "
                       "workstation is lost."), response->url);
      return FALSE;
    }
  if (response->status == 401 && g_strcmp0 (code, "invalid_client") == 0)
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_CREDENTIALS,
                   _("%s: the central system does not accept this office’s credentials; an "
                     "administrator must enrol the workstation again"), response->url);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_enrolled (CdCentralClient  *self,
                GError          **error)
{
  if (self->credential != NULL)
    return TRUE;
  g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_NOT_ENROLLED,
               _("This workstation is not enrolled with the central system at %s: it has no "
                 "office credentials. An administrator enrols it with a one-time code from "
                 "central."), self->base_url);
  return FALSE;
}

static char *
fetch_token (CdCentralClient  *self,
             GCancellable     *cancellable,
             GError          **error)
{
  g_autofree char *url = g_strconcat (self->base_url, "/central/token", NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("POST", url);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body_node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autofree char *body = NULL;
  g_autofree char *authorization = NULL;
  const char *token;

  if (!check_enrolled (self, error))
    return NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "officer");
  json_builder_add_string_value (builder, self->officer);
  json_builder_end_object (builder);
  body_node = json_builder_get_root (builder);
  body = json_to_string (body_node, FALSE);
  {
    gsize length = strlen (body);
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&body), length);
    cd_http_request_set_body (request, "application/json", bytes);
  }
  /* The office's credentials, with HTTP Basic: the officer acts for the enrolled office. */
  authorization = cd_office_credential_to_basic_auth (self->credential);
  cd_http_request_add_header (request, "Authorization", authorization);
  /* Asking for a token twice only wastes a token. */
  cd_http_request_set_idempotent (request, TRUE);

  response = cd_http_client_send (self->http, request, cancellable, error);
  if (response == NULL)
    return NULL;
  if (!cd_central_check_access (response, self->officer, error))
    return NULL;
  if (response->status != 200)
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_UNAUTHORIZED,
                   _("%s: no token for officer %s (HTTP %u)"), url, self->officer, response->status);
      return NULL;
    }
  answer = parse_body (response, error);
  if (answer == NULL)
    return NULL;
  token = JSON_NODE_HOLDS_OBJECT (answer)
          ? json_object_get_string_member_with_default (json_node_get_object (answer),
                                                        "access_token", NULL)
          : NULL;
  if (token == NULL || *token == '\0')
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_BAD_ANSWER,
                   _("%s: the answer has no access_token"), url);
      return NULL;
    }
  return g_strdup (token);
}

/* Sends with the current token; on a 401, forgets it, gets a fresh one and tries exactly once more.
 */
static CdHttpResponse *
send_authorized (CdCentralClient  *self,
                 CdHttpRequest    *request_template,
                 GCancellable     *cancellable,
                 GError          **error)
{
  for (guint round = 0; round < 2; round++)
    {
      g_autofree char *token = NULL;
      g_autofree char *authorization = NULL;
      g_autoptr(CdHttpRequest) request = NULL;
      CdHttpResponse *response;

      g_mutex_lock (&self->lock);
      token = g_strdup (self->token);
      g_mutex_unlock (&self->lock);

      if (token == NULL)
        {
          token = fetch_token (self, cancellable, error);
          if (token == NULL)
            return NULL;
          g_mutex_lock (&self->lock);
          g_free (self->token);
          self->token = g_strdup (token);
          g_mutex_unlock (&self->lock);
        }

      request = cd_http_request_copy (request_template);
      authorization = g_strconcat ("Bearer ", token, NULL);
      cd_http_request_add_header (request, "Authorization", authorization);
      response = cd_http_client_send (self->http, request, cancellable, error);
      if (response != NULL && !cd_central_check_access (response, self->officer, error))
        {
          /* Revoked: the token is worth nothing any more. */
          cd_http_response_free (response);
          g_mutex_lock (&self->lock);
          if (g_strcmp0 (self->token, token) == 0)
            g_clear_pointer (&self->token, g_free);
          g_mutex_unlock (&self->lock);
          return NULL;
        }
      if (response == NULL || response->status != 401)
        return response;

      cd_http_response_free (response);
      g_mutex_lock (&self->lock);
      if (g_strcmp0 (self->token, token) == 0)
        g_clear_pointer (&self->token, g_free);
      g_mutex_unlock (&self->lock);
    }

  g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_UNAUTHORIZED,
               _("%s: the central system refused a fresh token for officer %s"),
               cd_http_request_get_url (request_template), self->officer);
  return NULL;
}

gboolean
cd_central_client_authenticate (CdCentralClient  *self,
                                GCancellable     *cancellable,
                                GError          **error)
{
  g_autofree char *token = NULL;

  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (self), FALSE);

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->token, g_free);
  g_mutex_unlock (&self->lock);
  token = fetch_token (self, cancellable, error);
  if (token == NULL)
    return FALSE;
  g_mutex_lock (&self->lock);
  if (self->token == NULL)
    self->token = g_steal_pointer (&token);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

static gboolean
parse_results (CdHttpResponse  *response,
               GPtrArray       *results,
               CdAuditAnchor  **held,
               GError         **error)
{
  g_autoptr(JsonNode) root = parse_body (response, error);
  JsonArray *items;

  if (root == NULL)
    return FALSE;
  /* A missing or unreadable anchor leaves the answers good: the decisions are filed, and losing
   * them over the anchor would only send them again. The next request brings the anchor. */
  if (held != NULL && JSON_NODE_HOLDS_OBJECT (root))
    *held = cd_audit_anchor_from_json (json_object_get_member (json_node_get_object (root),
                                                               "audit_anchor"),
                                       "audit_anchor", NULL);
  if (!JSON_NODE_HOLDS_OBJECT (root)
      || !json_object_has_member (json_node_get_object (root), "results")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "results")))
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_BAD_ANSWER,
                   _("%s: the answer has no results list"), response->url);
      return FALSE;
    }

  items = json_object_get_array_member (json_node_get_object (root), "results");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *item;
      CdCentralResult *result;
      gboolean known;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      item = json_node_get_object (node);
      result = g_new0 (CdCentralResult, 1);
      result->id = g_strdup (json_object_get_string_member_with_default (item, "id", ""));
      result->outcome = cd_central_outcome_from_string (
        json_object_get_string_member_with_default (item, "status", NULL), &known);
      result->receipt = g_strdup (json_object_get_string_member_with_default (item, "receipt", NULL));
      result->reason = g_strdup (json_object_get_string_member_with_default (
        item, "reason", known ? NULL : _("the central system gave an unknown status")));
      g_ptr_array_add (results, result);
    }
  return TRUE;
}

GPtrArray *
cd_central_client_submit_decisions (CdCentralClient           *self,
                                    const CdOutboundDecision  *decisions,
                                    guint                      n_decisions,
                                    GCancellable              *cancellable,
                                    GError                   **error)
{
  return cd_central_client_submit_decisions_with_head (self, decisions, n_decisions, NULL, NULL,
                                                       cancellable, error);
}

GPtrArray *
cd_central_client_submit_decisions_with_head (CdCentralClient           *self,
                                              const CdOutboundDecision  *decisions,
                                              guint                      n_decisions,
                                              const CdAuditAnchor       *head,
                                              CdAuditAnchor            **held,
                                              GCancellable              *cancellable,
                                              GError                   **error)
{
  g_autofree char *url = NULL;
  g_autoptr(CdHttpRequest) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GPtrArray) results = NULL;
  char *body;

  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "decisions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_decisions; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, decisions[i].id);
      json_builder_set_member_name (builder, "payload_hash");
      json_builder_add_string_value (builder, decisions[i].payload_hash);
      json_builder_set_member_name (builder, "payload");
      json_builder_add_string_value (builder, decisions[i].payload);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (head != NULL)
    {
      json_builder_set_member_name (builder, "audit_head");
      cd_audit_anchor_build (head, builder);
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  if (held != NULL)
    *held = NULL;

  url = g_strconcat (self->base_url, "/central/decisions", NULL);
  request = cd_http_request_new ("POST", url);
  {
    gsize length = strlen (body);
    g_autoptr(GBytes) bytes = g_bytes_new_take (body, length);
    cd_http_request_set_body (request, "application/json", bytes);
  }
  /* The server files each decision once by id + hash, so a lost answer may be asked again. */
  cd_http_request_set_idempotent (request, TRUE);

  response = send_authorized (self, request, cancellable, error);
  if (response == NULL)
    return NULL;
  if (response->status != 200)
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REJECTED,
                   _("%s: the central system refused the batch (HTTP %u)"), url, response->status);
      return NULL;
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_central_result_free);
  if (!parse_results (response, results, held, error))
    {
      if (held != NULL)
        g_clear_pointer (held, cd_audit_anchor_free);
      return NULL;
    }
  return g_steal_pointer (&results);
}

GPtrArray *
cd_central_client_get_audit_anchors (CdCentralClient  *self,
                                     guint            *n_refused,
                                     GCancellable     *cancellable,
                                     GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(GPtrArray) anchors = NULL;
  JsonNode *list = NULL;
  JsonNode *refused = NULL;

  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (self), NULL);

  response = cd_central_client_get (self, "/central/audit-anchor", &root, cancellable, error);
  if (response == NULL)
    return NULL;
  if (response->status != 200)
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_REJECTED,
                   _("%s: the central system refused to give its audit anchors (HTTP %u)"),
                   response->url, response->status);
      return NULL;
    }
  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      list = json_object_get_member (json_node_get_object (root), "anchors");
      refused = json_object_get_member (json_node_get_object (root), "refused");
    }
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_BAD_ANSWER,
                   _("%s: the answer has no anchors list"), response->url);
      return NULL;
    }

  anchors = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_audit_anchor_free);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    {
      g_autoptr(GError) local_error = NULL;
      CdAuditAnchor *anchor
          = cd_audit_anchor_from_json (json_array_get_element (json_node_get_array (list), i),
                                       response->url, &local_error);

      if (anchor == NULL)
        {
          g_set_error (error, CD_CENTRAL_ERROR, CD_CENTRAL_ERROR_BAD_ANSWER, "%s",
                       local_error->message);
          return NULL;
        }
      g_ptr_array_add (anchors, anchor);
    }
  if (n_refused != NULL)
    *n_refused = refused != NULL && JSON_NODE_HOLDS_ARRAY (refused)
                     ? json_array_get_length (json_node_get_array (refused)) : 0;
  return g_steal_pointer (&anchors);
}

CdHttpResponse *
cd_central_client_get (CdCentralClient  *self,
                       const char       *path,
                       JsonNode        **root,
                       GCancellable     *cancellable,
                       GError          **error)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autoptr(CdHttpRequest) request = cd_http_request_new ("GET", url);
  g_autoptr(CdHttpResponse) response = NULL;

  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (self), NULL);

  response = send_authorized (self, request, cancellable, error);
  if (response == NULL)
    return NULL;
  if (root != NULL)
    {
      *root = response->status == 200 ? parse_body (response, error) : NULL;
      if (response->status == 200 && *root == NULL)
        return NULL;
    }
  return g_steal_pointer (&response);
}

static void
cd_central_client_finalize (GObject *object)
{
  CdCentralClient *self = CD_CENTRAL_CLIENT (object);

  g_clear_object (&self->http);
  g_free (self->base_url);
  g_clear_pointer (&self->credential, cd_office_credential_free);
  g_free (self->officer);
  g_free (self->token);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cd_central_client_parent_class)->finalize (object);
}

static void
cd_central_client_class_init (CdCentralClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_central_client_finalize;
}

static void
cd_central_client_init (CdCentralClient *self)
{
  g_mutex_init (&self->lock);
}
