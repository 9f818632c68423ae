"""A mail server for the tests (issue 20): aiosmtpd on 127.0.0.1 at a free
port, saving each message it accepts to DIR/mail-N.eml.  While DIR/refuse
exists it answers DATA with 550, as a server refusing the message does.
It writes its port to DIR/port once it listens, and runs until killed.

usage: python3 smtp_sink.py DIR
"""
import os
import socket
import sys
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.n = 0

    async def handle_DATA(self, server, session, envelope):
        if os.path.exists(os.path.join(self.folder, "refuse")):
            return "550 5.7.1 message refused"
        self.n += 1
        path = os.path.join(self.folder, "mail-%d.eml" % self.n)
        with open(path + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        return "250 OK"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    folder = sys.argv[1]
    port = free_port()
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    with open(os.path.join(folder, "port.tmp"), "w") as f:
        f.write("%d\n" % port)
    os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
