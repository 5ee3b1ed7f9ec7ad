#!/usr/bin/python3
"""A real SMTP server for the notify tests: aiosmtpd on 127.0.0.1 at a free
port. Each accepted message is written to DIR/msg-NNNNN.eml (written to a
temporary name, then renamed, so a reader never sees half a file), with
the envelope in DIR/msg-NNNNN.env. The port goes to DIR/port once the server
listens. The tests start it and stop it by PID (SIGTERM).

  --delay S       wait S seconds after receiving DATA before answering 250
                  (the message is recorded first: like an MTA that queued it
                  and whose answer is lost when the client dies)
  --delay-file F  read the delay from file F before each message (the tests
                  turn the delay off without restarting the server)
  --fail-first N  answer 451 (try again later) to the first N messages
  --auth U:P      require AUTH PLAIN/LOGIN with this user and password
Any recipient containing "nobody" is refused with 550.
"""
import argparse
import asyncio
import os
import signal
import sys

from aiosmtpd.smtp import SMTP, AuthResult


class Sink:
    def __init__(self, args):
        self.dir = args.dir
        self.delay = args.delay
        self.delay_file = args.delay_file
        self.fail_left = args.fail_first
        self.count = 0

    def current_delay(self):
        if self.delay_file and os.path.exists(self.delay_file):
            try:
                with open(self.delay_file) as f:
                    return float(f.read().strip() or 0)
            except ValueError:
                return 0.0
        return self.delay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "nobody" in address:
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            return "451 4.3.0 try again later"
        self.count += 1
        base = os.path.join(self.dir, "msg-%05d" % self.count)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".env", "w") as f:
            f.write("%s\n%s\n" % (envelope.mail_from, " ".join(envelope.rcpt_tos)))
        os.rename(base + ".tmp", base + ".eml")
        delay = self.current_delay()
        if delay > 0:
            with open(os.path.join(self.dir, "inflight"), "w") as f:
                f.write(str(self.count))
            await asyncio.sleep(delay)
        return "250 2.0.0 OK queued as %d" % self.count


def make_auth(user, password):
    def authenticator(server, session, envelope, mechanism, data):
        ok = (getattr(data, "login", b"") == user.encode()
              and getattr(data, "password", b"") == password.encode())
        return AuthResult(success=ok)
    return authenticator


async def main(args):
    sink = Sink(args)
    kw = {}
    if args.auth:
        user, password = args.auth.split(":", 1)
        kw = dict(authenticator=make_auth(user, password), auth_required=True,
                  auth_require_tls=False)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(sink, hostname="sink.test", enable_SMTPUTF8=True, **kw), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    server.close()


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("dir")
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--delay-file")
    p.add_argument("--fail-first", type=int, default=0)
    p.add_argument("--auth")
    asyncio.run(main(p.parse_args()))
    sys.exit(0)
