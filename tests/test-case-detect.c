/* test-case-detect.c — cases proposed from stored evidence, and the facts built for them.
 *
 * The fixtures under data/new-claim/<personal ID>/ are the raw answers of the ten sources for three
 * people of the reference world (seed 7), stored here through the evidence store as a fetch would.
 */
#include "cd-case-detect.h"
#include "cd-evidence-store.h"
#include "cd-facts-builder.h"
#include "cd-rules-engine.h"
#include "test-util.h"

typedef struct
{
  char       *dir;
  CdDatabase *db;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = test_tmpdir_new ();
  path = g_build_filename (fixture->dir, "claims.db", NULL);
  fixture->db = cd_database_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->db);
  g_clear_pointer (&fixture->dir, test_tmpdir_free);
}

static void
store_fixture (Fixture    *fixture,
               const char *personal_id)
{
  g_autoptr(GPtrArray) responses =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cd_evidence_response_free);
  g_autoptr(GPtrArray) stored = NULL;
  g_autoptr(GError) error = NULL;

  for (guint s = 0; s < CD_N_EVIDENCE_SOURCES; s++)
    {
      CdEvidenceResponse *response = g_new0 (CdEvidenceResponse, 1);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "new-claim", personal_id,
                                                     cd_evidence_source_to_string (s), NULL);
      char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      response->source = s;
      response->url = g_strdup_printf ("http://127.0.0.1:9/%s", cd_evidence_source_to_string (s));
      response->method = g_strdup ("GET");
      response->fetched_at = g_date_time_new_now_utc ();
      response->status = 200;
      response->attempts = 1;
      response->body = g_bytes_new_take (contents, length);
      g_ptr_array_add (responses, response);
    }
  stored = cd_evidence_store_save (fixture->db, personal_id, "2025-01-01", "2026-12-31", 0,
                                   responses, NULL, &error);
  g_assert_no_error (error);
}

static CdCaseProposal *
find_proposal (GPtrArray  *proposals,
               CdBenefit   benefit,
               const char *from)
{
  for (guint i = 0; i < proposals->len; i++)
    {
      CdCaseProposal *proposal = g_ptr_array_index (proposals, i);

      if (proposal->benefit == benefit && (from == NULL || g_str_equal (proposal->from, from)))
        return proposal;
    }
  return NULL;
}

static const char *
fact_string (CdFactsDraft *draft,
             const char   *path)
{
  JsonNode *node = cd_facts_json_get (draft->facts, path);

  g_assert_nonnull (node);
  return json_node_get_string (node);
}

static gint64
fact_int (CdFactsDraft *draft,
          const char   *path)
{
  JsonNode *node = cd_facts_json_get (draft->facts, path);

  g_assert_nonnull (node);
  return json_node_get_int (node);
}

static gboolean
fact_bool (CdFactsDraft *draft,
           const char   *path)
{
  JsonNode *node = cd_facts_json_get (draft->facts, path);

  g_assert_nonnull (node);
  return json_node_get_boolean (node);
}

static void
test_nothing_stored (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposals = cd_case_detect (fixture->db, "046193341472", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (proposals->len, ==, 0);
}

/* A store that cannot be read is the store's error, naming whose evidence it was. */
static void
test_unreadable_store (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = NULL;

  store_fixture (fixture, "046193341472");
  g_assert_true (cd_database_exec (fixture->db, "DROP TABLE documents", &error));
  documents = cd_stored_documents_load (fixture->db, "046193341472", &error);
  g_assert_null (documents);
  g_assert_error (error, CD_DATABASE_ERROR, CD_DATABASE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "046193341472"));
  g_assert_nonnull (strstr (error->message, "documents"));
}

