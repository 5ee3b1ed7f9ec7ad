/* Email on the wire: an outbox row rendered as an RFC 5322 / MIME message,
 * and one SMTP submission of it with libcurl. Rendering depends only on the
 * row and the configuration, so a re-send is byte for byte the same message
 * with the same Message-ID. Internal to src/notify. */
#ifndef MENTORD_MAIL_H
#define MENTORD_MAIL_H
#include <curl/curl.h>
#include "core/arena.h"
#include "notify/notify.h"

/* The message text (CRLF line ends), owned by a. */
char *mail_render(arena_t *a, const notify_config_t *c, const outbox_row_t *o);

typedef enum {
	MAIL_SENT,      /* the server accepted the message (250 after DATA) */
	MAIL_RETRY,     /* a transient failure: connection, timeout, 4xx */
	MAIL_PERMANENT, /* the server refused it for good: 5xx */
} mail_result_t;

/* Submits msg for o->to_addr over the connection cache of curl (an easy
 * handle the caller reuses between messages). err gets a one-line reason. */
mail_result_t mail_send(CURL *curl, const notify_config_t *c, const outbox_row_t *o, const char *msg,
			char *err, size_t errlen);

/* The bare address of mail_from ("a@b" from "Name <a@b>" or "a@b"). */
const char *mail_addr(arena_t *a, const char *from);
/* A new Message-ID value "<random@domain>", domain taken from mail_from. */
char *mail_new_message_id(arena_t *a, const char *from);

#endif
