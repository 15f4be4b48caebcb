/* test-list-decision.c — the decision list of a worked employer's list, read from a real store:
 * the rows decided go in their groups with what their evaluations pay and how, refusals with
 * their reasons, waiting rows are only counted; then the PDF (read back with pdftotext), the CSV,
 * the payout's transfers by payee, and `claimdesk-cli lists decisions|payments`. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-decision-list.h"
#include "cd-employer-list.h"
#include "cd-employer-lists.h"
#include "cd-facts.h"
#include "cd-json-util.h"
#include "cd-list-decision.h"
#include "cd-result.h"
#include "cd-rule-pack.h"
#include "cd-rules-engine.h"
#include "cd-workflow.h"
#include "test-util.h"
#include "workflow-fixture.h"

#define REFUSAL "Thai từ 22 tuần tuổi trở lên phải nghỉ dưỡng thai theo chỉ định " \
                "(Luật 41/2024/QH15 Điều 52 khoản 1)"

static CdRulePack *pack;

/* The employer's list: 630b, batch 3, the unit's account in the header. Rows 1–5 name people
 * the store knows (person 1 is the fixture's); row 6 names nobody, so it never gets a claim. */
static const char body[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<M01B-HSB>\n"
  "  <DonVi><TenDonVi>Công ty TNHH Thử Nghiệm</TenDonVi><MaDonVi>DN000007</MaDonVi>"
  "<SoTaiKhoan>9876543210</SoTaiKhoan><NganHang>Agribank</NganHang>"
  "<ChiNhanh>Ba Đình</ChiNhanh></DonVi>\n"
  "  <Dot>3</Dot><Thang>11</Thang><Nam>2026</Nam>\n"
  "  <Phan1>\n"
  "    <Nhom Ma=\"B.II\">\n"
  "      <Dong><O Cot=\"A\">1</O><O Cot=\"B\">Nguyễn Thị Lan</O><O Cot=\"1\">7912345678</O>"
  "<O Cot=\"2\">05/10/2026</O><O Cot=\"3\">24/10/2026</O><O Cot=\"4\">20</O>"
  "<O Cot=\"C\">0123456789, Vietcombank, CN Hà Nội</O></Dong>\n"
  "      <Dong><O Cot=\"A\">3</O><O Cot=\"B\">Trần Thị Bình</O><O Cot=\"1\">7912345681</O>"
  "<O Cot=\"2\">05/10/2026</O><O Cot=\"3\">13/11/2026</O><O Cot=\"4\">1-10</O>"
  "<O Cot=\"C\">0987654321, BIDV</O></Dong>\n"
  "      <Dong><O Cot=\"A\">4</O><O Cot=\"B\">Lê Thị Cúc</O><O Cot=\"1\">7912345682</O>"
  "<O Cot=\"2\">05/10/2026</O><O Cot=\"3\">23/11/2026</O><O Cot=\"4\">1-20</O></Dong>\n"
  "      <Dong><O Cot=\"A\">5</O><O Cot=\"B\">Phạm Thị Dung</O><O Cot=\"1\">7912345683</O>"
  "<O Cot=\"2\">05/10/2026</O><O Cot=\"3\">24/10/2026</O><O Cot=\"4\">20</O></Dong>\n"
  "      <Dong><O Cot=\"A\">6</O><O Cot=\"B\">Vũ Thị Hà</O><O Cot=\"1\">7912345699</O>"
  "<O Cot=\"2\">05/10/2026</O><O Cot=\"3\">24/10/2026</O><O Cot=\"4\">20</O></Dong>\n"
  "      <Dong><O Cot=\"A\">7</O><O Cot=\"B\">Đỗ Thị Mai</O><O Cot=\"1\">7912345684</O>"
  "<O Cot=\"2\">05/10/2026</O><O Cot=\"3\">24/10/2026</O><O Cot=\"4\">20</O></Dong>\n"
  "    </Nhom>\n"
  "    <Nhom Ma=\"B.III\">\n"
  "      <Dong><O Cot=\"A\">2</O><O Cot=\"B\">Hoàng Thị Em</O><O Cot=\"1\">7912345685</O>"
  "<O Cot=\"2\">01/09/2026</O><O Cot=\"3\">28/02/2027</O><O Cot=\"4\">6-0</O>"
  "<O Cot=\"D\">10/09/2026</O></Dong>\n"
  "    </Nhom>\n"
  "  </Phan1>\n"
  "  <Phan2/>\n"
  "  <Cky/>\n"
  "</M01B-HSB>\n";

/* Set by a test: the unit's header gives no account (SoTaiKhoan) for the rows paid via it. */
static gboolean unit_without_account;

static gint64
store_list (Store *store)
{
  CdEmployerListEnvelope info = {
    .unit_code = "DN000007", .unit_name = "Công ty TNHH Thử Nghiệm", .tax_code = "0101234567",
    .signer_name = "Nguyễn Văn Giám", .phone = "0241234567", .dossier_code = "630b",
    .period = "2026-11", .created = "2026-11-19",
  };
  g_autoptr(GString) form = g_string_new (body);
  g_autoptr(GBytes) envelope = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  if (unit_without_account)
    g_assert_cmpuint (g_string_replace (form, "<SoTaiKhoan>9876543210</SoTaiKhoan>", "", 1), ==,
                      1);
  envelope = cd_employer_list_build_envelope (&info, "01B-HSB", form->str, form->len);
  g_assert_true (cd_employer_lists_store (store->db, envelope, "test:630b", "L-TEST-0001",
                                          "2026-11-20T02:00:00Z", NULL, &id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (fx_int (store, "SELECT sum(n_problems) FROM employer_list_rows"), ==, 0);
  return id;
}

static char *
evaluate_text (const char *facts_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CdFacts) facts = cd_facts_parse_data (facts_json, -1, &error);
  g_autoptr(CdResult) result = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_assert_no_error (error);
  result = cd_rules_evaluate (pack, facts, &error);
  g_assert_no_error (error);
  node = cd_result_to_json (result, NULL);
  return json_to_string (node, FALSE);
}

/* A real evaluation: the rules test's facts, evaluated by the shipped rule pack. */
static void
evaluate (const char  *name,
          char       **facts_json,
          char       **result_json)
{
  g_autofree char *file = g_strconcat (name, ".facts.json", NULL);
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "rules", file, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, facts_json, NULL, &error));
  g_assert_no_error (error);
  *result_json = evaluate_text (*facts_json);
}

