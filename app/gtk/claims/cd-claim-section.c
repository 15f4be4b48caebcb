/* cd-claim-section.c — one part of the claim view. */
#include "config.h"

#include "cd-claim-section.h"

G_DEFINE_INTERFACE (CdClaimSection, cd_claim_section, GTK_TYPE_WIDGET)

static GtkListBox *
cd_claim_section_real_get_list (CdClaimSection *self,
                                const char     *name)
{
  return NULL;
}

static void
cd_claim_section_default_init (CdClaimSectionInterface *iface)
{
  iface->get_list = cd_claim_section_real_get_list;
}

void
cd_claim_section_set_details (CdClaimSection       *self,
                              const CdClaimDetails *details)
{
  g_return_if_fail (CD_IS_CLAIM_SECTION (self));
  g_return_if_fail (details != NULL);

  CD_CLAIM_SECTION_GET_IFACE (self)->set_details (self, details);
}

GtkListBox *
cd_claim_section_get_list (CdClaimSection *self,
                           const char     *name)
{
  g_return_val_if_fail (CD_IS_CLAIM_SECTION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return CD_CLAIM_SECTION_GET_IFACE (self)->get_list (self, name);
}
