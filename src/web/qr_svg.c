/* QR codes as SVG paths; see qr_svg.h. Each run of dark modules on a row
 * becomes one rectangle, so a typical otpauth code is a few hundred path
 * commands rather than a thousand squares. */
#include "web/qr_svg.h"
#include "core/buf.h"

#include <qrencode.h>

#define QUIET 4 /* modules of light margin on each side, as the standard asks */

bool qr_svg_make(arena_t *a, const char *text, qr_svg_t *out)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr)
		return false;
	int w = qr->width;
	buf_t b = BUF_INIT;
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w;) {
			if (!(qr->data[y * w + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (qr->data[y * w + x + run] & 1))
				run++;
			buf_printf(&b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	}
	out->size = w + 2 * QUIET;
	out->path = arena_strdup(a, buf_cstr(&b));
	buf_free(&b);
	QRcode_free(qr);
	return true;
}