/* What the officer's refusal records (cd-list-triage.h): the rules' result made not eligible,
 * nothing paid, the officer's reason first. */
static char *
refusal_of (const char *result_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *result;
  JsonObject *reason = json_object_new ();
  JsonArray *reasons = json_array_new ();

  g_assert_true (json_parser_load_from_data (parser, result_json, -1, NULL));
  result = json_node_get_object (json_parser_get_root (parser));
  json_object_set_boolean_member (result, "eligible", FALSE);
  json_object_set_int_member (result, "total", 0);
  json_object_set_int_member (result, "lump_sum", 0);
  json_object_set_array_member (result, "lines", json_array_new ());
  json_object_set_string_member (reason, "code", "officer.refused");
  json_object_set_string_member (reason, "message_vi", REFUSAL);
  json_array_add_object_element (reasons, reason);
  json_object_set_array_member (result, "reasons", reasons);
  return json_to_string (json_parser_get_root (parser), FALSE);
}

static const char *
row_claim (Store *store,
           guint  number)
{
  static char claim[32];
  g_autofree char *sql = g_strdup_printf ("SELECT c.number FROM claims c JOIN employer_list_rows r"
                                          " ON r.claim_id = c.id WHERE r.number = %u", number);
  g_autofree char *text = fx_text (store, sql);

  g_strlcpy (claim, text, sizeof claim);
  return claim;
}