static void
test_mother_cases (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  CdCaseProposal *p;

  store_fixture (fixture, "046193341472");
  proposals = cd_case_detect (fixture->db, "046193341472", &error);
  g_assert_no_error (error);

  /* Newest first. */
  for (guint i = 1; i < proposals->len; i++)
    g_assert_cmpstr (((CdCaseProposal *) g_ptr_array_index (proposals, i - 1))->from, >=,
                     ((CdCaseProposal *) g_ptr_array_index (proposals, i))->from);

  /* The appendicitis stay of July 2026: inpatient sickness, admission to the outpatient rest. */
  p = find_proposal (proposals, CD_BENEFIT_SICKNESS, "2026-07-30");
  g_assert_nonnull (p);
  g_assert_cmpstr (p->to, ==, "2026-07-31");
  g_assert_cmpuint (p->document_ids->len, ==, 2);
  g_assert_cmpstr (((CdCaseProposal *) g_ptr_array_index (proposals, 0))->from, ==, "2026-07-30");

  /* The miscarriage: MA_DINH_CHI_THAI on the discharge paper. */
  p = find_proposal (proposals, CD_BENEFIT_PREGNANCY_LOSS, NULL);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->event_date, ==, "2026-01-18");
  g_assert_cmpstr (p->to, ==, "2026-03-02");

  /* The check-up with a leave certificate (ICD Z34.9). */
  p = find_proposal (proposals, CD_BENEFIT_PRENATAL_CHECKUP, "2026-02-28");
  g_assert_nonnull (p);

  /* The visits of 2025 without any leave paper propose nothing of their own. */
  g_assert_null (find_proposal (proposals, CD_BENEFIT_CHILD_SICKNESS, NULL));
}

