/* claimdesk-gateway — plays the four external systems on loopback for demo, tests and benchmarks.
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "cd-data-dir.h"
#include "gw-enrolment.h"
#include "gw-faults.h"
#include "gw-lists.h"
#include "gw-server.h"

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *listen = NULL;
  g_autofree char *port_file = NULL;
  g_autofree char *base_url = NULL;
  gboolean show_version = FALSE;
  gint64 fault_seed = 1;
  gint64 world_seed = 1;
  gint people = 1000;
  g_autofree char *large_share_text = NULL;
  g_autofree char *reference_day_text = NULL;
  g_autofree char *workload_text = NULL;
  g_autofree char *pki_dir = NULL;
  g_autofree char *tls_certificate = NULL;
  g_autofree char *tls_key = NULL;
  char *rate_texts[GW_N_PLANTS] = { NULL };
  GwListsOptions list_options = { { NULL } };
  g_auto(GStrv) enrolment_codes = NULL;
  g_autofree char *register_file = NULL;
  g_autoptr(GwWorld) world = NULL;
  g_autoptr(GwSigning) signing = NULL;
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (loopback only)", "HOST:PORT" },
    { "port-file", 0, 0, G_OPTION_ARG_FILENAME, &port_file,
      "Write the base URL here once connections are accepted", "FILE" },
    { "world-seed", 0, 0, G_OPTION_ARG_INT64, &world_seed,
      "Seed of the synthetic world (as claimdesk-cli seed --seed)", "S" },
    { "people", 0, 0, G_OPTION_ARG_INT, &people,
      "Households in the world (as claimdesk-cli seed --people)", "N" },
    { "world-large-employer-share", 0, 0, G_OPTION_ARG_STRING, &large_share_text,
      "Share of households working for one large employer, for lists of thousands of rows "
      "(default 0: the world as claimdesk-cli seed makes it)", "SHARE" },
    { "world-reference-day", 0, 0, G_OPTION_ARG_STRING, &reference_day_text,
      "The day the world is dated to, as the store it serves was seeded (claimdesk-cli seed "
      "--reference-day; default " CD_WORLD_REFERENCE_DATE ")", "YYYY-MM-DD" },
    { "world-workload", 0, 0, G_OPTION_ARG_STRING, &workload_text,
      "How far the world's claims have gone, as the store was seeded: stress (default) or office",
      "NAME" },
    { "pki-dir", 0, 0, G_OPTION_ARG_FILENAME, &pki_dir,
      "The test PKI that signs documents (default: the demo's, data/pki in the sources)", "DIR" },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &tls_certificate,
      "Serve HTTPS with this certificate (PEM; e.g. data/pki/tls/gateway.cert.pem)", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "The certificate's private key (PEM)", "FILE" },
    { "enrolment-code", 0, 0, G_OPTION_ARG_STRING_ARRAY, &enrolment_codes,
      "A one-time enrolment code for office " GW_DEFAULT_OFFICE_CODE ", good for 24 hours "
      "(repeatable; more from POST /_control/enrolment-codes)", "CODE" },
    { "register-file", 0, 0, G_OPTION_ARG_FILENAME, &register_file,
      "Keep the enrolled offices' credentials and revocations in FILE across restarts", "FILE" },
    { "fault-seed", 0, 0, G_OPTION_ARG_INT64, &fault_seed,
      "Seed of the fault draws (same seed, same faults)", "N" },
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, "Print the version and exit", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GwServer) server = NULL;
  g_autoptr(GwFaults) faults = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  setlocale (LC_ALL, "");

  faults = gw_faults_new (0);
  context = g_option_context_new ("— the ClaimDesk reference gateway");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_add_group (context, gw_faults_option_group (faults));
  /* The world is made after parsing (its size is an option); its rates are parsed as text first. */
  g_option_context_add_group (context, gw_world_option_group (rate_texts));
  g_option_context_add_group (context, gw_lists_option_group (&list_options));
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !gw_faults_validate (faults, &error))
    {
      g_printerr ("claimdesk-gateway: %s\n", error->message);
      return 2;
    }
  if (argc > 1)
    {
      g_printerr ("claimdesk-gateway: unexpected argument %s\n", argv[1]);
      return 2;
    }
  if (show_version)
    {
      printf ("claimdesk-gateway %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (people < 1 || people > 10000000)
    {
      g_printerr ("claimdesk-gateway: --people %d: expected 1 to 10000000\n", people);
      return 2;
    }

  world = gw_world_new ((guint64) world_seed, (guint32) people);
  if (reference_day_text != NULL)
    {
      CdDay day = CD_DAY_NONE;

      if (!cd_date_parse (reference_day_text, &day))
        {
          g_printerr ("claimdesk-gateway: --world-reference-day %s: expected a day as "
                      "YYYY-MM-DD\n", reference_day_text);
          return 2;
        }
      cd_world_set_reference_day (world->world, day);
    }
  if (workload_text != NULL)
    {
      CdWorldWorkload workload;

      if (!cd_world_workload_from_string (workload_text, &workload))
        {
          g_printerr ("claimdesk-gateway: --world-workload %s: expected stress or office\n",
                      workload_text);
          return 2;
        }
      cd_world_set_workload (world->world, workload);
    }
  if (large_share_text != NULL)
    {
      char *end = NULL;
      double share = g_ascii_strtod (large_share_text, &end);

      if (end == large_share_text || *end != '\0' || !(share >= 0.0 && share <= 1.0))
        {
          g_printerr ("claimdesk-gateway: --world-large-employer-share %s: expected a share "
                      "between 0 and 1\n", large_share_text);
          return 2;
        }
      cd_world_set_large_employer_share (world->world, share);
    }
  for (guint i = 0; i < GW_N_PLANTS; i++)
    if (rate_texts[i] != NULL && !gw_world_set_rate (world, gw_plant_name (i), rate_texts[i], &error))
      {
        g_printerr ("claimdesk-gateway: %s\n", error->message);
        return 2;
      }

  if (pki_dir == NULL)
    pki_dir = cd_data_dir_demo_pki ();
  signing = gw_signing_new (pki_dir, &error);
  if (signing == NULL)
    {
      g_printerr ("claimdesk-gateway: %s\n", error->message);
      return 1;
    }

  gw_faults_reseed (faults, (guint64) fault_seed);
  server = gw_server_new (g_steal_pointer (&faults), g_steal_pointer (&world),
                          g_steal_pointer (&signing));
  if ((tls_certificate != NULL) != (tls_key != NULL))
    {
      g_printerr ("claimdesk-gateway: --tls-certificate and --tls-key go together\n");
      return 2;
    }
  if (register_file != NULL
      && !gw_enrolment_set_register_file (gw_server_get_enrolment (server), register_file, &error))
    {
      g_printerr ("claimdesk-gateway: --register-file %s\n", error->message);
      return 2;
    }
  for (guint i = 0; enrolment_codes != NULL && enrolment_codes[i] != NULL; i++)
    if (!gw_enrolment_add_code (gw_server_get_enrolment (server), enrolment_codes[i], NULL,
                                GW_DEFAULT_CODE_LIFETIME_S, &error))
      {
        g_printerr ("claimdesk-gateway: --enrolment-code %s\n", error->message);
        return 2;
      }
  if (!gw_lists_configure (gw_server_get_lists (server), &list_options, &error))
    {
      g_printerr ("claimdesk-gateway: %s\n", error->message);
      return 2;
    }
  if (tls_certificate != NULL && !gw_server_set_tls (server, tls_certificate, tls_key, &error))
    {
      g_printerr ("claimdesk-gateway: --tls-certificate %s: %s\n", tls_certificate, error->message);
      return 1;
    }
  if (!gw_server_listen (server, listen != NULL ? listen : "127.0.0.1:8088", &error))
    {
      g_printerr ("claimdesk-gateway: %s\n", error->message);
      return 1;
    }

  base_url = gw_server_get_base_url (server);
  /* g_file_set_contents writes a temporary file and renames it: a reader never sees half a URL. */
  if (port_file != NULL && !g_file_set_contents (port_file, base_url, -1, &error))
    {
      g_printerr ("claimdesk-gateway: --port-file %s: %s\n", port_file, error->message);
      return 1;
    }
  g_printerr ("claimdesk-gateway: listening on %s\n", base_url);

  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);
  g_main_loop_run (loop);

  if (port_file != NULL)
    g_unlink (port_file);
  return 0;
}