/* The row's claim: evidence complete, evaluated with `facts` (refused: as the officer's
 * refusal), proposed by the officer; the row in `state`, decided by `officer`. */
static void
work_row (Store       *store,
          guint        number,
          const char  *facts,
          gboolean     refuse,
          const char  *state,
          CdSession   *officer)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *facts_json = NULL, *result_json = NULL, *refusal = NULL, *sql = NULL;
  const char *claim = row_claim (store, number);

  evaluate (facts, &facts_json, &result_json);
  if (refuse)
    {
      refusal = refusal_of (result_json);
      g_free (result_json);
      result_json = g_strdup (refusal);
    }
  g_assert_true (cd_workflow_complete_evidence (store->db, officer, claim, &error));
  g_assert_no_error (error);
  g_assert_true (cd_workflow_record_evaluation (store->db, officer, claim, facts_json,
                                                result_json, &error));
  g_assert_no_error (error);
  g_assert_true (cd_workflow_propose (store->db, officer, claim, NULL, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("UPDATE employer_list_rows SET state = '%s', reason = %s,"
                         " decided_by = %" G_GINT64_FORMAT ", decided_at = '2026-11-24T03:00:00Z'"
                         " WHERE number = %u", state, refuse ? "'" REFUSAL "'" : "NULL",
                         cd_session_get_user_id (officer), number);
  fx_exec (store, sql);
}

static void
approve (Store      *store,
         guint       number,
         CdSession  *supervisor)
{
  g_autoptr(GError) error = NULL;
  CdWorkflowApproval outcome;

  g_assert_true (cd_workflow_approve (store->db, supervisor, row_claim (store, number), &outcome,
                                      &error));
  g_assert_no_error (error);
}

static gint64
evaluation_total (Store *store,
                  guint  number)
{
  g_autofree char *sql = g_strdup_printf (
    "SELECT e.total FROM evaluations e JOIN employer_list_rows r ON r.claim_id = e.claim_id"
    " WHERE r.number = %u ORDER BY e.id DESC LIMIT 1", number);

  return fx_int (store, sql);
}

/* A worked list: rows 1, 2, 3 accepted and approved (row 2 above the threshold, by two
 * supervisors); row 4 refused, its refusal not approved yet; row 5 accepted, only proposed;
 * row 6 without a claim, never worked; row 7 returned to the employer. */
static gint64
worked_list (Store *store)
{
  g_autoptr(GError) error = NULL;
  guint opened = 0, refused = 0;
  gint64 list_id;

  fx_exec (store, "INSERT INTO persons (id, personal_id, si_code, full_name, family_name,"
                  " middle_name, given_name, name_folded, sex, birth_date, updated_at) VALUES"
                  " (11, '079191000011', '7912345681', 'Trần Thị Bình', 'Trần', 'Thị', 'Bình',"
                  "  'tran thi binh', 'female', '1991-01-01', '2026-11-01T00:00:00Z'),"
                  " (12, '079192000012', '7912345682', 'Lê Thị Cúc', 'Lê', 'Thị', 'Cúc',"
                  "  'le thi cuc', 'female', '1992-01-01', '2026-11-01T00:00:00Z'),"
                  " (13, '079193000013', '7912345683', 'Phạm Thị Dung', 'Phạm', 'Thị', 'Dung',"
                  "  'pham thi dung', 'female', '1993-01-01', '2026-11-01T00:00:00Z'),"
                  " (14, '079194000014', '7912345684', 'Đỗ Thị Mai', 'Đỗ', 'Thị', 'Mai',"
                  "  'do thi mai', 'female', '1994-01-01', '2026-11-01T00:00:00Z'),"
                  " (15, '079195000015', '7912345685', 'Hoàng Thị Em', 'Hoàng', 'Thị', 'Em',"
                  "  'hoang thi em', 'female', '1995-01-01', '2026-11-01T00:00:00Z')");
  list_id = store_list (store);
  g_assert_true (cd_employer_lists_open_claims (store->db, fx_officer, list_id, &opened, &refused,
                                                &error));
  g_assert_no_error (error);
  g_assert_cmpuint (opened, ==, 6);
  g_assert_cmpuint (refused, ==, 1);

  work_row (store, 1, "loss-12w6d", FALSE, "accepted", fx_officer);
  work_row (store, 2, "ex08-first-child", FALSE, "accepted", fx_officer);
  work_row (store, 3, "loss-13w0d", FALSE, "accepted", fx_officer2);
  work_row (store, 4, "loss-22w0d-not-eligible-50-days", TRUE, "refused", fx_officer);
  work_row (store, 5, "loss-12w6d", FALSE, "accepted", fx_officer);
  fx_exec (store, "UPDATE employer_list_rows SET state = 'returned', reason = 'Thiếu số ngày'"
                  " WHERE number = 7");
  approve (store, 1, fx_sup1);
  approve (store, 2, fx_sup1);
  approve (store, 2, fx_sup2);
  approve (store, 3, fx_sup1);
  return list_id;
}

static JsonObject *
find_row (JsonArray *rows,
          gint64     number)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (json_object_get_int_member (row, "row") == number)
        return row;
    }
  return NULL;
}

