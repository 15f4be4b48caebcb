/* gw-faults.c — faults on demand for the reference gateway. */
#include "config.h"

#include <errno.h>
#include <sys/socket.h>

#include "gw-faults.h"

#define SLOW_CHUNK_BYTES   256
#define SLOW_CHUNK_GAP_MS  20

struct _GwFaults
{
  GwFaultConfig config;
  GRand        *rand;
  /* Every answer on exactly this path is a 503, whatever the rates: one source fails and the others
   * answer, so a client can be tested for failing one source at a time. NULL: none. */
  char         *fail_path;
  /* Option parsing writes the rates as strings first, so "0.05" parses the same in any locale. */
  char         *option_rates[7];
};

/* The names shared by the flags and the JSON of /_control/faults. */
typedef enum
{
  RATE_ERROR, RATE_RESET, RATE_TRUNCATE, RATE_GARBAGE, RATE_BADSIG, RATE_SLOW, RATE_REFUSE,
} RateField;

static const char * const rate_names[] = {
  "error-rate", "reset-rate", "truncate-rate", "garbage-rate", "badsig-rate", "slow-rate",
  "refuse-rate",
};

static double *
rate_field (GwFaultConfig *config,
            RateField      field)
{
  switch (field)
    {
    case RATE_ERROR: return &config->error_rate;
    case RATE_RESET: return &config->reset_rate;
    case RATE_TRUNCATE: return &config->truncate_rate;
    case RATE_GARBAGE: return &config->garbage_rate;
    case RATE_BADSIG: return &config->badsig_rate;
    case RATE_SLOW: return &config->slow_rate;
    case RATE_REFUSE: return &config->refuse_rate;
    default: g_assert_not_reached ();
    }
}

GwFaults *
gw_faults_new (guint64 seed)
{
  GwFaults *self = g_new0 (GwFaults, 1);
  guint32 words[2] = { (guint32) seed, (guint32) (seed >> 32) };

  self->rand = g_rand_new_with_seed_array (words, 2);
  return self;
}

void
gw_faults_reseed (GwFaults *self,
                  guint64   seed)
{
  guint32 words[2] = { (guint32) seed, (guint32) (seed >> 32) };

  g_rand_set_seed_array (self->rand, words, 2);
}

void
gw_faults_free (GwFaults *self)
{
  if (self == NULL)
    return;
  g_rand_free (self->rand);
  g_free (self->fail_path);
  for (guint i = 0; i < G_N_ELEMENTS (self->option_rates); i++)
    g_free (self->option_rates[i]);
  g_free (self);
}

