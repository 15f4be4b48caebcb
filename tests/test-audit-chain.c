/* test-audit-chain.c — editing, deleting or reordering an audit entry is detected and named. */
#include "cd-audit-chain.h"
#include "cd-canonical-json.h"

#define N_ENTRIES 5

typedef struct
{
  CdAuditRecord records[N_ENTRIES];
  char         *hashes[N_ENTRIES];
  char         *entries[N_ENTRIES];
} Chain;

static void
build_chain (Chain *chain)
{
  const char *prev = CD_AUDIT_GENESIS_HASH;

  for (guint i = 0; i < N_ENTRIES; i++)
    {
      g_autofree char *canonical = NULL;

      chain->entries[i] = g_strdup_printf ("{\"who\":\"can-bo-%02u\",\"what\":\"claim.propose\","
                                           "\"when\":\"2026-11-20T08:%02u:00Z\",\"after\":{\"amount\":%u}}",
                                           i, i, 1000 * (i + 1));
      canonical = cd_canonical_json_from_text (chain->entries[i], NULL);
      chain->hashes[i] = cd_audit_chain_hash (prev, canonical);
      chain->records[i] = (CdAuditRecord) { i + 1, prev, chain->hashes[i], chain->entries[i] };
      prev = chain->hashes[i];
    }
}

static void
free_chain (Chain *chain)
{
  for (guint i = 0; i < N_ENTRIES; i++)
    {
      g_free (chain->hashes[i]);
      g_free (chain->entries[i]);
    }
}

static void
test_intact (void)
{
  Chain chain;
  gsize index = 99;

  build_chain (&chain);
  g_assert_cmpint (cd_audit_chain_verify (chain.records, N_ENTRIES, &index), ==, CD_AUDIT_BREAK_NONE);
  g_assert_cmpuint (index, ==, N_ENTRIES);
  free_chain (&chain);
}

static void
test_edited (void)
{
  Chain chain;
  gsize index = 99;

  build_chain (&chain);
  chain.records[2].entry_json = "{\"who\":\"can-bo-02\",\"what\":\"claim.propose\","
                                "\"when\":\"2026-11-20T08:02:00Z\",\"after\":{\"amount\":9999999}}";
  g_assert_cmpint (cd_audit_chain_verify (chain.records, N_ENTRIES, &index), ==,
                   CD_AUDIT_BREAK_EDITED);
  g_assert_cmpuint (index, ==, 2);
  free_chain (&chain);
}

static void
test_white_space_is_not_an_edit (void)
{
  Chain chain;
  gsize index = 99;

  build_chain (&chain);
  /* Same content, other key order and spacing: canonical form makes it the same entry. */
  chain.records[1].entry_json = "{ \"after\": {\"amount\": 2000}, \"what\": \"claim.propose\", "
                                "\"when\": \"2026-11-20T08:01:00Z\", \"who\": \"can-bo-01\" }";
  g_assert_cmpint (cd_audit_chain_verify (chain.records, N_ENTRIES, &index), ==, CD_AUDIT_BREAK_NONE);
  free_chain (&chain);
}

static void
test_deleted (void)
{
  Chain chain;
  CdAuditRecord without_third[N_ENTRIES - 1];
  gsize index = 99;

  build_chain (&chain);
  for (guint i = 0, j = 0; i < N_ENTRIES; i++)
    if (i != 2)
      without_third[j++] = chain.records[i];
  g_assert_cmpint (cd_audit_chain_verify (without_third, N_ENTRIES - 1, &index), ==,
                   CD_AUDIT_BREAK_DELETED);
  g_assert_cmpuint (index, ==, 2);

  /* Deleting the first entry is caught too. */
  g_assert_cmpint (cd_audit_chain_verify (chain.records + 1, N_ENTRIES - 1, &index), ==,
                   CD_AUDIT_BREAK_DELETED);
  g_assert_cmpuint (index, ==, 0);
  free_chain (&chain);
}

static void
test_reordered (void)
{
  Chain chain;
  CdAuditRecord swapped;
  gsize index = 99;

  build_chain (&chain);
  swapped = chain.records[3];
  chain.records[3] = chain.records[1];
  chain.records[1] = swapped;
  g_assert_cmpint (cd_audit_chain_verify (chain.records, N_ENTRIES, &index), ==,
                   CD_AUDIT_BREAK_DELETED);
  g_assert_cmpuint (index, ==, 1);

  /* Renumbered to hide the swap: the links to the previous hash give it away. */
  chain.records[1].seq = 2;
  chain.records[3].seq = 4;
  g_assert_cmpint (cd_audit_chain_verify (chain.records, N_ENTRIES, &index), ==,
                   CD_AUDIT_BREAK_REORDERED);
  g_assert_cmpuint (index, ==, 1);
  free_chain (&chain);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit-chain/intact", test_intact);
  g_test_add_func ("/audit-chain/edited", test_edited);
  g_test_add_func ("/audit-chain/white-space-is-not-an-edit", test_white_space_is_not_an_edit);
  g_test_add_func ("/audit-chain/deleted", test_deleted);
  g_test_add_func ("/audit-chain/reordered", test_reordered);

  return g_test_run ();
}