static char *
pdf_text (const char *path)
{
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  const char *argv[] = { program, "-layout", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) words = NULL;

  g_assert_cmpint (test_run (argv, &out, &err), ==, 0);
  /* Whitespace runs as one space, so wrapped cells compare with their source. */
  words = g_strsplit_set (out, " \t\r\n\f", -1);
  for (char **w = words, **kept = words; ; w++)
    {
      if (*w == NULL)
        {
          *kept = NULL;
          break;
        }
      if (**w == '\0')
        g_free (*w);
      else
        *kept++ = *w;
    }
  return g_strjoinv (" ", words);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (strstr (text, part) == NULL)
    g_error ("“%s” not found in:\n%s", part, text);
}

static void
test_data (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *data, *row, *meta;
  JsonArray *rows;
  gint64 list_id;

  store_open (&store);
  list_id = worked_list (&store);
  root = cd_list_decision_data (store.db, list_id, pack, "vi", "2026-11-27", &error);
  g_assert_no_error (error);
  data = json_node_get_object (root);

  /* Rows 5 (proposed only) and 6 (never worked) wait; row 7 is the employer's again. */
  g_assert_cmpint (json_object_get_int_member (data, "pending"), ==, 2);
  rows = json_object_get_array_member (data, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  g_assert_null (find_row (rows, 5));
  g_assert_null (find_row (rows, 6));
  g_assert_null (find_row (rows, 7));

  /* Each paid row: its group, what its evaluation pays, and where the money goes. */
  row = find_row (rows, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "group"), ==, "loss_5to13w");
  g_assert_true (json_object_get_boolean_member (row, "accepted"));
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, evaluation_total (&store, 1));
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 6000000);
  g_assert_cmpint (json_object_get_int_member (row, "days"), ==, 20);
  g_assert_cmpint (json_object_get_int_member (row, "rate"), ==, 300000);
  g_assert_cmpstr (json_object_get_string_member (row, "rate_unit"), ==, "day");
  g_assert_cmpstr (json_object_get_string_member (row, "payment"), ==, "account");
  g_assert_cmpstr (json_object_get_string_member (row, "account"), ==, "0123456789");
  g_assert_cmpstr (json_object_get_string_member (row, "bank"), ==, "Vietcombank, CN Hà Nội");
  g_assert_cmpstr (json_object_get_string_member (row, "si_number"), ==, "7912345678");
  g_assert_cmpstr (json_object_get_string_member (row, "claim"), ==, row_claim (&store, 1));

  row = find_row (rows, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "group"), ==, "birth");
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, evaluation_total (&store, 2));
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 68060000);
  g_assert_cmpint (json_object_get_int_member (row, "months"), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (row, "rate_unit"), ==, "month");
  g_assert_cmpint (json_object_get_int_member (row, "rate"), ==, 10500000);   /* 63.000.000 ÷ 6 */
  g_assert_cmpstr (json_object_get_string_member (row, "payment"), ==, "unit");
  g_assert_false (json_object_has_member (row, "account"));

  row = find_row (rows, 3);
  g_assert_cmpstr (json_object_get_string_member (row, "group"), ==, "loss_13to22w");
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, evaluation_total (&store, 3));
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 12000000);

  /* The refusal, approved or not yet: the officer's written reason; its band from the facts. */
  row = find_row (rows, 4);
  g_assert_cmpstr (json_object_get_string_member (row, "group"), ==, "loss_ge22w");
  g_assert_false (json_object_get_boolean_member (row, "accepted"));
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, REFUSAL);
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (row, "months"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (row, "days"), ==, 20);

  /* The list, the unit and its account, the office, who prepared and who approved. */
  meta = json_object_get_object_member (data, "list");
  g_assert_cmpstr (json_object_get_string_member (meta, "batch"), ==, "3");
  g_assert_cmpstr (json_object_get_string_member (meta, "dossier_code"), ==, "630b");
  g_assert_cmpstr (json_object_get_string_member (meta, "received_on"), ==, "2026-11-20");
  g_assert_cmpstr (json_object_get_string_member (meta, "deadline"), ==, "2026-12-01");
  g_assert_cmpstr (json_object_get_string_member (meta, "decided_on"), ==, "2026-11-27");
  meta = json_object_get_object_member (data, "unit");
  g_assert_cmpstr (json_object_get_string_member (meta, "code"), ==, "DN000007");
  g_assert_cmpstr (json_object_get_string_member (meta, "account"), ==, "9876543210");
  g_assert_cmpstr (json_object_get_string_member (meta, "bank"), ==, "Agribank, Ba Đình");
  meta = json_object_get_object_member (data, "office");
  g_assert_cmpstr (json_object_get_string_member (meta, "code"), ==, "BHXH-079-BT");
  meta = json_object_get_object_member (data, "preparer");
  g_assert_cmpstr (json_object_get_string_member (meta, "name"), ==, "Nguyễn Văn An");
  g_assert_cmpstr (json_object_get_string_member (meta, "date"), ==, "2026-11-24");
  meta = json_object_get_object_member (data, "approver");
  g_assert_cmpstr (json_object_get_string_member (meta, "name"), ==, "Lê Văn Cường");

  store_close (&store);
}

