/* cd-search.c — one query over people and claims. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "cd-ascii.h"
#include "cd-database-private.h"
#include "cd-search.h"
#include "cd-text-fold.h"

G_DEFINE_QUARK (cd-search-error-quark, cd_search_error)

/* How many people found by name also bring their latest claims, and how many each. */
#define CLAIMS_FOR_TOP_PEOPLE 3
#define CLAIMS_PER_PERSON     3

#define PERSON_COLUMNS "p.id, p.personal_id, p.full_name, p.si_code, p.health_card, p.birth_date"
#define CLAIM_COLUMNS                                                                              \
  "c.id, c.number, p.full_name, p.si_code, b.name, s.name, c.period_from, c.period_to"
/* People by whole folded name, in rowid order: every hit of one term ranks the same. */
#define NAME_SQL       "SELECT " PERSON_COLUMNS " FROM (SELECT rowid AS hit FROM person_name" \
                       "  WHERE person_name MATCH ?1 ORDER BY rowid LIMIT ?2) AS h" \
                       " JOIN persons p ON p.id = h.hit ORDER BY h.hit"
#define CLAIM_JOINS    " JOIN persons p ON p.id = c.claimant_id" \
                       " JOIN benefit_cases b ON b.code = c.benefit" \
                       " JOIN claim_statuses s ON s.code = c.status"

void
cd_search_result_free (CdSearchResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->name);
  g_free (result->si_code);
  g_free (result->health_card);
  g_free (result->birth_date);
  g_free (result->benefit);
  g_free (result->status);
  g_free (result->period_from);
  g_free (result->period_to);
  g_free (result);
}

char *
cd_search_build_match (const char *query)
{
  g_autofree char *folded = cd_text_fold (query);
  g_auto(GStrv) words = NULL;
  GString *match;

  if (folded[0] == '\0')
    return NULL;

  /* Every word is a prefix: "nguyen van d" finds Nguyễn Văn Đức while it is being typed, and
   * "ng v duc" still finds him. Words are quoted so nothing in them is FTS5 syntax. */
  words = g_strsplit (folded, " ", -1);
  match = g_string_new (NULL);
  for (guint k = 0; words[k] != NULL; k++)
    {
      if (words[k][0] == '\0')
        continue;
      if (match->len > 0)
        g_string_append_c (match, ' ');
      g_string_append_printf (match, "\"%s\"*", words[k]);
    }
  return g_string_free (match, FALSE);
}

static CdSearchResult *
person_from_row (sqlite3_stmt *stmt,
                 gboolean      exact)
{
  CdSearchResult *r = g_new0 (CdSearchResult, 1);

  r->kind = CD_SEARCH_KIND_PERSON;
  r->rowid = sqlite3_column_int64 (stmt, 0);
  r->id = cd_database_column_dup (stmt, 1);
  r->name = cd_database_column_dup (stmt, 2);
  r->si_code = cd_database_column_dup (stmt, 3);
  r->health_card = cd_database_column_dup (stmt, 4);
  r->birth_date = cd_database_column_dup (stmt, 5);
  r->exact = exact;
  return r;
}

static CdSearchResult *
claim_from_row (sqlite3_stmt *stmt,
                gboolean      exact)
{
  CdSearchResult *r = g_new0 (CdSearchResult, 1);

  r->kind = CD_SEARCH_KIND_CLAIM;
  r->rowid = sqlite3_column_int64 (stmt, 0);
  r->id = cd_database_column_dup (stmt, 1);
  r->name = cd_database_column_dup (stmt, 2);
  r->si_code = cd_database_column_dup (stmt, 3);
  r->benefit = cd_database_column_dup (stmt, 4);
  r->status = cd_database_column_dup (stmt, 5);
  r->period_from = cd_database_column_dup (stmt, 6);
  r->period_to = cd_database_column_dup (stmt, 7);
  r->exact = exact;
  return r;
}

typedef struct
{
  sqlite3    *db;
  GPtrArray  *results;
  GHashTable *seen;      /* "p:rowid" / "c:rowid", so one hit is listed once */
  guint       limit;
} Search;

static gboolean
full (Search *s)
{
  return s->results->len >= s->limit;
}

static void
add (Search         *s,
     CdSearchResult *result)
{
  char *key = g_strdup_printf ("%c:%" G_GINT64_FORMAT,
                               result->kind == CD_SEARCH_KIND_PERSON ? 'p' : 'c', result->rowid);

  if (full (s) || g_hash_table_contains (s->seen, key))
    {
      g_free (key);
      cd_search_result_free (result);
      return;
    }
  g_hash_table_add (s->seen, key);
  g_ptr_array_add (s->results, result);
}

