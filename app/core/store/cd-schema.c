/* cd-schema.c — the SQL that builds the workstation database, one migration per schema version.
 *
 * Why the shapes are what they are is in docs/data-model.md. In short: every table is STRICT so a
 * wrong type is an error rather than a silent conversion; identifiers carry CHECKs for their
 * national formats so a bad import fails loudly; the claim list's sort columns each have an index
 * that also covers the filter columns, so a page of a million-row list is one index seek.
 *
 * A migration that has been merged is never edited, even to make it faster or tidier: files written
 * by it exist. Changes go in a new migration at the end.
 */
#include "config.h"

#include "cd-schema.h"

#define DATE_GLOB "'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'"
#define IS_DATE(col) "(" col " GLOB " DATE_GLOB ")"
#define IS_DATE_OR_NULL(col) "(" col " IS NULL OR " col " GLOB " DATE_GLOB ")"
#define DIGITS2 "[0-9][0-9]"
#define DIGITS10 DIGITS2 DIGITS2 DIGITS2 DIGITS2 DIGITS2
#define IS_SHA256(col) "(length(" col ") = 64 AND NOT " col " GLOB '*[^0-9a-f]*')"
#define IS_JSON(col) "(json_valid(" col "))"
#define IS_JSON_OR_NULL(col) "(" col " IS NULL OR json_valid(" col "))"

/* The office's date of an ISO 8601 UTC timestamp, as yyyymmdd, or NULL. */
#define LOCAL_DAY(ts) "CAST (strftime ('%Y%m%d', " ts ", 'localtime') AS INTEGER)"
/* The day a claim (the row `row`) was decided, as the deadline report counts it
 * (cd-deadline-report.h): its earliest frozen decision, else for a rejected claim (status 6, final)
 * its last change, else 0 (open). `except` leaves a decision out of the count. */
#define DECIDED_ON(row, except)                                                                \
  "coalesce ((SELECT " LOCAL_DAY ("min (d.frozen_at)") " FROM decisions d"                     \
  "  WHERE d.claim_id = " row ".id AND d.frozen_at IS NOT NULL" except "),"                    \
  " CASE WHEN " row ".status = 6 THEN " LOCAL_DAY (row ".updated_at") " END, 0)"
/* A claim (`row`) counted in (sign "+") or out of (sign "-") the employer's running totals of one
 * scope (`officer`: the claim's officer, or 0 for the office): the row of its day of receipt is
 * made from the total before it if it is missing, then it and every later day move. */
#define EMPLOYER_COUNT(row, officer, sign)                                                      \
  "  INSERT OR IGNORE INTO claim_stats_employer (officer_id, employer_id, received_on, n, amount)" \
  "  VALUES (" officer ", coalesce (" row ".employer_id, 0), " row ".received_on,"             \
  "   coalesce ((SELECT n FROM claim_stats_employer WHERE officer_id = " officer               \
  "     AND employer_id = coalesce (" row ".employer_id, 0) AND received_on < " row ".received_on" \
  "     ORDER BY received_on DESC LIMIT 1), 0),"                                               \
  "   coalesce ((SELECT amount FROM claim_stats_employer WHERE officer_id = " officer          \
  "     AND employer_id = coalesce (" row ".employer_id, 0) AND received_on < " row ".received_on" \
  "     ORDER BY received_on DESC LIMIT 1), 0));"                                              \
  "UPDATE claim_stats_employer SET n = n " sign " 1, amount = amount " sign " " row ".amount"  \
  "  WHERE officer_id = " officer " AND employer_id = coalesce (" row ".employer_id, 0)"        \
  "  AND received_on >= " row ".received_on;"
/* The officer of an outbox item (`row`): its decision's claim's. */
#define OUTBOX_OFFICER(row)                                                                    \
  "(SELECT c.officer_id FROM decisions d JOIN claims c ON c.id = d.claim_id"                  \
  "  WHERE d.id = " row ".decision_id)"

/* The dashboard's running counts rebuilt from the rows they count: the migration's backfill, and
 * the seeder's after its bulk load (it drops the claim_stats_* triggers meanwhile). A million
 * claims take seconds, so each set is read the cheap way: claims_by_amount carries every column
 * the day counts need (a third of the time of reading the claim rows), and the days of decision
 * are one pass in row order over claims and one over decisions (NOT INDEXED: walking an index
 * would seek into their wide rows in another order), not a seek into decisions per claim
 * (DECIDED_ON's way, which the triggers keep for one claim at a time). */
#define CLAIM_STATS_REBUILD                                                                    \
  "DELETE FROM claim_stats_day;"                                                               \
  "INSERT INTO claim_stats_day (received_on, officer_id, benefit, status, n, amount)"         \
  "  SELECT received_on, officer_id, benefit, status, count(*), sum (amount)"                 \
  "  FROM claims INDEXED BY claims_by_amount"                                                  \
  "  GROUP BY received_on, officer_id, benefit, status;"                                       \
  "DELETE FROM claim_stats_decided;"                                                           \
  "INSERT INTO claim_stats_decided (received_on, officer_id, decided_on, n)"                  \
  "  SELECT c.received_on, c.officer_id,"                                                      \
  "   coalesce (" LOCAL_DAY ("f.first") ","                                                    \
  "    CASE WHEN c.status = 6 THEN " LOCAL_DAY ("c.updated_at") " END, 0) AS decided_on,"     \
  "   count(*)"                                                                                \
  "  FROM claims c NOT INDEXED LEFT JOIN"                                                      \
  "   (SELECT claim_id, min (frozen_at) AS first FROM decisions NOT INDEXED"                   \
  "    WHERE frozen_at IS NOT NULL GROUP BY claim_id) f ON f.claim_id = c.id"                  \
  "  GROUP BY c.received_on, c.officer_id, decided_on;"                                        \
  "DELETE FROM claim_stats_employer;"                                                          \
  "INSERT INTO claim_stats_employer (officer_id, employer_id, received_on, n, amount)"        \
  "  SELECT officer_id, employer_id, received_on,"                                             \
  "   sum (k) OVER running, sum (a) OVER running FROM"                                         \
  "   (SELECT officer_id, coalesce (employer_id, 0) AS employer_id, received_on,"             \
  "     count(*) AS k, sum (amount) AS a FROM claims"                                          \
  "     GROUP BY officer_id, coalesce (employer_id, 0), received_on"                           \
  "    UNION ALL"                                                                              \
  "    SELECT 0, coalesce (employer_id, 0), received_on, count(*), sum (amount) FROM claims"  \
  "     GROUP BY coalesce (employer_id, 0), received_on)"                                      \
  "  WINDOW running AS (PARTITION BY officer_id, employer_id ORDER BY received_on);"           \
  "DELETE FROM claim_stats_outbox;"                                                            \
  "INSERT INTO claim_stats_outbox (state, officer_id, n)"                                      \
  "  SELECT o.state, c.officer_id, count(*) FROM outbox o"                                     \
  "  JOIN decisions d ON d.id = o.decision_id JOIN claims c ON c.id = d.claim_id"              \
  "  GROUP BY o.state, c.officer_id;"

