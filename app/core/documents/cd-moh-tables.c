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
  F_CODE_LIST,    /* `;`-separated codes (departments: K01;K27) */
  F_DATE,         /* yyyyMMdd, yyyyMMddHHmm or 14 digits */
  F_PERSON_DOC,   /* 12-digit personal ID, 9-digit old ID or passport */
  F_SI_CODE,
  F_CARD_LIST,    /* `;`-separated health-insurance cards (or the holder's 10-digit SI code) */
  F_FACILITY,
  F_ICD,          /* ICD-10, with the dagger or asterisk mark when the MoH list gives one */
  F_ICD_LIST,     /* `;`-separated ICD-10 codes */
  F_INT,
  F_FLAG,         /* 1 / 0 */
  F_GENDER,       /* 1 male, 2 female, 3 unknown */
  F_DECIMAL_LIST, /* `;`-separated numbers (birth weights in grams) */
  F_TEMP_CARD,    /* a newborn's temporary card: hospitals write the birth certificate's serial */
  F_FORM_NUMBER,  /* a code written into the form's dotted blank: ".........1.........." */
  F_CODE_LABEL,   /* a code, possibly followed by its label: "1. Đủ điều kiện chuyển tuyến" */
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
  { "MA_KHOA", F_CODE_LIST, OPTIONAL, 0 },
  { "MA_CSKCB", F_FACILITY, OPTIONAL, 0 },
  { NULL }
};