/* Runs `sql` with ?1 = text (and ?2 = the row limit, if used); adds each row. */
static gboolean
collect (Search      *s,
         const char  *sql,
         const char  *text,
         gint64       number,
         CdSearchKind kind,
         gboolean     exact,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (full (s))
    return TRUE;
  rc = sqlite3_prepare_v2 (s->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CD_SEARCH_ERROR, CD_SEARCH_ERROR_QUERY, _("Search failed: %s"),
                   sqlite3_errmsg (s->db));
      return FALSE;
    }
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int (stmt, 2, (int) (s->limit - s->results->len));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && !full (s))
    add (s, kind == CD_SEARCH_KIND_PERSON ? person_from_row (stmt, exact)
                                          : claim_from_row (stmt, exact));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, CD_SEARCH_ERROR, CD_SEARCH_ERROR_QUERY, _("Search failed: %s"),
                   sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/* Identifiers as typed, without spaces, dots and dashes, upper case: "079 190 478 728" →
 * 079190478728. */
static char *
compact_identifier (const char *query)
{
  GString *out = g_string_new (NULL);

  for (const char *p = query; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '.' && *p != '-')
      g_string_append_c (out, g_ascii_toupper (*p));
  return g_string_free (out, FALSE);
}

static gboolean
search_identifiers (Search      *s,
                    const char  *query,
                    GError     **error)
{
  g_autofree char *compact = compact_identifier (query);
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autofree char *number = g_ascii_strup (trimmed, -1);
  gsize len = strlen (compact);

  /* Exact matches first, by kind of identifier. */
  if (cd_ascii_is_digits (compact, 12)
      && !collect (s, "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.personal_id = ?1",
                   compact, 0, CD_SEARCH_KIND_PERSON, TRUE, error))
    return FALSE;
  if (cd_ascii_is_digits (compact, 10)
      && !collect (s, "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.si_code = ?1",
                   compact, 0, CD_SEARCH_KIND_PERSON, TRUE, error))
    return FALSE;
  if (len == 15 && g_ascii_isalpha (compact[0]) && g_ascii_isalpha (compact[1])
      && cd_ascii_is_digits (compact + 2, -1)
      && !collect (s, "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.health_card = ?1", compact,
                   0, CD_SEARCH_KIND_PERSON, TRUE, error))
    return FALSE;
  if (len >= 4 && g_ascii_isalpha (number[0])
      && !collect (s, "SELECT " CLAIM_COLUMNS " FROM claims c" CLAIM_JOINS " WHERE c.number = ?1",
                   number, 0, CD_SEARCH_KIND_CLAIM, TRUE, error))
    return FALSE;

  /* Then prefixes, while the identifier is being typed: a range on the unique index (':' sorts
   * right after '9', so [x, x || ':') is every string starting with the digits x). */
  if (cd_ascii_is_digits (compact, -1) && len >= 3)
    {
      if (!collect (s, "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.personal_id >= ?1"
                       " AND p.personal_id < ?1 || ':' ORDER BY p.personal_id LIMIT ?2",
                    compact, 0, CD_SEARCH_KIND_PERSON, FALSE, error)
          || !collect (s, "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.si_code >= ?1"
                          " AND p.si_code < ?1 || ':' ORDER BY p.si_code LIMIT ?2",
                       compact, 0, CD_SEARCH_KIND_PERSON, FALSE, error))
        return FALSE;
    }
  if (len >= 3 && g_ascii_isalpha (compact[0]) && g_ascii_isalpha (compact[1])
      && cd_ascii_is_digits (compact + 2, -1)
      && !collect (s,
                   "SELECT " PERSON_COLUMNS " FROM persons p WHERE p.health_card >= ?1"
                   " AND p.health_card < ?1 || ':' ORDER BY p.health_card LIMIT ?2",
                   compact, 0, CD_SEARCH_KIND_PERSON, FALSE, error))
    return FALSE;
  if (len >= 3 && g_ascii_isalpha (number[0]) && strpbrk (number, "0123456789-") != NULL
      && !collect (s, "SELECT " CLAIM_COLUMNS " FROM claims c" CLAIM_JOINS " WHERE c.number >= ?1"
                      " AND c.number < ?1 || x'7f' ORDER BY c.number LIMIT ?2",
                   number, 0, CD_SEARCH_KIND_CLAIM, FALSE, error))
    return FALSE;
  return TRUE;
}

