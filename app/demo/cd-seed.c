/* cd-seed.c — filling a store from the synthetic world. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-audit-log.h"
#include "cd-claim-types.h"
#include "cd-date.h"
#include "cd-decision.h"
#include "cd-review.h"
#include "cd-schema.h"
#include "cd-seed.h"
#include "cd-settings.h"
#include "cd-statement.h"
#include "cd-text-fold.h"
#include "cd-world.h"

G_DEFINE_QUARK (cd-seed-error-quark, cd_seed_error)

#define RULEPACK "vn-si-2024+2026.07"
#define SEED_OFFICE "BHXH-079-BT"
#define PROGRESS_STEP 20000

/* Statements the seeder reuses, prepared once. */
typedef struct
{
  CdDatabase   *db;
  const char   *path;
  CdWorld      *world;
  CdStatement  *employer;
  CdStatement  *employer_day;
  CdStatement  *person;
  CdStatement  *link;
  CdStatement  *contribution;
  CdStatement  *claim;
  CdStatement  *decision;
  CdStatement  *approval;
  CdStatement  *outbox_done;
  CdStatement  *claim_status;
  CdStatement  *supersede;
  CdFreezer    *freezer;
  /* Midnight UTC of the world's reference day: when the seeded records were made or fetched. */
  char          timestamp[32];
  /* When the staff's accounts were made: then too for the stress workload; three years before
   * for the office's, whose officers are experienced (cd-review.h counts it). */
  char          staff_since[32];
  /* The staff's logins and names by user id - 1, for the frozen payloads. */
  char          staff_login[CD_WORLD_N_OFFICERS + CD_WORLD_N_SUPERVISORS + 1][16];
  char          staff_name[CD_WORLD_N_OFFICERS + CD_WORLD_N_SUPERVISORS + 1][96];
  /* Per household: the rowids of its members and the insured person's folded name. */
  gint64       *insured_id;
  gint64       *spouse_id;
  gint64       *child_id;          /* n_people * CD_WORLD_MAX_CHILDREN */
  char        **insured_folded;
  CdWorldPerson *insured;          /* n_people: the claimants, so a claim needs no regeneration */
} Seeder;

/* Runs a statement the seeder reuses and clears its parameters: a parameter a row leaves unbound
 * (no employer, no child) is then NULL, not the previous row's. Text is bound without a copy
 * (cd_statement_bind_text_static): every row's strings outlive its step, and cleared bindings
 * forget them. The store's error names the file and keeps a full disk as CD_DATABASE_ERROR_FULL. */
static gboolean
step (Seeder       *s,
      CdStatement  *stmt,
      GError      **error)
{
  gboolean ok = cd_statement_run (stmt, error);

  cd_statement_clear_bindings (stmt);
  return ok;
}

static gboolean
prepare (Seeder       *s,
         const char   *sql,
         CdStatement **out,
         GError      **error)
{
  *out = cd_database_prepare (s->db, sql, error);
  return *out != NULL;
}

/* As prepare, for a statement whose @AT@ is the seed's timestamp and @SINCE@ the staff's accounts'
 * (digits, a literal is safe). */
static gboolean
prepare_at (Seeder       *s,
            const char   *sql_template,
            CdStatement **out,
            GError      **error)
{
  g_autoptr(GString) sql = g_string_new (sql_template);

  g_string_replace (sql, "@AT@", s->timestamp, 0);
  g_string_replace (sql, "@SINCE@", s->staff_since, 0);
  return prepare (s, sql->str, out, error);
}

static gboolean
exec (Seeder     *s,
      const char *sql,
      GError    **error)
{
  return cd_database_exec (s->db, sql, error);
}

/* A version-4-shaped UUID drawn from the world's hash, so the same seed gives the same ids. */
static void
world_uuid (const CdWorld *world,
            guint64        claim_index,
            char           out[37])
{
  guint64 a = cd_world_hash (world, 200, claim_index, 1);
  guint64 b = cd_world_hash (world, 200, claim_index, 2);

  a = (a & G_GUINT64_CONSTANT (0xffffffffffff0fff)) | G_GUINT64_CONSTANT (0x0000000000004000);
  b = (b & G_GUINT64_CONSTANT (0x3fffffffffffffff)) | G_GUINT64_CONSTANT (0x8000000000000000);
  g_snprintf (out, 37, "%08x-%04x-%04x-%04x-%012" G_GINT64_MODIFIER "x",
              (guint) (a >> 32), (guint) ((a >> 16) & 0xffff), (guint) (a & 0xffff),
              (guint) (b >> 48), b & G_GUINT64_CONSTANT (0xffffffffffff));
}

static void
day_text (guint32 yyyymmdd,
          int     add_days,
          char    out[11])
{
  cd_date_format (cd_date_from_yyyymmdd (yyyymmdd) + add_days, out);
}

