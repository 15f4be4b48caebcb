/* cd-format.c — Vietnamese-style numbers, money and dates.
 *
 * Numbers in words follow the reading used on Vietnamese payment documents, fixed here so that the
 * UI, the letters and the tests agree:
 *
 *   - groups of three digits scaled by "nghìn", "triệu", "tỷ"; above "tỷ" the scales repeat
 *     (10^12 = "một nghìn tỷ"), and a group that is all zeros is not read;
 *   - inside a group that is not the leading one, a zero hundreds digit is read "không trăm"
 *     (1.005.000 = "một triệu không trăm lẻ năm nghìn") so the reader never loses a place;
 *   - a zero tens digit before a non-zero unit reads "lẻ" (not "linh"): 105 = "một trăm lẻ năm";
 *   - 10..19 use "mười" (15 = "mười lăm", 14 = "mười bốn", 11 = "mười một");
 *   - after "mươi" (20..99) the unit 1 reads "mốt", 4 reads "tư" and 5 reads "lăm":
 *     21 = "hai mươi mốt", 44 = "bốn mươi tư", 25 = "hai mươi lăm";
 *   - after "lẻ" or on its own a unit keeps its plain name: 4, 104 = "bốn", "một trăm lẻ bốn";
 *   - negative numbers start with "âm".
 */
#include "config.h"

#include "cd-date.h"
#include "cd-format.h"

static const char * const digit_words[] = {
  "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
};

/* Writes the digits of `magnitude` with '.' between groups of three. */
static void
append_grouped (GString *out,
                guint64  magnitude)
{
  char digits[24];
  int length = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);

  for (int i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
}

/* The magnitude of an int64 without the overflow of -G_MININT64. */
static guint64
magnitude_of (gint64 value)
{
  return value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
}

char *
cd_format_integer_vi (gint64 value)
{
  GString *out = g_string_new (NULL);

  if (value < 0)
    g_string_append_c (out, '-');
  append_grouped (out, magnitude_of (value));
  return g_string_free (out, FALSE);
}

char *
cd_format_money_vnd (gint64 amount)
{
  g_autofree char *number = cd_format_integer_vi (amount);

  /* A plain space, not a no-break one: pdftotext, search and copy-paste then see what people type.
   */
  return g_strconcat (number, " ₫", NULL);
}

static void
append_word (GString    *out,
             const char *word)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, word);
}

/* One group of three digits (1..999). `leading` is TRUE for the most significant group of the whole
 * number, where "không trăm" and a bare "lẻ" are not read. */
static void
append_group (GString *out,
              guint    group,
              gboolean leading)
{
  guint hundreds = group / 100;
  guint tens = group / 10 % 10;
  guint units = group % 10;

  g_assert (group > 0 && group < 1000);

  if (hundreds > 0 || !leading)
    {
      append_word (out, digit_words[hundreds]);
      append_word (out, "trăm");
    }

  if (tens == 0)
    {
      if (units == 0)
        return;
      if (hundreds > 0 || !leading)
        append_word (out, "lẻ");
      append_word (out, digit_words[units]);
      return;
    }

  if (tens == 1)
    append_word (out, "mười");
  else
    {
      append_word (out, digit_words[tens]);
      append_word (out, "mươi");
    }

  switch (units)
    {
    case 0:
      break;
    case 1:
      append_word (out, tens == 1 ? "một" : "mốt");
      break;
    case 4:
      append_word (out, tens == 1 ? "bốn" : "tư");
      break;
    case 5:
      append_word (out, "lăm");
      break;
    default:
      append_word (out, digit_words[units]);
      break;
    }
}

/* Reads a magnitude below 10^9 as groups scaled by nghìn and triệu. */
static void
append_below_billion (GString *out,
                      guint64  value,
                      gboolean leading)
{
  static const char * const scales[] = { NULL, "nghìn", "triệu" };
  guint groups[3] = { value % 1000, value / 1000 % 1000, value / 1000000 % 1000 };

  for (int i = 2; i >= 0; i--)
    {
      if (groups[i] == 0)
        continue;
      append_group (out, groups[i], leading);
      leading = FALSE;
      if (scales[i] != NULL)
        append_word (out, scales[i]);
    }
}

/* Numbers of 10^9 and more read as "<words of the high part> tỷ <the rest>", recursively, which is
 * how "một nghìn tỷ" and "một tỷ tỷ" come out. */
static void
append_magnitude (GString *out,
                  guint64  value,
                  gboolean leading)
{
  const guint64 billion = G_GUINT64_CONSTANT (1000000000);

  if (value >= billion)
    {
      append_magnitude (out, value / billion, leading);
      append_word (out, "tỷ");
      if (value % billion != 0)
        append_below_billion (out, value % billion, FALSE);
      return;
    }
  append_below_billion (out, value, leading);
}

char *
cd_format_number_in_words_vi (gint64 value)
{
  GString *out = g_string_new (NULL);

  if (value == 0)
    append_word (out, digit_words[0]);
  else if (value < 0)
    append_word (out, "âm");
  if (value != 0)
    append_magnitude (out, magnitude_of (value), TRUE);
  return g_string_free (out, FALSE);
}

char *
cd_format_money_in_words_vi (gint64 amount)
{
  g_autofree char *words = cd_format_number_in_words_vi (amount);

  return g_strconcat (words, " đồng", NULL);
}

char *
cd_format_quantity_vi (double value)
{
  gint64 hundredths = (gint64) (value * 100 + (value < 0 ? -0.5 : 0.5));
  g_autofree char *whole = cd_format_integer_vi (hundredths / 100);
  guint fraction = (guint) ABS (hundredths % 100);

  if (fraction == 0)
    return g_steal_pointer (&whole);
  if (hundredths < 0 && hundredths / 100 == 0)
    {
      g_free (whole);
      whole = g_strdup ("-0");
    }
  if (fraction % 10 == 0)
    return g_strdup_printf ("%s,%u", whole, fraction / 10);
  return g_strdup_printf ("%s,%02u", whole, fraction);
}

/* YYYY-MM-DD strictly (real calendar dates only). */
static gboolean
parse_iso_date (const char *iso_date,
                guint      *year,
                guint      *month,
                guint      *day)
{
  CdDay parsed;
  int y, m, d;

  if (!cd_date_parse (iso_date, &parsed))
    return FALSE;
  cd_date_to_ymd (parsed, &y, &m, &d);
  *year = (guint) y;
  *month = (guint) m;
  *day = (guint) d;
  return TRUE;
}

char *
cd_format_date_vi (const char *iso_date)
{
  CdDay day;
  char text[11];

  if (!cd_date_parse (iso_date, &day))
    return NULL;
  cd_date_format_display (day, text);
  return g_strdup (text);
}

char *
cd_format_date_long_vi (const char *iso_date)
{
  guint year, month, day;

  if (!parse_iso_date (iso_date, &year, &month, &day))
    return NULL;
  /* Decree 30/2020/NĐ-CP on administrative documents: days below 10 and the months January and
   * February take a leading zero ("ngày 05 tháng 02", but "tháng 3"), so a date cannot be altered
   * by adding a digit in front. */
  return g_strdup_printf ("ngày %02u tháng %s%u năm %04u", day, month < 3 ? "0" : "", month, year);
}

char *
cd_format_date_long_en (const char *iso_date)
{
  static const char * const months[] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  };
  guint year, month, day;

  if (!parse_iso_date (iso_date, &year, &month, &day))
    return NULL;
  return g_strdup_printf ("%u %s %04u", day, months[month - 1], year);
}
