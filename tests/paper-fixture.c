/* paper-fixture.c — paper documents for tests, as the paper document contract writes them. */
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-canonical-json.h"
#include "cd-statement.h"
#include "paper-fixture.h"

char *
paper_fixture_medical_fields (const char *table,
                              const char *root,
                              const char *record_json)
{
  g_autofree char *text = g_strdup_printf ("{\"table\":\"%s\",\"root\":\"%s\",\"records\":[%s]}",
                                           table, root, record_json);
  char *canonical = cd_canonical_json_from_text (text, NULL);

  g_assert_nonnull (canonical);
  return canonical;
}

static gint64
user_id (CdDatabase *db,
         const char *login)
{
  g_autoptr(CdStatement) stmt = cd_database_prepare (db, "SELECT id FROM users WHERE login = ?",
                                                     NULL);

  g_assert_nonnull (stmt);
  cd_statement_bind_text (stmt, 1, login);
  g_assert_cmpint (cd_statement_step (stmt, NULL), ==, CD_STEP_ROW);
  return cd_statement_get_int64 (stmt, 0);
}

gint64
paper_fixture_add (CdDatabase *db,
                   const char *personal_id,
                   gint64      claim_id,
                   const char *kind,
                   const char *fields_json,
                   const char *login)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) fields = json_from_string (fields_json, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *raw = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *canonical_fields = cd_canonical_json_from_text (fields_json, NULL);
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (fields);
  g_assert_nonnull (canonical_fields);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, "claimdesk-paper-1");
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "fields");
  json_builder_add_value (builder, json_node_copy (fields));
  json_builder_set_member_name (builder, "entered_by");
  json_builder_add_string_value (builder, login);
  json_builder_set_member_name (builder, "entered_at");
  json_builder_add_string_value (builder, at);
  json_builder_set_member_name (builder, "scan_sha256");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  raw = cd_canonical_json (root, NULL);
  g_assert_nonnull (raw);
  sha256 = cd_sha256_hex (raw, strlen (raw));

  stmt = cd_database_prepare (db,
                              "INSERT INTO documents (claim_id, person_id, kind, source_system,"
                              " url, fetched_at, raw, sha256, signature_status, parse_status,"
                              " fields, parent_id, entered_by, scan_id, paper_state)"
                              " VALUES (?, (SELECT id FROM persons WHERE personal_id = ?), ?,"
                              " 'manual', NULL, ?, ?, ?, 'not_applicable', 'parsed', ?, NULL, ?,"
                              " NULL, 'unverified')",
                              &error);
  g_assert_no_error (error);
  if (claim_id > 0)
    cd_statement_bind_int64 (stmt, 1, claim_id);
  else
    cd_statement_bind_null (stmt, 1);
  cd_statement_bind_text (stmt, 2, personal_id);
  cd_statement_bind_text (stmt, 3, kind);
  cd_statement_bind_text (stmt, 4, at);
  cd_statement_bind_blob (stmt, 5, raw, strlen (raw));
  cd_statement_bind_text (stmt, 6, sha256);
  cd_statement_bind_text (stmt, 7, canonical_fields);
  cd_statement_bind_int64 (stmt, 8, user_id (db, login));
  g_assert_true (cd_statement_run (stmt, &error));
  g_assert_no_error (error);
  return cd_database_last_insert_rowid (db);
}
