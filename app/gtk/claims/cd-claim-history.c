/* cd-claim-history.c — the claim view's section for the claim's history. */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "cd-claim-history.h"
#include "cd-claim-rows.h"
#include "cd-format.h"
#include "cd-labels.h"
#include "cd-list-box.h"
#include "cd-resources.h"

struct _CdClaimHistory
{
  AdwBin       parent_instance;

  /* Template widgets */
  GtkListBox  *history_list;
};

static void cd_claim_history_section_init (CdClaimSectionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CdClaimHistory, cd_claim_history, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (CD_TYPE_CLAIM_SECTION,
                                                      cd_claim_history_section_init))

static const char *
status_label (JsonObject *object)
{
  const char *name = object != NULL
                     ? json_object_get_string_member_with_default (object, "status", NULL) : NULL;
  CdClaimStatus status;

  if (name != NULL && cd_claim_status_from_string (name, &status))
    return cd_claim_status_get_label (status);
  return name;
}

/* "Evaluated → Proposed", then what else the entry carries (a comment, a reason…). */
static char *
describe_change (const CdDetailsAuditEntry *entry)
{
  g_autoptr(JsonNode) before = entry->before_json != NULL
                               ? json_from_string (entry->before_json, NULL) : NULL;
  g_autoptr(JsonNode) after = entry->after_json != NULL
                              ? json_from_string (entry->after_json, NULL) : NULL;
  JsonObject *b = before != NULL && JSON_NODE_HOLDS_OBJECT (before)
                  ? json_node_get_object (before) : NULL;
  JsonObject *a = after != NULL && JSON_NODE_HOLDS_OBJECT (after)
                  ? json_node_get_object (after) : NULL;
  const char *from = status_label (b), *to = status_label (a);
  g_autoptr(GString) text = g_string_new (NULL);

  if (from != NULL && to != NULL)
    g_string_append_printf (text, "%s → %s", from, to);
  else if (to != NULL)
    g_string_append (text, to);
  if (a != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, a);
      while (json_object_iter_next (&iter, &name, &value))
        if (!g_str_equal (name, "status") && JSON_NODE_HOLDS_VALUE (value)
            && json_node_get_value_type (value) == G_TYPE_STRING)
          g_string_append_printf (text, "%s%s: %s", text->len > 0 ? " · " : "", name,
                                  json_node_get_string (value));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
cd_claim_history_set_details (CdClaimSection       *section,
                              const CdClaimDetails *d)
{
  CdClaimHistory *self = CD_CLAIM_HISTORY (section);

  cd_list_box_remove_all (self->history_list);
  for (guint i = 0; i < d->audit->len; i++)
    {
      CdDetailsAuditEntry *entry = d->audit->pdata[i];
      g_autofree char *when = cd_claim_rows_format_time (entry->at);
      g_autofree char *who = entry->user_name != NULL
                             ? g_strdup_printf ("%s (%s)", entry->user_name, entry->user_login)
                             : g_strdup (_("The system"));
      g_autofree char *change = describe_change (entry);
      g_autofree char *subtitle = change[0] != '\0'
                                  ? g_strdup_printf ("%s · %s\n%s", who, when, change)
                                  : g_strdup_printf ("%s · %s", who, when);

      gtk_list_box_append (self->history_list,
                           cd_claim_rows_action_row (cd_label_audit_action (entry->action),
                                                     subtitle));
    }
}

static GtkListBox *
cd_claim_history_get_list (CdClaimSection *section,
                           const char     *name)
{
  return g_str_equal (name, "history") ? CD_CLAIM_HISTORY (section)->history_list : NULL;
}

static void
cd_claim_history_section_init (CdClaimSectionInterface *iface)
{
  iface->set_details = cd_claim_history_set_details;
  iface->get_list = cd_claim_history_get_list;
}

static void
cd_claim_history_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CD_TYPE_CLAIM_HISTORY);

  G_OBJECT_CLASS (cd_claim_history_parent_class)->dispose (object);
}

static void
cd_claim_history_class_init (CdClaimHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cd_claim_history_dispose;

  cd_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/claimdesk/ClaimDesk/cd-claim-history.ui");
  gtk_widget_class_bind_template_child (widget_class, CdClaimHistory, history_list);
}

static void
cd_claim_history_init (CdClaimHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  cd_claim_rows_set_placeholder (self->history_list, _("No changes are recorded for this claim."));
}