/* A stored document whose fields cannot be read is named and left out; the others still count. */
static void
test_unreadable_fields_named (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *damage = NULL;
  g_autofree char *expected = NULL;
  CdCaseProposal *loss;
  gint64 document;

  store_fixture (fixture, "046193341472");
  before = cd_case_detect (fixture->db, "046193341472", &error);
  g_assert_no_error (error);
  loss = find_proposal (before, CD_BENEFIT_PREGNANCY_LOSS, NULL);
  g_assert_nonnull (loss);
  document = g_array_index (loss->document_ids, gint64, 0);

  /* The schema refuses such fields (json_valid): only damage to the file gets them there. */
  damage = g_strdup_printf ("PRAGMA ignore_check_constraints = ON;"
                            " UPDATE documents SET fields = '{\"broken' WHERE id = %" G_GINT64_FORMAT
                            "; PRAGMA ignore_check_constraints = OFF;", document);
  cd_database_exec (fixture->db, damage, &error);
  g_assert_no_error (error);
  expected = g_strdup_printf ("Stored document %" G_GINT64_FORMAT " (*) of 046193341472 is left "
                              "out of case detection*", document);
  g_test_expect_message ("claimdesk-evidence", G_LOG_LEVEL_WARNING, expected);
  after = cd_case_detect (fixture->db, "046193341472", &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_null (find_proposal (after, CD_BENEFIT_PREGNANCY_LOSS, NULL));
  g_assert_nonnull (find_proposal (after, CD_BENEFIT_SICKNESS, "2026-07-30"));
}

static void
test_sickness_facts (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(CdFacts) facts = NULL;
  JsonArray *leave;
  JsonObject *period;
  CdCaseProposal *p;

  store_fixture (fixture, "046193341472");
  proposals = cd_case_detect (fixture->db, "046193341472", &error);
  g_assert_no_error (error);
  p = find_proposal (proposals, CD_BENEFIT_SICKNESS, "2026-07-30");
  g_assert_nonnull (p);

  draft = cd_facts_build (fixture->db, "046193341472", p, "2026-11-20", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fact_string (draft, "format"), ==, "claimdesk-facts-1");
  g_assert_cmpstr (fact_string (draft, "benefit"), ==, "sickness");
  g_assert_cmpstr (fact_string (draft, "claimant.sex"), ==, "female");
  g_assert_true (fact_bool (draft, "claimant.insured"));
  /* Contributed months before July 2026 (from 2012-03, with gaps): 13 completed years. */
  g_assert_cmpint (fact_int (draft, "claimant.si_years"), ==, 13);
  g_assert_false (fact_bool (draft, "claimant.heavy_or_difficult"));
  g_assert_true (JSON_NODE_HOLDS_NULL (cd_facts_json_get (draft->facts,
                                                          "claimant.first_month_of_participation")));
  g_assert_cmpstr (fact_string (draft, "employer.calendar"), ==, "public-sector");
  g_assert_cmpint (json_array_get_length (json_node_get_array (cd_facts_json_get (draft->facts,
                                                                                  "employer.weekly_rest"))),
                   ==, 2);
  g_assert_nonnull (cd_facts_json_get (draft->facts, "usage.2026"));
  g_assert_true (fact_bool (draft, "case.inpatient"));
  g_assert_true (fact_bool (draft, "case.surgery"));
  leave = json_node_get_array (cd_facts_json_get (draft->facts, "case.leave"));
  g_assert_cmpuint (json_array_get_length (leave), ==, 1);
  period = json_array_get_object_element (leave, 0);
  g_assert_cmpstr (json_object_get_string_member (period, "from"), ==, "2026-07-30");
  g_assert_cmpstr (json_object_get_string_member (period, "to"), ==, "2026-07-31");

  /* Provenance: the leave from the discharge paper, the SI years from the contributions; the cause
   * is no document's and is marked. */
  g_assert_cmpint (cd_facts_draft_source_of (draft, "case.leave"), ==,
                   g_array_index (p->document_ids, gint64, 0));
  g_assert_cmpint (cd_facts_draft_source_of (draft, "claimant.si_years"), >, 0);
  g_assert_true (cd_facts_draft_is_missing (draft, "case.cause"));
  g_assert_false (cd_facts_draft_is_missing (draft, "case.leave"));

  facts = cd_facts_parse_node (draft->facts, &error);
  g_assert_no_error (error);
  g_assert_nonnull (facts);
  g_assert_cmpuint (facts->c.leave->len, ==, 1);
  g_assert_true (facts->contributions->len > 100);

  /* The discharge paper is held, so the result can say the required proof is present. */
  g_assert_nonnull (facts->documents);
  g_assert_true (g_hash_table_contains (facts->documents, "discharge_paper"));
  g_assert_false (g_hash_table_contains (facts->documents, "leave_certificate"));
}

static void
test_pregnancy_loss_facts (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  CdCaseProposal *p;

  store_fixture (fixture, "046193341472");
  proposals = cd_case_detect (fixture->db, "046193341472", &error);
  p = find_proposal (proposals, CD_BENEFIT_PREGNANCY_LOSS, NULL);
  g_assert_nonnull (p);
  draft = cd_facts_build (fixture->db, "046193341472", p, "2026-11-20", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fact_string (draft, "case.event_date"), ==, "2026-01-18");
  g_assert_cmpint (fact_int (draft, "case.gestation.weeks"), ==, 16);
  g_assert_cmpstr (fact_string (draft, "case.leave.from"), ==, "2026-01-18");
  /* 18 Jan to 2 Mar inclusive. */
  g_assert_cmpint (fact_int (draft, "case.leave.days"), ==, 44);
  g_assert_true (cd_facts_draft_is_missing (draft, "case.infertility_treatment"));
}

static void
test_childbirth_facts (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(CdFacts) facts = NULL;
  CdCaseProposal *p;

  store_fixture (fixture, "051197694403");
  proposals = cd_case_detect (fixture->db, "051197694403", &error);
  g_assert_no_error (error);
  p = find_proposal (proposals, CD_BENEFIT_CHILDBIRTH, NULL);
  g_assert_nonnull (p);
  g_assert_cmpstr (p->event_date, ==, "2026-06-10");
  g_assert_nonnull (find_proposal (proposals, CD_BENEFIT_SICKNESS, NULL));

  draft = cd_facts_build (fixture->db, "051197694403", p, "2026-11-20", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fact_string (draft, "case.birth_date"), ==, "2026-06-10");
  g_assert_cmpint (fact_int (draft, "case.children"), ==, 1);
  g_assert_cmpint (cd_facts_draft_source_of (draft, "case.children"), ==,
                   g_array_index (p->document_ids, gint64, 0));
  g_assert_nonnull (cd_facts_json_get (draft->facts, "case.caesarean"));
  g_assert_nonnull (cd_facts_json_get (draft->facts, "case.living_children_before"));
  g_assert_true (cd_facts_draft_is_missing (draft, "case.leave_from"));
  facts = cd_facts_parse_node (draft->facts, &error);
  g_assert_no_error (error);
}

static void
test_father_cases (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) proposals = NULL;
  g_autoptr(CdFactsDraft) draft = NULL;
  g_autoptr(CdFacts) facts = NULL;
  CdCaseProposal *p;

  store_fixture (fixture, "030093282636");
  proposals = cd_case_detect (fixture->db, "030093282636", &error);
  g_assert_no_error (error);
  p = find_proposal (proposals, CD_BENEFIT_FATHER_LEAVE, NULL);
  g_assert_nonnull (p);
  g_assert_null (find_proposal (proposals, CD_BENEFIT_CHILDBIRTH, NULL));
  /* No assessment (XML12) certifies the mother unfit: no takeover. */
  g_assert_null (find_proposal (proposals, CD_BENEFIT_CHILDBIRTH_TAKEOVER, NULL));

  draft = cd_facts_build (fixture->db, "030093282636", p, "2026-11-20", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fact_string (draft, "claimant.sex"), ==, "male");
  g_assert_nonnull (cd_facts_json_get (draft->facts, "case.wife_living_children_before"));
  g_assert_true (cd_facts_draft_is_missing (draft, "case.parts"));
  facts = cd_facts_parse_node (draft->facts, &error);
  g_assert_no_error (error);
}