/* A row the officer accepted although the rules pay nothing is a refusal, for the rules'
 * reasons: the employer must be told why in writing. */
static void
test_accepted_not_eligible (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *facts_json = NULL, *result_json = NULL;
  JsonObject *row, *reason;
  const char *message;

  store_open (&store);
  root = NULL;
  {
    gint64 list_id = worked_list (&store);

    /* Row 5 waited; its claim goes back and is evaluated again: she turns out not insured. */
    evaluate ("loss-12w6d", &facts_json, &result_json);
    g_assert_true (json_parser_load_from_data (parser, facts_json, -1, NULL));
    json_object_set_boolean_member (json_object_get_object_member (
      json_node_get_object (json_parser_get_root (parser)), "claimant"), "insured", FALSE);
    g_free (facts_json);
    facts_json = json_to_string (json_parser_get_root (parser), FALSE);
    g_free (result_json);
    result_json = evaluate_text (facts_json);
    g_assert_true (json_parser_load_from_data (parser, result_json, -1, NULL));
    g_assert_false (json_object_get_boolean_member (json_node_get_object (
      json_parser_get_root (parser)), "eligible"));
    reason = json_array_get_object_element (json_object_get_array_member (
      json_node_get_object (json_parser_get_root (parser)), "reasons"), 0);
    message = json_object_get_string_member (reason, "message_vi");
    g_assert_nonnull (message);
    g_assert_true (cd_workflow_return (store.db, fx_sup2, row_claim (&store, 5), "Tính lại",
                                       &error));
    g_assert_no_error (error);
    g_assert_true (cd_workflow_record_evaluation (store.db, fx_officer, row_claim (&store, 5),
                                                  facts_json, result_json, &error));
    g_assert_no_error (error);
    g_assert_true (cd_workflow_propose (store.db, fx_officer, row_claim (&store, 5), NULL,
                                        &error));
    g_assert_no_error (error);
    approve (&store, 5, fx_sup1);
    root = cd_list_decision_data (store.db, list_id, pack, NULL, NULL, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root), "pending"), ==, 1);
  row = find_row (json_object_get_array_member (json_node_get_object (root), "rows"), 5);
  g_assert_nonnull (row);
  g_assert_false (json_object_get_boolean_member (row, "accepted"));
  g_assert_cmpint (json_object_get_int_member (row, "amount"), ==, 0);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (row, "reason"), message));
  g_assert_nonnull (strstr (json_object_get_string_member (row, "reason"), " (L"));
  store_close (&store);
}

