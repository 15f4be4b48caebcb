/* cd-search-result-item.c — one search result as an item of the window's results model. */
#include "config.h"

#include <glib/gi18n.h>

#include "cd-claim-types.h"
#include "cd-format.h"
#include "cd-search-result-item.h"

struct _CdSearchResultItem
{
  GObject         parent_instance;

  CdSearchResult *result;
  char           *subtitle;
};

G_DEFINE_FINAL_TYPE (CdSearchResultItem, cd_search_result_item, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_subtitle (const CdSearchResult *result)
{
  switch (result->kind)
    {
    case CD_SEARCH_KIND_PERSON:
      {
        g_autofree char *born = cd_format_date_vi (result->birth_date);

        return g_strdup_printf (_("Person · ID %s · born %s"), result->id,
                                born != NULL ? born : "");
      }

    case CD_SEARCH_KIND_CLAIM:
      {
        CdBenefit benefit;
        CdClaimStatus status;
        const char *benefit_label = result->benefit;
        const char *status_label = result->status;

        if (result->benefit != NULL && cd_benefit_from_string (result->benefit, &benefit))
          benefit_label = cd_benefit_get_label (benefit);
        if (result->status != NULL && cd_claim_status_from_string (result->status, &status))
          status_label = cd_claim_status_get_label (status);
        return g_strdup_printf (_("Claim %s · %s · %s"), result->id,
                                benefit_label != NULL ? benefit_label : "",
                                status_label != NULL ? status_label : "");
      }

    default:
      g_assert_not_reached ();
    }
}

static void
cd_search_result_item_finalize (GObject *object)
{
  CdSearchResultItem *self = CD_SEARCH_RESULT_ITEM (object);

  g_clear_pointer (&self->result, cd_search_result_free);
  g_free (self->subtitle);

  G_OBJECT_CLASS (cd_search_result_item_parent_class)->finalize (object);
}

static void
cd_search_result_item_class_init (CdSearchResultItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cd_search_result_item_finalize;

  /* ::changed: the item holds another result. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
cd_search_result_item_init (CdSearchResultItem *self)
{
}

CdSearchResultItem *
cd_search_result_item_new (CdSearchResult *result)
{
  CdSearchResultItem *self;

  g_return_val_if_fail (result != NULL, NULL);

  self = g_object_new (CD_TYPE_SEARCH_RESULT_ITEM, NULL);
  self->result = result;
  self->subtitle = format_subtitle (result);
  return self;
}

void
cd_search_result_item_set_result (CdSearchResultItem *self,
                                  CdSearchResult     *result)
{
  g_return_if_fail (CD_IS_SEARCH_RESULT_ITEM (self));
  g_return_if_fail (result != NULL);

  g_clear_pointer (&self->result, cd_search_result_free);
  g_free (self->subtitle);
  self->result = result;
  self->subtitle = format_subtitle (result);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

const CdSearchResult *
cd_search_result_item_get_result (CdSearchResultItem *self)
{
  g_return_val_if_fail (CD_IS_SEARCH_RESULT_ITEM (self), NULL);
  return self->result;
}

const char *
cd_search_result_item_get_title (CdSearchResultItem *self)
{
  g_return_val_if_fail (CD_IS_SEARCH_RESULT_ITEM (self), NULL);
  return self->result->name;
}

const char *
cd_search_result_item_get_subtitle (CdSearchResultItem *self)
{
  g_return_val_if_fail (CD_IS_SEARCH_RESULT_ITEM (self), NULL);
  return self->subtitle;
}

const char *
cd_search_result_item_get_icon_name (CdSearchResultItem *self)
{
  g_return_val_if_fail (CD_IS_SEARCH_RESULT_ITEM (self), NULL);
  return self->result->kind == CD_SEARCH_KIND_PERSON ? "avatar-default-symbolic"
                                                     : "x-office-document-symbolic";
}
