/* cd-access.c — the table of who may see and do what in the office's oversight. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cd-access.h"

static const struct
{
  const char *name;
  const char *what;  /* finishes "%s (%s) may not …" */
} rights[] = {
  [CD_ACCESS_DASHBOARD_OWN] = { "dashboard.own", N_("see their own figures") },
  [CD_ACCESS_DASHBOARD_OFFICE] = { "dashboard.office", N_("see the office’s figures") },
  [CD_ACCESS_ALERTS_OWN] = { "alerts.own", N_("see the alerts on their own claims") },
  [CD_ACCESS_ALERTS_ALL] = { "alerts.all", N_("see the office’s alerts") },
  [CD_ACCESS_ALERTS_CHANGE_STATE] = { "alerts.change_state", N_("change the state of an alert") },
  [CD_ACCESS_ALERTS_REFER] = { "alerts.refer", N_("refer an alert for inspection") },
  [CD_ACCESS_EXPORT_OWN_LISTS] = { "export.own_lists", N_("export lists of their own claims") },
  [CD_ACCESS_EXPORT_OFFICE_LISTS] = { "export.office_lists",
                                      N_("export lists of the office’s claims") },
  [CD_ACCESS_EXPORT_PAYOUTS] = { "export.payouts", N_("export payout batches") },
  [CD_ACCESS_STATISTICS_FORMS] = { "statistics.forms", N_("make the statistics forms") },
  [CD_ACCESS_REVIEW_RISK] = { "review.risk", N_("see the risk of proposals") },
  [CD_ACCESS_REVIEW_RULE] = { "review.rule", N_("set the review sampling rule") },
};
G_STATIC_ASSERT (G_N_ELEMENTS (rights) == CD_ACCESS_LAST + 1);

const char *
cd_access_right_to_string (CdAccessRight right)
{
  g_return_val_if_fail ((guint) right <= CD_ACCESS_LAST, NULL);
  return rights[right].name;
}

gboolean
cd_access_right_from_string (const char    *name,
                             CdAccessRight *out)
{
  g_return_val_if_fail (out != NULL, FALSE);

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (rights); i++)
    if (g_str_equal (name, rights[i].name))
      {
        *out = (CdAccessRight) i;
        return TRUE;
      }
  return FALSE;
}

const char *
cd_access_right_describe (CdAccessRight right)
{
  g_return_val_if_fail ((guint) right <= CD_ACCESS_LAST, NULL);
  return _(rights[right].what);
}

/* The rights of the people who decide claims. An officer works on their own claims: their own
 * figures, the alerts on them, lists of them. A supervisor oversees the office's work: all of it,
 * and referring an alert for inspection, which is a step taken for the office. */
static gboolean
officer_allows (CdAccessRight right)
{
  switch (right)
    {
    case CD_ACCESS_DASHBOARD_OWN:
    case CD_ACCESS_ALERTS_OWN:
    case CD_ACCESS_EXPORT_OWN_LISTS:
      return TRUE;
    case CD_ACCESS_DASHBOARD_OFFICE:
    case CD_ACCESS_ALERTS_ALL:
    case CD_ACCESS_ALERTS_CHANGE_STATE:
    case CD_ACCESS_ALERTS_REFER:
    case CD_ACCESS_EXPORT_OFFICE_LISTS:
    case CD_ACCESS_EXPORT_PAYOUTS:
    case CD_ACCESS_STATISTICS_FORMS:
    /* An officer who saw which of their proposals are drawn for review could steer around it. */
    case CD_ACCESS_REVIEW_RISK:
    case CD_ACCESS_REVIEW_RULE:
      return FALSE;
    }
  return FALSE;
}

static gboolean
supervisor_allows (CdAccessRight right)
{
  switch (right)
    {
    case CD_ACCESS_DASHBOARD_OWN:
    case CD_ACCESS_DASHBOARD_OFFICE:
    case CD_ACCESS_ALERTS_OWN:
    case CD_ACCESS_ALERTS_ALL:
    case CD_ACCESS_ALERTS_CHANGE_STATE:
    case CD_ACCESS_ALERTS_REFER:
    case CD_ACCESS_EXPORT_OWN_LISTS:
    case CD_ACCESS_EXPORT_OFFICE_LISTS:
    case CD_ACCESS_EXPORT_PAYOUTS:
    case CD_ACCESS_STATISTICS_FORMS:
    case CD_ACCESS_REVIEW_RISK:
      return TRUE;
    /* The share of the office's work a supervisor must look at is not theirs to set. */
    case CD_ACCESS_REVIEW_RULE:
      return FALSE;
    }
  return FALSE;
}

gboolean
cd_access_role_allows (CdRole        role,
                       CdAccessRight right)
{
  g_return_val_if_fail ((guint) right <= CD_ACCESS_LAST, FALSE);

  switch (role)
    {
    case CD_ROLE_OFFICER:
      return officer_allows (right);
    case CD_ROLE_SUPERVISOR:
      return supervisor_allows (right);
    case CD_ROLE_HEAD:
      /* The office head answers for the office: a supervisor's rights, and its rules. */
      return supervisor_allows (right) || right == CD_ACCESS_REVIEW_RULE;
    case CD_ROLE_ADMIN:
      /* An administrator runs the accounts and the office's rules, not its claims: no figures,
       * lists or forms. The alerts they may already look into and explain (cd_alerts_set_state
       * allowed it before this table); referring one for inspection is the office's step. */
      return right == CD_ACCESS_ALERTS_ALL || right == CD_ACCESS_ALERTS_OWN
             || right == CD_ACCESS_ALERTS_CHANGE_STATE || right == CD_ACCESS_REVIEW_RULE;
    }
  /* No default above: a new role that is not in this table does not compile (-Wswitch). */
  return FALSE;
}

gboolean
cd_access_allows (CdSession     *session,
                  CdAccessRight  right)
{
  g_return_val_if_fail (session == NULL || CD_IS_SESSION (session), FALSE);

  return session != NULL && cd_access_role_allows (cd_session_get_role (session), right);
}

gboolean
cd_access_require (CdSession      *session,
                   CdAccessRight   right,
                   GError        **error)
{
  CdRole role;

  g_return_val_if_fail (CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail ((guint) right <= CD_ACCESS_LAST, FALSE);

  if (!cd_session_begin_action (session, error))
    return FALSE;
  role = cd_session_get_role (session);
  if (!cd_access_role_allows (role, right))
    {
      g_set_error (error, CD_USERS_ERROR, CD_USERS_ERROR_NOT_ALLOWED, _("%s (%s) may not %s."),
                   cd_session_get_login (session), cd_role_get_label (role),
                   cd_access_right_describe (right));
      return FALSE;
    }
  return TRUE;
}

gboolean
cd_access_figures_scope (CdSession  *session,
                         gint64     *officer_id,
                         GError    **error)
{
  g_return_val_if_fail (session == NULL || CD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (officer_id != NULL, FALSE);

  *officer_id = 0;
  if (session == NULL)
    return TRUE;
  if (cd_access_allows (session, CD_ACCESS_DASHBOARD_OFFICE))
    return cd_session_begin_action (session, error);
  if (!cd_access_require (session, CD_ACCESS_DASHBOARD_OWN, error))
    return FALSE;
  *officer_id = cd_session_get_user_id (session);
  return TRUE;
}
