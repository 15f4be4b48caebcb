/* gw-central-people.c — the central system's view of insured people (OURS).
 *
 * GET /central/insured/ID                                  identity, employer and its calendar
 * GET /central/insured/ID/contributions?from=YYYY-MM&to=YYYY-MM   contribution months
 * GET /central/insured/ID/usage?year=YYYY                  benefit days already paid that year
 * ID is the 12-digit personal ID or the 10-digit SI code.
 */
#include "config.h"

#include "cd-date.h"
#include "cd-json-util.h"
#include "gw-central-people.h"

typedef struct
{
  GwServer  *server;
  GwCentral *central;
  GwWorld   *world;
} People;

static void
add_employer (JsonBuilder   *builder,
              const GwWorld *world,
              gint32         index)
{
  CdWorldEmployer employer;
  g_autoptr(JsonNode) rest = NULL;

  cd_world_get_employer (world->world, (guint32) index, &employer);
  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "code", employer.code);
  cd_json_add_string_member (builder, "name", employer.name);
  cd_json_add_string_member (builder, "calendar", employer.calendar_profile);
  json_builder_set_member_name (builder, "weekly_rest");
  rest = json_from_string (employer.weekly_rest, NULL);
  json_builder_add_value (builder, rest != NULL ? g_steal_pointer (&rest) : json_node_new (JSON_NODE_ARRAY));
  json_builder_set_member_name (builder, "holidays_extra");
  json_builder_begin_array (builder);
  for (guint i = 0; i < employer.n_declared; i++)
    if (g_str_equal (employer.declared_kind[i], "holiday"))
      json_builder_add_string_value (builder, employer.declared_day[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "working_days_extra");
  json_builder_begin_array (builder);
  for (guint i = 0; i < employer.n_declared; i++)
    if (g_str_equal (employer.declared_kind[i], "working_day"))
      json_builder_add_string_value (builder, employer.declared_day[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
reply_person (People            *self,
              SoupServerMessage *msg,
              CdWorldPerson     *person)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "personal_id", person->personal_id);
  cd_json_add_string_member (builder, "si_code", person->si_code);
  cd_json_add_string_member (builder, "health_card", person->health_card);
  cd_json_add_string_member (builder, "full_name", person->full_name);
  cd_json_add_string_member (builder, "birth_date", person->birth_date);
  cd_json_add_string_member (builder, "sex", person->female ? "female" : "male");
  json_builder_set_member_name (builder, "insured");
  json_builder_add_boolean_value (builder, person->insured);
  json_builder_set_member_name (builder, "employer");
  if (person->employer >= 0)
    add_employer (builder, self->world, person->employer);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, root);
}

static gboolean
valid_month (const char *text)
{
  CdMonth month;

  return cd_month_parse (text, &month);
}

static void
reply_contributions (People            *self,
                     SoupServerMessage *msg,
                     CdWorldPerson     *person,
                     GHashTable        *query)
{
  const char *from = query != NULL ? g_hash_table_lookup (query, "from") : NULL;
  const char *to = query != NULL ? g_hash_table_lookup (query, "to") : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) months = NULL;
  char reference_day[11];

  if (from == NULL)
    from = "2000-01";
  if (to == NULL)
    {
      /* Up to the world's present. */
      cd_date_format (cd_world_get_reference_day (self->world->world), reference_day);
      reference_day[7] = '\0';
      to = reference_day;
    }
  if (!valid_month (from) || !valid_month (to))
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "from, to: expected YYYY-MM");
      return;
    }

  months = cd_world_get_contributions (self->world->world, person->index, person->role, from, to);
  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "personal_id", person->personal_id);
  cd_json_add_string_member (builder, "si_code", person->si_code);
  json_builder_set_member_name (builder, "months");
  json_builder_begin_array (builder);
  for (guint i = 0; i < months->len; i++)
    {
      const CdWorldContribution *month = &g_array_index (months, CdWorldContribution, i);
      CdWorldEmployer employer;

      cd_world_get_employer (self->world->world, (guint32) month->employer, &employer);
      json_builder_begin_object (builder);
      cd_json_add_string_member (builder, "month", month->month);
      json_builder_set_member_name (builder, "salary");
      json_builder_add_int_value (builder, month->salary);
      cd_json_add_string_member (builder, "job_conditions", month->job_conditions);
      cd_json_add_string_member (builder, "employer", employer.code);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, root);
}

/* Weekdays from..to inside `year`: the central record counts working days on a Monday–Friday week;
 * holidays are the workstation's business when it re-counts a new leave. */
static guint
weekdays_in_year (const char *from_iso,
                  const char *to_iso,
                  int         year,
                  guint      *calendar_days)
{
  CdDay day, end;
  guint weekdays = 0;

  *calendar_days = 0;
  if (!cd_date_parse (from_iso, &day) || !cd_date_parse (to_iso, &end))
    return 0;
  for (; day <= end; day++)
    {
      int weekday;

      if (cd_date_year (day) != year)
        continue;
      (*calendar_days)++;
      weekday = cd_date_weekday (day);
      if (weekday != G_DATE_SATURDAY && weekday != G_DATE_SUNDAY)
        weekdays++;
    }
  return weekdays;
}

