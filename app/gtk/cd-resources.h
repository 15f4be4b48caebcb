/* cd-resources.h — registers the compiled UI resources once, before any template is loaded.
 *
 * The resources live in a static library, where a constructor-registered blob would be dropped by
 * the linker; registering by hand from every templated class keeps them in.
 */
#pragma once

void cd_resources_ensure (void);
