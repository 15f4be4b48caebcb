/* cd-moh-tables.c — data-driven readers for XML1/7/8/9/10/11/12/13. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cd-document-error.h"
#include "cd-identifiers.h"
#include "cd-moh-tables.h"
#include "cd-xml-safe.h"

typedef enum
{
  F_TEXT,         /* free text (names, diagnoses) */
  F_TEXT_LIST,    /* `;`-separated free text */
  F_CODE,         /* a short code: digits, letters, . _ - */
  F_DATE,         /* yyyyMMdd, yyyyMMddHHmm or 14 digits */
  F_PERSON_DOC,   /* 12-digit personal ID, 9-digit old ID or passport */
  F_SI_CODE,
  F_CARD_LIST,    /* `;`-separated health-insurance cards */
  F_FACILITY,
  F_ICD,
  F_ICD_LIST,     /* `;`-separated ICD-10 codes */
  F_INT,
  F_FLAG,         /* 1 / 0 */
  F_GENDER,       /* 1 male, 2 female, 3 unknown */
  F_DECIMAL_LIST, /* `;`-separated numbers (birth weights in grams) */
} FieldType;

#define REQUIRED TRUE
#define OPTIONAL FALSE
#define MAX_TEXT 20000
#define MAX_CODE 50

typedef struct
{
  const char *name;
  FieldType   type;
  gboolean    required;
  int         max;  /* F_INT only: the largest accepted value, 0 for none */
} FieldSpec;

typedef struct
{
  CdMohTable       table;
  const char      *code;
  const char      *root;
  const char      *list;        /* the list element under the root, NULL when the root is the record */
  const char      *records[2];  /* accepted record element names */
  const FieldSpec *fields;
} TableSpec;

