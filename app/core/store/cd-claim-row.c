/* cd-claim-row.c — one line of the claim list. */
#include "config.h"

#include "cd-claim-row.h"

struct _CdClaimRow
{
  GObject       parent_instance;
  gboolean      loaded;
  gint64        id;
  char         *number;
  char         *claimant;
  CdBenefit     benefit;
  char         *period_from;
  char         *period_to;
  gint64        amount;
  CdClaimStatus status;
  char         *officer;
  char          received_on[11];
  CdDay         received_day;   /* what the age counts from */
  int           age_days;
};

G_DEFINE_FINAL_TYPE (CdClaimRow, cd_claim_row, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_LOADED,
  PROP_ID,
  PROP_NUMBER,
  PROP_CLAIMANT,
  PROP_BENEFIT,
  PROP_PERIOD_FROM,
  PROP_PERIOD_TO,
  PROP_AMOUNT,
  PROP_STATUS,
  PROP_OFFICER,
  PROP_RECEIVED_ON,
  PROP_AGE_DAYS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

CdClaimRow *
cd_claim_row_new (void)
{
  return g_object_new (CD_TYPE_CLAIM_ROW, NULL);
}

static int
age_on (CdClaimRow *self,
        CdDay       today)
{
  return MAX (0, today - self->received_day);
}

static void
copy_data (CdClaimRow           *self,
           const CdClaimRowData *data,
           CdDay                 today)
{
  self->id = data->id;
  g_free (self->number);
  self->number = g_strdup (data->number);
  g_free (self->claimant);
  self->claimant = g_strdup (data->claimant);
  self->benefit = data->benefit;
  g_free (self->period_from);
  self->period_from = g_strdup (data->period_from);
  g_free (self->period_to);
  self->period_to = g_strdup (data->period_to);
  self->amount = data->amount;
  self->status = data->status;
  g_free (self->officer);
  self->officer = g_strdup (data->officer);
  g_snprintf (self->received_on, sizeof self->received_on, "%04u-%02u-%02u",
              data->received_on / 10000, data->received_on / 100 % 100, data->received_on % 100);
  self->received_day = cd_date_from_yyyymmdd (data->received_on);
  self->age_days = age_on (self, today);
  self->loaded = TRUE;
}

CdClaimRow *
cd_claim_row_new_filled (const CdClaimRowData *data,
                         CdDay                 today)
{
  CdClaimRow *self = cd_claim_row_new ();

  g_return_val_if_fail (data != NULL, self);
  copy_data (self, data, today);
  return self;
}

void
cd_claim_row_set_data (CdClaimRow           *self,
                       const CdClaimRowData *data,
                       CdDay                 today)
{
  g_return_if_fail (CD_IS_CLAIM_ROW (self));
  g_return_if_fail (data != NULL);

  /* Filled once, when its page arrives: every column changes together, so notify them in one go. */
  g_object_freeze_notify (G_OBJECT (self));
  copy_data (self, data, today);
  for (guint p = PROP_LOADED; p < N_PROPS; p++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[p]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
cd_claim_row_set_today (CdClaimRow *self,
                        CdDay       today)
{
  int age;

  g_return_if_fail (CD_IS_CLAIM_ROW (self));

  if (!self->loaded)
    return;
  age = age_on (self, today);
  if (age == self->age_days)
    return;
  self->age_days = age;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGE_DAYS]);
}

gboolean
cd_claim_row_get_loaded (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), FALSE);
  return self->loaded;
}

gint64
cd_claim_row_get_id (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), 0);
  return self->id;
}

const char *
cd_claim_row_get_number (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), NULL);
  return self->number;
}

const char *
cd_claim_row_get_claimant (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), NULL);
  return self->claimant;
}

CdBenefit
cd_claim_row_get_benefit (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), 0);
  return self->benefit;
}

const char *
cd_claim_row_get_period_from (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), NULL);
  return self->period_from;
}

const char *
cd_claim_row_get_period_to (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), NULL);
  return self->period_to;
}

gint64
cd_claim_row_get_amount (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), 0);
  return self->amount;
}

CdClaimStatus
cd_claim_row_get_status (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), 0);
  return self->status;
}

const char *
cd_claim_row_get_officer (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), NULL);
  return self->officer;
}

const char *
cd_claim_row_get_received_on (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), NULL);
  return self->loaded ? self->received_on : NULL;
}

int
cd_claim_row_get_age_days (CdClaimRow *self)
{
  g_return_val_if_fail (CD_IS_CLAIM_ROW (self), 0);
  return self->age_days;
}

static void
cd_claim_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CdClaimRow *self = CD_CLAIM_ROW (object);

  switch (prop_id)
    {
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_NUMBER: g_value_set_string (value, self->number); break;
    case PROP_CLAIMANT: g_value_set_string (value, self->claimant); break;
    case PROP_BENEFIT:
      g_value_set_string (value, self->loaded ? cd_benefit_to_string (self->benefit) : NULL);
      break;
    case PROP_PERIOD_FROM: g_value_set_string (value, self->period_from); break;
    case PROP_PERIOD_TO: g_value_set_string (value, self->period_to); break;
    case PROP_AMOUNT: g_value_set_int64 (value, self->amount); break;
    case PROP_STATUS:
      g_value_set_string (value, self->loaded ? cd_claim_status_to_string (self->status) : NULL);
      break;
    case PROP_OFFICER: g_value_set_string (value, self->officer); break;
    case PROP_RECEIVED_ON: g_value_set_string (value, cd_claim_row_get_received_on (self)); break;
    case PROP_AGE_DAYS: g_value_set_int (value, self->age_days); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cd_claim_row_finalize (GObject *object)
{
  CdClaimRow *self = CD_CLAIM_ROW (object);

  g_free (self->number);
  g_free (self->claimant);
  g_free (self->period_from);
  g_free (self->period_to);
  g_free (self->officer);

  G_OBJECT_CLASS (cd_claim_row_parent_class)->finalize (object);
}

static void
cd_claim_row_class_init (CdClaimRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = cd_claim_row_get_property;
  object_class->finalize = cd_claim_row_finalize;

  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NUMBER] = g_param_spec_string ("number", NULL, NULL, NULL, flags);
  properties[PROP_CLAIMANT] = g_param_spec_string ("claimant", NULL, NULL, NULL, flags);
  properties[PROP_BENEFIT] = g_param_spec_string ("benefit", NULL, NULL, NULL, flags);
  properties[PROP_PERIOD_FROM] = g_param_spec_string ("period-from", NULL, NULL, NULL, flags);
  properties[PROP_PERIOD_TO] = g_param_spec_string ("period-to", NULL, NULL, NULL, flags);
  properties[PROP_AMOUNT] = g_param_spec_int64 ("amount", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  properties[PROP_OFFICER] = g_param_spec_string ("officer", NULL, NULL, NULL, flags);
  properties[PROP_RECEIVED_ON] = g_param_spec_string ("received-on", NULL, NULL, NULL, flags);
  properties[PROP_AGE_DAYS] = g_param_spec_int ("age-days", NULL, NULL, 0, G_MAXINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cd_claim_row_init (CdClaimRow *self)
{
}