static gboolean
insert_staff (Seeder  *s,
              GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  gboolean ok = TRUE;

  if (!exec (s, "INSERT INTO offices (id, code, name, province_code) VALUES"
                " (1, 'BHXH-079-BT', 'Bảo hiểm xã hội quận Bình Thạnh', '079');", error)
      || !prepare_at (s, "INSERT INTO users (id, office_id, login, full_name, role, created_at)"
                         " VALUES (?, 1, ?, ?, ?, '@SINCE@')", &stmt, error))
    return FALSE;

  /* Officers first, in name order, so that ordering the list by officer id is by name too. */
  for (guint n = 0; ok && n < CD_WORLD_N_OFFICERS + CD_WORLD_N_SUPERVISORS + 1; n++)
    {
      char name[96], login[16];
      const char *role;

      if (n < CD_WORLD_N_OFFICERS)
        {
          cd_world_get_staff_name (s->world, FALSE, n, name, sizeof name);
          g_snprintf (login, sizeof login, "cb%02u", n + 1);
          role = "officer";
        }
      else if (n < CD_WORLD_N_OFFICERS + CD_WORLD_N_SUPERVISORS)
        {
          cd_world_get_staff_name (s->world, TRUE, n - CD_WORLD_N_OFFICERS, name, sizeof name);
          g_snprintf (login, sizeof login, "gs%02u", n - CD_WORLD_N_OFFICERS + 1);
          role = "supervisor";
        }
      else
        {
          g_strlcpy (name, "Quản trị hệ thống", sizeof name);
          g_strlcpy (login, "admin", sizeof login);
          role = "admin";
        }
      g_strlcpy (s->staff_login[n], login, sizeof s->staff_login[n]);
      g_strlcpy (s->staff_name[n], name, sizeof s->staff_name[n]);
      cd_statement_bind_int64 (stmt, 1, (int) n + 1);
      cd_statement_bind_text_static (stmt, 2, login);
      cd_statement_bind_text_static (stmt, 3, name);
      cd_statement_bind_text_static (stmt, 4, role);
      ok = step (s, stmt, error);
    }
  /* An office has its head (Trưởng phòng/Giám đốc), who sees the whole office and sets its rules;
   * the stress workload's tests count the staff above and do without. */
  if (ok && cd_world_get_workload (s->world) == CD_WORLD_WORKLOAD_OFFICE)
    {
      cd_statement_bind_int64 (stmt, 1, CD_WORLD_N_OFFICERS + CD_WORLD_N_SUPERVISORS + 2);
      cd_statement_bind_text_static (stmt, 2, CD_SEED_HEAD_LOGIN);
      cd_statement_bind_text_static (stmt, 3, "Nguyễn Văn Thành");
      cd_statement_bind_text_static (stmt, 4, "head");
      ok = step (s, stmt, error);
    }
  return ok;
}