static const FieldSpec xml1_fields[] = {
  { "MA_LK", F_CODE, REQUIRED, 0 },
  { "STT", F_INT, OPTIONAL, 0 },
  { "MA_BN", F_CODE, OPTIONAL, 0 },
  { "HO_TEN", F_TEXT, REQUIRED, 0 },
  { "SO_CCCD", F_PERSON_DOC, OPTIONAL, 0 },
  { "NGAY_SINH", F_DATE, REQUIRED, 0 },
  { "GIOI_TINH", F_GENDER, OPTIONAL, 0 },
  { "MA_QUOCTICH", F_CODE, OPTIONAL, 0 },
  { "MA_DANTOC", F_CODE, OPTIONAL, 0 },
  { "DIA_CHI", F_TEXT, OPTIONAL, 0 },
  { "MA_THE_BHYT", F_CARD_LIST, OPTIONAL, 0 },
  { "CHAN_DOAN_VAO", F_TEXT, OPTIONAL, 0 },
  { "CHAN_DOAN_RV", F_TEXT, OPTIONAL, 0 },
  { "MA_BENH_CHINH", F_ICD, OPTIONAL, 0 },
  { "MA_BENH_KT", F_ICD_LIST, OPTIONAL, 0 },
  { "MA_PTTT_QT", F_TEXT_LIST, OPTIONAL, 0 },
  { "MA_DOITUONG_KCB", F_CODE, OPTIONAL, 0 },
  { "NGAY_VAO", F_DATE, REQUIRED, 0 },
  { "NGAY_VAO_NOI_TRU", F_DATE, OPTIONAL, 0 },
  { "NGAY_RA", F_DATE, OPTIONAL, 0 },
  { "SO_NGAY_DTRI", F_INT, OPTIONAL, 0 },
  { "KET_QUA_DTRI", F_INT, OPTIONAL, 9 },
  { "MA_LOAI_RV", F_INT, OPTIONAL, 9 },
  { "NGAY_TTOAN", F_DATE, OPTIONAL, 0 },
  { "MA_LOAI_KCB", F_CODE, OPTIONAL, 0 },
  { "MA_KHOA", F_CODE, OPTIONAL, 0 },
  { "MA_CSKCB", F_FACILITY, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml7_fields[] = {
  { "MA_LK", F_CODE, REQUIRED, 0 },
  { "SO_LUU_TRU", F_CODE, OPTIONAL, 0 },
  { "MA_YTE", F_CODE, OPTIONAL, 0 },
  { "MA_KHOA_RV", F_CODE, OPTIONAL, 0 },
  { "NGAY_VAO", F_DATE, REQUIRED, 0 },
  { "NGAY_RA", F_DATE, REQUIRED, 0 },
  { "MA_DINH_CHI_THAI", F_FLAG, OPTIONAL, 0 },
  { "NGUYENNHAN_DINHCHI", F_TEXT, OPTIONAL, 0 },
  { "THOIGIAN_DINHCHI", F_DATE, OPTIONAL, 0 },
  { "TUOI_THAI", F_INT, OPTIONAL, 45 },
  { "CHAN_DOAN_RV", F_TEXT, OPTIONAL, 0 },
  { "PP_DIEUTRI", F_TEXT, OPTIONAL, 0 },
  { "GHI_CHU", F_TEXT, OPTIONAL, 0 },
  { "MA_TTDV", F_CODE, OPTIONAL, 0 },
  { "MA_BS", F_CODE, OPTIONAL, 0 },
  { "TEN_BS", F_TEXT, OPTIONAL, 0 },
  { "NGAY_CT", F_DATE, OPTIONAL, 0 },
  { "MA_CHA", F_CODE, OPTIONAL, 0 },
  { "MA_ME", F_CODE, OPTIONAL, 0 },
  { "MA_THE_TAM", F_CODE, OPTIONAL, 0 },
  { "HO_TEN_CHA", F_TEXT, OPTIONAL, 0 },
  { "HO_TEN_ME", F_TEXT, OPTIONAL, 0 },
  { "SO_NGAY_NGHI", F_INT, OPTIONAL, 0 },
  { "NGOAITRU_TUNGAY", F_DATE, OPTIONAL, 0 },
  { "NGOAITRU_DENNGAY", F_DATE, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml8_fields[] = {
  { "MA_LK", F_CODE, REQUIRED, 0 },
  { "MA_LOAI_KCB", F_CODE, OPTIONAL, 0 },
  { "HO_TEN_CHA", F_TEXT, OPTIONAL, 0 },
  { "HO_TEN_ME", F_TEXT, OPTIONAL, 0 },
  { "NGUOI_GIAM_HO", F_TEXT, OPTIONAL, 0 },
  { "DON_VI", F_TEXT, OPTIONAL, 0 },
  { "NGAY_VAO", F_DATE, REQUIRED, 0 },
  { "NGAY_RA", F_DATE, REQUIRED, 0 },
  { "CHAN_DOAN_VAO", F_TEXT, OPTIONAL, 0 },
  { "CHAN_DOAN_RV", F_TEXT, OPTIONAL, 0 },
  { "QT_BENHLY", F_TEXT, OPTIONAL, 0 },
  { "TOMTAT_KQ", F_TEXT, OPTIONAL, 0 },
  { "PP_DIEUTRI", F_TEXT, OPTIONAL, 0 },
  { "NGAY_SINHCON", F_DATE, OPTIONAL, 0 },
  { "NGAY_CONCHET", F_DATE, OPTIONAL, 0 },
  { "SO_CONCHET", F_INT, OPTIONAL, 20 },
  { "KET_QUA_DTRI", F_INT, OPTIONAL, 9 },
  { "GHI_CHU", F_TEXT, OPTIONAL, 0 },
  { "MA_TTDV", F_CODE, OPTIONAL, 0 },
  { "NGAY_CT", F_DATE, OPTIONAL, 0 },
  { "MA_THE_TAM", F_CODE, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml9_fields[] = {
  { "MA_BHXH_NND", F_SI_CODE, OPTIONAL, 0 },
  { "MA_THE_NND", F_CARD_LIST, OPTIONAL, 0 },
  { "HO_TEN_NND", F_TEXT, REQUIRED, 0 },
  { "NGAYSINH_NND", F_DATE, OPTIONAL, 0 },
  { "MA_DANTOC_NND", F_CODE, OPTIONAL, 0 },
  { "SO_CCCD_NND", F_PERSON_DOC, OPTIONAL, 0 },
  { "NGAYCAP_CCCD_NND", F_DATE, OPTIONAL, 0 },
  { "NOICAP_CCCD_NND", F_TEXT, OPTIONAL, 0 },
  { "NOI_CU_TRU_NND", F_TEXT, OPTIONAL, 0 },
  { "MA_QUOCTICH", F_CODE, OPTIONAL, 0 },
  { "MATINH_CU_TRU", F_CODE, OPTIONAL, 0 },
  { "MAHUYEN_CU_TRU", F_CODE, OPTIONAL, 0 },
  { "MAXA_CU_TRU", F_CODE, OPTIONAL, 0 },
  { "HO_TEN_CHA", F_TEXT, OPTIONAL, 0 },
  { "MA_THE_TAM", F_CODE, OPTIONAL, 0 },
  { "HO_TEN_CON", F_TEXT, OPTIONAL, 0 },
  { "GIOI_TINH_CON", F_GENDER, OPTIONAL, 0 },
  { "SO_CON", F_INT, OPTIONAL, 20 },
  { "LAN_SINH", F_INT, OPTIONAL, 30 },
  { "SO_CON_SONG", F_INT, OPTIONAL, 20 },
  { "CAN_NANG_CON", F_DECIMAL_LIST, OPTIONAL, 0 },
  { "NGAY_SINH_CON", F_DATE, REQUIRED, 0 },
  { "NOI_SINH_CON", F_TEXT, OPTIONAL, 0 },
  { "TINH_TRANG_CON", F_TEXT, OPTIONAL, 0 },
  { "SINHCON_PHAUTHUAT", F_FLAG, OPTIONAL, 0 },
  { "SINHCON_DUOI32TUAN", F_FLAG, OPTIONAL, 0 },
  { "GHI_CHU", F_TEXT, OPTIONAL, 0 },
  { "NGUOI_DO_DE", F_TEXT, OPTIONAL, 0 },
  { "NGUOI_GHI_PHIEU", F_TEXT, OPTIONAL, 0 },
  { "NGAY_CT", F_DATE, OPTIONAL, 0 },
  { "SO", F_CODE, OPTIONAL, 0 },
  { "QUYEN_SO", F_CODE, OPTIONAL, 0 },
  { "MA_TTDV", F_CODE, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml10_fields[] = {
  { "MA_LK", F_CODE, OPTIONAL, 0 },
  { "SO_SERI", F_CODE, REQUIRED, 0 },
  { "SO_CT", F_CODE, REQUIRED, 0 },
  { "SO_NGAY", F_INT, REQUIRED, 366 },
  { "DON_VI", F_TEXT, OPTIONAL, 0 },
  { "CHAN_DOAN_RV", F_TEXT, OPTIONAL, 0 },
  { "TU_NGAY", F_DATE, REQUIRED, 0 },
  { "DEN_NGAY", F_DATE, REQUIRED, 0 },
  { "MA_TTDV", F_CODE, OPTIONAL, 0 },
  { "TEN_BS", F_TEXT, OPTIONAL, 0 },
  { "MA_BS", F_CODE, OPTIONAL, 0 },
  { "NGAY_CT", F_DATE, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml11_fields[] = {
  { "MA_LK", F_CODE, OPTIONAL, 0 },
  { "SO_CT", F_CODE, REQUIRED, 0 },
  { "SO_SERI", F_CODE, REQUIRED, 0 },
  { "SO_KCB", F_CODE, OPTIONAL, 0 },
  { "DON_VI", F_TEXT, OPTIONAL, 0 },
  { "MA_BHXH", F_SI_CODE, OPTIONAL, 0 },
  { "MA_THE_BHYT", F_CARD_LIST, OPTIONAL, 0 },
  { "CHAN_DOAN_RV", F_TEXT, OPTIONAL, 0 },
  { "PP_DIEUTRI", F_TEXT, OPTIONAL, 0 },
  { "MA_DINH_CHI_THAI", F_FLAG, OPTIONAL, 0 },
  { "NGUYENNHAN_DINHCHI", F_TEXT, OPTIONAL, 0 },
  { "TUOI_THAI", F_INT, OPTIONAL, 45 },
  { "SO_NGAY_NGHI", F_INT, REQUIRED, 30 },
  { "TU_NGAY", F_DATE, REQUIRED, 0 },
  { "DEN_NGAY", F_DATE, REQUIRED, 0 },
  { "HO_TEN_CHA", F_TEXT, OPTIONAL, 0 },
  { "HO_TEN_ME", F_TEXT, OPTIONAL, 0 },
  { "MA_TTDV", F_CODE, OPTIONAL, 0 },
  { "MA_BS", F_CODE, OPTIONAL, 0 },
  { "NGAY_CT", F_DATE, OPTIONAL, 0 },
  { "MA_THE_TAM", F_CODE, OPTIONAL, 0 },
  { "MAU_SO", F_CODE, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml12_fields[] = {
  { "NGUOI_CHU_TRI", F_TEXT, OPTIONAL, 0 },
  { "CHUC_VU", F_TEXT, OPTIONAL, 0 },
  { "NGAY_HOP", F_DATE, REQUIRED, 0 },
  { "HO_TEN", F_TEXT, REQUIRED, 0 },
  { "NGAY_SINH", F_DATE, OPTIONAL, 0 },
  { "SO_CCCD", F_PERSON_DOC, OPTIONAL, 0 },
  { "NGAY_CAP_CCCD", F_DATE, OPTIONAL, 0 },
  { "NOI_CAP_CCCD", F_TEXT, OPTIONAL, 0 },
  { "DIA_CHI", F_TEXT, OPTIONAL, 0 },
  { "MA_BHXH", F_SI_CODE, OPTIONAL, 0 },
  { "MA_THE_BHYT", F_CARD_LIST, OPTIONAL, 0 },
  { "NGHE_NGHIEP", F_TEXT, OPTIONAL, 0 },
  { "MA_DOI_TUONG", F_CODE, OPTIONAL, 0 },
  { "KHAM_GIAM_DINH", F_TEXT, OPTIONAL, 0 },
  { "SO_BIEN_BAN", F_CODE, REQUIRED, 0 },
  { "TYLE_TTCT_CU", F_INT, OPTIONAL, 100 },
  { "NGAY_CHUNG_TU", F_DATE, OPTIONAL, 0 },
  { "SO_GIAY_GIOI_THIEU", F_CODE, OPTIONAL, 0 },
  { "NGAY_DE_NGHI", F_DATE, OPTIONAL, 0 },
  { "MA_DONVI", F_CODE, OPTIONAL, 0 },
  { "KET_QUA_KHAM", F_TEXT, OPTIONAL, 0 },
  { "TYLE_TTCT_MOI", F_INT, OPTIONAL, 100 },
  { "TONG_TYLE_TTCT", F_INT, OPTIONAL, 100 },
  { "DE_NGHI", F_TEXT, OPTIONAL, 0 },
  { "DUOC_XACDINH", F_TEXT, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml13_fields[] = {
  { "MA_LK", F_CODE, REQUIRED, 0 },
  { "SO_HOSO", F_CODE, OPTIONAL, 0 },
  { "SO_CHUYENTUYEN", F_CODE, REQUIRED, 0 },
  { "GIAY_CHUYEN_TUYEN", F_CODE, OPTIONAL, 0 },
  { "MA_CSKCB", F_FACILITY, OPTIONAL, 0 },
  { "MA_NOI_DI", F_FACILITY, OPTIONAL, 0 },
  { "MA_NOI_DEN", F_FACILITY, OPTIONAL, 0 },
  { "HO_TEN", F_TEXT, REQUIRED, 0 },
  { "NGAY_SINH", F_DATE, OPTIONAL, 0 },
  { "GIOI_TINH", F_GENDER, OPTIONAL, 0 },
  { "DIA_CHI", F_TEXT, OPTIONAL, 0 },
  { "MA_THE_BHYT", F_CARD_LIST, OPTIONAL, 0 },
  { "GT_THE_DEN", F_DATE, OPTIONAL, 0 },
  { "NGAY_VAO", F_DATE, OPTIONAL, 0 },
  { "NGAY_VAO_NOI_TRU", F_DATE, OPTIONAL, 0 },
  { "NGAY_RA", F_DATE, OPTIONAL, 0 },
  { "DAU_HIEU_LS", F_TEXT, OPTIONAL, 0 },
  { "CHAN_DOAN_RV", F_TEXT, OPTIONAL, 0 },
  { "QT_BENHLY", F_TEXT, OPTIONAL, 0 },
  { "TOMTAT_KQ", F_TEXT, OPTIONAL, 0 },
  { "PP_DIEUTRI", F_TEXT, OPTIONAL, 0 },
  { "MA_BENH_CHINH", F_ICD, OPTIONAL, 0 },
  { "MA_BENH_KT", F_ICD_LIST, OPTIONAL, 0 },
  { "MA_LOAI_RV", F_INT, OPTIONAL, 9 },
  { "MA_LYDO_CT", F_CODE, OPTIONAL, 0 },
  { "HUONG_DIEU_TRI", F_TEXT, OPTIONAL, 0 },
  { "PHUONGTIEN_VC", F_TEXT, OPTIONAL, 0 },
  { "HOTEN_NGUOI_HT", F_TEXT, OPTIONAL, 0 },
  { "MA_BAC_SI", F_CODE, OPTIONAL, 0 },
  { "MA_TTDV", F_CODE, OPTIONAL, 0 },
  { "GHI_CHU", F_TEXT, OPTIONAL, 0 },
  { NULL }
};

static const TableSpec tables[] = {
  { CD_MOH_TABLE_XML1, "XML1", "TONG_HOP", NULL, { NULL, NULL }, xml1_fields },
  { CD_MOH_TABLE_XML7, "XML7", "CHI_TIEU_DU_LIEU_GIAY_RA_VIEN", NULL, { NULL, NULL }, xml7_fields },
  { CD_MOH_TABLE_XML8, "XML8", "CHI_TIEU_DU_LIEU_TOM_TAT_HO_SO_BENH_AN", NULL, { NULL, NULL },
    xml8_fields },
  { CD_MOH_TABLE_XML9, "XML9", "CHI_TIEU_DU_LIEU_GIAY_CHUNG_SINH", "DSACH_GIAYCHUNGSINH",
    { "DU_LIEU_GIAY_CHUNG_SINH", NULL }, xml9_fields },
  { CD_MOH_TABLE_XML10, "XML10", "CHI_TIEU_DU_LIEU_GIAY_NGHI_DUONG_THAI", NULL, { NULL, NULL },
    xml10_fields },
  { CD_MOH_TABLE_XML11, "XML11",
    "CHI_TIEU_DU_LIEU_GIAY_CHUNG_NHAN_NGHI_VIEC_HUONG_BAO_HIEM_XA_HOI", NULL, { NULL, NULL },
    xml11_fields },
  { CD_MOH_TABLE_XML12, "XML12", "CHI_TIEU_GIAM_DINH_YKHOA", "DSACH_GIAM_DINH_YKHOA",
    { "GIAM_DINH_YKHOA", "GIAM_DINH_Y_KHOA" }, xml12_fields },
  { CD_MOH_TABLE_XML13, "XML13", "CHI_TIEU_GIAYCHUYENTUYEN", NULL, { NULL, NULL }, xml13_fields },
};

static const TableSpec *
spec_for (CdMohTable table)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    if (tables[i].table == table)
      return &tables[i];
  return NULL;
}

CdMohTable
cd_moh_table_from_code (const char *code)
{
  for (guint i = 0; code != NULL && i < G_N_ELEMENTS (tables); i++)
    if (g_ascii_strcasecmp (tables[i].code, code) == 0)
      return tables[i].table;
  return CD_MOH_TABLE_UNKNOWN;
}

CdMohTable
cd_moh_table_from_root (const char *root_local_name)
{
  for (guint i = 0; root_local_name != NULL && i < G_N_ELEMENTS (tables); i++)
    if (strcmp (tables[i].root, root_local_name) == 0)
      return tables[i].table;
  return CD_MOH_TABLE_UNKNOWN;
}

const char *
cd_moh_table_to_code (CdMohTable table)
{
  const TableSpec *spec = spec_for (table);

  return spec != NULL ? spec->code : "unknown";
}

static gboolean
invalid (GError     **error,
         const char  *text,
         const char  *rule)
{
  g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
               _("“%s” is not valid: %s"), text, rule);
  return FALSE;
}

static gboolean
check_code (const char  *text,
            GError     **error)
{
  if (strlen (text) > MAX_CODE)
    return invalid (error, text, _("a code is at most 50 characters"));
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._-/", *p) == NULL)
      return invalid (error, text, _("a code has only letters, digits and . _ - /"));
  return TRUE;
}

/* Splits a `;`-separated multi-value, dropping empty items, each checked by `check`. */
static JsonNode *
read_list (const char  *text,
           gboolean   (*check) (const char *item, GError **error),
           GError     **error)
{
  g_auto(GStrv) items = g_strsplit (text, ";", -1);
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_strstrip (items[i]);
      if (items[i][0] == '\0')
        continue;
      if (check != NULL && !check (items[i], error))
        return NULL;
      json_array_add_string_element (array, items[i]);
    }
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

static gboolean
check_decimal (const char  *item,
               GError     **error)
{
  gboolean dot = FALSE;
  gsize length = strlen (item);

  if (length == 0 || length > 12)
    return invalid (error, item, _("expected a number"));
  for (const char *p = item; *p != '\0'; p++)
    {
      if (*p == '.' && !dot && p != item && p[1] != '\0')
        dot = TRUE;
      else if (!g_ascii_isdigit (*p))
        return invalid (error, item, _("expected a number"));
    }
  return TRUE;
}

static JsonNode *
read_value (const FieldSpec  *field,
            const char       *text,
            GError          **error)
{
  switch (field->type)
    {
    case F_TEXT:
      if (g_utf8_strlen (text, -1) > MAX_TEXT)
        {
          invalid (error, "…", _("the text is longer than 20000 characters"));
          return NULL;
        }
      return json_node_init_string (json_node_alloc (), text);

    case F_TEXT_LIST:
      return read_list (text, NULL, error);

    case F_CODE:
      return check_code (text, error) ? json_node_init_string (json_node_alloc (), text) : NULL;

    case F_DATE:
      {
        CdPartialDate date;
        g_autofree char *iso = NULL;

        if (!cd_date_parse_compact (text, &date, error))
          return NULL;
        iso = cd_partial_date_to_iso (&date);
        return json_node_init_string (json_node_alloc (), iso);
      }

    case F_PERSON_DOC:
      if (!cd_identifier_check_person_doc (text, NULL, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);

    case F_SI_CODE:
      if (!cd_identifier_check_si_code (text, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);

    case F_CARD_LIST:
      return read_list (text, cd_identifier_check_health_card, error);

    case F_FACILITY:
      if (!cd_identifier_check_facility (text, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);

    case F_ICD:
      if (!cd_identifier_check_icd10 (text, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);

    case F_ICD_LIST:
      return read_list (text, cd_identifier_check_icd10, error);

    case F_INT:
      {
        guint64 value = 0;

        if (strlen (text) > 9 || !g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT, &value, NULL))
          {
            invalid (error, text, _("expected a whole number"));
            return NULL;
          }
        if (field->max > 0 && value > (guint64) field->max)
          {
            g_autofree char *rule = g_strdup_printf (_("at most %d"), field->max);
            invalid (error, text, rule);
            return NULL;
          }
        return json_node_init_int (json_node_alloc (), (gint64) value);
      }

    case F_FLAG:
      if (strcmp (text, "0") != 0 && strcmp (text, "1") != 0)
        {
          invalid (error, text, _("expected 1 or 0"));
          return NULL;
        }
      return json_node_init_boolean (json_node_alloc (), text[0] == '1');

    case F_GENDER:
      if (strcmp (text, "1") == 0)
        return json_node_init_string (json_node_alloc (), "male");
      if (strcmp (text, "2") == 0)
        return json_node_init_string (json_node_alloc (), "female");
      if (strcmp (text, "3") == 0)
        return json_node_init_string (json_node_alloc (), "unknown");
      invalid (error, text, _("expected 1 (male), 2 (female) or 3 (unknown)"));
      return NULL;

    case F_DECIMAL_LIST:
      {
        g_auto(GStrv) items = g_strsplit (text, ";", -1);
        g_autoptr(JsonArray) array = json_array_new ();
        JsonNode *node;

        for (guint i = 0; items[i] != NULL; i++)
          {
            g_strstrip (items[i]);
            if (items[i][0] == '\0')
              continue;
            if (!check_decimal (items[i], error))
              return NULL;
            json_array_add_double_element (array, g_ascii_strtod (items[i], NULL));
          }
        node = json_node_new (JSON_NODE_ARRAY);
        json_node_set_array (node, array);
        return node;
      }

    default:
      g_assert_not_reached ();
    }
}

static const FieldSpec *
find_field (const TableSpec *spec,
            const char      *name)
{
  for (const FieldSpec *field = spec->fields; field->name != NULL; field++)
    if (strcmp (field->name, name) == 0)
      return field;
  return NULL;
}

static JsonObject *
read_record (const TableSpec  *spec,
             xmlNodePtr        record,
             GError          **error)
{
  g_autoptr(JsonObject) object = json_object_new ();

  for (xmlNodePtr child = cd_xml_first_child_element (record); child != NULL;
       child = cd_xml_next_element (child))
    {
      const char *name = (const char *) child->name;
      const FieldSpec *field = find_field (spec, name);
      g_autofree char *text = NULL;
      JsonNode *value;

      if (field == NULL)
        continue;  /* the tables carry many fields claims do not need */
      if (json_object_has_member (object, name))
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("%s appears twice"), name);
          return NULL;
        }
      text = cd_xml_node_text (child);
      if (text == NULL)
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_INVALID_FIELD,
                       _("%s holds elements instead of a value"), name);
          return NULL;
        }
      if (text[0] == '\0')
        continue;  /* empty and self-closed mean absent */
      value = read_value (field, text, error);
      if (value == NULL)
        {
          g_prefix_error (error, "%s: ", name);
          return NULL;
        }
      json_object_set_member (object, name, value);
    }

  for (const FieldSpec *field = spec->fields; field->name != NULL; field++)
    if (field->required && !json_object_has_member (object, field->name))
      {
        g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                     _("the required field %s is missing or empty"), field->name);
        return NULL;
      }
  return g_steal_pointer (&object);
}

static gboolean
is_record (const TableSpec *spec,
           xmlNodePtr       node)
{
  return cd_xml_node_is (node, spec->records[0])
         || (spec->records[1] != NULL && cd_xml_node_is (node, spec->records[1]));
}

JsonNode *
cd_moh_table_read (CdMohTable   table,
                   xmlDocPtr    doc,
                   const char  *source,
                   GError     **error)
{
  const TableSpec *spec = spec_for (table);
  g_autoptr(JsonArray) records = json_array_new ();
  g_autoptr(JsonObject) result = json_object_new ();
  xmlNodePtr root;
  JsonNode *node;

  g_return_val_if_fail (spec != NULL, NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  if (source == NULL)
    source = "document";
  root = xmlDocGetRootElement (doc);
  if (!cd_xml_node_is (root, spec->root))
    {
      g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_ROOT,
                   _("%s: expected a %s document with root %s, found %s"), source, spec->code,
                   spec->root, root != NULL ? (const char *) root->name : "nothing");
      return NULL;
    }

  if (spec->list == NULL)
    {
      JsonObject *record = read_record (spec, root, error);

      if (record == NULL)
        {
          g_prefix_error (error, "%s: %s: ", source, spec->code);
          return NULL;
        }
      json_array_add_object_element (records, record);
    }
  else
    {
      /* Records sit in the list element; tolerate them directly under the root too. */
      xmlNodePtr list = cd_xml_find_child (root, spec->list);
      xmlNodePtr parent = list != NULL ? list : root;
      guint index = 0;

      for (xmlNodePtr child = cd_xml_first_child_element (parent); child != NULL;
           child = cd_xml_next_element (child))
        {
          JsonObject *record;

          if (!is_record (spec, child))
            continue;
          index++;
          record = read_record (spec, child, error);
          if (record == NULL)
            {
              g_prefix_error (error, _("%s: %s record %u: "), source, spec->code, index);
              return NULL;
            }
          json_array_add_object_element (records, record);
        }
      /* An empty assessment list means the council never sat for this person: a valid answer.
       * Any other table without its record is broken. */
      if (index == 0 && !g_str_equal (spec->code, "XML12"))
        {
          g_set_error (error, CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_MISSING_FIELD,
                       _("%s: %s has no %s record"), source, spec->code, spec->records[0]);
          return NULL;
        }
    }

  json_object_set_string_member (result, "table", spec->code);
  json_object_set_string_member (result, "root", spec->root);
  json_object_set_array_member (result, "records", g_steal_pointer (&records));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, result);
  return node;
}

JsonNode *
cd_moh_table_parse (CdMohTable   table,
                    const char  *data,
                    gsize        length,
                    const char  *source,
                    GError     **error)
{
  g_autoptr(xmlDoc) doc = cd_xml_safe_parse (data, length, source, NULL, error);

  if (doc == NULL)
    return NULL;
  return cd_moh_table_read (table, doc, source, error);
}
