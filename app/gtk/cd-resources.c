/* cd-resources.c — registers the compiled UI resources once. */
#include <gio/gio.h>

#include "cd-resources.h"
#include "claimdesk-resources.h"

void
cd_resources_ensure (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      claimdesk_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
