/* cd-renderer-choice.h — which GSK renderer the workstation draws with, chosen before GTK starts.
 *
 * On a PC without a graphics driver GTK's default GL renderer runs on Mesa's llvmpipe: GL is set up
 * at start-up and every new shader is compiled by LLVM on the CPU, which costs the first frame
 * some 400 ms more than the cairo renderer on the office's 2-core machines. The setting `renderer`
 * ('auto', 'gl', 'cairo') decides; 'auto' draws with cairo where there is no GPU render node.
 * GSK_RENDERER or GDK_DEBUG in the environment always win.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CD_RENDERER_DEFAULT,  /* GTK's own choice (GL where it can) */
  CD_RENDERER_CAIRO,    /* software drawing with cairo, GL not even set up */
} CdRenderer;

/* 'auto', 'gl' or 'cairo' (anything else reads as 'auto'), and whether a GPU render node exists:
 * the renderer to use. */
CdRenderer cd_renderer_choose      (const char *setting,
                                    gboolean    has_render_node);
/* Whether /dev/dri holds a render node (renderD*): a GPU driver is loaded. */
gboolean   cd_renderer_has_gpu     (const char *dri_dir);
/* Reads the setting, looks for a GPU and sets GSK_RENDERER and GDK_DEBUG for GTK, unless the
 * environment already says. Call before GTK initialises. */
void       cd_renderer_apply       (void);

G_END_DECLS