/* What the data becomes: the letters' list, its payees, the PDF and both CSVs. */
static void
test_documents (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) payees = NULL;
  g_autofree char *csv = NULL, *payments = NULL, *pdf = NULL, *text = NULL;
  g_autofree char *csv_path = NULL, *payments_path = NULL, *pdf_path = NULL;
  g_autofree char *total_line = NULL;
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  CdDecisionList list;
  const CdListPayee *payee;
  gint64 paid;

  store_open (&store);
  root = cd_list_decision_data (store.db, worked_list (&store), pack, "vi", "2026-11-27", &error);
  g_assert_no_error (error);
  g_assert_true (cd_decision_list_init_from_json (&list, json_node_get_object (root), &error));
  g_assert_no_error (error);

  paid = evaluation_total (&store, 1) + evaluation_total (&store, 2)
         + evaluation_total (&store, 3);
  g_assert_cmpint (cd_decision_list_total (&list), ==, paid);

  /* One transfer per employee account, then the unit's account for the rest. */
  payees = cd_decision_list_group_payments (&list);
  g_assert_cmpuint (payees->len, ==, 3);
  payee = g_ptr_array_index (payees, 0);
  g_assert_cmpstr (payee->account, ==, "0123456789");
  g_assert_cmpint (payee->total, ==, evaluation_total (&store, 1));
  payee = g_ptr_array_index (payees, 1);
  g_assert_cmpstr (payee->account, ==, "0987654321");
  payee = g_ptr_array_index (payees, 2);
  g_assert_cmpint (payee->payment, ==, CD_LIST_PAY_UNIT);
  g_assert_cmpstr (payee->account, ==, "9876543210");
  g_assert_cmpint (payee->total, ==, evaluation_total (&store, 2));

  csv_path = g_build_filename (store.dir, "list.csv", NULL);
  g_assert_true (cd_decision_list_write_csv (&list, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  assert_contains (csv, "row,loss_5to13w,1,Nguyễn Thị Lan,7912345678,2026-10-05,2026-10-24,0,20,"
                        "300000,day,6000000,account,0123456789,\"Vietcombank, CN Hà Nội\","
                        "accepted,\r\n");
  assert_contains (csv, "row,loss_ge22w,4,Lê Thị Cúc,7912345682,");
  assert_contains (csv, ",refused," REFUSAL "\r\n");
  total_line = g_strdup_printf ("\r\ntotal,,,,,,,,,,,%" G_GINT64_FORMAT ",", paid);
  assert_contains (csv, total_line);

  payments_path = g_build_filename (store.dir, "payments.csv", NULL);
  g_assert_true (cd_decision_list_write_payments_csv (&list, payments_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (payments_path, &payments, NULL, NULL));
  g_assert_true (g_str_has_prefix (payments, "\xEF\xBB\xBFline,payment,account,bank,rows,count,"
                                             "total\r\n"
                                             "payee,account,0123456789,\"Vietcombank, CN Hà Nội\""
                                             ",1,1,6000000\r\n"
                                             "payee,account,0987654321,BIDV,3,1,12000000\r\n"
                                             "payee,unit,9876543210,\"Agribank, Ba Đình\",2,1,"
                                             "68060000\r\n"));
  g_free (total_line);
  total_line = g_strdup_printf ("total,,,,,3,%" G_GINT64_FORMAT "\r\n", paid);
  g_assert_true (g_str_has_suffix (payments, total_line));

  if (pdftotext == NULL)
    g_test_message ("pdftotext is not installed: the PDF is not read back");
  else
    {
      pdf_path = g_build_filename (store.dir, "list.pdf", NULL);
      g_assert_true (cd_decision_list_render_pdf (&list, pdf_path, &error));
      g_assert_no_error (error);
      text = pdf_text (pdf_path);
      assert_contains (text, "DANH SÁCH GIẢI QUYẾT HƯỞNG CHẾ ĐỘ THAI SẢN");
      assert_contains (text, "Nguyễn Thị Lan");
      assert_contains (text, "6.000.000");
      assert_contains (text, "68.060.000");
      assert_contains (text, "86.060.000");   /* the total of the three paid rows */
      assert_contains (text, "Qua đơn vị");
      assert_contains (text, "1-20 — — Qua đơn vị");   /* the refusal: no rate, no amount */
      assert_contains (text, "Lê Thị Cúc");
      assert_contains (text, "Luật 41/2024/QH15 Điều 52 khoản 1");
      assert_contains (text, "Nguyễn Văn An");
      assert_contains (text, "Lê Văn Cường");
      assert_contains (text, "01/12/2026");
      g_assert_null (strstr (text, "Phạm Thị Dung"));   /* row 5 waits */
      g_assert_null (strstr (text, "Đỗ Thị Mai"));      /* row 7 is returned */
    }
  cd_decision_list_clear (&list);
  store_close (&store);
}

/* Off the main loop, on a reader of its own: the same object. */
static void
test_async (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  GAsyncResult *result = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GAsyncResult) failed = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) direct = NULL;
  gint64 list_id;

  store_open (&store);
  list_id = worked_list (&store);
  direct = cd_list_decision_data (store.db, list_id, pack, "en", "2026-11-27", &error);
  g_assert_no_error (error);
  cd_list_decision_data_async (store.path, list_id, pack, "en", "2026-11-27", NULL, on_fx_result,
                               &result);
  done = fx_wait_result (&result);
  root = cd_list_decision_data_finish (done, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (root, direct));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "language"), ==,
                   "en");

  cd_list_decision_data_async (store.path, list_id + 7, pack, NULL, NULL, NULL, on_fx_result,
                               &result);
  failed = fx_wait_result (&result);
  g_assert_null (cd_list_decision_data_finish (failed, &error));
  g_assert_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_NOT_FOUND);
  store_close (&store);
}