GOptionGroup *
gw_faults_option_group (GwFaults *self)
{
  GOptionEntry entries[] = {
    { "latency-ms", 0, 0, G_OPTION_ARG_INT, &self->config.latency_ms,
      "Delay before every answer", "MS" },
    { "jitter-ms", 0, 0, G_OPTION_ARG_INT, &self->config.jitter_ms,
      "Random extra delay, 0 to MS", "MS" },
    { "error-rate", 0, 0, G_OPTION_ARG_STRING, &self->option_rates[RATE_ERROR],
      "Share of answers that are HTTP 503", "RATE" },
    { "reset-rate", 0, 0, G_OPTION_ARG_STRING, &self->option_rates[RATE_RESET],
      "Share of connections reset mid-body", "RATE" },
    { "truncate-rate", 0, 0, G_OPTION_ARG_STRING, &self->option_rates[RATE_TRUNCATE],
      "Share of bodies cut short", "RATE" },
    { "garbage-rate", 0, 0, G_OPTION_ARG_STRING, &self->option_rates[RATE_GARBAGE],
      "Share of bodies that are malformed XML/JSON", "RATE" },
    { "badsig-rate", 0, 0, G_OPTION_ARG_STRING, &self->option_rates[RATE_BADSIG],
      "Share of signed documents changed after signing", "RATE" },
    { "slow-rate", 0, 0, G_OPTION_ARG_STRING, &self->option_rates[RATE_SLOW],
      "Share of bodies trickled out slowly", "RATE" },
    { "refuse-rate", 0, 0, G_OPTION_ARG_STRING, &self->option_rates[RATE_REFUSE],
      "Share of decisions the central system refuses", "RATE" },
    { "expire-tokens", 0, 0, G_OPTION_ARG_NONE, &self->config.expire_tokens,
      "Every bearer token is good for one request only", NULL },
    { "fail-path", 0, 0, G_OPTION_ARG_STRING, &self->fail_path,
      "Answer every request on this path with HTTP 503", "PATH" },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("faults", "Faults on demand:", "Show the fault options",
                                            NULL, NULL);

  g_option_group_add_entries (group, entries);
  return group;
}

static gboolean
parse_rate (const char  *name,
            const char  *text,
            double      *out,
            GError     **error)
{
  char *end = NULL;
  double value = g_ascii_strtod (text, &end);

  if (end == text || *end != '\0' || !(value >= 0.0 && value <= 1.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--%s %s: expected a rate between 0 and 1", name, text);
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* Called once the command line is parsed: turns the rate strings into numbers. */
gboolean
gw_faults_validate (GwFaults  *self,
                    GError   **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (rate_names); i++)
    if (self->option_rates[i] != NULL
        && !parse_rate (rate_names[i], self->option_rates[i], rate_field (&self->config, i), error))
      return FALSE;
  if (self->fail_path != NULL && self->fail_path[0] != '/')
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--fail-path %s: expected a path starting with /", self->fail_path);
      return FALSE;
    }
  return TRUE;
}

void
gw_faults_get (GwFaults      *self,
               GwFaultConfig *config)
{
  *config = self->config;
}

/* Accepts "error-rate" and "error_rate" alike; unknown names are an error, so a typo in a test is
 * not silently a fault-free run. Applied only if every member is valid. */
gboolean
gw_faults_update_from_json (GwFaults    *self,
                            JsonObject  *object,
                            GError     **error)
{
  GwFaultConfig config = self->config;
  g_autofree char *fail_path = g_strdup (self->fail_path);
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *name = g_strdelimit (g_strdup (l->data), "_", '-');
      JsonNode *node = json_object_get_member (object, l->data);
      gboolean is_number = JSON_NODE_HOLDS_VALUE (node)
                           && (json_node_get_value_type (node) == G_TYPE_INT64
                               || json_node_get_value_type (node) == G_TYPE_DOUBLE);
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (rate_names); i++)
        if (g_str_equal (name, rate_names[i]))
          {
            double value = is_number ? json_node_get_double (node) : -1;
            if (!(value >= 0.0 && value <= 1.0))
              {
                g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             "%s: expected a number between 0 and 1", name);
                return FALSE;
              }
            *rate_field (&config, i) = value;
            known = TRUE;
          }

      if (g_str_equal (name, "latency-ms") || g_str_equal (name, "jitter-ms"))
        {
          gint64 value = is_number ? json_node_get_int (node) : -1;
          if (value < 0 || value > 600000)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "%s: expected milliseconds between 0 and 600000", name);
              return FALSE;
            }
          if (g_str_equal (name, "latency-ms"))
            config.latency_ms = (guint) value;
          else
            config.jitter_ms = (guint) value;
          known = TRUE;
        }
      else if (g_str_equal (name, "expire-tokens"))
        {
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "expire-tokens: expected true or false");
              return FALSE;
            }
          config.expire_tokens = json_node_get_boolean (node);
          known = TRUE;
        }
      else if (g_str_equal (name, "fail-path"))
        {
          const char *path = JSON_NODE_HOLDS_VALUE (node)
                             && json_node_get_value_type (node) == G_TYPE_STRING
                             ? json_node_get_string (node) : NULL;

          /* "" clears it. */
          if (path == NULL || (path[0] != '\0' && path[0] != '/'))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "fail-path: expected a path starting with /, or \"\" for none");
              return FALSE;
            }
          g_free (fail_path);
          fail_path = path[0] != '\0' ? g_strdup (path) : NULL;
          known = TRUE;
        }

      if (!known)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown fault: %s",
                       (const char *) l->data);
          return FALSE;
        }
    }

  self->config = config;
  g_free (self->fail_path);
  self->fail_path = g_steal_pointer (&fail_path);
  return TRUE;
}