static gboolean
insert_employers (Seeder  *s,
                  GError **error)
{
  guint32 n = cd_world_get_n_employers (s->world);

  for (guint32 e = 0; e < n; e++)
    {
      CdWorldEmployer employer;

      cd_world_get_employer (s->world, e, &employer);
      cd_statement_bind_int64 (s->employer, 1, (gint64) e + 1);
      cd_statement_bind_text_static (s->employer, 2, employer.code);
      cd_statement_bind_text_static (s->employer, 3, employer.name);
      cd_statement_bind_text_static (s->employer, 4, employer.province_code);
      cd_statement_bind_text_static (s->employer, 5, employer.calendar_profile);
      cd_statement_bind_text_static (s->employer, 6, employer.weekly_rest);
      cd_statement_bind_int64 (s->employer, 7, e);
      if (!step (s, s->employer, error))
        return FALSE;
      for (guint d = 0; d < employer.n_declared; d++)
        {
          cd_statement_bind_int64 (s->employer_day, 1, (gint64) e + 1);
          cd_statement_bind_text_static (s->employer_day, 2, employer.declared_day[d]);
          cd_statement_bind_text_static (s->employer_day, 3, employer.declared_kind[d]);
          if (!step (s, s->employer_day, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
insert_person (Seeder              *s,
               const CdWorldPerson *p,
               gint64              *rowid,
               char               **folded_out,
               GError             **error)
{
  g_autofree char *folded = cd_text_fold (p->full_name);

  cd_statement_bind_text_static (s->person, 1, p->personal_id);
  cd_statement_bind_text_static (s->person, 2, p->si_code);
  cd_statement_bind_text_static (s->person, 3, p->health_card);
  cd_statement_bind_text_static (s->person, 4, p->full_name);
  cd_statement_bind_text_static (s->person, 5, p->family_name);
  cd_statement_bind_text_static (s->person, 6, p->middle_name);
  cd_statement_bind_text_static (s->person, 7, p->given_name);
  cd_statement_bind_text_static (s->person, 8, folded);
  cd_statement_bind_text_static (s->person, 9, p->female ? "female" : "male");
  cd_statement_bind_text_static (s->person, 10, p->birth_date);
  cd_statement_bind_text_static (s->person, 11, p->province_code);
  cd_statement_bind_text_static (s->person, 12, p->district_code);
  cd_statement_bind_text_static (s->person, 13, p->ward_code);
  cd_statement_bind_text_static (s->person, 14, p->address);
  if (p->employer >= 0)
    cd_statement_bind_int64 (s->person, 15, (gint64) p->employer + 1);
  cd_statement_bind_int64 (s->person, 16, (gint64) p->code);
  if (!step (s, s->person, error))
    return FALSE;
  *rowid = cd_database_last_insert_rowid (s->db);
  if (folded_out != NULL)
    *folded_out = g_steal_pointer (&folded);
  return TRUE;
}

static gboolean
add_family_link (Seeder      *s,
      gint64       person,
      const char  *relation,
      gint64       relative,
      GError     **error)
{
  cd_statement_bind_int64 (s->link, 1, person);
  cd_statement_bind_text_static (s->link, 2, relation);
  cd_statement_bind_int64 (s->link, 3, relative);
  return step (s, s->link, error);
}

static gboolean
insert_household (Seeder   *s,
                  guint32   i,
                  GError  **error)
{
  CdWorldPerson insured, member;
  gint64 spouse = 0;
  g_autoptr(GArray) months = NULL;

  cd_world_get_person (s->world, i, CD_WORLD_ROLE_INSURED, &insured);
  s->insured[i] = insured;
  if (!insert_person (s, &insured, &s->insured_id[i], &s->insured_folded[i], error))
    return FALSE;

  if (cd_world_get_person (s->world, i, CD_WORLD_ROLE_SPOUSE, &member))
    {
      if (!insert_person (s, &member, &spouse, NULL, error)
          || !add_family_link (s, s->insured_id[i], "spouse", spouse, error)
          || !add_family_link (s, spouse, "spouse", s->insured_id[i], error))
        return FALSE;
      s->spouse_id[i] = spouse;
    }

  for (guint c = 0; c < CD_WORLD_MAX_CHILDREN; c++)
    {
      gint64 child;

      if (!cd_world_get_person (s->world, i, CD_WORLD_ROLE_FIRST_CHILD + c, &member))
        break;
      if (!insert_person (s, &member, &child, NULL, error)
          || !add_family_link (s, s->insured_id[i], "child", child, error)
          || !add_family_link (s, child, insured.female ? "mother" : "father", s->insured_id[i],
                               error))
        return FALSE;
      if (spouse != 0
          && (!add_family_link (s, spouse, "child", child, error)
              || !add_family_link (s, child, insured.female ? "father" : "mother", spouse, error)))
        return FALSE;
      s->child_id[(gsize) i * CD_WORLD_MAX_CHILDREN + c] = child;
    }

  /* The twelve months before the reference day: what a claim in the store is decided on. */
  months = cd_world_get_contributions (s->world, i, CD_WORLD_ROLE_INSURED, "2025-11", "2026-10");
  for (guint m = 0; m < months->len; m++)
    {
      CdWorldContribution *c = &g_array_index (months, CdWorldContribution, m);

      cd_statement_bind_int64 (s->contribution, 1, s->insured_id[i]);
      cd_statement_bind_text_static (s->contribution, 2, c->month);
      if (c->employer >= 0)
        cd_statement_bind_int64 (s->contribution, 3, (gint64) c->employer + 1);
      cd_statement_bind_int64 (s->contribution, 4, c->salary);
      cd_statement_bind_text_static (s->contribution, 5, c->job_conditions);
      if (!step (s, s->contribution, error))
        return FALSE;
    }
  return TRUE;
}

/* What happened to a frozen decision after it was queued, in the world's story. */
static gboolean
apply_central_outcome (Seeder             *s,
                       const CdWorldClaim *claim,
                       gint64              claim_id,
                       gint64              decision_id,
                       const char         *decided_on,
                       GError            **error)
{
  static const char refusal[] = "central: the claimant's contribution record is under review";
  char at[32], receipt[32];
  g_autofree char *after = NULL;
  CdAuditEntry entry = { 0 };
  CdClaimStatus status = claim->status;
  const char *action;

  if (status != CD_CLAIM_STATUS_SYNCED && status != CD_CLAIM_STATUS_REFUSED
      && status != CD_CLAIM_STATUS_REOPENED)
    return TRUE;

  g_snprintf (at, sizeof at, "%sT18:00:00Z", decided_on);
  g_snprintf (receipt, sizeof receipt, "TW-%010" G_GUINT64_FORMAT, claim->claim_index + 1);
  if (status == CD_CLAIM_STATUS_SYNCED)
    {
      action = "mark_synced";
      cd_statement_bind_text_static (s->outbox_done, 1, "acknowledged");
      cd_statement_bind_text_static (s->outbox_done, 3, receipt);
      after = g_strdup_printf ("{\"receipt\":\"%s\",\"status\":\"synced\"}", receipt);
    }
  else
    {
      action = "refuse_by_central";
      cd_statement_bind_text_static (s->outbox_done, 1, "refused");
      cd_statement_bind_text_static (s->outbox_done, 2, refusal);
      after = g_strdup_printf ("{\"reason\":\"%s\",\"status\":\"%s\"}", refusal,
                               cd_claim_status_to_string (status));
    }
  cd_statement_bind_text_static (s->outbox_done, 4, at);
  cd_statement_bind_int64 (s->outbox_done, 5, decision_id);
  if (!step (s, s->outbox_done, error))
    return FALSE;

  cd_statement_bind_int64 (s->claim_status, 1, status);
  if (status != CD_CLAIM_STATUS_SYNCED)
    cd_statement_bind_text_static (s->claim_status, 2, refusal);
  cd_statement_bind_text_static (s->claim_status, 3, at);
  cd_statement_bind_int64 (s->claim_status, 4, claim_id);
  if (!step (s, s->claim_status, error))
    return FALSE;
  if (status == CD_CLAIM_STATUS_REOPENED)
    {
      cd_statement_bind_int64 (s->supersede, 1, decision_id);
      if (!step (s, s->supersede, error))
        return FALSE;
    }

  /* Recorded as the sync worker records it: by the system, after the approval. */
  entry.at = at;
  entry.action = action;
  entry.entity = "claim";
  entry.entity_id = claim_id;
  entry.before = "{\"status\":\"queued\"}";
  entry.after = after;
  return cd_audit_writer_append (cd_freezer_get_audit_writer (s->freezer), &entry, TRUE, error);
}

static gboolean
insert_decision (Seeder             *s,
                 const CdWorldClaim *claim,
                 gint64              claim_id,
                 GError            **error)
{
  const char *state;
  gboolean frozen;
  char uuid[37], proposed_on[11], decided_on[11], at[32];
  gint64 decision_id;

  switch (claim->status)
    {
    case CD_CLAIM_STATUS_PROPOSED:
      state = "proposed"; frozen = FALSE; break;
    case CD_CLAIM_STATUS_RETURNED:
      state = "returned"; frozen = FALSE; break;
    case CD_CLAIM_STATUS_REJECTED:
      state = "rejected"; frozen = FALSE; break;
    case CD_CLAIM_STATUS_APPROVED:
    case CD_CLAIM_STATUS_QUEUED:
    case CD_CLAIM_STATUS_SYNCED:
    case CD_CLAIM_STATUS_REFUSED:
    case CD_CLAIM_STATUS_REOPENED:
      /* Proposed first; the freeze below approves it. */
      state = "proposed"; frozen = TRUE; break;
    case CD_CLAIM_STATUS_DRAFT:
    case CD_CLAIM_STATUS_EVIDENCE_COMPLETE:
    case CD_CLAIM_STATUS_EVALUATED:
    case CD_N_CLAIM_STATUSES:
    default:
      return TRUE;
    }

  world_uuid (s->world, claim->claim_index, uuid);
  day_text (claim->received_on, 2, proposed_on);
  day_text (claim->received_on, 4, decided_on);
  g_snprintf (at, sizeof at, "%sT09:00:00Z", proposed_on);

  cd_statement_bind_text_static (s->decision, 1, uuid);
  cd_statement_bind_int64 (s->decision, 2, claim_id);
  cd_statement_bind_text_static (s->decision, 3, state);
  cd_statement_bind_int64 (s->decision, 4, claim->amount);
  cd_statement_bind_int64 (s->decision, 5, (gint64) claim->officer + 1);
  cd_statement_bind_text_static (s->decision, 6, at);
  if (!step (s, s->decision, error))
    return FALSE;
  decision_id = cd_database_last_insert_rowid (s->db);

  if (!frozen)
    return TRUE;

  {
    const CdWorldPerson *claimant = &s->insured[claim->index];
    guint approver = CD_WORLD_N_OFFICERS + claim->approver;
    char approved_at[32];
    g_autofree char *result = NULL;
    CdDecisionApprover approvers[1];
    CdDecisionFacts facts = { 0 };

    g_snprintf (approved_at, sizeof approved_at, "%sT15:00:00Z", decided_on);
    cd_statement_bind_int64 (s->approval, 1, decision_id);
    cd_statement_bind_int64 (s->approval, 2, approver + 1);
    cd_statement_bind_text_static (s->approval, 3, approved_at);
    if (!step (s, s->approval, error))
      return FALSE;

    /* The world decides amounts without a rules run; one line carries the whole amount. Written
     * canonical (keys in byte order, ASCII values) as cd_decision_evaluation_json would make it. */
    result = g_strdup_printf ("{\"eligible\":true,\"lines\":[{\"amount\":%" G_GINT64_FORMAT
                              ",\"code\":\"%s\",\"from\":\"%s\",\"to\":\"%s\"}],\"lump_sum\":0,"
                              "\"rulepack\":\"" RULEPACK "\",\"total\":%" G_GINT64_FORMAT "}",
                              claim->amount, cd_benefit_to_string (claim->benefit),
                              claim->period_from, claim->period_to, claim->amount);
    approvers[0].login = s->staff_login[approver];
    approvers[0].full_name = s->staff_name[approver];
    approvers[0].approved_at = approved_at;
    facts.uuid = uuid;
    facts.claim_number = claim->number;
    facts.benefit = cd_benefit_to_string (claim->benefit);
    facts.claimant_name = claimant->full_name;
    facts.personal_id = claimant->personal_id;
    facts.si_code = claimant->si_code;
    facts.period_from = claim->period_from;
    facts.period_to = claim->period_to;
    facts.office_code = SEED_OFFICE;
    facts.evaluation_json = result;
    facts.amount = claim->amount;
    facts.proposed_by = s->staff_login[claim->officer];
    facts.approvers = approvers;
    facts.n_approvers = 1;
    facts.decided_at = approved_at;
    /* The same freeze as a supervisor's approval: payload, hash, outbox item, audit entry. */
    if (!cd_freezer_freeze (s->freezer, decision_id, claim_id, &facts, approver + 1, "proposed",
                            error))
      return FALSE;
  }
  return apply_central_outcome (s, claim, claim_id, decision_id, decided_on, error);
}

static gboolean
insert_claim (Seeder             *s,
              const CdWorldClaim *claim,
              GError            **error)
{
  char created[32];
  gint64 child = 0;

  if (claim->child_role >= CD_WORLD_ROLE_FIRST_CHILD)
    child = s->child_id[(gsize) claim->index * CD_WORLD_MAX_CHILDREN
                        + (guint) (claim->child_role - CD_WORLD_ROLE_FIRST_CHILD)];
  g_snprintf (created, sizeof created, "%04u-%02u-%02uT08:00:00Z", claim->received_on / 10000,
              claim->received_on / 100 % 100, claim->received_on % 100);

  cd_statement_bind_text_static (s->claim, 1, claim->number);
  cd_statement_bind_int64 (s->claim, 2, claim->benefit);
  cd_statement_bind_int64 (s->claim, 3, claim->status);
  cd_statement_bind_int64 (s->claim, 4, s->insured_id[claim->index]);
  cd_statement_bind_text_static (s->claim, 5, s->insured_folded[claim->index]);
  if (child != 0)
    cd_statement_bind_int64 (s->claim, 6, child);
  if (s->spouse_id[claim->index] != 0)
    cd_statement_bind_int64 (s->claim, 7, s->spouse_id[claim->index]);
  if (s->insured[claim->index].employer >= 0)
    cd_statement_bind_int64 (s->claim, 8, (gint64) s->insured[claim->index].employer + 1);
  cd_statement_bind_int64 (s->claim, 9, (gint64) claim->officer + 1);
  cd_statement_bind_text_static (s->claim, 10, claim->period_from);
  cd_statement_bind_text_static (s->claim, 11, claim->period_to);
  cd_statement_bind_text_static (s->claim, 12, claim->event_date);
  cd_statement_bind_int64 (s->claim, 13, claim->amount);
  cd_statement_bind_int64 (s->claim, 14, (int) claim->received_on);
  cd_statement_bind_text_static (s->claim, 15, created);
  cd_statement_bind_int64 (s->claim, 16, (gint64) claim->claim_index);
  if (!step (s, s->claim, error))
    return FALSE;
  return insert_decision (s, claim, cd_database_last_insert_rowid (s->db), error);
}

static gboolean
is_empty (Seeder  *s,
          GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;

  stmt = cd_database_prepare (s->db,
                              "SELECT (SELECT count(*) FROM (SELECT 1 FROM persons LIMIT 1))"
                              " + (SELECT count(*) FROM (SELECT 1 FROM claims LIMIT 1))"
                              " + (SELECT count(*) FROM (SELECT 1 FROM users LIMIT 1))",
                              error);
  if (stmt == NULL || cd_statement_step (stmt, error) != CD_STEP_ROW)
    return FALSE;
  if (cd_statement_get_int (stmt, 0) != 0)
    {
      g_set_error (error, CD_SEED_ERROR, CD_SEED_ERROR_NOT_EMPTY,
                   _("%s already holds people, claims or users; seed an empty database."),
                   s->path);
      return FALSE;
    }
  return TRUE;
}

/* The secondary indexes, the search-index triggers and the running-count triggers (claim_counts,
 * the dashboard's claim_stats_*) are taken away while the bulk goes in and put back at the end:
 * sorting once is much faster than keeping eight B-trees ordered row by row, and a trigger that
 * writes to the FTS5 table makes SQLite flush the full-text index at every statement. Same
 * transaction, so nobody sees the store without them. */
static GPtrArray *
take_bulk_objects (Seeder  *s,
                   GError **error)
{
  g_autoptr(GPtrArray) sql = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) drops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CdStatement) stmt = NULL;
  CdStep step = CD_STEP_FAILED;

  /* Every index created by name on the tables the seed fills (sql IS NOT NULL leaves out the
   * automatic indexes behind UNIQUE and PRIMARY KEY constraints, which must keep checking). */
  stmt = cd_database_prepare (s->db,
                              "SELECT type, name, sql FROM sqlite_schema WHERE"
                              " (type = 'index' AND sql IS NOT NULL AND tbl_name IN ('claims',"
                              "   'persons', 'family_links', 'decisions', 'outbox'))"
                              " OR (type = 'trigger' AND (name GLOB 'persons_search_*'"
                              "                           OR name GLOB 'claims_count_*'"
                              "                           OR name GLOB 'claim_stats_*'))",
                              error);
  while (stmt != NULL && (step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    {
      g_ptr_array_add (drops, g_strdup_printf ("DROP %s \"%s\";",
                                               g_str_equal (cd_statement_get_text (stmt, 0),
                                                            "index")
                                               ? "INDEX" : "TRIGGER",
                                               cd_statement_get_text (stmt, 1)));
      g_ptr_array_add (sql, cd_statement_dup_text (stmt, 2));
    }
  if (step == CD_STEP_FAILED)
    return NULL;
  for (guint k = 0; k < drops->len; k++)
    if (!exec (s, drops->pdata[k], error))
      return NULL;
  return g_steal_pointer (&sql);
}

static gboolean
restore_bulk_objects (Seeder     *s,
                      GPtrArray  *sql,
                      GError    **error)
{
  for (guint k = 0; k < sql->len; k++)
    if (!exec (s, sql->pdata[k], error))
      return FALSE;
  /* What the dropped triggers would have done, in two set operations. */
  return exec (s, "INSERT INTO person_search (person_search) VALUES ('rebuild');"
                  "INSERT INTO person_name (rowid, name_whole)"
                  "  SELECT id, replace (name_folded, ' ', '') FROM persons;"
                  "DELETE FROM claim_counts;"
                  "INSERT INTO claim_counts (status, benefit, officer_id, n)"
                  "  SELECT status, benefit, officer_id, count(*) FROM claims"
                  "  GROUP BY status, benefit, officer_id;", error)
         && exec (s, cd_schema_get_claim_stats_rebuild (), error);
}

static void
seeder_clear (Seeder *s,
              guint32 people)
{
  CdStatement **statements[] = {
    &s->employer, &s->employer_day, &s->person, &s->link, &s->contribution, &s->claim,
    &s->decision, &s->approval, &s->outbox_done, &s->claim_status, &s->supersede,
  };

  for (guint i = 0; i < G_N_ELEMENTS (statements); i++)
    g_clear_pointer (statements[i], cd_statement_free);
  g_clear_pointer (&s->freezer, cd_freezer_free);
  if (s->insured_folded != NULL)
    for (guint32 i = 0; i < people; i++)
      g_free (s->insured_folded[i]);
  g_free (s->insured_folded);
  g_free (s->insured);
  g_free (s->insured_id);
  g_free (s->spouse_id);
  g_free (s->child_id);
  g_clear_pointer (&s->world, cd_world_free);
}

/* The office workload's review sampling, as an office that uses it: the rule on (its defaults,
 * cd-review.h), the sampling key drawn from the world's seed so that the same world draws the same
 * claims, and every proposal still waiting scored and drawn as cd_workflow_propose does — once
 * the bulk is in, so that each officer's experience counts all their decisions. */
static gboolean
seed_review (Seeder  *s,
             GError **error)
{
  g_autoptr(CdStatement) stmt = NULL;
  g_autoptr(GArray) proposals = g_array_new (FALSE, TRUE, sizeof (gint64));
  char key[2 * 32 + 1];
  CdStep step = CD_STEP_FAILED;

  for (guint i = 0; i < 4; i++)
    g_snprintf (key + 16 * i, sizeof key - 16 * i, "%016" G_GINT64_MODIFIER "x",
                cd_world_hash (s->world, 300, i, 0));
  if (!cd_settings_set_text (s->db, CD_SETTING_REVIEW_KEY, key, error)
      || !cd_settings_set_text (s->db, CD_SETTING_REVIEW_ENABLED, "on", error))
    return FALSE;

  stmt = cd_database_prepare (s->db,
                              "SELECT d.id, c.id, c.number, c.officer_id, d.amount, d.proposed_at"
                              "  FROM decisions AS d JOIN claims AS c ON c.id = d.claim_id"
                              " WHERE d.state = 'proposed' AND c.status = ?1 ORDER BY d.id",
                              error);
  if (stmt == NULL)
    return FALSE;
  cd_statement_bind_int64 (stmt, 1, CD_CLAIM_STATUS_PROPOSED);
  while ((step = cd_statement_step (stmt, error)) == CD_STEP_ROW)
    if (!cd_review_record_proposal (s->db, cd_statement_get_int64 (stmt, 0),
                                    cd_statement_get_int64 (stmt, 1),
                                    cd_statement_get_text (stmt, 2),
                                    cd_statement_get_int64 (stmt, 3),
                                    cd_statement_get_int64 (stmt, 4),
                                    cd_statement_get_text (stmt, 5), error))
      return FALSE;
  return step == CD_STEP_DONE;
}

static gboolean
seed_all (Seeder         *s,
          guint64         seed,
          guint32         people,
          guint64         claims,
          CdSeedProgress  progress,
          gpointer        user_data,
          GError        **error)
{
  g_autoptr(GPtrArray) indexes = NULL;
  guint64 total = (guint64) people + claims;
  char setting[64], reference_day[11];

  if (!is_empty (s, error))
    return FALSE;

  if (!prepare (
          s,
          "INSERT INTO employers (id, code, name, province_code, calendar_profile, weekly_rest,"
          " world_index) VALUES (?, ?, ?, ?, ?, ?, ?)",
          &s->employer, error)
      || !prepare (s,
                   "INSERT INTO employer_days (employer_id, day, kind, note)"
                   " VALUES (?, ?, ?, 'declared by the employer')",
                   &s->employer_day, error)
      || !prepare_at (
          s,
          "INSERT INTO persons (personal_id, si_code, health_card, full_name, family_name,"
          " middle_name, given_name, name_folded, sex, birth_date, province_code, district_code,"
          " ward_code, address, employer_id, world_index, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '@AT@')",
          &s->person, error)
      || !prepare (s,
                   "INSERT INTO family_links (person_id, relation, relative_id) VALUES (?, ?, ?)",
                   &s->link, error)
      || !prepare_at (s,
                      "INSERT INTO contribution_months (person_id, month, employer_id, si_salary,"
                      " job_conditions, fetched_at) VALUES (?, ?, ?, ?, ?, '@AT@')",
                      &s->contribution, error)
      || !prepare (
          s,
          "INSERT INTO claims (number, benefit, status, claimant_id, claimant_sort, child_id,"
          " spouse_id, employer_id, office_id, officer_id, period_from, period_to, event_date,"
          " amount, received_on, created_at, updated_at, world_index)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?15, ?16)",
          &s->claim, error)
      || !prepare (s,
                   "INSERT INTO decisions (uuid, claim_id, state, amount, proposed_by, proposed_at,"
                   " payload, payload_sha256, frozen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   &s->decision, error)
      || !prepare (s,
                   "INSERT INTO approvals (decision_id, approver_id, approved_at) VALUES (?, ?, ?)",
                   &s->approval, error)
      || !prepare (s,
                   "UPDATE outbox SET state = ?1, attempts = 1, last_error = ?2,"
                   " central_receipt = ?3, updated_at = ?4 WHERE decision_id = ?5",
                   &s->outbox_done, error)
      || !prepare (s, "UPDATE claims SET status = ?1, status_note = ?2, updated_at = ?3"
                      " WHERE id = ?4", &s->claim_status, error)
      || !prepare (s, "UPDATE decisions SET state = 'superseded' WHERE id = ?1", &s->supersede,
                   error))
    return FALSE;
  s->freezer = cd_freezer_new (s->db, error);
  if (s->freezer == NULL)
    return FALSE;

  cd_date_format (cd_world_get_reference_day (s->world), reference_day);
  /* The world's seed as text: a guint64 above G_MAXINT64 would not survive an int64. */
  g_snprintf (setting, sizeof setting, "%" G_GUINT64_FORMAT, seed);
  if (!cd_settings_set_text (s->db, CD_SETTING_WORLD_SEED, setting, error)
      || !cd_settings_set_int64 (s->db, CD_SETTING_WORLD_PEOPLE, people, error)
      || !cd_settings_set_text (s->db, CD_SETTING_WORLD_REFERENCE_DAY, reference_day, error)
      || !cd_settings_set_text (s->db, CD_SETTING_WORLD_WORKLOAD,
                                cd_world_workload_to_string (cd_world_get_workload (s->world)),
                                error)
      || !cd_settings_set_text (s->db, CD_SETTING_OFFICE_CODE, SEED_OFFICE, error))
    return FALSE;

  if (!insert_staff (s, error) || !insert_employers (s, error))
    return FALSE;

  s->insured_id = g_new0 (gint64, people);
  s->spouse_id = g_new0 (gint64, people);
  s->child_id = g_new0 (gint64, (gsize) people * CD_WORLD_MAX_CHILDREN);
  s->insured_folded = g_new0 (char *, people);
  s->insured = g_new0 (CdWorldPerson, people);

  indexes = take_bulk_objects (s, error);
  if (indexes == NULL)
    return FALSE;

  for (guint32 i = 0; i < people; i++)
    {
      if (!insert_household (s, i, error))
        return FALSE;
      if (progress != NULL && (i + 1) % PROGRESS_STEP == 0)
        progress (i + 1, total, user_data);
    }

  for (guint64 k = 0; k < claims; k++)
    {
      CdWorldClaim claim;

      cd_world_get_claim (s->world, k, &claim);
      if (!insert_claim (s, &claim, error))
        return FALSE;
      if (progress != NULL && (k + 1) % PROGRESS_STEP == 0)
        progress (people + k + 1, total, user_data);
    }

  if (!restore_bulk_objects (s, indexes, error))
    return FALSE;
  if (cd_world_get_workload (s->world) == CD_WORLD_WORKLOAD_OFFICE && !seed_review (s, error))
    return FALSE;

  if (progress != NULL)
    progress (total, total, user_data);
  return TRUE;
}

gboolean
cd_seed_run (CdDatabase      *database,
             guint64          seed,
             guint32          people,
             guint64          claims,
             CdSeedProgress   progress,
             gpointer         user_data,
             GError         **error)
{
  CdSeedWorld world = { seed, people, claims, CD_DAY_NONE, CD_WORLD_WORKLOAD_STRESS };

  return cd_seed_run_world (database, &world, progress, user_data, error);
}

gboolean
cd_seed_run_world (CdDatabase        *database,
                   const CdSeedWorld *world,
                   CdSeedProgress     progress,
                   gpointer           user_data,
                   GError           **error)
{
  Seeder s = { 0 };
  gboolean ok;
  char day[11];
  guint64 seed = world->seed, claims = world->claims;
  guint32 people = world->people;

  g_return_val_if_fail (CD_IS_DATABASE (database), FALSE);

  if (people == 0)
    {
      g_set_error (error, CD_SEED_ERROR, CD_SEED_ERROR_INVALID,
                   _("The world needs at least one person."));
      return FALSE;
    }

  s.db = database;
  s.path = cd_database_get_path (database);
  s.world = cd_world_new (seed, people);
  cd_world_set_reference_day (s.world, world->reference_day);
  cd_world_set_workload (s.world, world->workload);
  cd_date_format (cd_world_get_reference_day (s.world), day);
  g_snprintf (s.timestamp, sizeof s.timestamp, "%sT00:00:00Z", day);
  g_strlcpy (s.staff_since, s.timestamp, sizeof s.staff_since);
  if (world->workload == CD_WORLD_WORKLOAD_OFFICE)
    {
      cd_date_format (cd_world_get_reference_day (s.world) - 3 * 365, day);
      g_snprintf (s.staff_since, sizeof s.staff_since, "%sT00:00:00Z", day);
    }
  if (claims > cd_world_get_max_claims (s.world))
    {
      g_set_error (error, CD_SEED_ERROR, CD_SEED_ERROR_INVALID,
                   _("%llu claims need at least %llu people (each person has at most %d claims)."),
                   (unsigned long long)claims,
                   (unsigned long long)((claims + CD_WORLD_EVENTS_PER_HOUSEHOLD - 1)
                                        / CD_WORLD_EVENTS_PER_HOUSEHOLD),
                   CD_WORLD_EVENTS_PER_HOUSEHOLD);
      seeder_clear (&s, 0);
      return FALSE;
    }

  /* A bulk load of synthetic data needs no per-commit fsync, and a big cache keeps the B-trees in
   * memory; both are put back before returning. One transaction: all or nothing. */
  /* The world is valid by construction, and tests/test-seed.c proves it on a seeded store with
   * foreign_key_check and integrity_check (which checks every CHECK constraint). Checking row by
   * row costs a third of the seed: immediate foreign keys open a statement journal for every
   * insert, and a CHECK (x IN (…)) builds a temporary B-tree each time. */
  cd_database_exec (database,
                    "PRAGMA synchronous = OFF; PRAGMA cache_size = -400000;"
                    " PRAGMA temp_store = MEMORY; PRAGMA foreign_keys = OFF;"
                    " PRAGMA ignore_check_constraints = ON;",
                    NULL);
  /* In WAL mode every page would be written twice (log, then checkpoint). A rollback journal only
   * keeps the pages that existed before — almost none in a fresh file — and still makes the seed
   * all or nothing. It fails harmlessly if another connection has the file open; WAL then stays. */
  cd_database_exec (database, "PRAGMA journal_mode = DELETE;", NULL);
  ok = cd_database_begin_immediate (database, error);
  if (ok)
    {
      ok = seed_all (&s, seed, people, claims, progress, user_data, error);
      if (ok)
        ok = cd_database_commit (database, error);
      if (!ok)
        cd_database_rollback (database);
    }
  cd_database_exec (database,
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                    " PRAGMA cache_size = -2000; PRAGMA foreign_keys = ON;"
                    " PRAGMA ignore_check_constraints = OFF;",
                    NULL);
  seeder_clear (&s, people);
  return ok;
}