static const char * const migrations[] = {
  /* 0 → 1: the settings table, so the file knows which office it belongs to. */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY NOT NULL,"
  "  value TEXT NOT NULL"
  ") STRICT;",

  /* 1 → 2: the whole claims domain — people, employers, contributions, claims, evidence, decisions,
   * payouts, the outbox and the audit log. */
  /* Reference tables: the codes the rest of the schema points at. */
  "CREATE TABLE provinces ("
  "  code    TEXT PRIMARY KEY NOT NULL CHECK (code GLOB '[0-9][0-9][0-9]'),"
  "  name    TEXT NOT NULL"
  ") STRICT, WITHOUT ROWID;"
  "INSERT INTO provinces (code, name) VALUES"
  " ('001','Hà Nội'),('002','Hà Giang'),('004','Cao Bằng'),('006','Bắc Kạn'),('008','Tuyên Quang'),"
  " ('010','Lào Cai'),('011','Điện Biên'),('012','Lai Châu'),('014','Sơn La'),('015','Yên Bái'),"
  " ('017','Hoà Bình'),('019','Thái Nguyên'),('020','Lạng Sơn'),('022','Quảng Ninh'),"
  " ('024','Bắc Giang'),('025','Phú Thọ'),('026','Vĩnh Phúc'),('027','Bắc Ninh'),('030','Hải Dương'),"
  " ('031','Hải Phòng'),('033','Hưng Yên'),('034','Thái Bình'),('035','Hà Nam'),('036','Nam Định'),"
  " ('037','Ninh Bình'),('038','Thanh Hoá'),('040','Nghệ An'),('042','Hà Tĩnh'),('044','Quảng Bình'),"
  " ('045','Quảng Trị'),('046','Thừa Thiên Huế'),('048','Đà Nẵng'),('049','Quảng Nam'),"
  " ('051','Quảng Ngãi'),('052','Bình Định'),('054','Phú Yên'),('056','Khánh Hoà'),"
  " ('058','Ninh Thuận'),('060','Bình Thuận'),('062','Kon Tum'),('064','Gia Lai'),('066','Đắk Lắk'),"
  " ('067','Đắk Nông'),('068','Lâm Đồng'),('070','Bình Phước'),('072','Tây Ninh'),"
  " ('074','Bình Dương'),('075','Đồng Nai'),('077','Bà Rịa – Vũng Tàu'),('079','Hồ Chí Minh'),"
  " ('080','Long An'),('082','Tiền Giang'),('083','Bến Tre'),('084','Trà Vinh'),('086','Vĩnh Long'),"
  " ('087','Đồng Tháp'),('089','An Giang'),('091','Kiên Giang'),('092','Cần Thơ'),('093','Hậu Giang'),"
  " ('094','Sóc Trăng'),('095','Bạc Liêu'),('096','Cà Mau');"

  "CREATE TABLE benefit_cases ("
  "  code    INTEGER PRIMARY KEY,"
  "  name    TEXT NOT NULL UNIQUE,"
  "  family  TEXT NOT NULL CHECK ((family = 'sickness' OR family = 'maternity' OR family = 'recovery'))"
  ") STRICT;"
  "INSERT INTO benefit_cases (code, name, family) VALUES"
  " (0,'sickness','sickness'),(1,'child_sickness','sickness'),(2,'recovery_after_sickness','recovery'),"
  " (3,'prenatal_checkup','maternity'),(4,'pregnancy_loss','maternity'),(5,'childbirth','maternity'),"
  " (6,'childbirth_takeover','maternity'),(7,'father_leave','maternity'),(8,'surrogacy','maternity'),"
  " (9,'commissioning_mother','maternity'),(10,'adoption','maternity'),(11,'contraception','maternity'),"
  " (12,'recovery_after_maternity','recovery'),(13,'lump_sum_father','maternity'),"
  " (14,'voluntary_maternity','maternity');"

  "CREATE TABLE claim_statuses ("
  "  code    INTEGER PRIMARY KEY,"
  "  name    TEXT NOT NULL UNIQUE"
  ") STRICT;"
  "INSERT INTO claim_statuses (code, name) VALUES"
  " (0,'draft'),(1,'evidence_complete'),(2,'evaluated'),(3,'proposed'),(4,'approved'),(5,'returned'),"
  " (6,'rejected'),(7,'queued'),(8,'synced'),(9,'refused'),(10,'reopened');"

  /* Offices and the people who work in them. */
  "CREATE TABLE offices ("
  "  id            INTEGER PRIMARY KEY,"
  "  code          TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 16),"
  "  name          TEXT NOT NULL CHECK (name <> ''),"
  "  province_code TEXT NOT NULL REFERENCES provinces (code)"
  ") STRICT;"

  "CREATE TABLE users ("
  "  id            INTEGER PRIMARY KEY,"
  "  office_id     INTEGER NOT NULL REFERENCES offices (id),"
  "  login         TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 2 AND 64),"
  "  full_name     TEXT NOT NULL CHECK (full_name <> ''),"
  "  role          TEXT NOT NULL CHECK ((role = 'officer' OR role = 'supervisor' OR role = 'admin')),"
  "  password_hash TEXT,"
  "  active        INTEGER NOT NULL DEFAULT 1 CHECK ((active = 0 OR active = 1)),"
  "  created_at    TEXT NOT NULL"
  ") STRICT;"

  /* Employers and their calendars: what the working-day count of a leave depends on. */
  "CREATE TABLE employers ("
  "  id               INTEGER PRIMARY KEY,"
  "  code             TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 2 AND 16),"
  "  name             TEXT NOT NULL CHECK (name <> ''),"
  "  province_code    TEXT NOT NULL REFERENCES provinces (code),"
  "  calendar_profile TEXT NOT NULL CHECK ((calendar_profile = 'public-sector' OR calendar_profile = 'enterprise')),"
  "  weekly_rest      TEXT NOT NULL CHECK (json_valid(weekly_rest) AND json_type(weekly_rest) = 'array'),"
  "  world_index      INTEGER UNIQUE"
  ") STRICT;"

  "CREATE TABLE employer_days ("
  "  employer_id INTEGER NOT NULL REFERENCES employers (id) ON DELETE CASCADE,"
  "  day         TEXT NOT NULL CHECK " IS_DATE ("day") ","
  "  kind        TEXT NOT NULL CHECK ((kind = 'holiday' OR kind = 'working_day')),"
  "  note        TEXT,"
  "  PRIMARY KEY (employer_id, day)"
  ") STRICT, WITHOUT ROWID;"

  /* Insured persons and their relatives. The personal ID's 4th digit is century and sex, the 5th
   * and 6th the birth year: the CHECKs refuse a record whose ID contradicts its own birth date or
   * sex. */
  "CREATE TABLE persons ("
  "  id             INTEGER PRIMARY KEY,"
  "  personal_id    TEXT NOT NULL UNIQUE CHECK (personal_id GLOB '" DIGITS10 DIGITS2 "'),"
  "  si_code        TEXT UNIQUE CHECK (si_code IS NULL OR (si_code GLOB '" DIGITS10 "'"
  "                                    AND si_code <> '0000000000')),"
  "  health_card    TEXT UNIQUE CHECK (health_card IS NULL OR health_card GLOB"
  "                                    '[A-Z][A-Z][1-5]" DIGITS2 DIGITS10 "'),"
  "  full_name      TEXT NOT NULL CHECK (full_name <> ''),"
  "  family_name    TEXT NOT NULL,"
  "  middle_name    TEXT NOT NULL DEFAULT '',"
  "  given_name     TEXT NOT NULL,"
  "  name_folded    TEXT NOT NULL,"
  "  sex            TEXT NOT NULL CHECK ((sex = 'male' OR sex = 'female')),"
  "  birth_date     TEXT NOT NULL CHECK " IS_DATE ("birth_date") ","
  "  death_date     TEXT CHECK " IS_DATE_OR_NULL ("death_date") ","
  "  province_code  TEXT REFERENCES provinces (code),"
  "  district_code  TEXT,"
  "  ward_code      TEXT,"
  "  address        TEXT,"
  "  employer_id    INTEGER REFERENCES employers (id),"
  "  world_index    INTEGER UNIQUE,"
  "  updated_at     TEXT NOT NULL,"
  "  CHECK (CAST(substr(personal_id, 4, 1) AS INTEGER)"
  "         = (CAST(substr(birth_date, 1, 2) AS INTEGER) - 19) * 2 + (sex = 'female')),"
  "  CHECK (substr(personal_id, 5, 2) = substr(birth_date, 3, 2))"
  ") STRICT;"
  "CREATE INDEX persons_employer ON persons (employer_id);"

  "CREATE TABLE family_links ("
  "  person_id   INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
  "  relation    TEXT NOT NULL CHECK ((relation = 'spouse' OR relation = 'child' OR relation = 'father' OR relation = 'mother')),"
  "  relative_id INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (person_id, relation, relative_id),"
  "  CHECK (person_id <> relative_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX family_links_relative ON family_links (relative_id);"

  "CREATE TABLE contribution_months ("
  "  person_id      INTEGER NOT NULL REFERENCES persons (id) ON DELETE CASCADE,"
  "  month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),"
  "  employer_id    INTEGER REFERENCES employers (id),"
  "  si_salary      INTEGER NOT NULL CHECK (si_salary > 0),"
  "  job_conditions TEXT NOT NULL DEFAULT 'normal'"
  "                 CHECK ((job_conditions = 'normal' OR job_conditions = 'heavy_or_hazardous' OR job_conditions = 'especially_heavy')),"
  "  fetched_at     TEXT NOT NULL,"
  "  PRIMARY KEY (person_id, month)"
  ") STRICT, WITHOUT ROWID;"

  /* Claims. received_on is an integer yyyymmdd so that it stays small in the eight list indexes;
   * claimant_sort is a copy of the claimant's folded name so the list can be ordered by an index.
   */
  "CREATE TABLE claims ("
  "  id             INTEGER PRIMARY KEY,"
  "  number         TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 4 AND 32),"
  "  benefit        INTEGER NOT NULL REFERENCES benefit_cases (code),"
  "  status         INTEGER NOT NULL REFERENCES claim_statuses (code),"
  "  claimant_id    INTEGER NOT NULL REFERENCES persons (id),"
  "  claimant_sort  TEXT NOT NULL,"
  "  child_id       INTEGER REFERENCES persons (id),"
  "  spouse_id      INTEGER REFERENCES persons (id),"
  "  employer_id    INTEGER REFERENCES employers (id),"
  "  office_id      INTEGER NOT NULL REFERENCES offices (id),"
  "  officer_id     INTEGER NOT NULL REFERENCES users (id),"
  "  period_from    TEXT NOT NULL CHECK " IS_DATE ("period_from") ","
  "  period_to      TEXT NOT NULL CHECK " IS_DATE ("period_to") ","
  "  event_date     TEXT CHECK " IS_DATE_OR_NULL ("event_date") ","
  "  amount         INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),"
  "  received_on    INTEGER NOT NULL CHECK (received_on BETWEEN 19000101 AND 29991231),"
  "  status_note    TEXT,"
  "  created_at     TEXT NOT NULL,"
  "  updated_at     TEXT NOT NULL,"
  "  world_index    INTEGER UNIQUE,"
  "  CHECK (period_to >= period_from),"
  "  CHECK (child_id IS NULL OR child_id <> claimant_id),"
  "  CHECK (spouse_id IS NULL OR spouse_id <> claimant_id)"
  ") STRICT;"
  "CREATE INDEX claims_claimant ON claims (claimant_id, period_from);"
  /* One index per sortable list column, ordered (column, id) for keyset paging, and carrying the
   * filter columns so a filtered page is decided inside the index without reading claim rows. */
  "CREATE INDEX claims_by_claimant ON claims (claimant_sort, id, status, benefit, officer_id, received_on);"
  "CREATE INDEX claims_by_benefit  ON claims (benefit, id, status, officer_id, received_on);"
  "CREATE INDEX claims_by_period   ON claims (period_from, id, status, benefit, officer_id, received_on);"
  "CREATE INDEX claims_by_amount   ON claims (amount, id, status, benefit, officer_id, received_on);"
  "CREATE INDEX claims_by_status   ON claims (status, id, benefit, officer_id, received_on);"
  "CREATE INDEX claims_by_officer  ON claims (officer_id, id, status, benefit, received_on);"
  "CREATE INDEX claims_by_received ON claims (received_on, id, status, benefit, officer_id);"

  /* Counts per (status, benefit, officer), kept by triggers, so the list knows its length at once.
   */
  "CREATE TABLE claim_counts ("
  "  status     INTEGER NOT NULL,"
  "  benefit    INTEGER NOT NULL,"
  "  officer_id INTEGER NOT NULL,"
  "  n          INTEGER NOT NULL CHECK (n >= 0),"
  "  PRIMARY KEY (status, benefit, officer_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TRIGGER claims_count_insert AFTER INSERT ON claims BEGIN"
  "  INSERT INTO claim_counts (status, benefit, officer_id, n)"
  "    VALUES (NEW.status, NEW.benefit, NEW.officer_id, 1)"
  "    ON CONFLICT (status, benefit, officer_id) DO UPDATE SET n = n + 1;"
  " END;"
  "CREATE TRIGGER claims_count_delete AFTER DELETE ON claims BEGIN"
  "  UPDATE claim_counts SET n = n - 1"
  "    WHERE status = OLD.status AND benefit = OLD.benefit AND officer_id = OLD.officer_id;"
  " END;"
  "CREATE TRIGGER claims_count_update AFTER UPDATE OF status, benefit, officer_id ON claims BEGIN"
  "  UPDATE claim_counts SET n = n - 1"
  "    WHERE status = OLD.status AND benefit = OLD.benefit AND officer_id = OLD.officer_id;"
  "  INSERT INTO claim_counts (status, benefit, officer_id, n)"
  "    VALUES (NEW.status, NEW.benefit, NEW.officer_id, 1)"
  "    ON CONFLICT (status, benefit, officer_id) DO UPDATE SET n = n + 1;"
  " END;"
  /* A renamed person keeps their place in the claim list's name order. */
  "CREATE TRIGGER persons_rename_claims AFTER UPDATE OF name_folded ON persons BEGIN"
  "  UPDATE claims SET claimant_sort = NEW.name_folded WHERE claimant_id = NEW.id;"
  " END;"

  /* Evidence: every response is kept raw with its provenance before it is parsed. */
  "CREATE TABLE documents ("
  "  id               INTEGER PRIMARY KEY,"
  "  claim_id         INTEGER REFERENCES claims (id) ON DELETE SET NULL,"
  "  person_id        INTEGER REFERENCES persons (id),"
  "  kind             TEXT NOT NULL CHECK (kind IN ('visit_summary', 'discharge_paper', 'record_summary',"
  "                     'birth_certificate', 'pregnancy_rest', 'leave_certificate', 'medical_assessment',"
  "                     'referral', 'birth_registration', 'death_registration', 'citizen', 'relatives',"
  "                     'identity_check', 'vital_status', 'insured_person', 'contributions', 'usage',"
  "                     'envelope', 'other')),"
  "  source_system    TEXT NOT NULL CHECK (source_system IN ('medical', 'civil_status', 'population',"
  "                     'central', 'manual')),"
  "  url              TEXT,"
  "  fetched_at       TEXT NOT NULL,"
  "  window_from      TEXT CHECK " IS_DATE_OR_NULL ("window_from") ","
  "  window_to        TEXT CHECK " IS_DATE_OR_NULL ("window_to") ","
  "  raw              BLOB NOT NULL,"
  "  sha256           TEXT NOT NULL CHECK " IS_SHA256 ("sha256") ","
  "  signature_status TEXT NOT NULL CHECK (signature_status IN ('valid', 'invalid', 'unsigned',"
  "                     'untrusted', 'not_applicable')),"
  "  signer           TEXT,"
  "  parse_status     TEXT NOT NULL DEFAULT 'pending'"
  "                   CHECK ((parse_status = 'pending' OR parse_status = 'parsed' OR parse_status = 'rejected')),"
  "  parse_error      TEXT,"
  "  fields           TEXT CHECK " IS_JSON_OR_NULL ("fields") ","
  "  parent_id        INTEGER REFERENCES documents (id) ON DELETE CASCADE"
  ") STRICT;"
  "CREATE INDEX documents_claim ON documents (claim_id, kind);"
  "CREATE INDEX documents_person ON documents (person_id, fetched_at);"
  "CREATE INDEX documents_sha256 ON documents (sha256);"

  "CREATE TABLE verifications ("
  "  id            INTEGER PRIMARY KEY,"
  "  claim_id      INTEGER REFERENCES claims (id) ON DELETE CASCADE,"
  "  person_id     INTEGER REFERENCES persons (id),"
  "  source        TEXT NOT NULL CHECK (source IN ('medical', 'civil_status', 'population', 'central',"
  "                  'cross_check')),"
  "  request       TEXT NOT NULL CHECK " IS_JSON ("request") ","
  "  result        TEXT NOT NULL CHECK (result IN ('match', 'mismatch', 'not_found', 'alive', 'dead',"
  "                  'missing', 'error')),"
  "  discrepancies TEXT NOT NULL DEFAULT '[]' CHECK " IS_JSON ("discrepancies") ","
  "  document_id   INTEGER REFERENCES documents (id) ON DELETE SET NULL,"
  "  checked_at    TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX verifications_claim ON verifications (claim_id);"

  "CREATE TABLE evaluations ("
  "  id           INTEGER PRIMARY KEY,"
  "  claim_id     INTEGER NOT NULL REFERENCES claims (id) ON DELETE CASCADE,"
  "  facts        TEXT NOT NULL CHECK " IS_JSON ("facts") ","
  "  result       TEXT NOT NULL CHECK " IS_JSON ("result") ","
  "  rulepack     TEXT NOT NULL,"
  "  eligible     INTEGER NOT NULL CHECK ((eligible = 0 OR eligible = 1)),"
  "  total        INTEGER NOT NULL CHECK (total >= 0),"
  "  evaluated_by INTEGER REFERENCES users (id),"
  "  evaluated_at TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX evaluations_claim ON evaluations (claim_id, evaluated_at);"

  /* Decisions: once frozen (approved), the canonical payload and its hash never change. */
  "CREATE TABLE decisions ("
  "  id             INTEGER PRIMARY KEY,"
  "  uuid           TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),"
  "  claim_id       INTEGER NOT NULL REFERENCES claims (id),"
  "  evaluation_id  INTEGER REFERENCES evaluations (id),"
  "  state          TEXT NOT NULL CHECK (state = 'proposed' OR state = 'approved' OR state = 'returned'"
  "                   OR state = 'rejected' OR state = 'superseded'),"
  "  amount         INTEGER NOT NULL CHECK (amount >= 0),"
  "  proposed_by    INTEGER NOT NULL REFERENCES users (id),"
  "  proposed_at    TEXT NOT NULL,"
  "  comment        TEXT,"
  "  payload        TEXT CHECK " IS_JSON_OR_NULL ("payload") ","
  "  payload_sha256 TEXT CHECK (payload_sha256 IS NULL OR " IS_SHA256 ("payload_sha256") "),"
  "  frozen_at      TEXT,"
  "  CHECK ((frozen_at IS NULL) = (payload IS NULL) AND (payload IS NULL) = (payload_sha256 IS NULL))"
  ") STRICT;"
  "CREATE INDEX decisions_claim ON decisions (claim_id);"
  "CREATE TRIGGER decisions_frozen BEFORE UPDATE OF uuid, claim_id, amount, payload, payload_sha256,"
  "  frozen_at ON decisions WHEN OLD.frozen_at IS NOT NULL BEGIN"
  "  SELECT RAISE (ABORT, 'a frozen decision cannot change');"
  " END;"

  /* Segregation of duties lives in the database too: the proposer can never approve. */
  "CREATE TABLE approvals ("
  "  decision_id INTEGER NOT NULL REFERENCES decisions (id),"
  "  approver_id INTEGER NOT NULL REFERENCES users (id),"
  "  approved_at TEXT NOT NULL,"
  "  PRIMARY KEY (decision_id, approver_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TRIGGER approvals_segregation BEFORE INSERT ON approvals"
  "  WHEN NEW.approver_id = (SELECT proposed_by FROM decisions WHERE id = NEW.decision_id) BEGIN"
  "  SELECT RAISE (ABORT, 'segregation of duties: the proposer of a decision cannot approve it');"
  " END;"

  "CREATE TABLE payout_batches ("
  "  id          INTEGER PRIMARY KEY,"
  "  office_id   INTEGER NOT NULL REFERENCES offices (id),"
  "  state       TEXT NOT NULL DEFAULT 'open' CHECK ((state = 'open' OR state = 'approved' OR state = 'exported')),"
  "  created_by  INTEGER NOT NULL REFERENCES users (id),"
  "  created_at  TEXT NOT NULL,"
  "  approved_by INTEGER REFERENCES users (id),"
  "  approved_at TEXT,"
  "  CHECK ((state = 'open') = (approved_by IS NULL))"
  ") STRICT;"
  "CREATE TABLE payout_batch_items ("
  "  batch_id    INTEGER NOT NULL REFERENCES payout_batches (id),"
  "  decision_id INTEGER NOT NULL UNIQUE REFERENCES decisions (id),"
  "  amount      INTEGER NOT NULL CHECK (amount >= 0),"
  "  PRIMARY KEY (batch_id, decision_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TRIGGER payout_items_locked_insert BEFORE INSERT ON payout_batch_items"
  "  WHEN (SELECT state FROM payout_batches WHERE id = NEW.batch_id) <> 'open' BEGIN"
  "  SELECT RAISE (ABORT, 'an approved payout batch cannot change');"
  " END;"
  "CREATE TRIGGER payout_items_locked_delete BEFORE DELETE ON payout_batch_items"
  "  WHEN (SELECT state FROM payout_batches WHERE id = OLD.batch_id) <> 'open' BEGIN"
  "  SELECT RAISE (ABORT, 'an approved payout batch cannot change');"
  " END;"
  "CREATE TRIGGER payout_items_locked_update BEFORE UPDATE ON payout_batch_items"
  "  WHEN (SELECT state FROM payout_batches WHERE id = OLD.batch_id) <> 'open' BEGIN"
  "  SELECT RAISE (ABORT, 'an approved payout batch cannot change');"
  " END;"

  /* The outbox: one item per frozen decision, each with its own delivery state. */
  "CREATE TABLE outbox ("
  "  id              INTEGER PRIMARY KEY,"
  "  decision_id     INTEGER NOT NULL UNIQUE REFERENCES decisions (id),"
  "  state           TEXT NOT NULL DEFAULT 'queued' CHECK (state = 'queued' OR state = 'sending'"
  "                    OR state = 'acknowledged' OR state = 'refused' OR state = 'quarantined'),"
  "  attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),"
  "  last_error      TEXT,"
  "  next_attempt_at TEXT,"
  "  central_receipt TEXT,"
  "  created_at      TEXT NOT NULL,"
  "  updated_at      TEXT NOT NULL"
  ") STRICT;"
  "CREATE INDEX outbox_state ON outbox (state, next_attempt_at);"

  /* The audit log is append-only; issue 6 chains each entry's hash to the previous one. */
  "CREATE TABLE audit_log ("
  "  seq        INTEGER PRIMARY KEY,"
  "  at         TEXT NOT NULL,"
  "  user_id    INTEGER REFERENCES users (id),"
  "  action     TEXT NOT NULL,"
  "  entity     TEXT NOT NULL,"
  "  entity_id  INTEGER,"
  "  before     TEXT CHECK " IS_JSON_OR_NULL ("before") ","
  "  after      TEXT CHECK " IS_JSON_OR_NULL ("after") ","
  "  prev_hash  TEXT NOT NULL CHECK " IS_SHA256 ("prev_hash") ","
  "  hash       TEXT NOT NULL UNIQUE CHECK " IS_SHA256 ("hash")
  ") STRICT;"
  "CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  " END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN"
  "  SELECT RAISE (ABORT, 'the audit log is append-only');"
  " END;",

  /* 2 → 3: the search index over people's folded names (see cd-text-fold.c). The text is folded in
   * C (đ → d, marks dropped, lower case), so the plain ascii tokenizer suffices; prefix indexes
   * make the prefix match while typing cheap. Existing people are indexed by the rebuild. */
  "CREATE VIRTUAL TABLE person_search USING fts5 ("
  "  name_folded, content = 'persons', content_rowid = 'id', tokenize = 'ascii', prefix = '1 2 3',"
  "  detail = 'column'"
  ");"
  "CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN"
  "  INSERT INTO person_search (rowid, name_folded) VALUES (NEW.id, NEW.name_folded);"
  " END;"
  "CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN"
  "  INSERT INTO person_search (person_search, rowid, name_folded)"
  "    VALUES ('delete', OLD.id, OLD.name_folded);"
  " END;"
  "CREATE TRIGGER persons_search_update AFTER UPDATE OF name_folded ON persons BEGIN"
  "  INSERT INTO person_search (person_search, rowid, name_folded)"
  "    VALUES ('delete', OLD.id, OLD.name_folded);"
  "  INSERT INTO person_search (rowid, name_folded) VALUES (NEW.id, NEW.name_folded);"
  " END;"
  "INSERT INTO person_search (person_search) VALUES ('rebuild');",

  /* 3 → 4: faster typed-name search and a covering index for ordering the claim list by number.
   * person_name holds each whole folded name as one word ("nguyenvanduc"), with a prefix index for
   * every length up to 16, so a name typed in order ("nguyen van d") is one prefix lookup instead
   * of the intersection of the huge "nguyen" and "van" word lists; it is contentless and
   * positionless, as it only ever returns rowids. The search triggers are replaced to keep both
   * indexes. */
  "CREATE INDEX claims_by_number ON claims (number, id, status, benefit, officer_id, received_on);"
  "CREATE VIRTUAL TABLE person_name USING fts5 ("
  "  name_whole, content = '', tokenize = 'ascii', detail = 'none',"
  "  prefix = '1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16'"
  ");"
  "DROP TRIGGER persons_search_insert;"
  "DROP TRIGGER persons_search_delete;"
  "DROP TRIGGER persons_search_update;"
  "CREATE TRIGGER persons_search_insert AFTER INSERT ON persons BEGIN"
  "  INSERT INTO person_search (rowid, name_folded) VALUES (NEW.id, NEW.name_folded);"
  "  INSERT INTO person_name (rowid, name_whole) VALUES (NEW.id, replace (NEW.name_folded, ' ', ''));"
  " END;"
  "CREATE TRIGGER persons_search_delete AFTER DELETE ON persons BEGIN"
  "  INSERT INTO person_search (person_search, rowid, name_folded)"
  "    VALUES ('delete', OLD.id, OLD.name_folded);"
  "  INSERT INTO person_name (person_name, rowid, name_whole)"
  "    VALUES ('delete', OLD.id, replace (OLD.name_folded, ' ', ''));"
  " END;"
  "CREATE TRIGGER persons_search_update AFTER UPDATE OF name_folded ON persons BEGIN"
  "  INSERT INTO person_search (person_search, rowid, name_folded)"
  "    VALUES ('delete', OLD.id, OLD.name_folded);"
  "  INSERT INTO person_search (rowid, name_folded) VALUES (NEW.id, NEW.name_folded);"
  "  INSERT INTO person_name (person_name, rowid, name_whole)"
  "    VALUES ('delete', OLD.id, replace (OLD.name_folded, ' ', ''));"
  "  INSERT INTO person_name (rowid, name_whole) VALUES (NEW.id, replace (NEW.name_folded, ' ', ''));"
  " END;"
  "INSERT INTO person_name (rowid, name_whole) SELECT id, replace (name_folded, ' ', '') FROM persons;",

  /* 4 → 5: close the gaps around segregation of duties and frozen records (docs/workflow.md). The
   * approvals trigger of migration 2 only looks at inserts: an approval could be rewritten to name
   * the proposer, or the proposer rewritten to be the approver; a frozen decision, an approval or
   * an approved payout batch could simply be deleted. Each of these is now refused by the file. */
  "CREATE TRIGGER approvals_no_update BEFORE UPDATE ON approvals BEGIN"
  "  SELECT RAISE (ABORT, 'an approval cannot change');"
  " END;"
  "CREATE TRIGGER approvals_no_delete BEFORE DELETE ON approvals"
  "  WHEN (SELECT frozen_at FROM decisions WHERE id = OLD.decision_id) IS NOT NULL BEGIN"
  "  SELECT RAISE (ABORT, 'an approval of a frozen decision cannot be removed');"
  " END;"
  "CREATE TRIGGER decisions_proposer_fixed BEFORE UPDATE OF proposed_by, evaluation_id ON decisions"
  "  WHEN OLD.frozen_at IS NOT NULL"
  "    OR EXISTS (SELECT 1 FROM approvals WHERE decision_id = OLD.id) BEGIN"
  "  SELECT RAISE (ABORT, 'segregation of duties: the proposer of an approved decision cannot change');"
  " END;"
  "CREATE TRIGGER decisions_frozen_delete BEFORE DELETE ON decisions"
  "  WHEN OLD.frozen_at IS NOT NULL BEGIN"
  "  SELECT RAISE (ABORT, 'a frozen decision cannot change');"
  " END;"
  "CREATE TRIGGER payout_batches_locked BEFORE UPDATE ON payout_batches"
  "  WHEN OLD.state <> 'open' AND NOT (OLD.state = 'approved' AND NEW.state = 'exported'"
  "    AND NEW.office_id = OLD.office_id AND NEW.created_by = OLD.created_by"
  "    AND NEW.created_at = OLD.created_at AND NEW.approved_by = OLD.approved_by"
  "    AND NEW.approved_at = OLD.approved_at) BEGIN"
  "  SELECT RAISE (ABORT, 'an approved payout batch cannot change');"
  " END;"
  "CREATE TRIGGER payout_batches_no_delete BEFORE DELETE ON payout_batches"
  "  WHEN OLD.state <> 'open' BEGIN"
  "  SELECT RAISE (ABORT, 'an approved payout batch cannot change');"
  " END;",

  /* 5 → 6: segregation of duties for payouts too — the supervisor who made a batch never approves
   * it. Only the act of approving is checked (a batch approved before this version may still be
   * marked exported), and a batch cannot be written already approved by its maker. */
  "CREATE TRIGGER payout_batches_segregation BEFORE UPDATE OF approved_by ON payout_batches"
  "  WHEN OLD.approved_by IS NULL AND NEW.approved_by = NEW.created_by BEGIN"
  "  SELECT RAISE (ABORT, 'segregation of duties: the maker of a payout batch cannot approve it');"
  " END;"
  "CREATE TRIGGER payout_batches_segregation_insert BEFORE INSERT ON payout_batches"
  "  WHEN NEW.approved_by = NEW.created_by BEGIN"
  "  SELECT RAISE (ABORT, 'segregation of duties: the maker of a payout batch cannot approve it');"
  " END;",

  /* 6 → 7: indexes for two reads the workstation makes often. The claim view reads a person's
   * verifications (most are stored before a claim exists, so claim_id alone misses them); the sync
   * log lists the outbox by its latest change. */
  "CREATE INDEX verifications_person ON verifications (person_id, checked_at);"
  "CREATE INDEX outbox_updated ON outbox (updated_at);",

  /* 7 → 8: accounts an administrator runs (docs/workflow.md, "Accounts"). A password an
   * administrator set is a one-time password until its owner chooses one; wrong passwords in a row
   * are counted and, from the fifth, make the account wait until locked_until (UTC). An account is
   * deactivated, never deleted: the audit log names it. */
  "ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0"
  "  CHECK ((must_change_password = 0 OR must_change_password = 1));"
  "ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0"
  "  CHECK (failed_sign_ins >= 0);"
  "ALTER TABLE users ADD COLUMN locked_until TEXT;"
  "CREATE TRIGGER users_no_delete BEFORE DELETE ON users BEGIN"
  "  SELECT RAISE (ABORT, 'an account is deactivated, never deleted');"
  " END;",

  /* 8 → 9: paper evidence (docs/data-model.md, "Paper documents"). An officer records a paper
   * document the sources could not give: a documents row with source_system 'manual', the fields
   * the officer typed, who typed them (entered_by), and optionally a scan, kept once per content
   * (scans.sha256). paper_state follows it until deferred verification finds the electronic
   * record: 'unverified' when recorded, then 'verified', 'mismatch' or 'not_found', checked at
   * paper_checked_at. A fetched document keeps all three NULL. */
  "CREATE TABLE scans ("
  "  id          INTEGER PRIMARY KEY,"
  "  sha256      TEXT NOT NULL UNIQUE CHECK " IS_SHA256 ("sha256") ","
  "  media_type  TEXT NOT NULL CHECK ((media_type = 'image/png' OR media_type = 'image/jpeg'"
  "                OR media_type = 'application/pdf')),"
  "  file_name   TEXT,"
  "  size        INTEGER NOT NULL CHECK (size > 0),"
  "  bytes       BLOB NOT NULL,"
  "  added_at    TEXT NOT NULL,"
  "  CHECK (length(bytes) = size)"
  ") STRICT;"
  "ALTER TABLE documents ADD COLUMN entered_by INTEGER REFERENCES users (id);"
  "ALTER TABLE documents ADD COLUMN scan_id INTEGER REFERENCES scans (id);"
  "ALTER TABLE documents ADD COLUMN paper_state TEXT CHECK (paper_state IS NULL"
  "  OR paper_state = 'unverified' OR paper_state = 'verified' OR paper_state = 'mismatch'"
  "  OR paper_state = 'not_found');"
  "ALTER TABLE documents ADD COLUMN paper_checked_at TEXT;"
  "CREATE INDEX documents_paper ON documents (paper_state) WHERE paper_state IS NOT NULL;",

  /* → 10: file bundles (docs/sync.md, "File bundles"), owned by sync. An office without a line
   * exports its outbox to a numbered file and later imports central's receipts for it. A row is
   * written only once the file is safely in place, in the transaction that marks its items
   * `sending`: a kill before that leaves no row, and the next export takes the same number. */
  "CREATE TABLE bundles ("
  "  sequence        INTEGER PRIMARY KEY CHECK (sequence > 0),"
  "  sha256          TEXT NOT NULL CHECK " IS_SHA256 ("sha256") ","
  "  file_name       TEXT NOT NULL,"
  "  created_at      TEXT NOT NULL,"
  "  n_items         INTEGER NOT NULL CHECK (n_items > 0),"
  "  n_attachments   INTEGER NOT NULL CHECK (n_attachments >= 0),"
  "  state           TEXT NOT NULL DEFAULT 'exported'"
  "                    CHECK (state = 'exported' OR state = 'answered'),"
  "  answered_at     TEXT,"
  "  receipts_sha256 TEXT CHECK (receipts_sha256 IS NULL OR " IS_SHA256 ("receipts_sha256") "),"
  "  CHECK ((state = 'answered') = (answered_at IS NOT NULL))"
  ") STRICT;"
  "CREATE TABLE bundle_items ("
  "  sequence   INTEGER NOT NULL REFERENCES bundles (sequence),"
  "  outbox_id  INTEGER NOT NULL REFERENCES outbox (id),"
  "  PRIMARY KEY (sequence, outbox_id)"
  ") STRICT, WITHOUT ROWID;",

  /* → 11: employers' lists (docs/data-model.md, "Employer lists"), owned by evidence
   * (cd-employer-lists.c). The envelope is stored raw, once per content (sha256) and once per
   * central id, BEFORE it is parsed: parse_state 'stored' until the parse fills the list's columns
   * and its rows ('parsed') or names why it could not ('refused'). A row keeps its typed fields,
   * raw cells and problems as JSON, its state through the office's handling, and the claim opened
   * for it. */
  "CREATE TABLE employer_lists ("
  "  id            INTEGER PRIMARY KEY,"
  "  central_id    TEXT UNIQUE,"
  "  source        TEXT NOT NULL,"
  "  fetched_at    TEXT NOT NULL,"
  "  received_at   TEXT,"
  "  bytes         BLOB NOT NULL,"
  "  size          INTEGER NOT NULL CHECK (size > 0),"
  "  sha256        TEXT NOT NULL UNIQUE CHECK " IS_SHA256 ("sha256") ","
  "  parse_state   TEXT NOT NULL DEFAULT 'stored'"
  "                  CHECK (parse_state IN ('stored', 'parsed', 'refused')),"
  "  parse_error   TEXT,"
  "  unit_code     TEXT,"
  "  unit_name     TEXT,"
  "  dossier_code  TEXT,"
  "  period        TEXT CHECK (period IS NULL OR period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),"
  "  batch         INTEGER,"
  "  signature     TEXT NOT NULL DEFAULT 'not_checked' CHECK (signature IN ('not_checked',"
  "                  'valid', 'invalid', 'unsigned', 'untrusted')),"
  "  signer        TEXT,"
  "  n_rows        INTEGER NOT NULL DEFAULT 0,"
  "  n_problem_rows INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (length(bytes) = size),"
  "  CHECK ((parse_state = 'refused') = (parse_error IS NOT NULL))"
  ") STRICT;"
  "CREATE TABLE employer_list_rows ("
  "  list_id      INTEGER NOT NULL REFERENCES employer_lists (id),"
  "  part         INTEGER NOT NULL CHECK (part IN (1, 2)),"
  "  position     INTEGER NOT NULL CHECK (position > 0),"
  "  number       INTEGER NOT NULL,"
  "  section      TEXT,"
  "  benefit      TEXT,"
  "  si_code      TEXT,"
  "  name         TEXT,"
  "  period_from  TEXT,"
  "  period_to    TEXT,"
  "  fields       TEXT NOT NULL,"
  "  cells        TEXT NOT NULL,"
  "  problems     TEXT NOT NULL,"
  "  n_problems   INTEGER NOT NULL DEFAULT 0,"
  "  state        TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'fetching', 'evaluated',"
  "                 'ready', 'findings', 'accepted', 'returned', 'refused')),"
  "  claim_id     INTEGER REFERENCES claims (id),"
  "  PRIMARY KEY (list_id, part, position)"
  ") STRICT;"
  "CREATE INDEX employer_list_rows_si_code ON employer_list_rows (si_code);",

  /* 12: working an employer's list (issue 17). What the batch found checking the row against the
   * evidence and what the rules pay; why the batch could not work it yet (a source down: it is
   * tried again on the next run); the officer's written reason for returning or refusing it. */
  "ALTER TABLE employer_list_rows ADD COLUMN findings TEXT NOT NULL DEFAULT '[]';"
  "ALTER TABLE employer_list_rows ADD COLUMN amount INTEGER;"
  "ALTER TABLE employer_list_rows ADD COLUMN failure TEXT;"
  "ALTER TABLE employer_list_rows ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE employer_list_rows ADD COLUMN worked_at TEXT;"
  "ALTER TABLE employer_list_rows ADD COLUMN reason TEXT;"
  "ALTER TABLE employer_list_rows ADD COLUMN decided_by INTEGER REFERENCES users (id);"
  "ALTER TABLE employer_list_rows ADD COLUMN decided_at TEXT;"
  "CREATE INDEX employer_list_rows_state ON employer_list_rows (list_id, state);",

  /* 13: a document's parts found by their envelope. Reading a person's latest medical answer
   * (cd_stored_documents_load) and deleting an envelope (ON DELETE CASCADE) look its parts up by
   * parent_id; without an index each is a scan of every document stored, which an employer's list
   * of 2,000 rows (some 30,000 documents) turns into minutes. */
  "CREATE INDEX documents_parent ON documents (parent_id) WHERE parent_id IS NOT NULL;",

  /* 14: anomaly alerts (docs/alerts.md), owned by evidence. The detector (cd-alerts.c) writes one
   * row per pattern found, keyed by (kind, subject, detail) so that scanning again updates the
   * row (its claims, documents, wording and last_seen) and keeps what an officer did with it: its
   * state, note and who changed it when. Each state change is in the audit log too. An alert never
   * blocks anything by itself. */
  "CREATE TABLE alerts ("
  "  id             INTEGER PRIMARY KEY,"
  "  kind           TEXT NOT NULL CHECK (kind IN ('identity.two_si_codes',"
  "                   'identity.shared_si_code', 'certificate.serial_reused', 'leave.overlap',"
  "                   'facility.leave_volume', 'contributions.start_before_birth',"
  "                   'contributions.salary_jump')),"
  "  subject_kind   TEXT NOT NULL CHECK (subject_kind IN ('person', 'si_code', 'facility',"
  "                   'certificate')),"
  "  subject        TEXT NOT NULL CHECK (subject <> ''),"
  "  detail         TEXT NOT NULL DEFAULT '',"
  "  claims         TEXT NOT NULL DEFAULT '[]' CHECK " IS_JSON ("claims") ","
  "  documents      TEXT NOT NULL DEFAULT '[]' CHECK " IS_JSON ("documents") ","
  "  explanation_vi TEXT NOT NULL CHECK (explanation_vi <> ''),"
  "  explanation_en TEXT NOT NULL CHECK (explanation_en <> ''),"
  "  first_seen     TEXT NOT NULL,"
  "  last_seen      TEXT NOT NULL,"
  "  state          TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'looked_at', 'explained',"
  "                   'referred')),"
  "  note           TEXT,"
  "  changed_by     INTEGER REFERENCES users (id),"
  "  changed_at     TEXT,"
  "  UNIQUE (kind, subject, detail)"
  ") STRICT;",

  /* 15: the other anomaly kinds of issue 18 (identity against the population register, a person
   * reported dead, leave in a month without contributions, a doctor's volume, a long certificate)
   * and the `doctor` subject. SQLite cannot alter a CHECK: the table is built again under another
   * name with the wider CHECKs, the rows copied with their ids, the old one dropped and the new
   * one renamed (its only index is the UNIQUE constraint's, built with it). */
  "CREATE TABLE alerts_15 ("
  "  id             INTEGER PRIMARY KEY,"
  "  kind           TEXT NOT NULL CHECK (kind IN ('identity.two_si_codes',"
  "                   'identity.shared_si_code', 'certificate.serial_reused', 'leave.overlap',"
  "                   'facility.leave_volume', 'contributions.start_before_birth',"
  "                   'contributions.salary_jump', 'identity.population_mismatch',"
  "                   'person.reported_dead', 'leave.unpaid_month', 'doctor.leave_volume',"
  "                   'certificate.long_leave')),"
  "  subject_kind   TEXT NOT NULL CHECK (subject_kind IN ('person', 'si_code', 'facility',"
  "                   'certificate', 'doctor')),"
  "  subject        TEXT NOT NULL CHECK (subject <> ''),"
  "  detail         TEXT NOT NULL DEFAULT '',"
  "  claims         TEXT NOT NULL DEFAULT '[]' CHECK " IS_JSON ("claims") ","
  "  documents      TEXT NOT NULL DEFAULT '[]' CHECK " IS_JSON ("documents") ","
  "  explanation_vi TEXT NOT NULL CHECK (explanation_vi <> ''),"
  "  explanation_en TEXT NOT NULL CHECK (explanation_en <> ''),"
  "  first_seen     TEXT NOT NULL,"
  "  last_seen      TEXT NOT NULL,"
  "  state          TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'looked_at', 'explained',"
  "                   'referred')),"
  "  note           TEXT,"
  "  changed_by     INTEGER REFERENCES users (id),"
  "  changed_at     TEXT,"
  "  UNIQUE (kind, subject, detail)"
  ") STRICT;"
  "INSERT INTO alerts_15 (id, kind, subject_kind, subject, detail, claims, documents,"
  " explanation_vi, explanation_en, first_seen, last_seen, state, note, changed_by, changed_at)"
  " SELECT id, kind, subject_kind, subject, detail, claims, documents, explanation_vi,"
  "        explanation_en, first_seen, last_seen, state, note, changed_by, changed_at FROM alerts;"
  "DROP TABLE alerts;"
  "ALTER TABLE alerts_15 RENAME TO alerts;",
  /* 16: decisions by the moment they were frozen. The quarterly statistics forms 22A-HSB and
   * 22B-HSB (letters, cd-hsb-report.c) count the decisions frozen in a quarter; without it each
   * form is a scan of every decision the office ever made. Partial: only frozen decisions have
   * the moment, and they are the ones counted. */
  "CREATE INDEX decisions_frozen ON decisions (frozen_at) WHERE frozen_at IS NOT NULL;",
  /* The office head (issue 18): users.role takes 'head'. SQLite cannot change a CHECK in place, so
   * the table is rebuilt by its documented procedure (https://sqlite.org/lang_altertable.html,
   * "Making Other Kinds Of Table Schema Changes"): migrate() runs every migration with foreign
   * keys off and checks them (PRAGMA foreign_key_check) before its COMMIT. The rows are copied
   * with their ids, so every table that points at an account still finds it; users_no_delete is
   * made again, since dropping the table drops its triggers. No view or other trigger names the
   * table. */
  "CREATE TABLE users_new ("
  "  id            INTEGER PRIMARY KEY,"
  "  office_id     INTEGER NOT NULL REFERENCES offices (id),"
  "  login         TEXT NOT NULL UNIQUE CHECK (length(login) BETWEEN 2 AND 64),"
  "  full_name     TEXT NOT NULL CHECK (full_name <> ''),"
  "  role          TEXT NOT NULL CHECK (role IN ('officer', 'supervisor', 'admin', 'head')),"
  "  password_hash TEXT,"
  "  active        INTEGER NOT NULL DEFAULT 1 CHECK ((active = 0 OR active = 1)),"
  "  created_at    TEXT NOT NULL,"
  "  must_change_password INTEGER NOT NULL DEFAULT 0"
  "    CHECK ((must_change_password = 0 OR must_change_password = 1)),"
  "  failed_sign_ins INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),"
  "  locked_until  TEXT"
  ") STRICT;"
  "INSERT INTO users_new (id, office_id, login, full_name, role, password_hash, active,"
  "  created_at, must_change_password, failed_sign_ins, locked_until)"
  " SELECT id, office_id, login, full_name, role, password_hash, active, created_at,"
  "  must_change_password, failed_sign_ins, locked_until FROM users;"
  "DROP TABLE users;"
  "ALTER TABLE users_new RENAME TO users;"
  "CREATE TRIGGER users_no_delete BEFORE DELETE ON users BEGIN"
  "  SELECT RAISE (ABORT, 'an account is deactivated, never deleted');"
  " END;",

  /* Risk-based review sampling (docs/workflow.md, "Review sampling"), owned by workflow. Each
   * proposal gets one decision_risk row in its own transaction: the score and its parts (JSON),
   * the keyed draw, the rule in force (JSON) and whether, and why, a supervisor must open the
   * claim before approving it in bulk. The row is never changed or deleted, so what was drawn
   * cannot be drawn again. decision_reviews says who opened a drawn decision when (audited
   * review.open). decisions_proposer counts an officer's earlier proposals without a scan. */
  "CREATE TABLE decision_risk ("
  "  decision_id INTEGER PRIMARY KEY REFERENCES decisions (id),"
  "  score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),"
  "  parts       TEXT NOT NULL CHECK " IS_JSON ("parts") ","
  "  draw        INTEGER NOT NULL CHECK (draw BETWEEN 0 AND 9999),"
  "  rule        TEXT NOT NULL CHECK " IS_JSON ("rule") ","
  "  sampled     INTEGER NOT NULL CHECK (sampled IN (0, 1)),"
  "  reasons     TEXT NOT NULL DEFAULT '[]' CHECK " IS_JSON ("reasons") ","
  "  scored_at   TEXT NOT NULL,"
  "  CHECK ((sampled = 1) = (reasons <> '[]'))"
  ") STRICT;"
  "CREATE TRIGGER decision_risk_no_update BEFORE UPDATE ON decision_risk BEGIN"
  "  SELECT RAISE (ABORT, 'the risk and the draw of a proposal are never changed');"
  " END;"
  "CREATE TRIGGER decision_risk_no_delete BEFORE DELETE ON decision_risk BEGIN"
  "  SELECT RAISE (ABORT, 'the risk and the draw of a proposal are never deleted');"
  " END;"
  "CREATE TABLE decision_reviews ("
  "  decision_id INTEGER NOT NULL REFERENCES decisions (id),"
  "  user_id     INTEGER NOT NULL REFERENCES users (id),"
  "  opened_at   TEXT NOT NULL,"
  "  PRIMARY KEY (decision_id, user_id)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE INDEX decisions_proposer ON decisions (proposed_by, claim_id);",
  /* 19: the office dashboard's running counts (issue 18; docs/oversight.md, "The dashboard's
   * figures"), kept by triggers like claim_counts, so that a period's figures cost the days in it
   * times the groups rather than a read of its claims. Keyed by day of receipt (yyyymmdd, as
   * claims.received_on), not week, so that any period is exact.
   * - claim_stats_day: claims and their amount per (day, officer, benefit, status).
   * - claim_stats_decided: claims per (day of receipt, officer, day of decision; 0 while open). The
   *   deadline is not stored: it depends on the rule pack's calendar, which the store cannot see
   *   and which changes when a year's holidays are announced; cd-office-stats works it out per
   *   pair of days at reading time, with the deadline report's count (cd_list_deadline_*).
   * - claim_stats_employer: per (officer, employer) the claims and amount received up to and
   *   including each day (officer 0: the whole office; employer 0: no employer). Running totals,
   *   so a period is two seeks per employer whatever its length; a claim received long ago moves
   *   the rows of the days after it (a few: claims are received in day order).
   * - claim_stats_outbox: outbox items per (state, officer of the claim).
   * Zero rows are left in place. The triggers are named claim_stats_* so the seeder can drop them
   * for its bulk load and rebuild the counts at the end (CLAIM_STATS_REBUILD, the backfill too). */
  "CREATE TABLE claim_stats_day ("
  "  received_on INTEGER NOT NULL,"
  "  officer_id  INTEGER NOT NULL,"
  "  benefit     INTEGER NOT NULL,"
  "  status      INTEGER NOT NULL,"
  "  n           INTEGER NOT NULL CHECK (n >= 0),"
  "  amount      INTEGER NOT NULL,"
  "  PRIMARY KEY (received_on, officer_id, benefit, status)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE claim_stats_decided ("
  "  received_on INTEGER NOT NULL,"
  "  officer_id  INTEGER NOT NULL,"
  "  decided_on  INTEGER NOT NULL,"
  "  n           INTEGER NOT NULL CHECK (n >= 0),"
  "  PRIMARY KEY (received_on, officer_id, decided_on)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE claim_stats_employer ("
  "  officer_id  INTEGER NOT NULL,"
  "  employer_id INTEGER NOT NULL,"
  "  received_on INTEGER NOT NULL,"
  "  n           INTEGER NOT NULL CHECK (n >= 0),"
  "  amount      INTEGER NOT NULL,"
  "  PRIMARY KEY (officer_id, employer_id, received_on)"
  ") STRICT, WITHOUT ROWID;"
  "CREATE TABLE claim_stats_outbox ("
  "  state       TEXT NOT NULL,"
  "  officer_id  INTEGER NOT NULL,"
  "  n           INTEGER NOT NULL CHECK (n >= 0),"
  "  PRIMARY KEY (state, officer_id)"
  ") STRICT, WITHOUT ROWID;"

  "CREATE TRIGGER claim_stats_insert AFTER INSERT ON claims BEGIN"
  "  INSERT INTO claim_stats_day (received_on, officer_id, benefit, status, n, amount)"
  "    VALUES (NEW.received_on, NEW.officer_id, NEW.benefit, NEW.status, 1, NEW.amount)"
  "    ON CONFLICT DO UPDATE SET n = n + 1, amount = amount + excluded.amount;"
  "  INSERT INTO claim_stats_decided (received_on, officer_id, decided_on, n)"
  "    VALUES (NEW.received_on, NEW.officer_id, " DECIDED_ON ("NEW", "") ", 1)"
  "    ON CONFLICT DO UPDATE SET n = n + 1;"
  EMPLOYER_COUNT ("NEW", "0", "+")
  EMPLOYER_COUNT ("NEW", "NEW.officer_id", "+")
  " END;"
  "CREATE TRIGGER claim_stats_delete AFTER DELETE ON claims BEGIN"
  "  UPDATE claim_stats_day SET n = n - 1, amount = amount - OLD.amount"
  "    WHERE received_on = OLD.received_on AND officer_id = OLD.officer_id"
  "    AND benefit = OLD.benefit AND status = OLD.status;"
  "  UPDATE claim_stats_decided SET n = n - 1"
  "    WHERE received_on = OLD.received_on AND officer_id = OLD.officer_id"
  "    AND decided_on = " DECIDED_ON ("OLD", "") ";"
  EMPLOYER_COUNT ("OLD", "0", "-")
  EMPLOYER_COUNT ("OLD", "OLD.officer_id", "-")
  " END;"
  "CREATE TRIGGER claim_stats_update_day AFTER UPDATE OF received_on, officer_id, benefit, status,"
  "  amount ON claims BEGIN"
  "  UPDATE claim_stats_day SET n = n - 1, amount = amount - OLD.amount"
  "    WHERE received_on = OLD.received_on AND officer_id = OLD.officer_id"
  "    AND benefit = OLD.benefit AND status = OLD.status;"
  "  INSERT INTO claim_stats_day (received_on, officer_id, benefit, status, n, amount)"
  "    VALUES (NEW.received_on, NEW.officer_id, NEW.benefit, NEW.status, 1, NEW.amount)"
  "    ON CONFLICT DO UPDATE SET n = n + 1, amount = amount + excluded.amount;"
  " END;"
  /* The decisions do not change while a claim does: OLD's day of decision is read beside NEW's. */
  "CREATE TRIGGER claim_stats_update_decided AFTER UPDATE OF received_on, officer_id, status,"
  "  updated_at ON claims BEGIN"
  "  UPDATE claim_stats_decided SET n = n - 1"
  "    WHERE received_on = OLD.received_on AND officer_id = OLD.officer_id"
  "    AND decided_on = " DECIDED_ON ("OLD", "") ";"
  "  INSERT INTO claim_stats_decided (received_on, officer_id, decided_on, n)"
  "    VALUES (NEW.received_on, NEW.officer_id, " DECIDED_ON ("NEW", "") ", 1)"
  "    ON CONFLICT DO UPDATE SET n = n + 1;"
  " END;"
  "CREATE TRIGGER claim_stats_update_employer AFTER UPDATE OF received_on, officer_id, employer_id,"
  "  amount ON claims WHEN OLD.received_on <> NEW.received_on OR OLD.officer_id <> NEW.officer_id"
  "  OR OLD.employer_id IS NOT NEW.employer_id OR OLD.amount <> NEW.amount BEGIN"
  EMPLOYER_COUNT ("OLD", "0", "-")
  EMPLOYER_COUNT ("OLD", "OLD.officer_id", "-")
  EMPLOYER_COUNT ("NEW", "0", "+")
  EMPLOYER_COUNT ("NEW", "NEW.officer_id", "+")
  " END;"
  "CREATE TRIGGER claim_stats_update_outbox AFTER UPDATE OF officer_id ON claims"
  "  WHEN OLD.officer_id <> NEW.officer_id BEGIN"
  "  UPDATE claim_stats_outbox SET n = n - (SELECT count(*) FROM outbox o"
  "    JOIN decisions d ON d.id = o.decision_id WHERE d.claim_id = NEW.id"
  "    AND o.state = claim_stats_outbox.state)"
  "    WHERE officer_id = OLD.officer_id;"
  "  INSERT INTO claim_stats_outbox (state, officer_id, n)"
  "    SELECT o.state, NEW.officer_id, count(*) FROM outbox o"
  "    JOIN decisions d ON d.id = o.decision_id WHERE d.claim_id = NEW.id GROUP BY o.state"
  "    ON CONFLICT DO UPDATE SET n = n + excluded.n;"
  " END;"
  /* A frozen decision cannot change or go (decisions_frozen, decisions_frozen_delete): a freeze,
   * by insert or by update, is the one change of decisions that can move a claim's day. */
  "CREATE TRIGGER claim_stats_freeze_insert AFTER INSERT ON decisions"
  "  WHEN NEW.frozen_at IS NOT NULL BEGIN"
  "  UPDATE claim_stats_decided SET n = n - 1"
  "    WHERE (received_on, officer_id, decided_on) ="
  "     (SELECT c.received_on, c.officer_id, " DECIDED_ON ("c", " AND d.id <> NEW.id")
  "      FROM claims c WHERE c.id = NEW.claim_id);"
  "  INSERT INTO claim_stats_decided (received_on, officer_id, decided_on, n)"
  "    SELECT c.received_on, c.officer_id, " DECIDED_ON ("c", "") ", 1"
  "    FROM claims c WHERE c.id = NEW.claim_id"
  "    ON CONFLICT DO UPDATE SET n = n + 1;"
  " END;"
  "CREATE TRIGGER claim_stats_freeze_update AFTER UPDATE OF frozen_at ON decisions"
  "  WHEN OLD.frozen_at IS NULL AND NEW.frozen_at IS NOT NULL BEGIN"
  "  UPDATE claim_stats_decided SET n = n - 1"
  "    WHERE (received_on, officer_id, decided_on) ="
  "     (SELECT c.received_on, c.officer_id, " DECIDED_ON ("c", " AND d.id <> NEW.id")
  "      FROM claims c WHERE c.id = NEW.claim_id);"
  "  INSERT INTO claim_stats_decided (received_on, officer_id, decided_on, n)"
  "    SELECT c.received_on, c.officer_id, " DECIDED_ON ("c", "") ", 1"
  "    FROM claims c WHERE c.id = NEW.claim_id"
  "    ON CONFLICT DO UPDATE SET n = n + 1;"
  " END;"
  "CREATE TRIGGER claim_stats_outbox_insert AFTER INSERT ON outbox BEGIN"
  "  INSERT INTO claim_stats_outbox (state, officer_id, n)"
  "    VALUES (NEW.state, coalesce (" OUTBOX_OFFICER ("NEW") ", 0), 1)"
  "    ON CONFLICT DO UPDATE SET n = n + 1;"
  " END;"
  "CREATE TRIGGER claim_stats_outbox_delete AFTER DELETE ON outbox BEGIN"
  "  UPDATE claim_stats_outbox SET n = n - 1"
  "    WHERE state = OLD.state AND officer_id = coalesce (" OUTBOX_OFFICER ("OLD") ", 0);"
  " END;"
  "CREATE TRIGGER claim_stats_outbox_update AFTER UPDATE OF state, decision_id ON outbox"
  "  WHEN OLD.state <> NEW.state OR OLD.decision_id <> NEW.decision_id BEGIN"
  "  UPDATE claim_stats_outbox SET n = n - 1"
  "    WHERE state = OLD.state AND officer_id = coalesce (" OUTBOX_OFFICER ("OLD") ", 0);"
  "  INSERT INTO claim_stats_outbox (state, officer_id, n)"
  "    VALUES (NEW.state, coalesce (" OUTBOX_OFFICER ("NEW") ", 0), 1)"
  "    ON CONFLICT DO UPDATE SET n = n + 1;"
  " END;"
  CLAIM_STATS_REBUILD,
  /* 20: the outbox's problems (issue 20). The window counts them for its "Sync problems" queue
   * before its first frame; without an index the acknowledged half of the condition read every
   * acknowledged item (640 ms at a million claims, sharing the two cores with the first frame).
   * The condition must stay the one of PROBLEM_SQL in app/core/sync/cd-sync-log.c. */
  "CREATE INDEX outbox_problems ON outbox (state)"
  "  WHERE state IN ('refused', 'quarantined')"
  "     OR (state = 'acknowledged' AND last_error IS NOT NULL);",
  /* 21: the audit log's heads central acknowledged (issue 19; docs/workflow.md, "What the chain
   * proves"), owned by workflow (cd-audit-log.c): one row per distinct (seq, hash) central answered
   * with, so that verify-audit finds a log cut back below what central already holds. */
  "CREATE TABLE audit_anchors ("
  "  id              INTEGER PRIMARY KEY,"
  "  seq             INTEGER NOT NULL CHECK (seq >= 0),"
  "  hash            TEXT NOT NULL,"
  "  via             TEXT NOT NULL CHECK (via IN ('sync', 'bundle')),"
  "  central_status  TEXT,"
  "  acknowledged_at TEXT NOT NULL"
  ") STRICT;",
};

const char *
cd_schema_get_claim_stats_rebuild (void)
{
  return CLAIM_STATS_REBUILD;
}

const char * const *
cd_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