static gboolean
search_names (Search      *s,
              const char  *query,
              GError     **error)
{
  g_autofree char *match = NULL;
  g_autofree char *whole = NULL;

  /* Something typed with no letter in it is an identifier, not a name. */
  {
    gboolean has_letter = FALSE;
    for (const char *p = query; *p != '\0'; p = g_utf8_next_char (p))
      if (g_unichar_isalpha (g_utf8_get_char (p)))
        has_letter = TRUE;
    if (!has_letter)
      return TRUE;
  }

  match = cd_search_build_match (query);
  if (match == NULL)
    return TRUE;
  /* The folded words run together: "nguyen van d" → "nguyenvand". */
  whole = cd_text_fold (query);
  {
    char *w = whole;
    for (const char *r = whole; *r != '\0'; r++)
      if (*r != ' ')
        *w++ = *r;
    *w = '\0';
  }

  /* The ranked FTS5 query runs alone in a subquery, so its LIMIT applies before the join. */
  {
    g_autoptr (GPtrArray) people
        = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_search_result_free);
    g_autoptr (GHashTable) people_seen
        = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    Search found = { s->db, people, people_seen, s->limit - s->results->len };
    guint with_claims = 0;

    /* First the name as typed, in order: the whole name exactly, then names that start with it
     * ("nguyen van d" → nguyenvand*). One lookup in the whole-name prefix index each, however
     * common the words are. */
    if (whole[0] != '\0')
      {
        g_autofree char *exact = g_strdup_printf ("\"%s\"", whole);
        g_autofree char *prefix = g_strdup_printf ("\"%s\"*", whole);

        if (!collect (&found, NAME_SQL, exact, 0, CD_SEARCH_KIND_PERSON, FALSE, error)
            || !collect (&found, NAME_SQL, prefix, 0, CD_SEARCH_KIND_PERSON, FALSE, error))
          return FALSE;
      }

    /* Then the words in any order, every one a prefix, ranked by bm25: "duc nguyen", "ng v du". */
    if (!collect (&found,
                  "SELECT " PERSON_COLUMNS " FROM (SELECT rowid AS hit, rank AS score"
                  "  FROM person_search WHERE person_search MATCH ?1 ORDER BY rank LIMIT ?2) AS h"
                  " JOIN persons p ON p.id = h.hit ORDER BY h.score",
                  match, 0, CD_SEARCH_KIND_PERSON, FALSE, error))
      return FALSE;

    /* Each of the best people is followed by their latest claims. */
    for (guint k = 0; k < people->len && !full (s); k++)
      {
        CdSearchResult *person = people->pdata[k];
        gint64 rowid = person->rowid;

        people->pdata[k] = NULL;
        add (s, person);
        if (with_claims++ < CLAIMS_FOR_TOP_PEOPLE)
          {
            Search sub = { s->db, s->results, s->seen,
                           MIN (s->limit, s->results->len + CLAIMS_PER_PERSON) };
            if (!collect (&sub, "SELECT " CLAIM_COLUMNS " FROM claims c" CLAIM_JOINS
                                " WHERE c.claimant_id = ?1 ORDER BY c.period_from DESC LIMIT ?2",
                          NULL, rowid, CD_SEARCH_KIND_CLAIM, FALSE, error))
              return FALSE;
          }
      }
  }
  return TRUE;
}

GPtrArray *
cd_search_run (CdDatabase  *database,
               const char  *query,
               guint        limit,
               GError     **error)
{
  sqlite3 *db = cd_database_get_handle (database);
  g_autoptr (GPtrArray) results
      = g_ptr_array_new_with_free_func ((GDestroyNotify)cd_search_result_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  Search s = { db, results, seen, limit };

  g_return_val_if_fail (CD_IS_DATABASE (database), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (limit == 0 || !g_utf8_validate (query, -1, NULL))
    return g_steal_pointer (&results);

  if (!search_identifiers (&s, query, error) || !search_names (&s, query, error))
    return NULL;
  return g_steal_pointer (&results);
}

static void
member (JsonBuilder *b,
        const char  *name,
        const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

char *
cd_search_results_to_json (GPtrArray *results)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (b);
  for (guint k = 0; k < results->len; k++)
    {
      CdSearchResult *r = results->pdata[k];

      json_builder_begin_object (b);
      member (b, "kind", r->kind == CD_SEARCH_KIND_PERSON ? "person" : "claim");
      member (b, "id", r->id);
      member (b, "name", r->name);
      member (b, "si_code", r->si_code);
      member (b, "health_card", r->health_card);
      member (b, "birth_date", r->birth_date);
      member (b, "benefit", r->benefit);
      member (b, "status", r->status);
      member (b, "period_from", r->period_from);
      member (b, "period_to", r->period_to);
      json_builder_set_member_name (b, "exact");
      json_builder_add_boolean_value (b, r->exact);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  return json_generator_to_data (gen, NULL);
}

/* --- Off the main loop ----------------------------------------------------------------------- */

typedef struct
{
  char  *db_path;
  char  *query;
  guint  limit;
} SearchJob;

static void
search_job_free (SearchJob *job)
{
  g_free (job->db_path);
  g_free (job->query);
  g_free (job);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SearchJob *job = task_data;
  GError *error = NULL;
  g_autoptr(CdDatabase) reader = cd_database_open_reader (job->db_path, &error);
  GPtrArray *results = NULL;

  if (reader != NULL)
    results = cd_search_run (reader, job->query, job->limit, &error);
  if (results == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
cd_search_async (const char          *db_path,
                 const char          *query,
                 guint                limit,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchJob *job;

  g_return_if_fail (db_path != NULL);
  g_return_if_fail (query != NULL);

  job = g_new0 (SearchJob, 1);
  job->db_path = g_strdup (db_path);
  job->query = g_strdup (query);
  job->limit = limit;
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cd_search_async);
  g_task_set_task_data (task, job, (GDestroyNotify) search_job_free);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
cd_search_finish (GAsyncResult  *result,
                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
