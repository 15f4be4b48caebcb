/* cd-search.h — one query over people and claims: names, personal IDs, SI codes, health-card and
 * claim numbers.
 *
 * Names are matched accent- and case-insensitively through the folded full-text index (see
 * cd-text-fold.h), every word as a prefix so results come while typing; identifiers are matched
 * exactly or by prefix through their unique indexes. An exact identifier comes first, then names by
 * bm25.
 */
#pragma once

#include <gio/gio.h>

#include "cd-database.h"

G_BEGIN_DECLS

#define CD_SEARCH_ERROR (cd_search_error_quark ())

typedef enum
{
  CD_SEARCH_ERROR_QUERY,   /* the database refused the query */
} CdSearchError;

GQuark cd_search_error_quark (void);

typedef enum
{
  CD_SEARCH_KIND_PERSON,
  CD_SEARCH_KIND_CLAIM,
} CdSearchKind;

typedef struct
{
  CdSearchKind kind;
  gint64       rowid;       /* persons.id or claims.id */
  char        *id;          /* the personal ID, or the claim number */
  char        *name;        /* the person's (claimant's) full name */
  char        *si_code;     /* may be NULL */
  char        *health_card; /* people only; may be NULL */
  char        *birth_date;  /* people only */
  char        *benefit;     /* claims only: the benefit case name */
  char        *status;      /* claims only: the workflow status name */
  char        *period_from; /* claims only */
  char        *period_to;   /* claims only */
  gboolean     exact;       /* an identifier matched exactly */
} CdSearchResult;

void        cd_search_result_free  (CdSearchResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CdSearchResult, cd_search_result_free)

/* The FTS5 MATCH expression for the name part of a query, or NULL when it holds no word. */
char       *cd_search_build_match  (const char     *query);

/* Runs the query on `db` and returns at most `limit` CdSearchResults, best first. */
GPtrArray  *cd_search_run          (CdDatabase     *db,
                                    const char     *query,
                                    guint           limit,
                                    GError        **error);

/* The same off the main loop, through a reader connection of its own on db_path. */
void        cd_search_async        (const char          *db_path,
                                    const char          *query,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
GPtrArray  *cd_search_finish       (GAsyncResult        *result,
                                    GError             **error);

/* Serialises results as a JSON array of objects with at least `kind`, `id` and `name`. */
char       *cd_search_results_to_json (GPtrArray   *results);

G_END_DECLS
