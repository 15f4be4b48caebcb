/* bench-fetch.c — fetching all evidence for one claim against the gateway with --latency-ms 200.
 *
 * Prints the median time of one request, of the whole fetch (ten requests to four systems), their
 * ratio (the target is under 1.5) and the connections opened. Run: build/tests/bench-fetch [RUNS]
 * with CLAIMDESK_GATEWAY pointing at the gateway (meson devenv sets it).
 */
#include "cd-evidence-fetcher.h"
#include "cd-gateway-process.h"
#include "cd-world.h"

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static double
median_ms (GArray *samples)
{
  g_array_sort (samples, compare_gint64);
  return g_array_index (samples, gint64, samples->len / 2) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  const char *args[] = { "--latency-ms", "200", "--world-seed", "5", "--people", "1000", NULL };
  guint runs = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 10;
  g_autoptr(CdGatewayProcess) gateway = cd_gateway_process_new (args);
  g_autoptr(GError) error = NULL;
  g_autoptr(CdHttpClient) http = cd_http_client_new ();
  g_autoptr(CdCentralClient) central = NULL;
  g_autoptr(CdEvidenceFetcher) fetcher = NULL;
  g_autoptr(GArray) single = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) whole = g_array_new (FALSE, FALSE, sizeof (gint64));
  CdWorld *world = cd_world_new (5, 1000);
  guint connections_before;
  double one, all;

  if (!cd_gateway_process_start_sync (gateway, NULL, &error))
    {
      g_printerr ("bench-fetch: %s\n", error->message);
      return 1;
    }
  central = cd_central_client_new (http, cd_gateway_process_get_base_url (gateway),
                                   cd_gateway_process_get_office_credential (gateway, http, NULL),
                                   "cb01");
  fetcher = cd_evidence_fetcher_new (http, cd_gateway_process_get_base_url (gateway), central,
                                     "cb01");

  /* The officer's token is had at sign-in, not per claim. */
  g_clear_pointer (&error, g_error_free);
  cd_http_response_free (cd_central_client_get (central, "/central/insured/000000000000", NULL, NULL,
                                                NULL));

  connections_before = cd_http_client_get_connections_opened (http);
  for (guint r = 0; r < runs; r++)
    {
      CdWorldPerson person;
      g_autofree char *url = NULL;
      g_autoptr(CdHttpRequest) request = NULL;
      g_autoptr(CdHttpResponse) response = NULL;
      g_autoptr(GPtrArray) responses = NULL;
      gint64 start, elapsed;
      guint failed = 0;

      cd_world_get_person (world, r * 7, 0, &person);
      url = g_strdup_printf ("%s/civil/births?so_giay_to=%s", cd_gateway_process_get_base_url (gateway),
                             person.personal_id);
      request = cd_http_request_new ("GET", url);
      start = g_get_monotonic_time ();
      response = cd_http_client_send (http, request, NULL, NULL);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (single, elapsed);

      start = g_get_monotonic_time ();
      responses = cd_evidence_fetcher_fetch_sync (fetcher, person.personal_id, "2025-01-01",
                                                  "2026-11-20", NULL, NULL);
      elapsed = g_get_monotonic_time () - start;
      g_array_append_val (whole, elapsed);
      for (guint i = 0; i < responses->len; i++)
        failed += ((CdEvidenceResponse *) g_ptr_array_index (responses, i))->error != NULL;
      if (failed > 0)
        g_printerr ("bench-fetch: run %u: %u sources failed\n", r, failed);
    }

  one = median_ms (single);
  all = median_ms (whole);
  g_print ("latency 200 ms, %u runs\n", runs);
  g_print ("one request:        median %.1f ms\n", one);
  g_print ("whole claim (%d requests to 4 systems): median %.1f ms\n", CD_N_EVIDENCE_SOURCES, all);
  g_print ("ratio:              %.2f (target < 1.5)\n", all / one);
  g_print ("connections opened: %u for %u requests\n",
           cd_http_client_get_connections_opened (http) - connections_before,
           runs * (CD_N_EVIDENCE_SOURCES + 1));
  cd_world_free (world);
  return all / one < 1.5 ? 0 : 1;
}