char *
gw_faults_to_json (GwFaults *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "latency-ms");
  json_builder_add_int_value (builder, self->config.latency_ms);
  json_builder_set_member_name (builder, "jitter-ms");
  json_builder_add_int_value (builder, self->config.jitter_ms);
  for (guint i = 0; i < G_N_ELEMENTS (rate_names); i++)
    {
      json_builder_set_member_name (builder, rate_names[i]);
      json_builder_add_double_value (builder, *rate_field (&self->config, i));
    }
  json_builder_set_member_name (builder, "expire-tokens");
  json_builder_add_boolean_value (builder, self->config.expire_tokens);
  json_builder_set_member_name (builder, "fail-path");
  json_builder_add_string_value (builder, self->fail_path != NULL ? self->fail_path : "");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

gboolean
gw_faults_roll (GwFaults *self,
                double    rate)
{
  return rate > 0.0 && g_rand_double (self->rand) < rate;
}

guint
gw_faults_random_int (GwFaults *self,
                      guint     below)
{
  return below == 0 ? 0 : (guint) g_rand_int_range (self->rand, 0, (gint32) below);
}

/* ---- Answering through the faults ------------------------------------------------------------ */

/* Malformed but well framed: the client must notice in its parser, not in HTTP. */
static GBytes *
make_garbage (GBytes     *body,
              GwBodyKind  kind)
{
  gsize length = 0;
  const char *data = g_bytes_get_data (body, &length);
  GString *garbage = g_string_new_len (data, length * 3 / 5);

  if (kind == GW_BODY_JSON)
    g_string_append (garbage, ",,}{\"\x01");
  else
    g_string_append (garbage, "<<</ ><&amp;&bogus;</GIAMDINHHS");
  return g_string_free_to_bytes (garbage);
}

typedef enum
{
  TRANSPORT_NORMAL,
  TRANSPORT_RESET,
  TRANSPORT_TRUNCATE,
  TRANSPORT_SLOW,
} Transport;

typedef struct
{
  SoupServerMessage *msg;
  guint              status;
  char              *content_type;
  GBytes            *body;
  Transport          transport;
  GIOStream         *stream;   /* stolen, for the transport faults */
  gsize              written;
} PendingAnswer;

static void
pending_answer_free (PendingAnswer *answer)
{
  g_clear_object (&answer->msg);
  g_free (answer->content_type);
  g_bytes_unref (answer->body);
  if (answer->stream != NULL)
    g_io_stream_close (answer->stream, NULL, NULL);
  g_clear_object (&answer->stream);
  g_free (answer);
}

static gboolean
write_raw (PendingAnswer *answer,
           const void    *data,
           gsize          length)
{
  GOutputStream *out = g_io_stream_get_output_stream (answer->stream);
  return g_output_stream_write_all (out, data, length, NULL, NULL, NULL);
}

static void
write_raw_head (PendingAnswer *answer)
{
  g_autofree char *head =
    g_strdup_printf ("HTTP/1.1 %u %s\r\nContent-Type: %s\r\nContent-Length: %" G_GSIZE_FORMAT
                     "\r\nConnection: close\r\n\r\n",
                     answer->status, soup_status_get_phrase (answer->status),
                     answer->content_type, g_bytes_get_size (answer->body));
  write_raw (answer, head, strlen (head));
}

/* SO_LINGER with a zero timeout makes close() send a TCP RST instead of a FIN. */
static void
reset_connection (PendingAnswer *answer)
{
  if (G_IS_SOCKET_CONNECTION (answer->stream))
    {
      GSocket *socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (answer->stream));
      struct linger linger = { 1, 0 };

      setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger, sizeof linger);
      g_socket_close (socket, NULL);
    }
}

