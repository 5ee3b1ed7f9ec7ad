/* A QR code as the parts of an inline SVG (libqrencode): the enrolment page
 * of two-factor sign-in shows the otpauth:// URI this way. The template
 * writes the <svg> element from these values (the engine escapes every
 * value, and the page's CSP forbids inline style: presentation attributes
 * only). */
#ifndef MENTORD_WEB_QR_SVG_H
#define MENTORD_WEB_QR_SVG_H
#include <stdbool.h>

#include "core/arena.h"

typedef struct qr_svg {
	int size;         /* the viewBox's side, quiet zone included */
	const char *path; /* one path of unit squares: "M4 4h3v1h-3z..." */
} qr_svg_t;

/* Encodes text (error correction level M); false when it does not fit a
 * QR code. Strings in a. */
bool qr_svg_make(arena_t *a, const char *text, qr_svg_t *out);

#endif
