/* cd-evidence-fetcher.c — asks every source about one person and date window, all at once. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-evidence-fetcher.h"
#include "cd-population-request.h"

#define POPULATION_NS "http://dancuquocgia.bca"

struct _CdEvidenceFetcher
{
  GObject          parent_instance;

  CdHttpClient    *http;
  CdCentralClient *central;
  char            *medical_url;     /* the systems' base URLs, without a trailing '/' */
  char            *civil_url;
  char            *population_url;
  char            *officer;
};

G_DEFINE_FINAL_TYPE (CdEvidenceFetcher, cd_evidence_fetcher, G_TYPE_OBJECT)

static const struct
{
  const char *name;
  const char *system;  /* N_() */
} sources[CD_N_EVIDENCE_SOURCES] = {
  [CD_EVIDENCE_MEDICAL] = { "medical", N_("Medical portal") },
  [CD_EVIDENCE_MEDICAL_ASSESSMENT] = { "medical-assessment", N_("Medical portal") },
  [CD_EVIDENCE_CIVIL_BIRTHS] = { "civil-births", N_("Civil status") },
  [CD_EVIDENCE_CIVIL_DEATHS] = { "civil-deaths", N_("Civil status") },
  [CD_EVIDENCE_POPULATION_IDENTITY] = { "population-identity", N_("Population database") },
  [CD_EVIDENCE_POPULATION_STATUS] = { "population-status", N_("Population database") },
  [CD_EVIDENCE_POPULATION_RELATIVES] = { "population-relatives", N_("Population database") },
  [CD_EVIDENCE_CENTRAL_PERSON] = { "central-person", N_("Central social security") },
  [CD_EVIDENCE_CENTRAL_CONTRIBUTIONS] = { "central-contributions", N_("Central social security") },
  [CD_EVIDENCE_CENTRAL_USAGE] = { "central-usage", N_("Central social security") },
};

static const CdPopulationReply population_operations[] = {
  [CD_EVIDENCE_POPULATION_IDENTITY] = CD_POPULATION_REPLY_LOOKUP,
  [CD_EVIDENCE_POPULATION_STATUS] = CD_POPULATION_REPLY_STATUS,
  [CD_EVIDENCE_POPULATION_RELATIVES] = CD_POPULATION_REPLY_RELATIVES,
};

const char *
cd_evidence_source_to_string (CdEvidenceSource source)
{
  g_return_val_if_fail (source < CD_N_EVIDENCE_SOURCES, NULL);
  return sources[source].name;
}

const char *
cd_evidence_source_get_system (CdEvidenceSource source)
{
  g_return_val_if_fail (source < CD_N_EVIDENCE_SOURCES, NULL);
  return _(sources[source].system);
}

void
cd_evidence_response_free (CdEvidenceResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->url);
  g_free (response->method);
  g_clear_pointer (&response->fetched_at, g_date_time_unref);
  g_free (response->content_type);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_error (&response->error);
  g_free (response);
}

CdEvidenceFetcher *
cd_evidence_fetcher_new_for_endpoints (CdHttpClient      *http,
                                       const CdEndpoints *endpoints,
                                       CdCentralClient   *central,
                                       const char        *officer)
{
  CdEvidenceFetcher *self;

  g_return_val_if_fail (CD_IS_HTTP_CLIENT (http), NULL);
  g_return_val_if_fail (endpoints != NULL, NULL);
  g_return_val_if_fail (CD_IS_CENTRAL_CLIENT (central), NULL);

  self = g_object_new (CD_TYPE_EVIDENCE_FETCHER, NULL);
  self->http = g_object_ref (http);
  /* cd_endpoints_set has dropped any trailing '/'. An unset system gets "", and its requests
   * fail on their own with the URL policy's message. */
  self->medical_url = g_strdup (cd_endpoints_get (endpoints, CD_SYSTEM_MEDICAL));
  self->civil_url = g_strdup (cd_endpoints_get (endpoints, CD_SYSTEM_CIVIL_STATUS));
  self->population_url = g_strdup (cd_endpoints_get (endpoints, CD_SYSTEM_POPULATION));
  if (self->medical_url == NULL)
    self->medical_url = g_strdup ("");
  if (self->civil_url == NULL)
    self->civil_url = g_strdup ("");
  if (self->population_url == NULL)
    self->population_url = g_strdup ("");
  self->central = g_object_ref (central);
  self->officer = g_strdup (officer);
  return self;
}