static gboolean
trickle_next_chunk (gpointer user_data)
{
  PendingAnswer *answer = user_data;
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (answer->body, &length);
  gsize chunk = MIN (SLOW_CHUNK_BYTES, length - answer->written);

  if (chunk == 0 || !write_raw (answer, data + answer->written, chunk))
    return G_SOURCE_REMOVE;
  answer->written += chunk;
  return answer->written < length ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
send_answer (PendingAnswer *answer)
{
  gsize length = 0;
  const guint8 *data = g_bytes_get_data (answer->body, &length);

  switch (answer->transport)
    {
    case TRANSPORT_NORMAL:
      soup_server_message_set_status (answer->msg, answer->status, NULL);
      soup_server_message_set_response (answer->msg, answer->content_type, SOUP_MEMORY_COPY,
                                        (const char *) data, length);
      soup_server_message_unpause (answer->msg);
      pending_answer_free (answer);
      break;

    case TRANSPORT_RESET:
      write_raw_head (answer);
      write_raw (answer, data, length / 2);
      reset_connection (answer);
      pending_answer_free (answer);
      break;

    case TRANSPORT_TRUNCATE:
      write_raw_head (answer);
      write_raw (answer, data, length / 2);
      pending_answer_free (answer);   /* a clean close, short of Content-Length */
      break;

    case TRANSPORT_SLOW:
      write_raw_head (answer);
      g_timeout_add_full (G_PRIORITY_DEFAULT, SLOW_CHUNK_GAP_MS, trickle_next_chunk, answer,
                          (GDestroyNotify) pending_answer_free);
      break;

    default:
      g_assert_not_reached ();
    }
}

static gboolean
send_answer_later (gpointer user_data)
{
  send_answer (user_data);
  return G_SOURCE_REMOVE;
}

void
gw_faults_respond (GwFaults          *self,
                   SoupServerMessage *msg,
                   guint              status,
                   const char        *content_type,
                   GBytes            *body,
                   GwBodyKind         kind)
{
  PendingAnswer *answer = g_new0 (PendingAnswer, 1);
  guint delay = self->config.latency_ms;

  if (self->config.jitter_ms > 0)
    delay += gw_faults_random_int (self, self->config.jitter_ms + 1);

  answer->msg = g_object_ref (msg);
  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = g_bytes_ref (body);
  answer->transport = TRANSPORT_NORMAL;

  /* The failing path first: it fails whatever the rates say. */
  if ((self->fail_path != NULL
       && g_str_equal (g_uri_get_path (soup_server_message_get_uri (msg)), self->fail_path))
      || gw_faults_roll (self, self->config.error_rate))
    {
      static const char unavailable[] = "{\"error\":\"service unavailable (injected fault)\"}";
      g_bytes_unref (answer->body);
      answer->body = g_bytes_new_static (unavailable, sizeof unavailable - 1);
      answer->status = SOUP_STATUS_SERVICE_UNAVAILABLE;
      g_free (answer->content_type);
      answer->content_type = g_strdup ("application/json");
    }
  else
    {
      if (kind != GW_BODY_OTHER && gw_faults_roll (self, self->config.garbage_rate))
        {
          GBytes *garbage = make_garbage (answer->body, kind);
          g_bytes_unref (answer->body);
          answer->body = garbage;
        }
      if (gw_faults_roll (self, self->config.reset_rate))
        answer->transport = TRANSPORT_RESET;
      else if (gw_faults_roll (self, self->config.truncate_rate))
        answer->transport = TRANSPORT_TRUNCATE;
      else if (gw_faults_roll (self, self->config.slow_rate))
        answer->transport = TRANSPORT_SLOW;
    }

  if (answer->transport == TRANSPORT_NORMAL && delay == 0)
    {
      gsize length = 0;
      const char *data = g_bytes_get_data (answer->body, &length);

      soup_server_message_set_status (msg, answer->status, NULL);
      soup_server_message_set_response (msg, answer->content_type, SOUP_MEMORY_COPY, data, length);
      pending_answer_free (answer);
      return;
    }

  if (answer->transport == TRANSPORT_NORMAL)
    soup_server_message_pause (msg);
  else
    answer->stream = soup_server_message_steal_connection (msg);

  if (delay == 0)
    send_answer (answer);
  else
    g_timeout_add (delay, send_answer_later, answer);
}
