/* One client cannot keep the server from everyone else (issue 16): a body
 * announced larger than max_body is refused at once, before it is sent; a
 * client address gets at most per_ip_connections connections; and a request
 * that trickles in — one header byte at a time, which used to reset the idle
 * timeout forever — is cut off when its request_timeout is over, while a
 * client from another address is answered within a second throughout. */
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "harness.h"

#define PER_IP 16
#define TIMEOUT 2

static void setup(void)
{
	h_setup_limits(PER_IP, TIMEOUT);
}

TestSuite(limits, .init = setup, .fini = h_teardown, .timeout = 60);

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A TCP connection to the server from source address src. */
static int dial(const char *src)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	cr_assert_geq(fd, 0);
	struct sockaddr_in a = {.sin_family = AF_INET};
	inet_pton(AF_INET, src, &a.sin_addr);
	cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0, "bind %s: %s", src, strerror(errno));
	struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)H.port)};
	inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
	cr_assert_eq(connect(fd, (struct sockaddr *)&to, sizeof(to)), 0, "connect: %s", strerror(errno));
	return fd;
}

/* Reads what arrives within secs; returns bytes read, 0 on EOF, -1 on timeout. */
static ssize_t read_for(int fd, char *buf, size_t n, double secs)
{
	struct pollfd p = {.fd = fd, .events = POLLIN};
	if (poll(&p, 1, (int)(secs * 1000)) <= 0)
		return -1;
	ssize_t got = read(fd, buf, n - 1);
	if (got >= 0)
		buf[got] = '\0';
	return got < 0 ? 0 : got;
}

/* GET /healthz from another address, timed. */
static double healthz_from(const char *src, long *status)
{
	h_client_t *c = h_client();
	curl_easy_setopt(c->curl, CURLOPT_INTERFACE, h_fmt("host!%s", src));
	double t0 = now();
	h_resp_t *r = h_req(c, "GET", "/healthz", NULL);
	*status = r->status;
	return now() - t0;
}

Test(limits, an_announced_oversized_body_is_refused_at_once)
{
	int fd = dial("127.0.0.1");
	const char *head = "POST /api/v1/programs HTTP/1.1\r\nHost: mentord\r\nContent-Type: application/json\r\n"
			   "Content-Length: 209715200\r\n\r\n{\"name\":";
	cr_assert_eq(write(fd, head, strlen(head)), (ssize_t)strlen(head));
	char buf[4096];
	double t0 = now();
	ssize_t n = read_for(fd, buf, sizeof(buf), 3);
	cr_assert_gt(n, 0, "no answer while 200 MB are announced and not sent");
	cr_assert(strncmp(buf, "HTTP/1.1 413", 12) == 0, "%s", buf);
	cr_assert(strstr(buf, "too_large"), "%s", buf);
	cr_assert_lt(now() - t0, 1.0, "answered before any body was read");
	close(fd);
}

Test(limits, a_trickling_request_is_cut_off_at_its_deadline)
{
	int fd = dial("127.0.0.1");
	const char *line = "GET /healthz HTTP/1.1\r\nX-Slow: ";
	cr_assert_eq(write(fd, line, strlen(line)), (ssize_t)strlen(line));
	double t0 = now();
	char buf[256];
	ssize_t n = -1;
	/* One byte every 300 ms: an idle timeout would never fire. */
	while (now() - t0 < TIMEOUT + 3) {
		if (write(fd, "a", 1) != 1)
			break;
		n = read_for(fd, buf, sizeof(buf), 0.3);
		if (n >= 0)
			break;
	}
	double took = now() - t0;
	cr_assert_geq(n, 0, "the connection was still open after %.1f s", took);
	cr_assert_geq(took, TIMEOUT - 0.5, "cut off early, after %.1f s", took);
	cr_assert_lt(took, TIMEOUT + 1.5, "cut off late, after %.1f s", took);
	close(fd);
}

Test(limits, slow_clients_from_one_address_do_not_starve_others)
{
	enum { SLOW = 3 * PER_IP };
	int fds[SLOW];
	for (int i = 0; i < SLOW; i++) {
		fds[i] = dial("127.0.0.1");
		(void)!write(fds[i], "GET /healthz HTTP/1.1\r\n", 23);
	}
	for (int round = 0; round < 6; round++) {
		for (int i = 0; i < SLOW; i++)
			(void)!write(fds[i], "X: y\r\n", 6); /* keep trickling; refused ones just fail */
		long status = 0;
		double took = healthz_from("127.0.0.2", &status);
		cr_assert_eq(status, 200, "round %d: /healthz answered %ld", round, status);
		cr_assert_lt(took, 1.0, "round %d: /healthz took %.2f s", round, took);
		usleep(500 * 1000);
	}
	for (int i = 0; i < SLOW; i++)
		close(fds[i]);
}

Test(limits, one_address_gets_at_most_its_share_of_connections)
{
	int fds[PER_IP + 4], refused = 0;
	for (int i = 0; i < PER_IP + 4; i++)
		fds[i] = dial("127.0.0.3");
	usleep(200 * 1000);
	for (int i = 0; i < PER_IP + 4; i++) {
		char buf[64];
		/* The server closes connections beyond the limit right away. */
		if (read_for(fds[i], buf, sizeof(buf), 0.2) == 0)
			refused++;
		close(fds[i]);
	}
	cr_assert_geq(refused, 4, "only %d of %d connections beyond the limit were refused", refused, 4);
}