CdEvidenceFetcher *
cd_evidence_fetcher_new (CdHttpClient    *http,
                         const char      *gateway_url,
                         CdCentralClient *central,
                         const char      *officer)
{
  g_autoptr(CdEndpoints) endpoints = NULL;

  g_return_val_if_fail (gateway_url != NULL, NULL);

  endpoints = cd_endpoints_new_two (cd_central_client_get_base_url (central), gateway_url);
  return cd_evidence_fetcher_new_for_endpoints (http, endpoints, central, officer);
}

/* ---- One fetch: N sources in flight ---------------------------------------------------------- */

typedef struct
{
  GPtrArray              *responses;  /* indexed by source; NULL until done */
  guint                   pending;
  CdEvidenceProgressFunc  progress;
  gpointer                progress_data;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_ptr_array_unref (fetch->responses);
  g_free (fetch);
}

typedef struct
{
  GTask            *task;      /* the whole fetch */
  CdEvidenceSource  source;
  CdHttpRequest    *request;   /* NULL for central sources */
  char             *central_path;
  char             *url;
  GDateTime        *started;
  gint64            started_us;  /* monotonic */
} SourceJob;

static void
source_job_free (SourceJob *job)
{
  g_clear_object (&job->task);
  g_clear_pointer (&job->request, cd_http_request_unref);
  g_free (job->central_path);
  g_free (job->url);
  g_clear_pointer (&job->started, g_date_time_unref);
  g_free (job);
}

static void
finish_source (SourceJob      *job,
               CdHttpResponse *http_response,
               GError         *error)
{
  Fetch *fetch = g_task_get_task_data (job->task);
  CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);

  response->source = job->source;
  response->url = g_strdup (job->url);
  response->method = g_strdup (job->request != NULL ? cd_http_request_get_method (job->request) : "GET");
  response->fetched_at = g_date_time_ref (job->started);
  if (http_response != NULL)
    {
      response->status = http_response->status;
      response->content_type = g_strdup (http_response->content_type);
      response->body = g_bytes_ref (http_response->body);
      response->attempts = http_response->attempts;
      response->elapsed_us = http_response->elapsed_us;
      if (http_response->status >= 400)
        error = g_error_new (CD_HTTP_ERROR, CD_HTTP_ERROR_STATUS, "%s %s: HTTP %u",
                             response->method, job->url, http_response->status);
    }
  else
    response->elapsed_us = g_get_monotonic_time () - job->started_us;

  if (error != NULL)
    {
      /* Names the source as well as the URL: the officer sees which system failed. */
      response->error = g_error_new (error->domain, error->code, "%s: %s",
                                     cd_evidence_source_get_system (job->source), error->message);
      g_error_free (error);
    }

  g_ptr_array_index (fetch->responses, job->source) = response;
  if (fetch->progress != NULL)
    fetch->progress (response, fetch->progress_data);

  if (--fetch->pending == 0)
    g_task_return_pointer (job->task, g_ptr_array_ref (fetch->responses),
                           (GDestroyNotify) g_ptr_array_unref);
}

static void
on_http_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SourceJob *job = user_data;
  GError *error = NULL;
  CdHttpResponse *response = cd_http_client_send_finish (CD_HTTP_CLIENT (object), result, &error);

  finish_source (job, response, error);
  cd_http_response_free (response);
  source_job_free (job);
}

static void
central_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  SourceJob *job = task_data;
  CdEvidenceFetcher *self = source_object;
  GError *error = NULL;
  CdHttpResponse *response = cd_central_client_get (self->central, job->central_path, NULL,
                                                    cancellable, &error);

  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) cd_http_response_free);
}

static void
on_central_done (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  SourceJob *job = user_data;
  GError *error = NULL;
  CdHttpResponse *response = g_task_propagate_pointer (G_TASK (result), &error);

  finish_source (job, response, error);
  cd_http_response_free (response);
  source_job_free (job);
}

static SourceJob *
new_job (GTask            *task,
         CdEvidenceSource  source)
{
  SourceJob *job = g_new0 (SourceJob, 1);

  job->task = g_object_ref (task);
  job->source = source;
  job->started = g_date_time_new_now_utc ();
  job->started_us = g_get_monotonic_time ();
  return job;
}