static void
reply_usage (People            *self,
             SoupServerMessage *msg,
             CdWorldPerson     *person,
             GHashTable        *query)
{
  const char *year_text = query != NULL ? g_hash_table_lookup (query, "year") : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  CdWorldClaim claims[CD_WORLD_EVENTS_PER_HOUSEHOLD];
  guint64 year;
  guint n, sickness_wd = 0, sickness_days = 0, recovery_days = 0;
  g_autoptr(GHashTable) child_wd = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (year_text == NULL || !g_ascii_string_to_unsigned (year_text, 10, 2000, 2100, &year, NULL))
    {
      gw_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "year: expected YYYY");
      return;
    }

  /* Only the insured's own claims that reached the central system count as used. */
  n = person->role == CD_WORLD_ROLE_INSURED
      ? gw_world_household_claims (self->world, person->index, claims) : 0;
  for (guint i = 0; i < n; i++)
    {
      guint days, wd;

      if (claims[i].status != CD_CLAIM_STATUS_SYNCED)
        continue;
      wd = weekdays_in_year (claims[i].period_from, claims[i].period_to, (int) year, &days);
      switch (claims[i].benefit)
        {
        case CD_BENEFIT_SICKNESS:
          sickness_wd += wd;
          sickness_days += wd;
          break;
        case CD_BENEFIT_CHILD_SICKNESS:
          if (claims[i].child_role >= 0 && wd > 0)
            {
              CdWorldPerson child;
              if (cd_world_get_person (self->world->world, claims[i].index,
                                       (guint) claims[i].child_role, &child))
                {
                  guint before = GPOINTER_TO_UINT (g_hash_table_lookup (child_wd, child.personal_id));
                  g_hash_table_replace (child_wd, g_strdup (child.personal_id),
                                        GUINT_TO_POINTER (before + wd));
                }
            }
          break;
        case CD_BENEFIT_RECOVERY_AFTER_SICKNESS:
        case CD_BENEFIT_RECOVERY_AFTER_MATERNITY:
          recovery_days += days;
          break;
        case CD_BENEFIT_PRENATAL_CHECKUP:
        case CD_BENEFIT_PREGNANCY_LOSS:
        case CD_BENEFIT_CHILDBIRTH:
        case CD_BENEFIT_CHILDBIRTH_TAKEOVER:
        case CD_BENEFIT_FATHER_LEAVE:
        case CD_BENEFIT_SURROGACY:
        case CD_BENEFIT_COMMISSIONING_MOTHER:
        case CD_BENEFIT_ADOPTION:
        case CD_BENEFIT_CONTRACEPTION:
        case CD_BENEFIT_LUMP_SUM_FATHER:
        case CD_BENEFIT_VOLUNTARY_MATERNITY:
        case CD_N_BENEFITS:
        default:
          break;
        }
    }

  json_builder_begin_object (builder);
  cd_json_add_string_member (builder, "personal_id", person->personal_id);
  json_builder_set_member_name (builder, "year");
  json_builder_add_int_value (builder, (gint64) year);
  json_builder_set_member_name (builder, "sickness_wd");
  json_builder_add_int_value (builder, sickness_wd);
  json_builder_set_member_name (builder, "sickness_days");
  json_builder_add_int_value (builder, sickness_days);
  json_builder_set_member_name (builder, "recovery_days");
  json_builder_add_int_value (builder, recovery_days);
  json_builder_set_member_name (builder, "child_wd");
  json_builder_begin_object (builder);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, child_wd);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        json_builder_set_member_name (builder, key);
        json_builder_add_int_value (builder, GPOINTER_TO_UINT (value));
      }
  }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  gw_server_respond_json (self->server, msg, SOUP_STATUS_OK, root);
}

static void
handle_insured (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  People *self = user_data;
  g_auto(GStrv) parts = NULL;
  CdWorldPerson person;
  guint n_parts;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      gw_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
      return;
    }
  if (!gw_central_authorize (self->central, msg))
    return;

  /* /central/insured/ID[/contributions|/usage] */
  parts = g_strsplit (path + strlen ("/central/insured/"), "/", -1);
  n_parts = g_strv_length (parts);
  if (n_parts == 0 || n_parts > 2 || !gw_world_find_person (self->world, parts[0], &person))
    {
      gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no insured person with this ID");
      return;
    }

  if (n_parts == 1)
    reply_person (self, msg, &person);
  else if (g_str_equal (parts[1], "contributions"))
    reply_contributions (self, msg, &person, query);
  else if (g_str_equal (parts[1], "usage"))
    reply_usage (self, msg, &person, query);
  else
    gw_reply_error (msg, SOUP_STATUS_NOT_FOUND, "no such resource");
}

void
gw_central_people_register (GwServer  *server,
                            GwCentral *central,
                            GwWorld   *world)
{
  People *self = g_new0 (People, 1);

  self->server = server;
  self->central = central;
  self->world = world;
  soup_server_add_handler (gw_server_get_soup (server), "/central/insured", handle_insured, self,
                           g_free);
}