static void
test_json_paths (void)
{
  g_autoptr(JsonNode) root = json_from_string ("{\"case\": {\"leave\": []}}", NULL);
  JsonNode *value = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (value, 7);
  cd_facts_json_set (root, "case.gestation.weeks", value);
  g_assert_cmpint (json_node_get_int (cd_facts_json_get (root, "case.gestation.weeks")), ==, 7);
  g_assert_nonnull (cd_facts_json_get (root, "case.leave"));
  g_assert_null (cd_facts_json_get (root, "case.leave.from"));
  g_assert_null (cd_facts_json_get (root, "claimant.sex"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case-detect/json-paths", test_json_paths);
  g_test_add ("/case-detect/nothing-stored", Fixture, NULL, fixture_set_up, test_nothing_stored,
              fixture_tear_down);
  g_test_add ("/case-detect/unreadable-store", Fixture, NULL, fixture_set_up,
              test_unreadable_store, fixture_tear_down);
  g_test_add ("/case-detect/mother", Fixture, NULL, fixture_set_up, test_mother_cases,
              fixture_tear_down);
  g_test_add ("/case-detect/unreadable-fields-named", Fixture, NULL, fixture_set_up,
              test_unreadable_fields_named, fixture_tear_down);
  g_test_add ("/case-detect/father", Fixture, NULL, fixture_set_up, test_father_cases,
              fixture_tear_down);
  g_test_add ("/facts-builder/sickness", Fixture, NULL, fixture_set_up, test_sickness_facts,
              fixture_tear_down);
  g_test_add ("/facts-builder/pregnancy-loss", Fixture, NULL, fixture_set_up,
              test_pregnancy_loss_facts, fixture_tear_down);
  g_test_add ("/facts-builder/childbirth", Fixture, NULL, fixture_set_up, test_childbirth_facts,
              fixture_tear_down);
  return g_test_run ();
}