static char *
compact (const char *iso)
{
  GString *out = g_string_new (NULL);

  for (const char *p = iso; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

void
cd_evidence_fetcher_fetch_async (CdEvidenceFetcher      *self,
                                 const char             *personal_id,
                                 const char             *from_iso,
                                 const char             *to_iso,
                                 GCancellable           *cancellable,
                                 CdEvidenceProgressFunc  progress,
                                 gpointer                progress_data,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data)
{
  cd_evidence_fetcher_fetch_sources_async (self, personal_id, from_iso, to_iso,
                                           CD_EVIDENCE_ALL_SOURCES, cancellable, progress,
                                           progress_data, callback, user_data);
}

void
cd_evidence_fetcher_fetch_sources_async (CdEvidenceFetcher      *self,
                                         const char             *personal_id,
                                         const char             *from_iso,
                                         const char             *to_iso,
                                         guint                   wanted,
                                         GCancellable           *cancellable,
                                         CdEvidenceProgressFunc  progress,
                                         gpointer                progress_data,
                                         GAsyncReadyCallback     callback,
                                         gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *from = compact (from_iso);
  g_autofree char *to = compact (to_iso);
  g_autofree char *escaped_id = g_uri_escape_string (personal_id, NULL, FALSE);
  g_autofree char *year = g_strndup (to_iso, 4);
  g_autofree char *to_month = g_strndup (to_iso, 7);
  Fetch *fetch;

  g_return_if_fail (CD_IS_EVIDENCE_FETCHER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_evidence_fetcher_fetch_async);
  fetch = g_new0 (Fetch, 1);
  fetch->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) cd_evidence_response_free);
  g_ptr_array_set_size (fetch->responses, CD_N_EVIDENCE_SOURCES);
  wanted &= CD_EVIDENCE_ALL_SOURCES;
  fetch->pending = (guint) __builtin_popcount (wanted);
  fetch->progress = progress;
  fetch->progress_data = progress_data;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  /* Sources not asked: neither an answer nor an error. */
  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    if ((wanted & (1u << s)) == 0)
      {
        CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);

        response->source = s;
        response->fetched_at = g_date_time_new_now_utc ();
        g_ptr_array_index (fetch->responses, s) = response;
      }
  if (fetch->pending == 0)
    {
      g_task_return_pointer (task, g_ptr_array_ref (fetch->responses),
                             (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      SourceJob *job;

      if ((wanted & (1u << s)) == 0)
        continue;
      job = new_job (task, s);

      switch ((CdEvidenceSource) s)
        {
        case CD_EVIDENCE_MEDICAL:
          job->url = g_strdup_printf ("%s/medical/giamdinh?so_cccd=%s&tu_ngay=%s&den_ngay=%s",
                                      self->medical_url, escaped_id, from, to);
          break;
        case CD_EVIDENCE_MEDICAL_ASSESSMENT:
          job->url = g_strdup_printf ("%s/medical/giamdinhyk?so_cccd=%s", self->medical_url,
                                      escaped_id);
          break;
        case CD_EVIDENCE_CIVIL_BIRTHS:
          job->url = g_strdup_printf ("%s/civil/births?so_giay_to=%s", self->civil_url, escaped_id);
          break;
        case CD_EVIDENCE_CIVIL_DEATHS:
          job->url = g_strdup_printf ("%s/civil/deaths?so_giay_to=%s", self->civil_url, escaped_id);
          break;
        case CD_EVIDENCE_POPULATION_IDENTITY:
        case CD_EVIDENCE_POPULATION_STATUS:
        case CD_EVIDENCE_POPULATION_RELATIVES:
          {
            g_autofree char *request_id = g_uuid_string_random ();
            CdPopulationQuery query = { request_id, (char *) "BHXH.OMDAU.THAISAN",
                                        (char *) "CLAIMDESK", self->officer,
                                        (char *) personal_id, NULL, NULL, NULL };
            const char *operation = cd_population_operation_name (population_operations[s]);
            g_autoptr(GError) build_error = NULL;
            g_autofree char *soap = cd_population_request_build (population_operations[s], &query,
                                                                 &build_error);
            g_autofree char *action = g_strdup_printf ("\"" POPULATION_NS "/%s\"", operation);
            gsize length;
            g_autoptr(GBytes) body = NULL;

            job->url = g_strdup_printf ("%s/population/soap", self->population_url);
            if (soap == NULL)
              {
                /* A malformed ID: this source fails on its own, the others still go out. */
                finish_source (job, NULL, g_steal_pointer (&build_error));
                source_job_free (job);
                continue;
              }
            length = strlen (soap);
            body = g_bytes_new_take (g_steal_pointer (&soap), length);
            job->request = cd_http_request_new ("POST", job->url);
            cd_http_request_set_body (job->request, "text/xml; charset=utf-8", body);
            cd_http_request_add_header (job->request, "SOAPAction", action);
            /* A look-up changes nothing: safe to ask again. */
            cd_http_request_set_idempotent (job->request, TRUE);
          }
          break;
        case CD_EVIDENCE_CENTRAL_PERSON:
          job->central_path = g_strdup_printf ("/central/insured/%s", escaped_id);
          break;
        case CD_EVIDENCE_CENTRAL_CONTRIBUTIONS:
          /* The whole insurance history up to the window: maternity looks 12 or 24 months back. */
          job->central_path = g_strdup_printf ("/central/insured/%s/contributions?from=2000-01&to=%s",
                                               escaped_id, to_month);
          break;
        case CD_EVIDENCE_CENTRAL_USAGE:
          job->central_path = g_strdup_printf ("/central/insured/%s/usage?year=%s", escaped_id, year);
          break;
        case CD_N_EVIDENCE_SOURCES:
        default:
          g_assert_not_reached ();
        }

      if (job->central_path != NULL)
        {
          g_autoptr(GTask) central_task = g_task_new (self, cancellable, on_central_done, job);

          job->url = g_strconcat (cd_central_client_get_base_url (self->central), job->central_path,
                                  NULL);
          g_task_set_task_data (central_task, job, NULL);
          cd_http_client_run_in_thread (central_task, central_in_thread);
        }
      else
        {
          if (job->request == NULL)
            job->request = cd_http_request_new ("GET", job->url);
          cd_http_client_send_async (self->http, job->request, cancellable, on_http_done, job);
        }
    }
}

GPtrArray *
cd_evidence_fetcher_fetch_finish (CdEvidenceFetcher  *self,
                                  GAsyncResult       *result,
                                  GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
on_sync_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;
  *out = g_object_ref (result);
}

GPtrArray *
cd_evidence_fetcher_fetch_sync (CdEvidenceFetcher  *self,
                                const char         *personal_id,
                                const char         *from_iso,
                                const char         *to_iso,
                                GCancellable       *cancellable,
                                GError            **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GAsyncResult) result = NULL;
  GPtrArray *responses;

  g_main_context_push_thread_default (context);
  cd_evidence_fetcher_fetch_async (self, personal_id, from_iso, to_iso, cancellable, NULL, NULL,
                                   on_sync_done, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  responses = cd_evidence_fetcher_fetch_finish (self, result, error);
  g_main_context_pop_thread_default (context);
  return responses;
}

char *
cd_evidence_fetcher_find_insured (CdEvidenceFetcher  *self,
                                  const char         *si_code,
                                  GCancellable       *cancellable,
                                  GError            **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autoptr(CdHttpResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *personal_id = NULL;

  g_return_val_if_fail (CD_IS_EVIDENCE_FETCHER (self), NULL);
  g_return_val_if_fail (si_code != NULL, NULL);

  if (self->central == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                   _("No connection to the central system to look up SI number %s"), si_code);
      return NULL;
    }
  escaped = g_uri_escape_string (si_code, NULL, FALSE);
  path = g_strdup_printf ("/central/insured/%s", escaped);
  response = cd_central_client_get (self->central, path, &root, cancellable, error);
  if (response == NULL)
    return NULL;
  if (response->status == 404)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("The central system has no insured person with SI number %s"), si_code);
      return NULL;
    }
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    personal_id = json_object_get_string_member_with_default (json_node_get_object (root),
                                                              "personal_id", NULL);
  if (response->status != 200 || personal_id == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The central system answered HTTP %u without a personal ID for SI number %s"),
                   response->status, si_code);
      return NULL;
    }
  return g_strdup (personal_id);
}

static void
cd_evidence_fetcher_finalize (GObject *object)
{
  CdEvidenceFetcher *self = CD_EVIDENCE_FETCHER (object);

  g_clear_object (&self->http);
  g_clear_object (&self->central);
  g_free (self->medical_url);
  g_free (self->civil_url);
  g_free (self->population_url);
  g_free (self->officer);

  G_OBJECT_CLASS (cd_evidence_fetcher_parent_class)->finalize (object);
}

static void
cd_evidence_fetcher_class_init (CdEvidenceFetcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_evidence_fetcher_finalize;
}

static void
cd_evidence_fetcher_init (CdEvidenceFetcher *self)
{
}