static const FieldSpec xml7_fields[] = {
  { "MA_LK", F_CODE, REQUIRED, 0 },
  { "SO_LUU_TRU", F_CODE, OPTIONAL, 0 },
  { "MA_YTE", F_CODE, OPTIONAL, 0 },
  { "MA_KHOA_RV", F_CODE_LIST, OPTIONAL, 0 },
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
  { "MA_LK", F_CODE, OPTIONAL, 0 },  /* the episode's key: ties a certificate fetched alone to it */
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
  { "MA_THE_TAM", F_TEMP_CARD, OPTIONAL, 0 },
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
  /* As written on the paper form: "120. GCS.94170.26", "Quyển số: 01". */
  { "SO", F_TEXT, OPTIONAL, 0 },
  { "QUYEN_SO", F_TEXT, OPTIONAL, 0 },
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
  /* Printed from a template: often left blank (dots only), so not required. */
  { "SO_CHUYENTUYEN", F_FORM_NUMBER, OPTIONAL, 0 },
  /* The paper's number as written, often the form's blank template ("Số: …… / 20 …"). */
  { "GIAY_CHUYEN_TUYEN", F_TEXT, OPTIONAL, 0 },
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
  { "MA_LYDO_CT", F_CODE_LABEL, OPTIONAL, 0 },
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

/* The export's other tables, by root: kept uninterpreted in an envelope, named when sent alone. */
static const struct
{
  const char *code;
  const char *root;
  const char *what;
} unused_tables[] = {
  { "XML2", "CHITIEU_CHITIET_THUOC", N_("drugs") },
  { "XML3", "CHITIEU_CHITIET_DVKT_VTYT", N_("services and medical supplies") },
  { "XML4", "CHITIEU_CHITIET_DICHVUCANLAMSANG", N_("paraclinical results") },
  { "XML5", "CHITIEU_CHITIET_DIENBIENLAMSANG", N_("clinical course") },
  { "XML6", "CHI_TIEU_HO_SO_BENH_AN_CHAM_SOC_VA_DIEU_TRI_HIV_AIDS", N_("HIV/AIDS care") },
  { "XML14", "CHI_TIEU_GIAYHEN_KHAMLAI", N_("appointment for a follow-up visit") },
  { "XML15", "CHI_TIEU_DIEUTRI_BENHLAO", N_("tuberculosis treatment") },
};

gboolean
cd_moh_table_describe_unused (const char  *root_local_name,
                              const char **code,
                              const char **what)
{
  for (guint i = 0; root_local_name != NULL && i < G_N_ELEMENTS (unused_tables); i++)
    if (strcmp (unused_tables[i].root, root_local_name) == 0)
      {
        *code = unused_tables[i].code;
        *what = _(unused_tables[i].what);
        return TRUE;
      }
  return FALSE;
}

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

/* A card field holds a 15-character card, or, on the cards issued since the card number became the
 * holder's social-insurance code, those 10 digits alone. */
static gboolean
check_card (const char  *item,
            GError     **error)
{
  if (strlen (item) == 10 && cd_identifier_check_si_code (item, NULL))
    return TRUE;
  return cd_identifier_check_health_card (item, error);
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
    case F_TEMP_CARD:
    case F_FORM_NUMBER:
    case F_CODE_LABEL:
      return check_code (text, error) ? json_node_init_string (json_node_alloc (), text) : NULL;

    case F_CODE_LIST:
      return read_list (text, check_code, error);

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
      return read_list (text, check_card, error);

    case F_FACILITY:
      if (!cd_identifier_check_facility (text, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);

    case F_ICD:
      if (!cd_identifier_check_icd10_marked (text, error))
        return NULL;
      return json_node_init_string (json_node_alloc (), text);

    case F_ICD_LIST:
      return read_list (text, cd_identifier_check_icd10_marked, error);

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

/* What one table's reading found: every problem (the table is refused if there is one) and every
 * value read leniently (kept in "notes" so that nobody wonders where it went). */
typedef struct
{
  const TableSpec *spec;
  guint            record;    /* 1-based in list tables; 0 when the root is the record */
  JsonArray       *problems;
  JsonArray       *notes;
  gboolean         invalid;   /* a problem other than a required field missing */
} Reading;

static JsonObject *
entry_new (Reading    *reading,
           const char *field,
           const char *value)
{
  JsonObject *entry = json_object_new ();

  if (reading->record > 0)
    json_object_set_int_member (entry, "record", reading->record);
  if (field != NULL)
    json_object_set_string_member (entry, "field", field);
  if (value != NULL)
    json_object_set_string_member (entry, "value", value);
  return entry;
}

static void
add_problem (Reading    *reading,
             const char *field,
             const char *value,
             const char *reason)
{
  JsonObject *problem = entry_new (reading, field, value);

  reading->invalid = TRUE;
  json_object_set_string_member (problem, "reason", reason);
  json_array_add_object_element (reading->problems, problem);
}

/* `read_as`: "placeholder" (read as absent), "remark" (a note where a number belongs: read as
 * absent), "certificate-serial" (a birth certificate's serial in the temporary-card field, moved
 * to SO when that is empty), "filled-template" (the code written into a dotted blank, kept without
 * the dots), "code-with-label" (a list code written with its label, kept without it). */
static void
add_note (Reading    *reading,
          const char *field,
          const char *value,
          const char *read_as)
{
  JsonObject *note = entry_new (reading, field, value);

  json_object_set_string_member (note, "read_as", read_as);
  json_array_add_object_element (reading->notes, note);
}

/* What the forms print in a box left blank: dots, dashes, or a program's literal null. */
static gboolean
is_placeholder (const char *text)
{
  if (g_ascii_strcasecmp (text, "null") == 0)
    return TRUE;
  return strspn (text, ".-_/ ") == strlen (text);
}

/* "(tự link trong hồ sơ sơ sinh)": a note written where a number belongs. One with a digit in it,
 * "(2)", may be the number itself: not a remark, so it is refused rather than dropped. */
static gboolean
is_remark (const char *text)
{
  gsize length = strlen (text);

  return length >= 2 && text[0] == '(' && text[length - 1] == ')'
         && strpbrk (text, "0123456789") == NULL;
}

/* A birth certificate's serial as the hospitals write it: an optional number, ASCII dots and
 * spaces, then the book "GCS.<facility>.<year>": "120. GCS.94170.26", "......... GCS.94170.26". */
static gboolean
is_certificate_serial (const char *text)
{
  const char *book = strstr (text, "GCS.");

  if (book == NULL || strspn (text, "0123456789. ") != (gsize) (book - text))
    return FALSE;
  for (const char *p = book + 4; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.')
      return FALSE;
  return book[4] != '\0';
}

/* ".........1..........." → "1": what was written into the dotted blank. */
static char *
form_number (const char *text)
{
  gsize start = strspn (text, ". ");
  gsize end = strlen (text);

  while (end > start && (text[end - 1] == '.' || text[end - 1] == ' '))
    end--;
  return g_strndup (text + start, end - start);
}

/* "1. Đủ điều kiện chuyển tuyến" → "1": the code of a list item written with its label. */
static char *
labelled_code (const char *text)
{
  const char *dot = strstr (text, ". ");

  if (dot == NULL || dot == text)
    return NULL;
  return g_strndup (text, dot - text);
}

static gboolean
has_problem (Reading    *reading,
             guint       from,
             const char *field)
{
  for (guint i = from; i < json_array_get_length (reading->problems); i++)
    if (g_strcmp0 (json_object_get_string_member_with_default (
                     json_array_get_object_element (reading->problems, i), "field", NULL),
                   field) == 0)
      return TRUE;
  return FALSE;
}

static JsonObject *
read_record (Reading    *reading,
             xmlNodePtr  record)
{
  const TableSpec *spec = reading->spec;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint problems_before = json_array_get_length (reading->problems);
  g_autofree char *serial = NULL;

  for (xmlNodePtr child = cd_xml_first_child_element (record); child != NULL;
       child = cd_xml_next_element (child))
    {
      const char *name = (const char *) child->name;
      const FieldSpec *field = find_field (spec, name);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *text = NULL;
      JsonNode *value;

      if (field == NULL)
        continue;  /* the tables carry many fields claims do not need */
      if (!g_hash_table_add (seen, (gpointer) field->name))
        {
          add_problem (reading, name, NULL, _("appears twice"));
          continue;
        }
      text = cd_xml_node_text (child);
      if (text == NULL)
        {
          add_problem (reading, name, NULL, _("holds elements instead of a value"));
          continue;
        }
      if (text[0] == '\0')
        continue;  /* empty and self-closed mean absent */
      if (field->required && is_placeholder (text))
        {
          gboolean invalid = reading->invalid;

          /* Missing, as far as the error code goes: nothing was written in it. */
          add_problem (reading, name, text, _("a required field holds only a placeholder"));
          reading->invalid = invalid;
          continue;
        }
      if (is_placeholder (text))
        {
          add_note (reading, name, text, "placeholder");
          continue;
        }
      if (field->type == F_INT && !field->required && is_remark (text))
        {
          add_note (reading, name, text, "remark");
          continue;
        }
      if (field->type == F_TEMP_CARD && is_certificate_serial (text))
        {
          add_note (reading, name, text, "certificate-serial");
          serial = g_strdup (text);
          continue;
        }
      if (field->type == F_FORM_NUMBER || field->type == F_CODE_LABEL)
        {
          g_autofree char *code = field->type == F_FORM_NUMBER ? form_number (text)
                                                               : labelled_code (text);

          if (code != NULL && !g_str_equal (code, text) && check_code (code, NULL))
            {
              add_note (reading, name, text,
                        field->type == F_FORM_NUMBER ? "filled-template" : "code-with-label");
              json_object_set_string_member (object, name, code);
              continue;
            }
        }
      value = read_value (field, text, &local_error);
      if (value == NULL)
        {
          add_problem (reading, name, text, local_error->message);
          continue;
        }
      json_object_set_member (object, name, value);
    }

  /* Required fields neither read nor already reported (absent, empty or self-closed). */
  for (const FieldSpec *field = spec->fields; field->name != NULL; field++)
    if (field->required && !json_object_has_member (object, field->name)
        && !has_problem (reading, problems_before, field->name))
      {
        gboolean invalid = reading->invalid;

        add_problem (reading, field->name, NULL, _("the required field is missing or empty"));
        reading->invalid = invalid;
      }

  /* The serial belongs in SO; moved there when the hospital left SO empty. */
  if (serial != NULL && find_field (spec, "SO") != NULL && !json_object_has_member (object, "SO"))
    json_object_set_string_member (object, "SO", serial);

  if (json_array_get_length (reading->problems) > problems_before)
    return NULL;
  return g_steal_pointer (&object);
}

static gboolean
is_record (const TableSpec *spec,
           xmlNodePtr       node)
{
  return cd_xml_node_is (node, spec->records[0])
         || (spec->records[1] != NULL && cd_xml_node_is (node, spec->records[1]));
}

/* "XML9: record 1: MA_THE_TAM: “…” is not valid: …; SO_CON: …": every problem, in order. */
static char *
describe_problems (const TableSpec *spec,
                   JsonArray       *problems)
{
  GString *text = g_string_new (spec->code);
  gint64 last_record = 0;

  for (guint i = 0; i < json_array_get_length (problems); i++)
    {
      JsonObject *problem = json_array_get_object_element (problems, i);
      gint64 record = json_object_get_int_member_with_default (problem, "record", 0);
      const char *field = json_object_get_string_member_with_default (problem, "field", NULL);

      g_string_append (text, i == 0 ? ": " : "; ");
      if (record > 0 && record != last_record)
        g_string_append_printf (text, _("record %u: "), (guint) record);
      last_record = record;
      if (field != NULL)
        g_string_append_printf (text, "%s: ", field);
      g_string_append (text, json_object_get_string_member (problem, "reason"));
    }
  return g_string_free (text, FALSE);
}

JsonNode *
cd_moh_table_read_element (CdMohTable   table,
                           xmlNodePtr   root,
                           const char  *source,
                           JsonArray  **problems,
                           GError     **error)
{
  const TableSpec *spec = spec_for (table);
  g_autoptr(JsonArray) records = json_array_new ();
  g_autoptr(JsonArray) found = json_array_new ();
  g_autoptr(JsonArray) notes = json_array_new ();
  g_autoptr(JsonObject) result = json_object_new ();
  Reading reading = { spec, 0, found, notes, FALSE };
  JsonNode *node;

  g_return_val_if_fail (spec != NULL, NULL);

  if (source == NULL)
    source = "document";
  if (!cd_xml_node_is (root, spec->root))
    {
      GError *wrong_root = g_error_new (CD_DOCUMENT_ERROR, CD_DOCUMENT_ERROR_WRONG_ROOT,
                                        _("%s: expected a %s document with root %s, found %s"),
                                        source, spec->code, spec->root,
                                        root != NULL ? (const char *) root->name : "nothing");

      if (problems != NULL)
        {
          add_problem (&reading, NULL, NULL, wrong_root->message);
          *problems = g_steal_pointer (&found);
        }
      g_propagate_error (error, wrong_root);
      return NULL;
    }

  if (spec->list == NULL)
    {
      JsonObject *record = read_record (&reading, root);

      if (record != NULL)
        json_array_add_object_element (records, record);
    }
  else
    {
      /* Records sit in the list element; tolerate them directly under the root too. An empty
       * list is an answer ("no birth certificate", "the council never sat"), not a fault:
       * hospital systems send every table of an episode, the empty ones too. */
      xmlNodePtr list = cd_xml_find_child (root, spec->list);
      xmlNodePtr parent = list != NULL ? list : root;
      xmlNodePtr other = NULL;

      for (xmlNodePtr child = cd_xml_first_child_element (parent); child != NULL;
           child = cd_xml_next_element (child))
        {
          JsonObject *record;

          if (!is_record (spec, child))
            {
              if (other == NULL && child != list)
                other = child;
              continue;
            }
          reading.record++;
          record = read_record (&reading, child);
          if (record != NULL)
            json_array_add_object_element (records, record);
        }
      /* Elements but none a record: a vendor's other record name, not an empty list. Read as
       * "no birth certificate" it would hide one. */
      if (reading.record == 0 && other != NULL)
        {
          g_autofree char *reason = g_strdup_printf (_("holds %s where %s records belong"),
                                                     (const char *) other->name,
                                                     spec->records[0]);

          add_problem (&reading, NULL, NULL, reason);
        }
    }

  if (json_array_get_length (found) > 0)
    {
      g_autofree char *text = describe_problems (spec, found);

      g_set_error (error, CD_DOCUMENT_ERROR,
                   reading.invalid ? CD_DOCUMENT_ERROR_INVALID_FIELD
                                   : CD_DOCUMENT_ERROR_MISSING_FIELD,
                   "%s: %s", source, text);
      if (problems != NULL)
        *problems = g_steal_pointer (&found);
      return NULL;
    }

  json_object_set_string_member (result, "table", spec->code);
  json_object_set_string_member (result, "root", spec->root);
  json_object_set_array_member (result, "records", g_steal_pointer (&records));
  if (json_array_get_length (notes) > 0)
    json_object_set_array_member (result, "notes", g_steal_pointer (&notes));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, result);
  return node;
}

JsonNode *
cd_moh_table_read (CdMohTable   table,
                   xmlDocPtr    doc,
                   const char  *source,
                   GError     **error)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return cd_moh_table_read_element (table, xmlDocGetRootElement (doc), source, NULL, error);
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
