/* cd-search-result-item.h — one search result as an item of the window's results model.
 *
 * The results are shown by a GtkListView whose rows are made once and kept for each keystroke's
 * results (issue 20: building 30 rows a keystroke was most of the time between a keystroke and its
 * results drawn). GTK 4.8's list view keeps a row's widget only while its item stays the same
 * object, so the window keeps its items and gives them the new results: an item is a place in the
 * list, ::changed tells its row to show the result it holds now. It also holds the line of details
 * the row, the export and a screen reader show, made once when the result arrives.
 */
#pragma once

#include <gio/gio.h>

#include "cd-search.h"

G_BEGIN_DECLS

#define CD_TYPE_SEARCH_RESULT_ITEM (cd_search_result_item_get_type ())
G_DECLARE_FINAL_TYPE (CdSearchResultItem, cd_search_result_item, CD, SEARCH_RESULT_ITEM, GObject)

/* Takes `result`. */
CdSearchResultItem   *cd_search_result_item_new           (CdSearchResult     *result);
/* Takes `result`, instead of the one held; emits ::changed. */
void                  cd_search_result_item_set_result    (CdSearchResultItem *self,
                                                           CdSearchResult     *result);
const CdSearchResult *cd_search_result_item_get_result    (CdSearchResultItem *self);
/* The person's (claimant's) name. */
const char           *cd_search_result_item_get_title     (CdSearchResultItem *self);
/* "Person · ID … · born …" or "Claim … · benefit · status". */
const char           *cd_search_result_item_get_subtitle  (CdSearchResultItem *self);
const char           *cd_search_result_item_get_icon_name (CdSearchResultItem *self);

G_END_DECLS