static void
test_nothing_decided (void)
{
  Store store;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gint64 list_id;

  store_open (&store);
  list_id = store_list (&store);
  root = cd_list_decision_data (store.db, list_id, pack, NULL, NULL, &error);
  g_assert_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_NOTHING_DECIDED);
  g_assert_null (root);
  g_assert_nonnull (strstr (error->message, "7"));
  g_clear_error (&error);

  root = cd_list_decision_data (store.db, list_id + 1, pack, NULL, NULL, &error);
  g_assert_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_NOT_FOUND);
  g_clear_error (&error);
  root = cd_list_decision_data (store.db, list_id, pack, "fr", NULL, &error);
  g_assert_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_INVALID);
  g_clear_error (&error);
  root = cd_list_decision_data (store.db, list_id, pack, NULL, "27/11/2026", &error);
  g_assert_error (error, CD_LIST_DECISION_ERROR, CD_LIST_DECISION_ERROR_INVALID);
  store_close (&store);
}

static void
test_cli (void)
{
  Store store;
  g_autofree char *out = NULL, *err = NULL, *pdf = NULL, *csv = NULL, *payments = NULL;
  g_autofree char *id = NULL, *text = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  store_open (&store);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, worked_list (&store));
  pdf = g_build_filename (store.dir, "out.pdf", NULL);
  csv = g_build_filename (store.dir, "out.csv", NULL);
  payments = g_build_filename (store.dir, "pay.csv", NULL);

  {
    const char *argv[] = { "lists", "decisions", "--db", store.path, "--list", id,
                           "--output", pdf, "--date", "2026-11-27", NULL };

    g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "4 rows decided, 1 refused, 2 still waiting\n");
    g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *argv[] = { "lists", "decisions", "--db", store.path, "--list", id,
                           "--output", csv, "--json", NULL };

    g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 0);
    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (
                       json_parser_get_root (parser)), "pending"), ==, 2);
    g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "row,birth,2,Hoàng Thị Em,"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_clear_pointer (&text, g_free);
  }
  {
    const char *argv[] = { "lists", "payments", "--db", store.path, "--list", id,
                           "--output", payments, NULL };

    g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "3 transfers, 86060000 VND\n");
    g_assert_true (g_file_get_contents (payments, &text, NULL, NULL));
    g_assert_nonnull (strstr (text, "payee,unit,9876543210,"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* Bad usage: 2, naming the problem. */
    const char *argv[] = { "lists", "decisions", "--db", store.path, "--list", id,
                           "--output", "x.txt", NULL };

    g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 2);
    g_assert_nonnull (strstr (err, "x.txt"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  store_close (&store);
}

/* A list with nothing decided is refused with a message, and nothing is written. */
static void
test_cli_nothing_decided (void)
{
  Store store;
  g_autofree char *out = NULL, *err = NULL, *pdf = NULL, *id = NULL;

  store_open (&store);
  id = g_strdup_printf ("%" G_GINT64_FORMAT, store_list (&store));
  pdf = g_build_filename (store.dir, "out.pdf", NULL);
  {
    const char *argv[] = { "lists", "decisions", "--db", store.path, "--list", id,
                           "--output", pdf, NULL };

    g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "no decided row yet (7 rows still waiting)"));
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }
  store_close (&store);
}

/* Rows paid via a unit that gave no account: the bank could not pay them, so no payment file. */
static void
test_cli_unit_without_account (void)
{
  Store store;
  g_autofree char *out = NULL, *err = NULL, *payments = NULL, *id = NULL;

  store_open (&store);
  unit_without_account = TRUE;
  id = g_strdup_printf ("%" G_GINT64_FORMAT, worked_list (&store));
  unit_without_account = FALSE;
  payments = g_build_filename (store.dir, "pay.csv", NULL);
  {
    const char *argv[] = { "lists", "payments", "--db", store.path, "--list", id,
                           "--output", payments, NULL };

    g_assert_cmpint (fx_cli (argv, NULL, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "Công ty TNHH Thử Nghiệm: 1 row is paid via the unit, but the "
                                   "unit’s list gives no account; nothing written"));
    g_assert_false (g_file_test (payments, G_FILE_TEST_EXISTS));
  }
  store_close (&store);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  fixture_init ();
  dir = cd_rule_pack_default_dir ();
  pack = cd_rule_pack_load (dir, &error);
  g_assert_no_error (error);

  g_test_add_func ("/list-decision/data", test_data);
  g_test_add_func ("/list-decision/accepted-not-eligible", test_accepted_not_eligible);
  g_test_add_func ("/list-decision/documents", test_documents);
  g_test_add_func ("/list-decision/async", test_async);
  g_test_add_func ("/list-decision/nothing-decided", test_nothing_decided);
  g_test_add_func ("/list-decision/cli", test_cli);
  g_test_add_func ("/list-decision/cli-nothing-decided", test_cli_nothing_decided);
  g_test_add_func ("/list-decision/cli-unit-without-account", test_cli_unit_without_account);
  status = g_test_run ();

  cd_rule_pack_unref (pack);
  fixture_shutdown ();
  return status;
}
